import React, { useEffect, useState } from 'react';

// The effect's data is used by a sibling; the window listener (never removed) keeps it.
export function Table({ url }) {
  const [rows, setRows] = useState([]);
  useEffect(() => {
    async function load() {
      const res = await fetch(url);
      const data = await res.json();
      const visible = () => data.items.filter((i) => i.visible);
      setRows(visible());
      window.addEventListener('resize', () => setRows((r) => [...r])); // expect: closure-large-scope, listener-not-removed
    }
    load();
  }, [url]);
  return <table>{rows.length}</table>;
}

// Pixel data from a canvas held by a document listener through a sibling.
export function attachPicker(canvas) {
  const ctx = canvas.getContext('2d');
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const average = () => pixels.data.reduce((a, b) => a + b, 0);
  console.log(average());
  document.addEventListener('keydown', (e) => { // expect: closure-large-scope, listener-not-removed
    if (e.key === 'Escape') canvas.blur();
  });
}

// All nodes of the page captured by a helper, and an interval that lives forever.
export function startAudit() {
  const all = document.querySelectorAll('*');
  const countImages = () => [...all].filter((n) => n.tagName === 'IMG').length;
  console.log(countImages());
  setInterval(() => console.log('audit tick'), 30000); // expect: closure-large-scope, interval-not-cleared
}

// A large lookup table used directly by a listener on window that is never removed.
export function attachLookup() {
  const table = new Array(500000).fill(0);
  window.addEventListener('message', (e) => { // expect: closure-large-scope, listener-not-removed
    e.source?.postMessage(table[e.data.index], '*');
  });
}

// Handlers stored in a module-level registry keep the whole scope.
const handlers = new Map();
export function registerView(name) {
  const template = document.body.cloneNode(true);
  const render = () => template.innerHTML.length;
  render();
  handlers.set(name, () => console.log(name)); // expect: closure-large-scope
}
