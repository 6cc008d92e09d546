// Fixture for the allocation editor tests: opens sessions in the store each time it is asked to over loopback
// HTTP (GET /open?n=N). Env: RETAINER_LENS_PORT_FILE (where to write the port, once it is up).
const http = require('node:http');
const fs = require('node:fs');
const { store } = require('./store');

let nextId = 0;
const server = http.createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  if (url.pathname === '/open') {
    const n = Number(url.searchParams.get('n') || 100);
    for (let i = 0; i < n; i++) store.open(`session-${nextId++}`);
  }
  response.end(JSON.stringify({ open: store.sessions.size }));
});
server.listen(0, '127.0.0.1', () => {
  if (process.env.RETAINER_LENS_PORT_FILE)
    fs.writeFileSync(process.env.RETAINER_LENS_PORT_FILE, String(server.address().port));
});

// Stay alive for the debugger, but never outlive a forgotten test by long.
setInterval(() => {}, 1000);
setTimeout(() => process.exit(0), 10 * 60_000).unref();
