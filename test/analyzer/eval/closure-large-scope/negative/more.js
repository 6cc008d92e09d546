import fs from 'node:fs';
import { Server } from 'socket.io';
import { ticker } from './ticker';

const io = new Server(3011);

// The listener is removed when the socket disconnects.
io.on('connection', (socket) => {
  const history = fs.readFileSync('/var/chat/history.json', 'utf8');
  const sendHistory = () => socket.emit('history', history);
  sendHistory();
  const onTick = () => socket.emit('tick');
  ticker.on('tick', onTick);
  socket.on('disconnect', () => ticker.off('tick', onTick));
});

// Per-socket listeners die with the socket.
io.on('connection', (socket) => {
  const avatar = Buffer.alloc(1024 * 1024);
  const send = () => socket.emit('avatar', avatar);
  send();
  socket.on('ping', () => socket.emit('pong'));
});

// Built once at startup.
function main() {
  const index = JSON.parse(fs.readFileSync('./index.json', 'utf8'));
  const lookup = (k) => index[k];
  process.on('SIGHUP', () => console.log('reload'));
  return lookup;
}
main();

// Cleared timer using the value directly.
export function sample(el) {
  const points = new Float32Array(2_000_000);
  const id = setInterval(() => { el.dataset.v = String(points[0]); }, 1000);
  return () => clearInterval(id);
}
