import React, { useEffect, useRef } from 'react';

// Component instances by their DOM node.
const instanceByNode = new Map(); // expect: map-object-key
export function Tracked({ children }) {
  const ref = useRef(null);
  useEffect(() => {
    instanceByNode.set(ref.current, { mountedAt: Date.now() });
  }, []);
  return <div ref={ref}>{children}</div>;
}

// Vue options component registering its instance.
const liveInstances = new Set(); // expect: map-object-key
export const Panel = {
  name: 'Panel',
  mounted() {
    liveInstances.add(this);
  },
};

// Static registry of widgets by element.
export class Widget {
  static byElement = new Map(); // expect: map-object-key
  constructor(el) {
    this.el = el;
    Widget.byElement.set(el, this);
  }
}

// A singleton tracker, state kept by object.
class Tracker {
  constructor() {
    this.seen = new Map(); // expect: map-object-key
  }
  record(obj) {
    this.seen.set(obj, Date.now());
  }
}
export default new Tracker();

// Event objects processed once, remembered forever.
const handled = new Set(); // expect: map-object-key
document.addEventListener('click', (event) => {
  if (handled.has(event)) return;
  handled.add(event);
});
