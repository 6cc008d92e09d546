/* eslint-disable -- evaluation case (fresh, held-out style): not compiled or linted */
// @ts-nocheck
import { WebSocketGateway, OnGatewayConnection, OnGatewayDisconnect } from '@nestjs/websockets';
import type { NextApiRequest, NextApiResponse } from 'next';
import { Server } from 'socket.io';

// NestJS gateway: keep-alives tracked per client and cleared on disconnect.
@WebSocketGateway()
export class EventsGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private timers = new Map<string, ReturnType<typeof setInterval>>();
  handleConnection(client: any) {
    this.timers.set(client.id, setInterval(() => client.emit('ping'), 25000));
  }
  handleDisconnect(client: any) {
    clearInterval(this.timers.get(client.id));
    this.timers.delete(client.id);
  }
}

// socket.io: cleared when the socket goes away.
const io = new Server(3001);
io.on('connection', (socket) => {
  const ticker = setInterval(() => socket.emit('tick', Date.now()), 1000);
  socket.on('disconnect', () => clearInterval(ticker));
});

// Next.js SSE route: the heartbeat stops when the client disconnects.
export default function handler(req: NextApiRequest, res: NextApiResponse) {
  res.setHeader('Content-Type', 'text/event-stream');
  const heartbeat = setInterval(() => res.write('data: ping\n\n'), 15000);
  req.on('close', () => clearInterval(heartbeat));
}
