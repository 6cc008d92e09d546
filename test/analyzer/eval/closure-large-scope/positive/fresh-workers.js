/* eslint-disable -- evaluation case (fresh, held-out style): not linted */
const state = { cancel: null };

// Web Worker: the downloaded buffer is held by the cancel callback parked on module state.
self.onmessage = async (e) => {
  const buf = await (await fetch(e.data.url)).arrayBuffer();
  const checksum = () => new Uint8Array(buf).reduce((a, b) => a + b, 0);
  const controller = new AbortController();
  state.cancel = () => controller.abort(); // expect: closure-large-scope
  postMessage(checksum());
};

// Chrome extension background: page HTML is kept alive by the alarm listener added per message.
chrome.runtime.onMessage.addListener(async (msg) => {
  const page = await (await fetch(msg.url)).text();
  const title = () => /<title>(.*)<\/title>/.exec(page)?.[1];
  console.log(title());
  chrome.alarms.onAlarm.addListener(() => console.log('alarm', msg.url)); // expect: closure-large-scope, listener-not-removed
});

// Express middleware factory: the parsed body stays reachable from a timer with a configurable delay.
function auditLog(opts) {
  return function audit(req, res, next) {
    const payload = JSON.parse(req.rawBody);
    const summary = () => Object.keys(payload).length;
    res.locals.auditKeys = summary();
    setTimeout(() => opts.flush(), opts.delayMs); // expect: closure-large-scope
    next();
  };
}
module.exports = { auditLog };
