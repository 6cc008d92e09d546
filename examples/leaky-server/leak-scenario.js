// A leak scenario for `retainer-lens check` (see the README's "Catch leaks in CI"): the server runs in the
// scenario's process; each repetition asks for one new report, which cache.js keeps forever.
//   npx retainer-lens check examples/leaky-server/leak-scenario.js --format sarif --output leaks.sarif
const { once } = require('node:events');

let server;
let port;
let id = 0;

async function request(path) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  await response.text();
}

exports.setup = async () => {
  process.env.PORT = '0';
  ({ server } = require('./src/server'));
  if (!server.listening) await once(server, 'listening');
  port = server.address().port;
};

exports.action = () => request(`/report?id=${id++}`);

// Going back to the start page is a request that keeps nothing.
exports.back = () => request('/clean?n=10');

exports.teardown = () => new Promise((resolve) => server.close(resolve));

// For scenarios built on this one.
exports.request = request;
