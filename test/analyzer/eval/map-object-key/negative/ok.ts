/* eslint-disable -- evaluation case: real-world shapes, not compiled or linted */
// @ts-nocheck
import WebSocket from 'ws';
import express from 'express';
import { Server } from 'socket.io';

const clients = new Set<WebSocket>();
const wss = new WebSocket.Server({ port: 8084 });
wss.on('connection', (ws) => {
  clients.add(ws);
  ws.on('close', () => clients.delete(ws));
});

const startedAt = new WeakMap<object, number>();
const app = express();
app.use((req, res, next) => {
  startedAt.set(req, Date.now());
  next();
});

const inFlight = new Map<object, number>();
app.use((req, res, next) => {
  inFlight.set(req, Date.now());
  res.on('finish', () => inFlight.delete(req));
  next();
});

const byId = new Map<string, WebSocket>();
const io = new Server(3005);
io.on('connection', (socket) => {
  byId.set(socket.id, socket as unknown as WebSocket);
  socket.on('disconnect', () => byId.delete(socket.id));
});

const names = new Map<string, number>();
export function count(req: { params: { name: string } }) {
  names.set(req.params.name, (names.get(req.params.name) ?? 0) + 1);
  if (names.size > 100) names.clear();
}

const seen = new WeakSet<object>();
export function once(obj: object) {
  if (seen.has(obj)) return;
  seen.add(obj);
}

export function local(nodes: Element[]) {
  const m = new Map<Element, DOMRect>();
  for (const n of nodes) m.set(n, n.getBoundingClientRect());
  return m;
}

// Filled once at startup.
const landmarks = new Map<Element, string>();
document.querySelectorAll('[data-landmark]').forEach((el) => landmarks.set(el, el.id));

export class Gallery {
  private thumbs = new Map<HTMLElement, string>();
  add(el: HTMLElement) {
    this.thumbs.set(el, el.dataset.src ?? '');
  }
}

const numeric = new Map<number, HTMLElement>();
export function put(id: number, el: HTMLElement) {
  numeric.set(id, el);
  return () => numeric.delete(id);
}
