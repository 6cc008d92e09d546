import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Progress } from '../../src/heap/snapshot';
import { createHeapWorker, HeapWorkerError, type HeapWorkerClient } from '../../src/service/workerClient';
import { fixtureSnapshots } from '../heap/fixture';
import { tempDirForProcess } from '../support/tempDir';

let worker: HeapWorkerClient;
before(() => {
  worker = createHeapWorker();
});
after(async () => {
  await worker.terminate();
});

test('the worker opens a file with progress and answers paged queries', async () => {
  const { target } = fixtureSnapshots();
  const progress: Progress[] = [];
  const info = await worker.request('open', { path: target, snapshot: 't' }, { onProgress: (p) => progress.push(p) });
  assert.ok(info.nodeCount > 10_000);
  assert.equal(progress[0].stage, 'read');
  assert.deepEqual(
    progress.filter((p) => p.stage !== 'read').map((p) => p.stage),
    ['indexes', 'flags', 'shallow sizes', 'classes', 'distances', 'dominators', 'retained sizes', 'done'],
  );
  const summary = await worker.request('summary', { snapshot: 't', filter: 'LeakyThing' });
  assert.equal(summary.items[0].count, 1234);
  const members = await worker.request('members', { snapshot: 't', className: 'LeakyThing', offset: 10, limit: 5 });
  assert.deepEqual([members.total, members.offset, members.items.length], [1234, 10, 5]);
  const paths = await worker.request('pathsToRoot', { snapshot: 't', id: members.items[0].id });
  assert.match(paths.items[0].text, /leakyRegistry/);
  await assert.rejects(
    worker.request('node', { snapshot: 't', id: 2 ** 31 }),
    (e: HeapWorkerError) => e.code === 'bad-request',
  );
  await assert.rejects(
    worker.request('summary', { snapshot: 'nope' }),
    (e: HeapWorkerError) => e.code === 'bad-request' && /no open snapshot/.test(e.message),
  );
});

test('a progressive open answers the Summary first; other queries wait for the analysis', async () => {
  const { target } = fixtureSnapshots();
  const info = await worker.request('open', { path: target, snapshot: 'p', progressive: true });
  const [summary, members] = await Promise.all([
    worker.request('summary', { snapshot: 'p', filter: 'LeakyThing' }),
    worker.request('members', { snapshot: 'p', className: 'LeakyThing', limit: 1 }),
  ]);
  assert.equal(summary.items[0].count, 1234);
  if (info.complete === false) assert.equal(summary.partial, true);
  assert.ok(members.items[0].retainedSize > 0, 'members waited for retained sizes');
  const done = await worker.request('analyzed', { snapshot: 'p' });
  assert.equal(done.complete, true);
  assert.equal((await worker.request('summary', { snapshot: 'p', filter: 'LeakyThing' })).partial, undefined);
  await worker.request('close', { snapshot: 'p' });
});

test('a truncated snapshot file is rejected with one clear error', async () => {
  const { baseline } = fixtureSnapshots();
  const cut = join(tempDirForProcess('worker-'), 'cut.heapsnapshot');
  writeFileSync(cut, readFileSync(baseline).subarray(0, 5000));
  await assert.rejects(
    worker.request('open', { path: cut, snapshot: 'bad' }),
    (e: HeapWorkerError) =>
      e.code === 'bad-snapshot' && /truncated heap snapshot: ended inside the nodes array at byte 5000/.test(e.message),
  );
});

test('diff and leak triage over three open snapshots', async () => {
  const { baseline, target, final } = fixtureSnapshots();
  await worker.request('open', { path: baseline, snapshot: 'a' });
  await worker.request('open', { path: final, snapshot: 'c' });
  await worker.request('open', { path: target, snapshot: 'b' });
  const diff = await worker.request('diff', { base: 'a', current: 'b', className: 'LeakedRequest', limit: 1000 });
  const row = diff.classes.items.find((c) => c.name === 'LeakedRequest');
  assert.deepEqual({ n: row?.newCount, d: row?.deletedCount }, { n: 300, d: 0 });
  assert.equal(diff.newObjects.total, 300);
  const { leaks, growth } = await worker.request('leaks', { baseline: 'a', target: 'b', final: 'c' });
  const top = leaks.groups.items[0];
  assert.equal(top.className, 'LeakedRequest');
  assert.equal(top.count, 300);
  assert.match(top.trace, /->requestLog\[\]$/);
  assert.ok(leaks.groups.items.some((g) => /growingMap/.test(g.trace) && g.count === 100));
  assert.equal(growth.items[0].className, 'Map');
  const sizes = growth.items[0].retainedSizes;
  assert.ok(sizes[0] < sizes[1] && sizes[1] < sizes[2]);
  await worker.request('close', { snapshot: 'a' });
});

test('a cancelled load rejects with code cancelled', async () => {
  const { target } = fixtureSnapshots();
  const controller = new AbortController();
  const pending = worker.request(
    'open',
    { path: target, snapshot: 'x' },
    { signal: controller.signal, onProgress: () => controller.abort() },
  );
  await assert.rejects(pending, (e: HeapWorkerError) => e.code === 'cancelled');
});

test('in a child process (as the explorer runs it): the same answers; terminate ends the process', async () => {
  const { target } = fixtureSnapshots();
  const child = createHeapWorker(undefined, { process: true });
  try {
    const info = await child.request('open', { path: target, snapshot: 'c', progressive: true });
    assert.ok(info.nodeCount > 10_000);
    const summary = await child.request('summary', { snapshot: 'c', filter: 'LeakyThing' });
    assert.equal(summary.items[0].count, 1234);
    const members = await child.request('members', { snapshot: 'c', className: 'LeakyThing', limit: 1 });
    assert.ok(members.items[0].retainedSize > 0);
  } finally {
    assert.notEqual(await child.terminate(), undefined);
  }
  await assert.rejects(child.request('summary', { snapshot: 'c' }));
});
