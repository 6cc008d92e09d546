// The explorer pages through members, diffs and leak groups while scrolling: the engine computes each full,
// sorted result once (per snapshot, class and sort; per snapshot pair; per snapshot triple) and serves later
// pages from the cache, which is bounded and forgets a snapshot when it is closed or replaced.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { diffPage, diffSnapshots } from '../../src/heap/diff';
import { HeapEngine } from '../../src/service/engine';
import type { HeapMethod, HeapParams, HeapResult } from '../../src/service/protocol';
import { QueryCache } from '../../src/service/queryCache';
import type { HeapSnapshot } from '../../src/heap/snapshot';
import { classMembers } from '../../src/heap/summary';
import { fixtureSnapshots } from '../heap/fixture';

const signal = new AbortController().signal;
after(() => rmSync(fixtureSnapshots().dir, { recursive: true, force: true }));
function call<M extends HeapMethod>(engine: HeapEngine, method: M, params: HeapParams<M>): Promise<HeapResult<M>> {
  return engine.handle({ id: 0, method, params } as never, signal, () => {}) as Promise<HeapResult<M>>;
}

async function openAll(engine: HeapEngine): Promise<void> {
  const { baseline, target, final } = fixtureSnapshots();
  await call(engine, 'open', { path: baseline, snapshot: 'a' });
  await call(engine, 'open', { path: target, snapshot: 'b' });
  await call(engine, 'open', { path: final, snapshot: 'c' });
}

test('members: pages of one class and sort are consistent, and only the first page scans the heap', async () => {
  const engine = new HeapEngine();
  await openAll(engine);
  const pages = [];
  for (let offset = 0; offset < 1234; offset += 100)
    pages.push(await call(engine, 'members', { snapshot: 'b', className: 'LeakyThing', offset, limit: 100 }));
  assert.equal(engine.cache.stats.computed.members, 1);
  const ids = pages.flatMap((p) => p.items.map((r) => r.id));
  assert.equal(ids.length, 1234);
  assert.equal(new Set(ids).size, 1234);
  for (const p of pages) assert.equal(p.total, 1234);
  // The same rows, in the same order, as the uncached query returns in one page.
  const snapshot = (engine as unknown as { open: Map<string, { snapshot: HeapSnapshot }> }).open.get('b')!.snapshot;
  assert.deepEqual(
    ids,
    classMembers(snapshot, { className: 'LeakyThing', limit: 2000 }).items.map((r) => r.id),
  );
  // Another sort is another entry; going back to the first one is a hit.
  const byId = await call(engine, 'members', { snapshot: 'b', className: 'LeakyThing', sortBy: 'id', limit: 5 });
  assert.deepEqual(
    byId.items.map((r) => r.id),
    [...ids].sort((x, y) => x - y).slice(0, 5),
  );
  await call(engine, 'members', { snapshot: 'b', className: 'LeakyThing', offset: 200, limit: 10 });
  assert.equal(engine.cache.stats.computed.members, 2);
  // Closing (or reopening under the same name) drops what was computed from the snapshot.
  await call(engine, 'close', { snapshot: 'b' });
  assert.equal(engine.cache.size, 0);
  await call(engine, 'open', { path: fixtureSnapshots().target, snapshot: 'b' });
  await call(engine, 'members', { snapshot: 'b', className: 'LeakyThing', limit: 10 });
  assert.equal(engine.cache.stats.computed.members, 3);
});

test('diff: the comparison runs once per pair; each class and sort of new objects is sorted once', async () => {
  const engine = new HeapEngine();
  await openAll(engine);
  const first = await call(engine, 'diff', { base: 'a', current: 'b', limit: 20 });
  const second = await call(engine, 'diff', { base: 'a', current: 'b', offset: 20, limit: 20 });
  assert.equal(engine.cache.stats.computed.diff, 1);
  assert.equal(engine.cache.stats.computed['diff objects'], 1);
  assert.equal(second.classes.total, first.classes.total);
  const open = (engine as unknown as { open: Map<string, { snapshot: HeapSnapshot }> }).open;
  const [a, b] = [open.get('a')!.snapshot, open.get('b')!.snapshot];
  const direct = diffPage(b, diffSnapshots(a, b), { limit: 40 });
  assert.deepEqual([...first.classes.items, ...second.classes.items], direct.classes.items);
  assert.deepEqual([...first.newObjects.items, ...second.newObjects.items], direct.newObjects.items);
  const grown = first.classes.items.find((r) => r.newCount > 1)!.name;
  const ofClass = await call(engine, 'diff', { base: 'a', current: 'b', className: grown, limit: 1000 });
  assert.ok(ofClass.newObjects.items.length > 1 && ofClass.newObjects.items.every((r) => r.className === grown));
  const next = await call(engine, 'diff', { base: 'a', current: 'b', className: grown, offset: 1, limit: 5 });
  assert.deepEqual(next.newObjects.items, ofClass.newObjects.items.slice(1, 6));
  assert.equal(engine.cache.stats.computed.diff, 1);
  assert.equal(engine.cache.stats.computed['diff objects'], 2);
  await call(engine, 'close', { snapshot: 'a' });
  assert.equal(engine.cache.size, 0);
});

test('leaks: the triage over three snapshots runs once; pages agree with one big page', async () => {
  const engine = new HeapEngine();
  await openAll(engine);
  const all = await call(engine, 'leaks', { baseline: 'a', target: 'b', final: 'c', limit: 1000 });
  const pages = [];
  for (let offset = 0; offset < all.leaks.groups.total; offset += 2)
    pages.push(await call(engine, 'leaks', { baseline: 'a', target: 'b', final: 'c', offset, limit: 2 }));
  assert.equal(engine.cache.stats.computed.leaks, 1);
  assert.deepEqual(
    pages.flatMap((p) => p.leaks.groups.items),
    all.leaks.groups.items,
  );
  assert.ok(all.growth.items.length > 0 && all.growth.items.every((g) => g.path));
  // Callers in this process get copies: changing a row does not change the next answer.
  all.leaks.groups.items[0].count = -1;
  const again = await call(engine, 'leaks', { baseline: 'a', target: 'b', final: 'c', limit: 1 });
  assert.notEqual(again.leaks.groups.items[0].count, -1);
  await call(engine, 'close', { snapshot: 'c' });
  assert.equal(engine.cache.size, 0);
});

test('the cache is an LRU bounded by entries and bytes', () => {
  const cache = new QueryCache(2, 100);
  const get = (k: string, bytes: number): number =>
    cache.get(
      'k',
      ['s'],
      [k],
      () => bytes,
      (b) => b,
    );
  get('x', 10);
  get('y', 10);
  get('x', 10);
  get('z', 10); // y is the least recently used
  assert.deepEqual(cache.stats, { hits: 1, computed: { k: 3 } });
  get('x', 10);
  assert.equal(cache.stats.hits, 2);
  get('y', 10);
  assert.equal(cache.stats.computed.k, 4);
  get('big', 90); // evicts the least recent until within 100 bytes
  assert.equal(cache.size, 2);
  get('x', 10);
  assert.equal(cache.stats.computed.k, 6);
  get('huge', 1000); // never cached
  get('huge', 1000);
  assert.equal(cache.stats.computed.k, 8);
  cache.invalidate('s');
  assert.equal(cache.size, 0);
});
