const WebSocket = require('ws');
const express = require('express');
const { Server } = require('socket.io');
const http = require('http');

// Every connection ever made stays in the set.
const clients = new Set(); // expect: map-object-key
const wss = new WebSocket.Server({ port: 8083 });
wss.on('connection', (ws) => {
  clients.add(ws);
  ws.on('message', (m) => { for (const c of clients) c.send(m); });
});

// Request timing keyed by the request object, read on finish but never deleted.
const startedAt = new Map(); // expect: map-object-key
const app = express();
app.use((req, res, next) => {
  startedAt.set(req, Date.now());
  res.on('finish', () => console.log(Date.now() - startedAt.get(req)));
  next();
});

// Socket → user lookup that outlives disconnects.
const socketUsers = new Map(); // expect: map-object-key
const io = new Server(3003);
io.on('connection', (socket) => {
  socketUsers.set(socket, { name: socket.handshake.auth.name });
});

// Open responses kept for broadcasting.
const streams = new Set(); // expect: map-object-key
http.createServer((req, res) => {
  streams.add(res);
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
}).listen(3004);

// Body parsing middleware caches the parsed body per request.
const bodies = new Map(); // expect: map-object-key
function rawBody(req, res, next) {
  let data = '';
  req.on('data', (c) => { data += c; });
  req.on('end', () => { bodies.set(req, data); next(); });
}
app.use(rawBody);

// Worker bookkeeping: each task's worker kept forever.
const { Worker } = require('worker_threads');
const busy = new Map(); // expect: map-object-key
function runTask(task) {
  const worker = new Worker('./task.js', { workerData: task });
  busy.set(worker, task);
  return worker;
}

module.exports = { app, runTask };
