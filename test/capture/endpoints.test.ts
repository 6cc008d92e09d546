// Turning an address into a WebSocket URL: loopback policy, /json/list on a real inspector, clear failures.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import {
  CaptureError,
  EndpointError,
  captureFromAddress,
  isLoopbackHost,
  parseHostPort,
  resolveEndpoint,
  type InspectorTarget,
} from '../../src/capture';
import { freePort, killAll, makeTempDir, startInspected, type InspectedProcess } from './inspectedProcess';

after(killAll);

async function rejection<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const error = await promise.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
  return error;
}

describe('loopback policy', () => {
  it('knows literal loopback addresses from others without asking DNS (a name is no address)', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      assert.equal(isLoopbackHost(host), true, host);
    }
    for (const host of [
      '10.0.0.1',
      '0.0.0.0',
      '192.168.1.5',
      '::',
      'example.com',
      'localhost.example.com',
      // Names count only once resolved (see test/hostile/capture.test.ts).
      'localhost',
      'app.localhost',
      '128.0.0.1',
      '::ffff:10.0.0.1',
    ]) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });

  it('refuses a non-loopback host in every address form unless allowRemote, saying why', async () => {
    for (const address of [
      '10.1.2.3:9229',
      'ws://192.168.0.9:9229/abc',
      { host: '192.0.2.1', port: 9229, path: '/x' },
    ]) {
      const error = await rejection(resolveEndpoint(address), EndpointError);
      assert.equal(error.code, 'remote-not-allowed');
      assert.match(error.message, /not a loopback address.*full code execution.*--allow-remote/s);
    }
    const allowed = await resolveEndpoint('ws://192.168.0.9:9229/abc', { allowRemote: true });
    assert.equal(allowed.url, 'ws://192.168.0.9:9229/abc');
  });

  it('parses the address forms people type', () => {
    assert.deepEqual(parseHostPort('9229'), { host: '127.0.0.1', port: 9229 });
    assert.deepEqual(parseHostPort(':9229'), { host: '127.0.0.1', port: 9229 });
    assert.deepEqual(parseHostPort('localhost:9230'), { host: 'localhost', port: 9230 });
    assert.deepEqual(parseHostPort('[::1]:9229'), { host: '[::1]', port: 9229 });
    assert.deepEqual(parseHostPort('http://127.0.0.1:9229/json'), { host: '127.0.0.1', port: 9229 });
    for (const bad of ['', 'host', 'host:', 'host:99999', 'host:0', 'a:b:c']) {
      assert.throws(
        () => parseHostPort(bad),
        (e: unknown) => e instanceof EndpointError && e.code === 'invalid-address',
        bad,
      );
    }
  });

  it("builds js-debug's proxy URL from { host, port, path } and marks it as the proxy", async () => {
    const resolved = await resolveEndpoint({ host: '127.0.0.1', port: 4711, path: 'abc123' });
    assert.deepEqual(resolved, { url: 'ws://127.0.0.1:4711/abc123', viaJsDebugProxy: true, candidates: [] });
  });
});

