/* eslint-disable -- evaluation case (fresh, held-out style): not compiled or linted */
// @ts-nocheck
import express from 'express';
import { WebSocketGateway, OnGatewayConnection, OnGatewayDisconnect } from '@nestjs/websockets';
import { app as electronApp, BrowserWindow } from 'electron';

const app = express();

// Request timings deleted when the response finishes.
const startTimes = new Map<express.Request, number>();
app.use((req, res, next) => {
  startTimes.set(req, Date.now());
  res.on('finish', () => {
    console.log(Date.now() - startTimes.get(req)!);
    startTimes.delete(req);
  });
  next();
});

// Sockets removed on disconnect.
@WebSocketGateway()
export class ChatGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly clients = new Set<any>();
  handleConnection(client: any) {
    this.clients.add(client);
  }
  handleDisconnect(client: any) {
    this.clients.delete(client);
  }
}

// Window state dropped on 'closed'.
const windowState = new Map<BrowserWindow, { zoom: number }>();
electronApp.on('browser-window-created', (_e, win) => {
  windowState.set(win, { zoom: 1 });
  win.on('closed', () => windowState.delete(win));
});
