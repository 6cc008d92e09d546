// Only the "workspace results stay" test opens this file (through Go to File, as a person would).
const net = require('net');
const connectedAt = new Map();

net
  .createServer((socket) => {
    connectedAt.set(socket, Date.now());
    socket.end(String(Date.now() - connectedAt.get(socket)));
  })
  .listen(0);
