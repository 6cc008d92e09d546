/* eslint-disable -- evaluation case (fresh, held-out style): not linted */
// Classic worker script: assigning the worker's own event handler properties is intended.
onmessage = function (e) {
  postMessage(e.data * 2);
};
onerror = function (err) {
  console.error(err);
};
self.version = '1.2';
