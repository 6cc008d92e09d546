/* eslint-disable -- evaluation case: real-world shapes, not linted */
const express = require('express');
const WebSocket = require('ws');
const Koa = require('koa');

const app = express();

app.get('/process', (req, res) => {
  const job = { id: req.query.id, done: 0 };
  setInterval(() => { // expect: interval-not-cleared
    job.done++;
  }, 1000);
  res.send('Processing started');
});

// Server-sent events with no close handler: the timer outlives the client.
app.get('/stream', (req, res) => {
  res.setHeader('Content-Type', 'text/event-stream');
  const timer = setInterval(() => res.write(`data: ${Date.now()}\n\n`), 1000); // expect: interval-not-cleared
  res.write(': connected\n\n');
});

const wss = new WebSocket.Server({ port: 8081 });
wss.on('connection', (ws) => {
  // Heartbeat per connection, never stopped when the socket closes.
  setInterval(() => ws.ping(), 30000); // expect: interval-not-cleared
  ws.on('message', (m) => ws.send(m));
});

const koa = new Koa();
koa.use(async (ctx, next) => {
  ctx.state.started = Date.now();
  setInterval(() => console.log('still running', ctx.path), 60000); // expect: interval-not-cleared
  await next();
});

module.exports = { app, koa };
