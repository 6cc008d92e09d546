// Capture against inspectors that misbehave: every failure is one clean CaptureError or EndpointError (one
// line from the CLI, no stack trace), in bounded time, leaving no `.partial` file, touching nothing but its
// own output. The peer is a real HTTP + WebSocket server on loopback (fakeInspector.ts).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  assertResolvedLoopback,
  captureFromAddress,
  CaptureError,
  checkOutputPath,
  EndpointError,
  isLoopbackHost,
  resolveEndpoint,
} from '../../src/capture';
import { startFakeInspector, streamBody, type FakeInspector, type FakeInspectorScript } from './fakeInspector';
import { tempDirForProcess } from '../support/tempDir';

// Each case ends in about a second; the guard only turns a hang into a failure, and leaves room for a loaded
// machine (the CLI's start alone can take seconds there).
const HANG_GUARD_MS = 120_000;

const running = new Set<FakeInspector>();
after(() => Promise.all([...running].map((f) => f.close())));

async function fake(script: FakeInspectorScript = {}): Promise<FakeInspector> {
  const inspector = await startFakeInspector(script);
  running.add(inspector);
  return inspector;
}

const tempRoot = tempDirForProcess('rl-hostile-capture-');
let tempCount = 0;

/** A fresh folder per test, all under one root removed when the process exits. */
function tempDir(): { dir: string; list(): string[] } {
  const dir = join(tempRoot, String(tempCount++));
  mkdirSync(dir);
  return { dir, list: () => readdirSync(dir).sort() };
}

