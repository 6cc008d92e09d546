/* eslint-disable -- evaluation case: real-world shapes, not linted */
// In an ES module nothing is created by accident, but data parked on the global object still accumulates.
export function handle(req) {
  globalThis.__pending ??= new Map();
  globalThis.__pending.set(req.id, req); // expect: global-leak
}

export function onMessage(msg) {
  window.__messages.push(msg); // expect: global-leak
}
