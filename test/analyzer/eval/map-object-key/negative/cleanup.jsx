import React, { useEffect, useRef } from 'react';
import { LitElement } from 'lit';

const instanceByNode = new Map();
export function Tracked() {
  const ref = useRef(null);
  useEffect(() => {
    const node = ref.current;
    instanceByNode.set(node, {});
    return () => instanceByNode.delete(node);
  }, []);
  return <div ref={ref} />;
}

const liveInstances = new Set();
export const Panel = {
  mounted() {
    liveInstances.add(this);
  },
  unmounted() {
    liveInstances.delete(this);
  },
};

const observed = new Set();
export class XCard extends LitElement {
  connectedCallback() {
    super.connectedCallback();
    observed.add(this);
  }
  disconnectedCallback() {
    super.disconnectedCallback();
    observed.delete(this);
  }
}

const elementData = new WeakMap();
export function enhance(root) {
  root.querySelectorAll('[data-track]').forEach((el) => elementData.set(el, { clicks: 0 }));
}

export class Widget {
  static byElement = new Map();
  constructor(el) {
    this.el = el;
    Widget.byElement.set(el, this);
  }
  destroy() {
    Widget.byElement.delete(this.el);
  }
}

const byKey = new Map();
export function rememberKey(e) {
  byKey.set(e.type, Date.now());
}

const tooltips = new Map();
export function renderRows(rows) {
  tooltips.clear();
  for (const row of rows) tooltips.set(row, { text: row.title });
}
