/* eslint-disable -- evaluation case (fresh, held-out style): not linted */
import React from 'react';

// Private WeakMap of widget state.
const privateState = new WeakMap();
export class Slider {
  constructor(el) {
    privateState.set(this, { el, value: 0 });
  }
}

// A per-call visited set while walking a tree.
export function countNodes(root) {
  const seen = new Set();
  const walk = (n) => {
    if (seen.has(n)) return;
    seen.add(n);
    n.children.forEach(walk);
  };
  walk(root);
  return seen.size;
}

// Keyed by a fixed set of constructors registered once at load.
class Circle {}
class Square {}
const renderers = new Map();
renderers.set(Circle, () => 'circle');
renderers.set(Square, () => 'square');

// Components leave the set when they unmount.
const mounted = new Set();
export class Modal extends React.Component {
  componentDidMount() {
    mounted.add(this);
  }
  componentWillUnmount() {
    mounted.delete(this);
  }
  render() {
    return <div className="modal">{this.props.children}</div>;
  }
}
