/* eslint-disable -- evaluation case (fresh, held-out style): not compiled or linted */
// @ts-nocheck
import { WebSocketGateway, OnGatewayConnection } from '@nestjs/websockets';
import type { NextApiRequest, NextApiResponse } from 'next';
import { Server } from 'socket.io';

// NestJS gateway: a keep-alive per client, never stopped on disconnect.
@WebSocketGateway()
export class EventsGateway implements OnGatewayConnection {
  handleConnection(client: any) {
    setInterval(() => client.emit('ping'), 25000); // expect: interval-not-cleared
  }
}

// socket.io: the id is kept but nobody clears it.
const io = new Server(3001);
io.on('connection', (socket) => {
  const ticker = setInterval(() => socket.emit('tick', Date.now()), 1000); // expect: interval-not-cleared
  socket.emit('hello', ticker ? 'ok' : 'no');
});

// Next.js API route streaming server-sent events: the heartbeat outlives the closed request.
export default function handler(req: NextApiRequest, res: NextApiResponse) {
  res.setHeader('Content-Type', 'text/event-stream');
  setInterval(() => res.write('data: ping\n\n'), 15000); // expect: interval-not-cleared
}
