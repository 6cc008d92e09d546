// The CDP client against a real inspector: replies, protocol errors, events, timeouts, closing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CdpConnection, CdpError } from '../../src/capture';
import { freePort, killAll, startInspected, type InspectedProcess } from './inspectedProcess';

after(killAll);

async function rejection(promise: Promise<unknown>): Promise<CdpError> {
  const error = await promise.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof CdpError, `expected a CdpError, got ${String(error)}`);
  return error;
}

describe('CdpConnection', () => {
  let target: InspectedProcess;
  before(async () => {
    target = await startInspected('smallProgram.js');
  });
  after(async () => {
    await target?.kill();
  });

  it('matches replies to calls, several in flight at once', async () => {
    const connection = await CdpConnection.connect(target.wsUrl);
    try {
      const results = await Promise.all(
        [1, 2, 3].map((n) =>
          connection.send<{ result: { value: number } }>('Runtime.evaluate', {
            expression: `${n} * 10`,
            returnByValue: true,
          }),
        ),
      );
      assert.deepEqual(
        results.map((r) => r.result.value),
        [10, 20, 30],
      );
    } finally {
      await connection.close();
    }
  });

  it('rejects a refused call with a typed protocol error carrying method and code', async () => {
    const connection = await CdpConnection.connect(target.wsUrl);
    try {
      const error = await rejection(connection.send('NoSuchDomain.noSuchMethod'));
      assert.equal(error.kind, 'protocol');
      assert.equal(error.method, 'NoSuchDomain.noSuchMethod');
      assert.equal(error.code, -32601);
      assert.match(error.protocolMessage ?? '', /wasn't found/);
    } finally {
      await connection.close();
    }
  });

  it('delivers events to listeners until they unsubscribe', async () => {
    const connection = await CdpConnection.connect(target.wsUrl);
    try {
      const contexts: unknown[] = [];
      const off = connection.on('Runtime.executionContextCreated', (params) => contexts.push(params));
      await connection.send('Runtime.enable');
      assert.equal(contexts.length, 1, 'Runtime.enable announces the one existing context');
      off();
      await connection.send('Runtime.disable');
      await connection.send('Runtime.enable');
      assert.equal(contexts.length, 1);
    } finally {
      await connection.close();
    }
  });

  it('times out a call that gets no answer', async () => {
    const connection = await CdpConnection.connect(target.wsUrl);
    try {
      const error = await rejection(
        connection.send(
          'Runtime.evaluate',
          { expression: 'new Promise(() => {})', awaitPromise: true },
          { timeoutMs: 200 },
        ),
      );
      assert.equal(error.kind, 'timeout');
      assert.equal(error.method, 'Runtime.evaluate');
    } finally {
      await connection.close();
    }
  });

  it('rejects every pending call when the connection closes, and later calls at once', async () => {
    const connection = await CdpConnection.connect(target.wsUrl);
    const reasons: string[] = [];
    connection.onClose((reason) => reasons.push(reason));
    const pending = connection.send(
      'Runtime.evaluate',
      { expression: 'new Promise(() => {})', awaitPromise: true },
      { timeoutMs: 0 },
    );
    const rejected = rejection(pending); // handled before close() rejects it
    await connection.close();
    const error = await rejected;
    assert.equal(error.kind, 'closed');
    assert.equal(connection.closed, true);
    assert.deepEqual(reasons, ['connection closed by us']);
    assert.equal((await rejection(connection.send('Runtime.enable'))).kind, 'closed');
  });

  it('fails to connect with kind connect when nothing listens', async () => {
    const port = await freePort();
    const error = await rejection(CdpConnection.connect(`ws://127.0.0.1:${port}/nothing`));
    assert.equal(error.kind, 'connect');
    assert.match(error.message, /ECONNREFUSED/);
  });

  it('fails to connect with kind connect when the path is not a debugger session', async () => {
    const error = await rejection(CdpConnection.connect(`ws://127.0.0.1:${target.port}/not-a-session`));
    assert.equal(error.kind, 'connect');
  });
});
