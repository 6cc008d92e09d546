const { Server } = require('socket.io');
const WebSocket = require('ws');
const Fastify = require('fastify');

const io = new Server(3001);

// Users by socket id, never removed on disconnect.
const users = {}; // expect: unbounded-collection
io.on('connection', (socket) => {
  users[socket.id] = { joined: Date.now() };
  socket.on('chat', (text) => io.emit('chat', { from: users[socket.id], text }));
});

// Messages buffered from every client for a "history" feature with no cap.
const history = []; // expect: unbounded-collection
const wss = new WebSocket.Server({ port: 8082 });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    history.push(JSON.parse(data));
  });
});

const fastify = Fastify();
const uploads = []; // expect: unbounded-collection
fastify.post('/upload', async (request) => {
  uploads.push(request.body);
  return { ok: true };
});

module.exports = { io, fastify };
