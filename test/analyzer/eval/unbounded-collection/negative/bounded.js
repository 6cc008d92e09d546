const express = require('express');
const { LRUCache } = require('lru-cache');
const app = express();

const MAX = 500;
const cache = new Map();
app.get('/api/:id', (req, res) => {
  const id = req.params.id;
  if (!cache.has(id)) {
    if (cache.size >= MAX) cache.delete(cache.keys().next().value);
    cache.set(id, { id });
  }
  res.json(cache.get(id));
});

const ttlCache = new Map();
app.get('/ttl/:id', (req, res) => {
  const hit = ttlCache.get(req.params.id);
  if (hit && hit.expires > Date.now()) return res.json(hit.value);
  ttlCache.delete(req.params.id);
  ttlCache.set(req.params.id, { value: 1, expires: Date.now() + 60000 });
  res.json(1);
});

const lru = new LRUCache({ max: 1000 });
app.get('/lru/:id', (req, res) => {
  lru.set(req.params.id, 1);
  res.end();
});

const recent = [];
app.use((req, res, next) => {
  recent.push(req.url);
  if (recent.length > 100) recent.shift();
  next();
});

const queue = [];
app.post('/jobs', (req, res) => {
  queue.push(req.body);
  res.sendStatus(202);
});
setInterval(() => {
  while (queue.length) process.stdout.write(JSON.stringify(queue.shift()));
}, 1000);

const batch = [];
app.post('/metrics', (req, res) => {
  batch.push(req.body);
  res.end();
});
function flush() {
  const items = batch.splice(0, batch.length);
  return items;
}
setInterval(flush, 5000);

let buffer = [];
app.post('/log', (req, res) => {
  buffer.push(req.body);
  if (buffer.length > 50) buffer = [];
  res.end();
});

const periodic = new Map();
app.get('/p/:id', (req, res) => {
  periodic.set(req.params.id, Date.now());
  res.end();
});
setInterval(() => periodic.clear(), 60000);

const online = new Set();
const { Server } = require('socket.io');
const io = new Server(3002);
io.on('connection', (socket) => {
  online.add(socket.id);
  socket.on('disconnect', () => online.delete(socket.id));
});

const users = {};
io.on('connection', (socket) => {
  users[socket.id] = { joined: Date.now() };
  socket.on('disconnect', () => { delete users[socket.id]; });
});

module.exports = { app, flush };
