/* eslint-disable -- evaluation case (fresh, held-out style): not linted */
const { WebSocketServer } = require('ws');
import { store } from './store';

const wss = new WebSocketServer({ port: 8080 });

// Listeners on the connection itself go away with the connection.
wss.on('connection', (ws) => {
  ws.on('message', (data) => ws.send(data));
  ws.on('close', () => console.log('bye'));
});

// Custom element that keeps the unsubscribe function and calls it when detached.
class CartBadge extends HTMLElement {
  connectedCallback() {
    this.unsubscribe = store.subscribe(() => this.render());
  }
  disconnectedCallback() {
    this.unsubscribe();
  }
  render() {
    this.textContent = String(store.getState().cart.length);
  }
}
customElements.define('cart-badge', CartBadge);

// Lazy image widget: the IntersectionObserver is disconnected in destroy().
export class LazyImage {
  constructor(img) {
    this.img = img;
    this.io = new IntersectionObserver((entries) => {
      if (entries[0].isIntersecting) this.img.src = this.img.dataset.src;
    });
    this.io.observe(this.img);
    this.mo = new MutationObserver(() => this.io.observe(this.img));
    this.mo.observe(document.body, { childList: true });
  }
  destroy() {
    this.io.disconnect();
    this.mo.disconnect();
  }
}

// Express middleware factory: per-request listeners on the request and response.
function timing() {
  return (req, res, next) => {
    const start = Date.now();
    res.on('finish', () => console.log(req.url, Date.now() - start));
    req.on('close', () => console.log('closed'));
    next();
  };
}
module.exports = { timing };
