/* eslint-disable -- evaluation case (fresh, held-out style): not linted */
const { WebSocketServer } = require('ws');
const { EventEmitter } = require('events');
import { store } from './store';

const bus = new EventEmitter();
const wss = new WebSocketServer({ port: 8080 });

// ws server: each connection subscribes to the shared bus and never unsubscribes on close.
wss.on('connection', (ws) => {
  bus.on('broadcast', (m) => ws.send(m)); // expect: listener-not-removed
});

// Custom element subscribed to a Redux store, with no disconnectedCallback.
class CartBadge extends HTMLElement {
  connectedCallback() {
    store.subscribe(() => this.render()); // expect: listener-not-removed
  }
  render() {
    this.textContent = String(store.getState().cart.length);
  }
}
customElements.define('cart-badge', CartBadge);

// Tooltip widget: a ResizeObserver on document.body that destroy() forgets to disconnect.
export class Tooltip {
  constructor(anchor) {
    this.anchor = anchor;
    this.observer = new ResizeObserver(() => this.position());
    this.observer.observe(document.body); // expect: listener-not-removed
  }
  position() {
    this.anchor.getBoundingClientRect();
  }
  destroy() {
    this.anchor = null;
  }
}
