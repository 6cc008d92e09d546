// The js-debug CDP proxy path. js-debug itself needs an editor, so a relay in front of a real inspector plays
// its documented contract (src/adapter/cdpProxy.pdl): it answers JsDebug.subscribe itself and forwards no event
// the client has not subscribed to. The snapshot still comes from real V8 behind it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { captureFromAddress, CaptureError } from '../../src/capture';
import { killAll, makeTempDir, startInspected, type InspectedProcess, type ParsedSnapshot } from './inspectedProcess';

after(killAll);

interface RelayOptions {
  /**
   * Plays js-debug when its target dies during a call: on this method the relay drops the target and answers
   * the pending call with "Connection is closed" instead of closing the client's socket.
   */
  targetDiesOn?: string;
}

function startRelay(
  inspectorUrl: string,
  path: string,
  options: RelayOptions = {},
): Promise<{ server: WebSocketServer; port: number; methods: string[] }> {
  const methods: string[] = [];
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: `/${path}` });
  server.on('connection', (client) => {
    const subscribed: RegExp[] = [];
    const upstream = new WebSocket(inspectorUrl);
    const queue: string[] = [];
    upstream.on('open', () => {
      for (const m of queue.splice(0)) upstream.send(m);
    });
    upstream.on('message', (data) => {
      const text = data.toString();
      const message = JSON.parse(text) as { id?: number; method?: string };
      if (message.id !== undefined || subscribed.some((re) => re.test(message.method ?? ''))) client.send(text);
    });
    upstream.on('close', () => {
      if (!options.targetDiesOn) client.close();
    });
    client.on('close', () => upstream.close());
    client.on('message', (data) => {
      const text = data.toString();
      const message = JSON.parse(text) as { id: number; method: string; params?: { events?: string[] } };
      methods.push(message.method);
      if (message.method === 'JsDebug.subscribe') {
        for (const pattern of message.params?.events ?? []) {
          subscribed.push(new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '.*')}$`));
        }
        client.send(JSON.stringify({ id: message.id, result: {} }));
      } else if (message.method === options.targetDiesOn) {
        upstream.terminate();
        client.send(JSON.stringify({ id: message.id, error: { code: -32000, message: 'Connection is closed.' } }));
      } else if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else queue.push(text);
    });
  });
  return new Promise((resolve) =>
    server.on('listening', () => resolve({ server, port: (server.address() as { port: number }).port, methods })),
  );
}

describe("capture through js-debug's CDP proxy contract", () => {
  let target: InspectedProcess;
  before(async () => {
    target = await startInspected('smallProgram.js');
  });
  after(async () => {
    await target?.kill();
  });

  it('subscribes to HeapProfiler.* before anything else, then captures a full snapshot', async () => {
    const relay = await startRelay(target.wsUrl, 'a1b2c3');
    const temp = makeTempDir();
    try {
      const phases = new Set<string>();
      const result = await captureFromAddress(
        { host: '127.0.0.1', port: relay.port, path: 'a1b2c3' },
        { output: join(temp.dir, 'proxy.heapsnapshot'), onProgress: (p) => phases.add(p.phase) },
      );
      assert.equal(result.endpoint.viaJsDebugProxy, true);
      assert.deepEqual(relay.methods, ['JsDebug.subscribe', 'HeapProfiler.enable', 'HeapProfiler.takeHeapSnapshot']);
      assert.deepEqual([...phases], ['preparing', 'building', 'writing', 'finishing']);
      const parsed = JSON.parse(readFileSync(join(temp.dir, 'proxy.heapsnapshot'), 'utf8')) as ParsedSnapshot;
      assert.ok(parsed.snapshot.node_count > 0);
      assert.ok(parsed.strings.includes('CaptureFixtureMarker'));
    } finally {
      temp.remove();
      for (const client of relay.server.clients) client.terminate();
      await new Promise<void>((resolve) => relay.server.close(() => resolve()));
    }
  });

  it("maps the proxy's \"Connection is closed\" answer for a target that died to 'target-closed'", async () => {
    const relay = await startRelay(target.wsUrl, 'd1e2f3', { targetDiesOn: 'HeapProfiler.takeHeapSnapshot' });
    const temp = makeTempDir();
    try {
      await assert.rejects(
        captureFromAddress(
          { host: '127.0.0.1', port: relay.port, path: 'd1e2f3' },
          { output: join(temp.dir, 'dead.heapsnapshot') },
        ),
        (error: unknown) =>
          error instanceof CaptureError &&
          error.reason === 'target-closed' &&
          /Connection is closed/.test(error.message),
      );
    } finally {
      temp.remove();
      for (const client of relay.server.clients) client.terminate();
      await new Promise<void>((resolve) => relay.server.close(() => resolve()));
    }
  });
});
