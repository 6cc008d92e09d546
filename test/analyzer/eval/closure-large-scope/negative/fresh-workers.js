/* eslint-disable -- evaluation case (fresh, held-out style): not linted */
const state = { cancel: null };

// The buffer is only a stack local (no inner function uses it), so the stored callback's context is small.
self.onmessage = async (e) => {
  const buf = await (await fetch(e.data.url)).arrayBuffer();
  const controller = new AbortController();
  state.cancel = () => controller.abort();
  postMessage(new Uint8Array(buf).length);
};

// The large value is created inside the interval callback on each run and dropped afterwards.
setInterval(() => {
  const snapshot = require('fs').readFileSync('/var/log/app.log', 'utf8');
  console.log(snapshot.length);
}, 60000);

// The big buffer is released before the long-lived callback is stored.
function prepare(n) {
  let scratch = new Float64Array(n * 1024 * 1024);
  const sum = () => scratch.reduce((a, b) => a + b, 0);
  const total = sum();
  scratch = null;
  state.cancel = () => console.log('total', total);
}
module.exports = { prepare };
