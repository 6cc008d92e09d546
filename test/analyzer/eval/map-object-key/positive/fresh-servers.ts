/* eslint-disable -- evaluation case (fresh, held-out style): not compiled or linted */
// @ts-nocheck
import express from 'express';
import { WebSocketGateway, OnGatewayConnection } from '@nestjs/websockets';
import { app as electronApp, BrowserWindow } from 'electron';

const app = express();

// Express: request start times keyed by the request object, never deleted.
const startTimes = new Map<express.Request, number>(); // expect: map-object-key
app.use((req, _res, next) => {
  startTimes.set(req, Date.now());
  next();
});

// NestJS gateway: connected sockets collected on a long-lived provider, never removed.
@WebSocketGateway()
export class ChatGateway implements OnGatewayConnection {
  private readonly clients = new Set<any>(); // expect: map-object-key
  handleConnection(client: any) {
    this.clients.add(client);
  }
  broadcast(msg: string) {
    for (const c of this.clients) c.emit('msg', msg);
  }
}

// Electron: per-window state keyed by the BrowserWindow, kept after the window closes.
const windowState = new Map<BrowserWindow, { zoom: number }>(); // expect: map-object-key
electronApp.on('browser-window-created', (_e, win) => {
  windowState.set(win, { zoom: 1 });
});