describe('resolving host:port through a real inspector', () => {
  let target: InspectedProcess;
  before(async () => {
    target = await startInspected('smallProgram.js');
  });
  after(async () => {
    await target?.kill();
  });

  it("finds the node target's WebSocket URL from /json/list, with the default host", async () => {
    for (const address of [`127.0.0.1:${target.port}`, String(target.port), `localhost:${target.port}`]) {
      const resolved = await resolveEndpoint(address);
      assert.equal(resolved.viaJsDebugProxy, false);
      assert.equal(resolved.candidates.length, 1);
      assert.equal(resolved.target?.type, 'node');
      assert.equal(new URL(resolved.url).pathname, new URL(target.wsUrl).pathname, address);
    }
  });

  it('chooses a target by index or id, and names the choices when the choice is wrong', async () => {
    const id = new URL(target.wsUrl).pathname.slice(1);
    assert.equal((await resolveEndpoint(`127.0.0.1:${target.port}`, { target: 0 })).target?.id, id);
    assert.equal((await resolveEndpoint(`127.0.0.1:${target.port}`, { target: id })).target?.id, id);
    const error = await rejection(resolveEndpoint(`127.0.0.1:${target.port}`, { target: '5' }), EndpointError);
    assert.equal(error.code, 'unknown-target');
    assert.ok(error.message.includes(id));
  });

  it('captures end to end from host:port and closes its connection', async () => {
    const temp = makeTempDir();
    try {
      const result = await captureFromAddress(`127.0.0.1:${target.port}`, { output: `${temp.dir}/a.heapsnapshot` });
      assert.equal(result.endpoint.target?.type, 'node');
      assert.deepEqual(temp.list(), ['a.heapsnapshot']);
      // Our session is gone: a second capture gets a fresh one without trouble.
      await captureFromAddress(`127.0.0.1:${target.port}`, { output: `${temp.dir}/b.heapsnapshot` });
      assert.deepEqual(temp.list(), ['a.heapsnapshot', 'b.heapsnapshot']);
    } finally {
      temp.remove();
    }
  });
});

describe('unreachable and odd inspectors', () => {
  it('rejects with unreachable, naming the address, when nothing listens (host:port and ws://)', async () => {
    const port = await freePort();
    const temp = makeTempDir();
    try {
      for (const address of [`127.0.0.1:${port}`, `ws://127.0.0.1:${port}/abc`]) {
        const error = await rejection(
          captureFromAddress(address, { output: `${temp.dir}/x.heapsnapshot` }),
          CaptureError,
        );
        assert.equal(error.reason, 'unreachable');
        assert.ok(error.message.includes(`127.0.0.1:${port}`), error.message);
        assert.match(error.message, /ECONNREFUSED.*--inspect/);
      }
      assert.deepEqual(temp.list(), []);
    } finally {
      temp.remove();
    }
  });

  describe('with a listing server', () => {
    // Node lists one target; Chrome lists many of several types. This server plays such a listing.
    let server: Server;
    let port = 0;
    let listing: Partial<InspectorTarget>[] = [];
    before(async () => {
      server = createServer((req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(req.url === '/json/list' ? JSON.stringify(listing) : '{}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const entry = (id: string, type: string): Partial<InspectorTarget> => ({
      id,
      type,
      title: id,
      url: `https://${id}`,
      webSocketDebuggerUrl: `ws://127.0.0.1:${port}/devtools/${id}`,
    });

    it('offers only node/page targets, first by default, and returns them all as candidates', async () => {
      listing = [entry('sw', 'service_worker'), entry('tab1', 'page'), entry('tab2', 'page')];
      const resolved = await resolveEndpoint(`127.0.0.1:${port}`);
      assert.equal(resolved.target?.id, 'tab1');
      assert.deepEqual(
        resolved.candidates.map((t) => t.id),
        ['tab1', 'tab2'],
      );
      assert.equal(
        (await resolveEndpoint(`127.0.0.1:${port}`, { target: '1' })).url,
        `ws://127.0.0.1:${port}/devtools/tab2`,
      );
      assert.equal((await resolveEndpoint(`127.0.0.1:${port}`, { target: 'tab2' })).target?.id, 'tab2');
    });

    it('says which target types exist when none can be captured', async () => {
      listing = [entry('sw', 'service_worker'), entry('b', 'browser')];
      const error = await rejection(resolveEndpoint(`127.0.0.1:${port}`), EndpointError);
      assert.equal(error.code, 'no-targets');
      assert.match(error.message, /only: service_worker, browser/);
    });

    it('refuses a listed WebSocket URL that points off this machine', async () => {
      listing = [{ ...entry('tab', 'page'), webSocketDebuggerUrl: 'ws://10.9.8.7:9222/devtools/tab' }];
      const error = await rejection(resolveEndpoint(`127.0.0.1:${port}`), EndpointError);
      assert.equal(error.code, 'remote-not-allowed');
    });
  });
});
