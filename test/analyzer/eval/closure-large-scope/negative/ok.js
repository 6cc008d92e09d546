const fs = require('fs');
const express = require('express');
const { EventEmitter } = require('events');
const app = express();
const bus = new EventEmitter();

// Large value used only during the request: no long-lived closure.
app.get('/report', (req, res) => {
  const contents = fs.readFileSync('/var/log/app.log', 'utf8');
  const lines = contents.split('\n').map((l) => l.trim());
  res.json({ lines: lines.length });
});

// Large value not captured by any closure (it stays on the stack), listener is removed on close.
app.get('/stream', (req, res) => {
  const contents = fs.readFileSync('/tmp/big', 'utf8');
  res.write(contents.slice(0, 10));
  const onTick = () => res.write('.');
  bus.on('tick', onTick);
  req.on('close', () => bus.off('tick', onTick));
});

// Released after use.
app.post('/ingest', (req, res) => {
  let scratch = Buffer.alloc(16 * 1024 * 1024);
  const fill = () => scratch.fill(0);
  fill();
  scratch = null;
  setTimeout(() => console.log('later'), 120000);
  res.end();
});

// Interval cleared; large value used only by a sibling.
app.get('/poll', (req, res) => {
  const table = new Array(1000000).fill(0);
  const sum = () => table.reduce((a, b) => a + b, 0);
  res.json(sum());
  const id = setInterval(() => res.write('.'), 1000);
  req.on('close', () => clearInterval(id));
});

// Small values only.
app.get('/small', (req, res) => {
  const list = [1, 2, 3];
  const first = () => list[0];
  bus.on('x', () => console.log(first)); // expect: listener-not-removed
  res.end();
});

// Module-level large value: not part of any function context.
const big = new Array(1000000).fill(0);
setInterval(() => console.log(big.length), 1000);

// Unknown size (a database result) is not assumed large.
app.get('/rows', async (req, res) => {
  const rows = await db.query('select * from t');
  const n = () => rows.length;
  setTimeout(() => console.log(n()), 100000);
  res.end();
});
const db = { query: async () => [] };

module.exports = app;
