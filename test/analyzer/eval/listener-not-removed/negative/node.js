const express = require('express');
const http = require('http');
const fs = require('fs');
const { EventEmitter } = require('events');
const WebSocket = require('ws');
const db = require('./database');

const app = express();
const bus = new EventEmitter();

// Module-level, run-once wiring: meant to live as long as the process.
process.on('uncaughtException', (err) => console.error(err));
process.on('SIGINT', () => process.exit(0));
db.on('error', (e) => console.error('db', e));

app.get('/events', (req, res) => {
  const send = (p) => res.write(`data: ${JSON.stringify(p)}\n\n`);
  bus.on('change', send);
  req.on('close', () => bus.removeListener('change', send));
});

app.get('/download', (req, res) => {
  const stream = fs.createReadStream('/tmp/file');
  stream.on('error', () => res.sendStatus(500));
  req.on('aborted', () => stream.destroy());
  stream.pipe(res);
});

app.get('/once', (req, res) => {
  bus.once('ready', () => res.end('ok'));
});

app.get('/proxy', (req, res) => {
  const upstream = http.get('http://localhost:9000', (r) => r.pipe(res));
  upstream.on('error', () => res.sendStatus(502));
});

app.get('/wait', (req, res) => {
  function onDone(result) {
    bus.off('done', onDone);
    res.json(result);
  }
  bus.on('done', onDone);
});

const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', (ws, req) => {
  ws.on('message', (m) => ws.send(m));
  ws.on('close', () => console.log('bye', req.socket.remoteAddress));
  const relay = (msg) => ws.send(msg);
  bus.on('broadcast', relay);
  ws.on('close', () => bus.off('broadcast', relay));
});

function main() {
  const server = http.createServer(app);
  server.on('listening', () => console.log('up'));
  server.listen(3000);
}
main();
