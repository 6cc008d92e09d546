// A small HTTP server with real leaks, one family per route, for the Retainer Lens demo.
// GET /report?id=N   → cache.js: a module-level cache that only grows (unbounded-collection)
// GET /session       → sessions.js: a Map keyed by request objects (map-object-key)
// GET /subscribe     → events.js: a listener added per request on a long-lived emitter (listener-not-removed)
// GET /poll          → poller.js: an interval started per request, never cleared (interval-not-cleared)
// GET /upload        → uploads.js: a timer closure that pins a large buffer only a sibling uses (closure-large-scope)
// GET /clean         → clean.js: bounded work that keeps nothing
// It prints "listening on <port>" once ready; PORT=0 picks a free port.
const http = require('node:http');
const { buildReport } = require('./cache');
const { trackSession } = require('./sessions');
const { subscribeClient } = require('./events');
const { startPolling } = require('./poller');
const { handleUpload } = require('./uploads');
const { handleClean } = require('./clean');

const routes = {
  '/report': (req, url) => buildReport(url.searchParams.get('id') ?? '0'),
  '/session': (req) => trackSession(req),
  '/subscribe': (req) => subscribeClient(req.socket.remotePort),
  '/poll': () => startPolling(),
  '/upload': () => handleUpload(),
  '/clean': (req, url) => handleClean(url.searchParams.get('n') ?? '10'),
};

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const route = routes[url.pathname];
  if (!route) {
    res.writeHead(404).end('not found');
    return;
  }
  const body = JSON.stringify(route(req, url) ?? { ok: true });
  res.writeHead(200, { 'content-type': 'application/json' }).end(body);
});

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});

// Leak scenarios (leak-scenario.js) start the server in their own process and need its port.
module.exports = { server };
