const express = require('express');
const WebSocket = require('ws');
const { setInterval: every } = require('timers/promises');

const app = express();

// Process-wide reporting started once at module load.
setInterval(() => console.log(process.memoryUsage().heapUsed), 60000).unref();
const flushTimer = setInterval(flushMetrics, 10000);
process.on('SIGTERM', () => clearInterval(flushTimer));
function flushMetrics() {}

app.get('/stream', (req, res) => {
  const timer = setInterval(() => res.write(`data: ${Date.now()}\n\n`), 1000);
  req.on('close', () => clearInterval(timer));
});

app.get('/countdown', (req, res) => {
  let n = 5;
  const id = setInterval(() => {
    res.write(`${n}\n`);
    if (--n === 0) {
      clearInterval(id);
      res.end();
    }
  }, 1000);
});

const wss = new WebSocket.Server({ port: 8081 });
wss.on('connection', (ws) => {
  const hb = setInterval(() => ws.ping(), 30000);
  ws.on('close', () => clearInterval(hb));
});

app.get('/timeout', (req, res) => {
  setTimeout(() => res.status(504).end(), 30000);
});

async function pollForever(signal) {
  for await (const _ of every(1000, undefined, { signal })) console.log('tick');
}

function main() {
  setInterval(() => console.log('alive'), 5000);
  app.listen(3000);
}
main();

module.exports = { app, pollForever };
