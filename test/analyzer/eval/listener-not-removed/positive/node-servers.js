const express = require('express');
const { EventEmitter } = require('events');
const db = require('./database');
const WebSocket = require('ws');

const app = express();
const updates = new EventEmitter();

// A listener added to a process-wide emitter on every request.
app.get('/api/listen', (req, res) => {
  db.on('update', (data) => { // expect: listener-not-removed
    console.log('Database updated', data);
  });
  res.send('Listening for updates');
});

// Server-sent events: subscribes to the shared emitter per client and never unsubscribes on close.
app.get('/events', (req, res) => {
  res.setHeader('Content-Type', 'text/event-stream');
  const send = (payload) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
  updates.on('change', send); // expect: listener-not-removed
});

const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('message', (m) => ws.send(m));
  // Each connection hooks the shared emitter and nothing removes the hook when the socket closes.
  updates.on('broadcast', (msg) => ws.send(msg)); // expect: listener-not-removed
  // A process-level handler per connection.
  process.on('SIGTERM', () => ws.close()); // expect: listener-not-removed
});

module.exports = { app, updates };
