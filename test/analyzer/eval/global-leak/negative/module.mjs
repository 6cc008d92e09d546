/* eslint-disable -- evaluation case: real-world shapes, not linted */
export function addToCart(price) {
  total = price;
}

export function handle(req) {
  globalThis.__pending ??= new Map();
  globalThis.__pending.set(req.id, req);
  setTimeout(() => globalThis.__pending.delete(req.id), 1000);
}
