/* eslint-disable -- evaluation case (fresh, held-out style): not linted */
import React from 'react';

// Visibility widget: every observed element stays a key after it is gone from the page.
const visibility = new Map(); // expect: map-object-key
export function trackVisibility(elements) {
  const io = new IntersectionObserver((entries) => {
    for (const entry of entries) visibility.set(entry.target, entry.isIntersecting);
  });
  elements.forEach((el) => io.observe(el));
  return io;
}

// Memoize helper keyed by object arguments.
function memoizeByObject(fn) {
  const cache = new Map(); // expect: map-object-key
  return (obj) => {
    if (!cache.has(obj)) cache.set(obj, fn(obj));
    return cache.get(obj);
  };
}
export const layoutOf = memoizeByObject((node) => node.getBoundingClientRect());

// Class components register themselves and never leave.
const mounted = new Set(); // expect: map-object-key
export class Modal extends React.Component {
  componentDidMount() {
    mounted.add(this);
  }
  render() {
    return <div className="modal">{this.props.children}</div>;
  }
}
