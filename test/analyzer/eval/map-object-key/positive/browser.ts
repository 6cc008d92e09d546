/* eslint-disable -- evaluation case: real-world shapes, not compiled or linted */
// @ts-nocheck
import { LitElement } from 'lit';
import { Injectable } from '@angular/core';

// Data attached to elements from page enhancers that run on every route change.
const elementData = new Map<HTMLElement, { clicks: number }>(); // expect: map-object-key
export function enhance(root: HTMLElement) {
  root.querySelectorAll<HTMLElement>('[data-track]').forEach((el) => {
    elementData.set(el, { clicks: 0 });
    el.addEventListener('click', () => elementData.get(el)!.clicks++);
  });
}

// Layout memo keyed by the node being measured.
const layoutCache = new Map(); // expect: map-object-key
export function measure(node: Element) {
  if (!layoutCache.has(node)) layoutCache.set(node, node.getBoundingClientRect());
  return layoutCache.get(node);
}

// Custom elements remember themselves when attached.
const observed = new Set<HTMLElement>(); // expect: map-object-key
export class XCard extends LitElement {
  connectedCallback() {
    super.connectedCallback();
    observed.add(this);
  }
}

// Wrapped listeners keyed by the original function.
const wrappers = new Map<Function, EventListener>(); // expect: map-object-key
export function listen(el: EventTarget, type: string, fn: (e: Event) => void) {
  const wrapped: EventListener = (e) => fn(e);
  wrappers.set(fn, wrapped);
  el.addEventListener(type, wrapped);
}

export interface Component { id: string }

// A root-provided Angular service tracking component instances.
@Injectable({ providedIn: 'root' })
export class FocusTracker {
  private focused = new Map<Component, number>(); // expect: map-object-key
  track(c: Component) {
    this.focused.set(c, Date.now());
  }
}

// Tooltip instances per element, created on each render of a list.
const tooltips = new Map(); // expect: map-object-key
export function renderRows(rows: HTMLElement[]) {
  for (const row of rows) tooltips.set(row, { text: row.title });
}
