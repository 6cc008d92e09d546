import React, { useEffect, useState } from 'react';

export function Table({ url }) {
  const [rows, setRows] = useState([]);
  useEffect(() => {
    let cancelled = false;
    const onResize = () => setRows((r) => [...r]);
    (async () => {
      const data = await (await fetch(url)).json();
      if (!cancelled) setRows(data.items);
    })();
    window.addEventListener('resize', onResize);
    return () => {
      cancelled = true;
      window.removeEventListener('resize', onResize);
    };
  }, [url]);
  return <table>{rows.length}</table>;
}

export function attachPicker(canvas) {
  const ctx = canvas.getContext('2d');
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const average = () => pixels.data.reduce((a, b) => a + b, 0);
  console.log(average());
  canvas.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') canvas.blur();
  });
}

export function once() {
  const all = document.querySelectorAll('*');
  const countImages = () => [...all].length;
  console.log(countImages());
  window.addEventListener('load', () => console.log('loaded'), { once: true });
}

export function moveIntoSibling() {
  const compute = () => {
    const table = new Array(500000).fill(0);
    return table.length;
  };
  compute();
  window.addEventListener('focus', () => console.log('focus')); // expect: listener-not-removed
}

export function Widget() {
  useEffect(() => {
    const buf = new Float32Array(1_000_000);
    const id = setInterval(() => buf.fill(Math.random()), 1000);
    return () => clearInterval(id);
  }, []);
  return null;
}

export function shortTimer() {
  const data = new Array(1000000).fill(1);
  const total = () => data.length;
  setTimeout(() => console.log(total()), 100);
}