async function failure<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const error = await promise.then(
    () => assert.fail('expected the capture to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof type, `expected ${type.name}, got ${(error as Error)?.stack ?? String(error)}`);
  assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
  return error;
}

/** A snapshot that starts and then goes wrong: one good chunk first, so a partial file exists. */
const startThen =
  (
    then: (peer: Parameters<NonNullable<FakeInspectorScript['snapshot']>>[1]) => void,
  ): FakeInspectorScript['snapshot'] =>
  (_call, peer) => {
    peer.progress(10, 100);
    peer.chunk('{"snapshot":{"meta":{}');
    setTimeout(() => then(peer), 50);
  };

describe('capture from a peer that breaks the protocol', () => {
  const cases: [string, FakeInspectorScript['snapshot'], RegExp][] = [
    [
      'a chunk event with params: null',
      startThen((peer) => peer.raw('{"method":"HeapProfiler.addHeapSnapshotChunk","params":null}')),
      /^the target broke the protocol: a HeapProfiler\.addHeapSnapshotChunk event whose params are null$/,
    ],
    [
      'a progress event with params: null',
      startThen((peer) => peer.raw('{"method":"HeapProfiler.reportHeapSnapshotProgress","params":null}')),
      /^the target broke the protocol: a HeapProfiler\.reportHeapSnapshotProgress event whose params are null$/,
    ],
    [
      'a chunk that is not a string',
      startThen((peer) => peer.send({ method: 'HeapProfiler.addHeapSnapshotChunk', params: { chunk: 42 } })),
      /^the target broke the protocol: a HeapProfiler\.addHeapSnapshotChunk event has no chunk string \(number\)$/,
    ],
    [
      'progress without numbers',
      startThen((peer) => peer.send({ method: 'HeapProfiler.reportHeapSnapshotProgress', params: { done: 'x' } })),
      /^the target broke the protocol: a HeapProfiler\.reportHeapSnapshotProgress event has no numeric done and total$/,
    ],
    [
      'a message that is not JSON',
      startThen((peer) => peer.raw('<html>')),
      /^the target broke the protocol: a message that is not JSON \("<html>"\)$/,
    ],
    [
      'a message that is JSON null',
      startThen((peer) => peer.raw('null')),
      /^the target broke the protocol: a message that is not an object \(null\)$/,
    ],
    [
      'an answer whose result is null',
      startThen((peer) => peer.raw('{"id":4,"result":null}')),
      /^the target broke the protocol: an answer to call 4 whose result is null$/,
    ],
    [
      'an answer whose error is a string',
      startThen((peer) => peer.raw('{"id":4,"error":"no"}')),
      /^the target broke the protocol: an answer to call 4 whose error is the string "no"$/,
    ],
    [
      'a binary frame',
      startThen((peer) => peer.socket.send(Buffer.from([1, 2, 3]), { binary: true })),
      /^the target broke the protocol: a binary message$/,
    ],
  ];
  for (const [name, snapshot, expected] of cases) {
    it(`${name}: a clean protocol error and no partial file`, async () => {
      const inspector = await fake({ snapshot });
      const temp = tempDir();
      const error = await failure(
        captureFromAddress(`127.0.0.1:${inspector.port}`, { output: join(temp.dir, 'x.heapsnapshot') }),
        CaptureError,
      );
      assert.equal(error.reason, 'protocol');
      assert.match(error.message, expected);
      assert.deepEqual(temp.list(), []);
    });
  }

  it('closing the socket mid-stream: target-closed, no partial file', async () => {
    const inspector = await fake({ snapshot: startThen((peer) => peer.socket.close()) });
    const temp = tempDir();
    const error = await failure(
      captureFromAddress(inspector.wsUrl, { output: join(temp.dir, 'x.heapsnapshot') }),
      CaptureError,
    );
    assert.equal(error.reason, 'target-closed');
    assert.deepEqual(temp.list(), []);
  });
});

describe('capture from a peer that goes silent or floods', () => {
  it('never answering a call: the call timeout, not a hang', { timeout: HANG_GUARD_MS }, async () => {
    const inspector = await fake({ call: () => undefined });
    const temp = tempDir();
    const error = await failure(
      captureFromAddress(inspector.wsUrl, { output: join(temp.dir, 'x.heapsnapshot'), callTimeoutMs: 300 }),
      CaptureError,
    );
    assert.equal(error.reason, 'protocol');
    assert.match(error.message, /^the target did not answer: HeapProfiler\.enable got no answer within 300 ms$/);
    assert.deepEqual(temp.list(), []);
  });

  it(
    'going silent mid-snapshot: the inactivity timeout ends it, no partial file',
    { timeout: HANG_GUARD_MS },
    async () => {
      const inspector = await fake({ snapshot: startThen(() => undefined) });
      const temp = tempDir();
      const error = await failure(
        captureFromAddress(inspector.wsUrl, { output: join(temp.dir, 'x.heapsnapshot'), inactivityTimeoutMs: 1000 }),
        CaptureError,
      );
      assert.equal(error.reason, 'protocol');
      assert.match(
        error.message,
        /^the target sent nothing for 1 s while taking the snapshot \(no chunk, no progress\); gave up$/,
      );
      assert.deepEqual(temp.list(), []);
    },
  );

  it(
    'flooding the same progress report forever: not life, the inactivity timeout still ends it',
    { timeout: HANG_GUARD_MS },
    async () => {
      let flooding = true;
      const inspector = await fake({
        snapshot: startThen((peer) => {
          const flood = () => {
            if (!flooding || peer.socket.readyState !== peer.socket.OPEN) return;
            for (let i = 0; i < 200; i++) peer.progress(10, 100);
            setImmediate(flood);
          };
          flood();
        }),
      });
      const temp = tempDir();
      try {
        const error = await failure(
          captureFromAddress(inspector.wsUrl, { output: join(temp.dir, 'x.heapsnapshot'), inactivityTimeoutMs: 1000 }),
          CaptureError,
        );
        assert.match(error.message, /sent nothing for \d+ s while taking the snapshot/);
        assert.deepEqual(temp.list(), []);
      } finally {
        flooding = false;
      }
    },
  );

  it(
    'a snapshot that keeps coming is not cut off: chunks and moving progress count as activity',
    { timeout: HANG_GUARD_MS },
    async () => {
      const inspector = await fake({
        snapshot: (call, peer) => {
          let step = 0;
          const next = () => {
            if (step === 8) {
              peer.chunk(']}');
              peer.answer(call);
              return;
            }
            step++;
            if (step % 2) peer.progress(step, 8);
            else peer.chunk(`"part${step}",`);
            setTimeout(next, 250); // 2 s in all, each gap under the 1 s limit
          };
          peer.chunk('{"parts":[');
          next();
        },
      });
      const temp = tempDir();
      const result = await captureFromAddress(inspector.wsUrl, {
        output: join(temp.dir, 'slow.heapsnapshot'),
        inactivityTimeoutMs: 1000,
      });
      assert.ok(result.durationMs >= 2000, `${result.durationMs} ms`);
      assert.deepEqual(temp.list(), ['slow.heapsnapshot']);
    },
  );
});

describe('a peer that accepts the connection and never says a word', () => {
  it(
    'neither over HTTP (/json/list) nor as a WebSocket handshake: bounded by the timeouts',
    { timeout: HANG_GUARD_MS },
    async () => {
      const sockets = new Set<Socket>();
      const server = createNetServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        const http = await failure(resolveEndpoint(`127.0.0.1:${port}`, { timeoutMs: 500 }), CaptureError);
        assert.equal(http.reason, 'unreachable');
        assert.match(http.message, /^no inspector answered at 127\.0\.0\.1:\d+ \(no answer within 500 ms\)/);
        const temp = tempDir();
        const ws = await failure(
          captureFromAddress(`ws://127.0.0.1:${port}/x`, {
            output: join(temp.dir, 'x.heapsnapshot'),
            connectTimeoutMs: 500,
          }),
          CaptureError,
        );
        assert.equal(ws.reason, 'unreachable');
        assert.match(ws.message, /Opening handshake has timed out/);
        assert.deepEqual(temp.list(), []);
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  );
});

describe('discovery answers that are too large, too slow or wrong', () => {
  it('a /json/list of 256 MB: refused after 1 MiB', { timeout: HANG_GUARD_MS }, async () => {
    const inspector = await fake({
      http: (request, response) => {
        if (request.url !== '/json/list') return false;
        streamBody(response, inspector.sent, 256 * 1024 * 1024);
        return true;
      },
    });
    const error = await failure(resolveEndpoint(`127.0.0.1:${inspector.port}`), CaptureError);
    assert.equal(error.reason, 'protocol');
    assert.equal(error.message, `the inspector at 127.0.0.1:${inspector.port} sent more than 1024 KiB for /json/list`);
    assert.ok(inspector.sent.bytes < 16 * 1024 * 1024, `the client hung up early (${inspector.sent.bytes} bytes sent)`);
  });

  it('a /json/list that says it is huge: refused before reading it', async () => {
    const inspector = await fake({
      http: (request, response) => {
        response.setHeader('content-length', String(2 ** 40));
        response.write('[');
        return true;
      },
    });
    const error = await failure(resolveEndpoint(`127.0.0.1:${inspector.port}`), CaptureError);
    assert.match(error.message, /sent more than 1024 KiB for \/json\/list$/);
  });

  it(
    'a /json/list trickled a byte at a time: the deadline covers the whole answer',
    { timeout: HANG_GUARD_MS },
    async () => {
      const timers = new Set<NodeJS.Timeout>();
      const inspector = await fake({
        http: (_request, response) => {
          response.setHeader('content-type', 'application/json');
          const timer = setInterval(() => response.write(' '), 50);
          timers.add(timer);
          response.on('close', () => clearInterval(timer));
          return true;
        },
      });
      try {
        const error = await failure(resolveEndpoint(`127.0.0.1:${inspector.port}`, { timeoutMs: 1000 }), CaptureError);
        assert.equal(
          error.message,
          `the inspector at 127.0.0.1:${inspector.port} sent no complete /json/list within 1000 ms`,
        );
      } finally {
        for (const timer of timers) clearInterval(timer);
      }
    },
  );

  for (const [name, url, expected] of [
    ['not a URL', 'not a url', /webSocketDebuggerUrl of target "fake" is not a URL: "not a url"$/],
    ['an http:// URL', 'http://127.0.0.1:1/x', /is not a ws:\/\/ URL: "http:\/\/127\.0\.0\.1:1\/x"$/],
    ['a javascript: URL', 'javascript:alert(1)', /is not a ws:\/\/ URL: "javascript:alert\(1\)"$/],
  ] as const) {
    it(`a webSocketDebuggerUrl that is ${name}: a clear error, nothing connected`, async () => {
      const inspector = await fake({
        list: () => [{ id: 'fake', type: 'node', title: 'x', url: 'x', webSocketDebuggerUrl: url }],
      });
      const error = await failure(resolveEndpoint(`127.0.0.1:${inspector.port}`), EndpointError);
      assert.equal(error.code, 'invalid-target');
      assert.match(error.message, expected);
      assert.equal(inspector.connections, 0);
    });
  }
});

describe('loopback is decided by resolving names', () => {
  it('localhost resolves to loopback, and the capture connects to the addresses it resolved to', async () => {
    const inspector = await fake({ snapshot: (call, peer) => (peer.chunk('{}'), peer.answer(call)) });
    const resolved = await resolveEndpoint(`ws://localhost:${inspector.port}/fake`);
    assert.ok(resolved.addresses?.length, 'the checked addresses are kept for the connection');
    assert.ok(resolved.addresses.every((a) => isLoopbackHost(a.address)));
    const temp = tempDir();
    await captureFromAddress(`localhost:${inspector.port}`, { output: join(temp.dir, 'x.heapsnapshot') });
    assert.deepEqual(temp.list(), ['x.heapsnapshot']);
  });

  it('a *.localhost name counts only if it resolves to loopback, never by its suffix', async () => {
    const inspector = await fake();
    const name = 'retainer-lens-test.localhost';
    const answer = await lookup(name, { all: true }).catch(() => []);
    const onlyLoopback = answer.length > 0 && answer.every((a) => isLoopbackHost(a.address));
    const attempt = resolveEndpoint(`ws://${name}:${inspector.port}/fake`);
    if (onlyLoopback) {
      assert.ok((await attempt).addresses?.length);
    } else {
      const error = await failure(attempt, Error);
      assert.ok(error instanceof EndpointError || error instanceof CaptureError, String(error));
      assert.match(error.message, new RegExp(`${name.replace(/\./g, '\\.')}`));
    }
    assert.equal(inspector.connections, 0);
  });

  it('a name with one non-loopback address among loopback ones is refused, naming it', () => {
    assert.throws(
      () =>
        assertResolvedLoopback('mixed.example', [
          { address: '127.0.0.1', family: 4 },
          { address: '203.0.113.9', family: 4 },
        ]),
      (e: unknown) =>
        e instanceof EndpointError &&
        e.code === 'remote-not-allowed' &&
        /^refusing to connect to mixed\.example: it resolves to 203\.0\.113\.9, not a loopback address/.test(e.message),
    );
    assert.doesNotThrow(() =>
      assertResolvedLoopback('localhost', [
        { address: '::1', family: 6 },
        { address: '127.0.0.1', family: 4 },
      ]),
    );
  });
});

describe('the output path', () => {
  it('refuses what is not a regular file: directory, symbolic link, FIFO, character device', async () => {
    const temp = tempDir();
    mkdirSync(join(temp.dir, 'folder'));
    writeFileSync(join(temp.dir, 'real'), 'x');
    symlinkSync(join(temp.dir, 'real'), join(temp.dir, 'link'));
    assert.equal(spawnSync('mkfifo', [join(temp.dir, 'fifo')]).status, 0);
    for (const [name, what] of [
      ['folder', 'a directory'],
      ['link', 'a symbolic link'],
      ['fifo', 'a FIFO'],
    ]) {
      await assert.rejects(
        checkOutputPath(join(temp.dir, name)),
        new RegExp(`exists and is ${what}, not a regular file`),
      );
    }
    await assert.rejects(checkOutputPath('/dev/full'), /\/dev\/full exists and is a character device/);
    await checkOutputPath(join(temp.dir, 'real'));
    await checkOutputPath(join(temp.dir, 'absent'));
  });

  it('a capture to a directory fails before asking for the snapshot', async () => {
    const inspector = await fake({ snapshot: startThen((peer) => peer.socket.close()) });
    const temp = tempDir();
    mkdirSync(join(temp.dir, 'out.heapsnapshot'));
    const error = await failure(
      captureFromAddress(inspector.wsUrl, { output: join(temp.dir, 'out.heapsnapshot') }),
      CaptureError,
    );
    assert.equal(error.reason, 'write-failed');
    assert.match(error.message, /out\.heapsnapshot exists and is a directory, not a regular file/);
    assert.ok(!inspector.calls.includes('HeapProfiler.takeHeapSnapshot'), inspector.calls.join(', '));
    assert.deepEqual(temp.list(), ['out.heapsnapshot']);
  });
});

describe('retainer-lens capture against a hostile peer', () => {
  const root = join(__dirname, '..', '..');
  const cliArgs = [
    '--import',
    pathToFileURL(require.resolve('tsx')).href,
    join(root, 'src', 'cli', 'main.ts'),
    'capture',
  ];

  // Asynchronous: the fake inspector lives in this process and must go on answering while the CLI runs.
  async function cli(args: string[], cwd: string) {
    const child = spawn(process.execPath, [...cliArgs, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (part: string) => (stdout += part));
    child.stderr.setEncoding('utf8').on('data', (part: string) => (stderr += part));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    return { code, stdout, stderr };
  }

  function oneLine(stderr: string): string {
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line on stderr:\n${stderr}`);
    assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace');
    return lines[0];
  }

  it('params: null on a chunk: one line, exit 1, no partial file', async () => {
    const inspector = await fake({
      snapshot: startThen((peer) => peer.raw('{"method":"HeapProfiler.addHeapSnapshotChunk","params":null}')),
    });
    const temp = tempDir();
    const result = await cli([`127.0.0.1:${inspector.port}`, '-o', 'x.heapsnapshot', '--quiet'], temp.dir);
    assert.equal(result.code, 1);
    assert.equal(
      oneLine(result.stderr),
      'retainer-lens capture: the target broke the protocol: a HeapProfiler.addHeapSnapshotChunk event whose params are null',
    );
    assert.deepEqual(temp.list(), []);
  });

  it('-o naming a directory or a FIFO: exit 2 before contacting the target', async () => {
    const inspector = await fake();
    const temp = tempDir();
    mkdirSync(join(temp.dir, 'folder'));
    assert.equal(spawnSync('mkfifo', [join(temp.dir, 'fifo')]).status, 0);
    for (const [name, what] of [
      ['folder', 'a directory'],
      ['fifo', 'a FIFO'],
    ]) {
      const result = await cli([`127.0.0.1:${inspector.port}`, '-o', name], temp.dir);
      assert.equal(result.code, 2, result.stderr);
      assert.match(oneLine(result.stderr), new RegExp(`^retainer-lens capture: .*/${name} exists and is ${what}`));
    }
    assert.equal(inspector.connections, 0);
    assert.deepEqual(inspector.calls, []);
    assert.deepEqual(temp.list(), ['fifo', 'folder']);
  });

  it('a target that never answers: --timeout bounds the calls too', { timeout: HANG_GUARD_MS }, async () => {
    const inspector = await fake({ call: () => undefined });
    const temp = tempDir();
    const result = await cli([inspector.wsUrl, '-o', 'x.heapsnapshot', '--timeout', '1', '--quiet'], temp.dir);
    assert.equal(result.code, 1);
    assert.equal(
      oneLine(result.stderr),
      'retainer-lens capture: the target did not answer: HeapProfiler.enable got no answer within 1000 ms',
    );
    assert.deepEqual(temp.list(), []);
  });

  it('--inactivity-timeout ends a snapshot that stalls', { timeout: HANG_GUARD_MS }, async () => {
    const inspector = await fake({ snapshot: startThen(() => undefined) });
    const temp = tempDir();
    const result = await cli(
      [inspector.wsUrl, '-o', 'x.heapsnapshot', '--inactivity-timeout', '1', '--quiet'],
      temp.dir,
    );
    assert.equal(result.code, 1);
    assert.match(oneLine(result.stderr), /the target sent nothing for 1 s while taking the snapshot/);
    assert.deepEqual(temp.list(), []);
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(
      `${signal} mid-capture: exit ${code}, one line, the partial file removed`,
      { timeout: HANG_GUARD_MS },
      async () => {
        const inspector = await fake({ snapshot: startThen(() => undefined) });
        const temp = tempDir();
        const child = spawn(process.execPath, [...cliArgs, inspector.wsUrl, '-o', 'x.heapsnapshot', '--quiet'], {
          cwd: temp.dir,
        });
        let stderr = '';
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (part: string) => (stderr += part));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
        // Wait for the partial file: the capture is then under way.
        let partial: string[] = [];
        for (let i = 0; i < 1200 && partial.length === 0; i++) {
          await new Promise((r) => setTimeout(r, 50));
          partial = temp.list().filter((f) => f.endsWith('.partial'));
        }
        assert.equal(partial.length, 1, 'a partial file while capturing');
        child.kill(signal);
        assert.equal(await exited, code, stderr);
        assert.equal(oneLine(stderr), `retainer-lens capture: interrupted (${signal}); no file written`);
        assert.deepEqual(temp.list(), []);
      },
    );
  }
});
