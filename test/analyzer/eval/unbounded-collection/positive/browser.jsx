import React, { useEffect, useState } from 'react';
import { LitElement } from 'lit';

// Client-side analytics buffer, only ever pushed.
const events = []; // expect: unbounded-collection
document.addEventListener('click', (e) => {
  events.push({ x: e.clientX, y: e.clientY, t: Date.now() });
});

// Hook-level fetch cache at module scope keyed by URL.
const fetched = {}; // expect: unbounded-collection
export function useFetch(url) {
  const [data, setData] = useState(fetched[url]);
  useEffect(() => {
    if (fetched[url]) return;
    fetch(url).then((r) => r.json()).then((d) => {
      fetched[url] = d;
      setData(d);
    });
  }, [url]);
  return data;
}

// Image preloads remembered per URL from a Vue-style method.
const loadedImages = new Map(); // expect: unbounded-collection
export const Gallery = {
  methods: {
    preload(url) {
      const img = new Image();
      img.src = url;
      loadedImages.set(url, img);
    },
  },
};

// Every instance registers itself in a static list; nothing removes it.
export class Widget {
  static instances = []; // expect: unbounded-collection
  constructor(el) {
    this.el = el;
    Widget.instances.push(this);
  }
}

// Custom elements indexed by their id attribute.
const registry = new Map(); // expect: unbounded-collection
export class XPanel extends LitElement {
  connectedCallback() {
    super.connectedCallback();
    registry.set(this.id, this);
  }
}

// Log lines kept in memory.
const logs = []; // expect: unbounded-collection
export function log(msg) {
  logs.push(`${new Date().toISOString()} ${msg}`);
}

export function Page() {
  return <div />;
}
