// A misbehaving inspector on loopback: a real HTTP server for discovery and a real WebSocket server for CDP
// (the `ws` package), scripted per test to break the protocol the way a hostile or broken peer would.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface CdpCall {
  id: number;
  method: string;
  params?: unknown;
}

export interface Peer {
  socket: WebSocket;
  /** Sends a raw text frame (anything: it need not be JSON). */
  raw(text: string): void;
  /** Sends one JSON message. */
  send(message: unknown): void;
  answer(call: CdpCall, result?: unknown): void;
  /** `HeapProfiler.addHeapSnapshotChunk` with a well-formed chunk. */
  chunk(text: string): void;
  progress(done: number, total: number): void;
}

export interface FakeInspectorScript {
  /** The `/json/list` body; by default one node target whose webSocketDebuggerUrl points at this server. */
  list?: (port: number) => unknown;
  /** Takes over every HTTP request (return true) before the default `/json/list`. */
  http?: (request: IncomingMessage, response: ServerResponse) => boolean;
  /**
   * Each CDP call on a connection. By default the setup calls (enable, subscribe, collectGarbage) are answered
   * with `{}` and takeHeapSnapshot is left to `snapshot`.
   */
  call?: (call: CdpCall, peer: Peer) => void;
  /** What to do when asked for a snapshot (the default `call` routes takeHeapSnapshot here). */
  snapshot?: (call: CdpCall, peer: Peer) => void;
}

export interface FakeInspector {
  port: number;
  wsUrl: string;
  /** Every CDP method called, in order, over all connections. */
  calls: string[];
  /** WebSocket connections accepted so far. */
  connections: number;
  /** Bytes written by `http` handlers that count them (see `streamBody`). */
  sent: { bytes: number };
  close(): Promise<void>;
}

export async function startFakeInspector(script: FakeInspectorScript = {}): Promise<FakeInspector> {
  const calls: string[] = [];
  const sent = { bytes: 0 };
  let port = 0;
  const server = createServer((request, response) => {
    if (script.http?.(request, response)) return;
    if (request.url === '/json/list' || request.url === '/json') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(script.list ? script.list(port) : defaultList(port)));
      return;
    }
    response.statusCode = 404;
    response.end();
  });
  const wss = new WebSocketServer({ server });
  const fake: FakeInspector = {
    port: 0,
    wsUrl: '',
    calls,
    connections: 0,
    sent,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  wss.on('connection', (socket) => {
    fake.connections++;
    const peer: Peer = {
      socket,
      raw: (text) => socket.send(text),
      send: (message) => socket.send(JSON.stringify(message)),
      answer: (call, result = {}) => socket.send(JSON.stringify({ id: call.id, result })),
      chunk: (text) =>
        socket.send(JSON.stringify({ method: 'HeapProfiler.addHeapSnapshotChunk', params: { chunk: text } })),
      progress: (done, total) =>
        socket.send(JSON.stringify({ method: 'HeapProfiler.reportHeapSnapshotProgress', params: { done, total } })),
    };
    socket.on('error', () => undefined); // the client may hang up at any moment; that is its right
    socket.on('message', (data) => {
      const call = JSON.parse(data.toString()) as CdpCall;
      calls.push(call.method);
      if (script.call) script.call(call, peer);
      else if (call.method === 'HeapProfiler.takeHeapSnapshot') script.snapshot?.(call, peer);
      else peer.answer(call);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  fake.port = port;
  fake.wsUrl = `ws://127.0.0.1:${port}/fake`;
  return fake;
}

function defaultList(port: number): unknown {
  return [
    {
      id: 'fake',
      type: 'node',
      title: 'fake.js',
      url: 'file:///fake.js',
      webSocketDebuggerUrl: `ws://127.0.0.1:${port}/fake`,
    },
  ];
}

/**
 * Writes `bytes` of a JSON-looking body in 64 KiB parts as fast as the client reads, counting into `sent`,
 * and stops when the client hangs up.
 */
export function streamBody(response: ServerResponse, sent: { bytes: number }, bytes: number): void {
  const part = Buffer.alloc(64 * 1024, ' ');
  response.setHeader('content-type', 'application/json');
  response.write('[');
  let left = bytes;
  const pump = () => {
    while (left > 0 && !response.destroyed) {
      left -= part.length;
      sent.bytes += part.length;
      if (!response.write(part)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end(']');
  };
  response.on('close', () => (left = 0));
  pump();
}
