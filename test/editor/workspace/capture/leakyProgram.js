// Fixture for the capture editor tests: keeps EditorCaptureMarker objects alive, and leaks LeakedSession
// objects into a module-level Map each time it is asked to over loopback HTTP (GET /leak?n=N).
// Env: RETAINER_LENS_PORT_FILE (where to write the port), RETAINER_LENS_BIG_HEAP (a number of extra objects,
// to make a snapshot slow enough to interrupt).
const http = require('node:http');
const fs = require('node:fs');

class EditorCaptureMarker {
  constructor(index) {
    this.index = index;
    this.label = `marker-${index}`;
  }
}
class LeakedSession {
  constructor(id) {
    this.id = id;
    this.payload = 'x'.repeat(512) + id;
    this.openedAt = Date.now();
  }
}

globalThis.editorCaptureMarkers = Array.from({ length: 50 }, (_, i) => new EditorCaptureMarker(i));
const bigHeap = Number(process.env.RETAINER_LENS_BIG_HEAP || 0);
globalThis.editorBallast = Array.from({ length: bigHeap }, (_, i) => ({ i, next: null }));

const sessionCache = new Map();
let nextId = 0;

const server = http.createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  if (url.pathname === '/leak') {
    const n = Number(url.searchParams.get('n') || 100);
    for (let i = 0; i < n; i++) sessionCache.set(`session-${nextId}`, new LeakedSession(nextId++));
  }
  response.end(JSON.stringify({ cached: sessionCache.size }));
});
server.listen(0, '127.0.0.1', () => {
  if (process.env.RETAINER_LENS_PORT_FILE)
    fs.writeFileSync(process.env.RETAINER_LENS_PORT_FILE, String(server.address().port));
});

// Stay alive for the debugger, but never outlive a forgotten test by long.
setInterval(() => {}, 1000);
setTimeout(() => process.exit(0), 10 * 60_000).unref();
