// Fixture for Leak Watch (test/watch and the editor tests): a loopback HTTP server. GET /leak?n=N keeps N
// WatchedSession objects in a module-level Map (the planted leak); GET /work?n=N does the same work and keeps
// nothing (the clean twin). It writes its port to RETAINER_LENS_PORT_FILE and prints "listening on <port>".
const http = require('node:http');
const fs = require('node:fs');

class WatchedSession {
  constructor(id) {
    this.id = id;
    this.payload = 'x'.repeat(400) + id;
    this.openedAt = Date.now();
  }
}

const openSessions = new Map();
let nextId = 0;

function handle(url) {
  const n = Math.min(Number(url.searchParams.get('n') || 100), 100_000);
  const made = Array.from({ length: n }, () => new WatchedSession(nextId++));
  if (url.pathname === '/leak') for (const session of made) openSessions.set(`session-${session.id}`, session);
  return { made: made.length, open: openSessions.size };
}

const server = http.createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  response.end(JSON.stringify(url.pathname === '/leak' || url.pathname === '/work' ? handle(url) : {}));
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  if (process.env.RETAINER_LENS_PORT_FILE) fs.writeFileSync(process.env.RETAINER_LENS_PORT_FILE, String(port));
  console.log(`listening on ${port}`);
});

// Stay alive for the debugger, but never outlive a forgotten test by long.
setTimeout(() => process.exit(0), 10 * 60_000).unref();
