// The service's allocation and profile requests (the engine in this process: its join loads the analyzer
// by dynamic import, which the worker's test bootstrap cannot): a TypeScript program bundled by
// esbuild and recorded with allocation tracking answers with its `.ts` lines once a join gave it the
// workspace; a real sampled .heapprofile opens with its top line.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { buildSync } from 'esbuild';
import { errorCode, HeapEngine } from '../../src/service/engine';
import type { HeapMethod, HeapParams, HeapResult } from '../../src/service/protocol';
import { fixturesDir, recordProgram } from '../allocations/recordProgram';
import { fixtureSnapshots } from '../heap/fixture';
import { tempDirForProcess } from '../support/tempDir';

const fixture = join(fixturesDir, 'tsStore');
const storeTs = join(fixture, 'store.ts');
const addLine = readFileSync(storeTs, 'utf8')
  .split('\n')
  .findIndex((l) => l.trimStart().startsWith('add(key: string'));
const engine = new HeapEngine();
let id = 0;
/** A request as the worker runs it; a failure rejects with the protocol's error code and message. */
const worker = {
  async request<M extends HeapMethod>(method: M, params: HeapParams<M>): Promise<HeapResult<M>> {
    try {
      return (await engine.handle(
        { id: ++id, method, params } as never,
        new AbortController().signal,
        () => undefined,
      )) as HeapResult<M>;
    } catch (error) {
      throw Object.assign(new Error(errorCode(error).message), { code: errorCode(error).code });
    }
  },
};
type HeapWorkerError = Error & { code: string };
let dir: string;
let recorded: string;

before(async () => {
  dir = tempDirForProcess('retainer-lens-service-');
  const outfile = join(dir, 'main.js');
  buildSync({
    entryPoints: [join(fixture, 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    sourcemap: 'linked',
    logLevel: 'silent',
  });
  recorded = await recordProgram(outfile, { output: join(dir, 'store.heapsnapshot') });
});

test('allocation sites, trees, stacks and objects of a recorded snapshot; frames map to .ts after a join', async () => {
  await worker.request('open', { path: recorded, snapshot: 'r' });
  const overview = await worker.request('allocationOverview', { snapshot: 'r' });
  assert.equal(overview.traced, true);
  const before = await worker.request('allocationSites', { snapshot: 'r', filter: 'add' });
  const unmapped = before.items.find((s) => s.frame.name === 'add');
  assert.ok(unmapped);
  assert.equal(unmapped.frame.source, undefined, 'no workspace before a join');
  assert.ok(unmapped.frame.url.endsWith('main.js'));

  await worker.request('join', { snapshot: 'r', workspaceRoots: [fixture, dir], cwd: dir });
  const sites = await worker.request('allocationSites', { snapshot: 'r', filter: 'add' });
  const add = sites.items.find((s) => s.frame.name === 'add')!;
  assert.deepEqual(
    { file: add.frame.source?.file, line: add.frame.source?.line },
    { file: storeTs, line: addLine },
    'the .ts line of Store.add',
  );
  assert.equal(add.count, 100);

  const stacks = await worker.request('allocationStacks', { snapshot: 'r', site: add.site });
  assert.equal(stacks.total, 1);
  assert.equal(stacks.items[0].frames[0].source?.file, storeTs);
  assert.equal(stacks.items[0].frames[1].name, 'plant');
  const objects = await worker.request('allocationObjects', {
    snapshot: 'r',
    group: 'bottom-up',
    node: add.site,
    limit: 200,
  });
  assert.equal(objects.total, 100);
  const one = await worker.request('objectAllocation', { snapshot: 'r', id: objects.items[0].id });
  assert.equal(one?.frames[one.siteFrame].name, 'add');
  assert.equal(one?.site, add.site);
  const callers = await worker.request('allocationTree', { snapshot: 'r', direction: 'bottom-up', parent: add.site });
  assert.deepEqual(
    callers.items.map((c) => c.frame.name),
    ['plant'],
  );
  const top = await worker.request('allocationTree', { snapshot: 'r', direction: 'top-down' });
  assert.ok(top.total > 0);
});

test('a snapshot without allocation stacks says so; the object query answers null', async () => {
  const { target } = fixtureSnapshots();
  await worker.request('open', { path: target, snapshot: 'plain' });
  const overview = await worker.request('allocationOverview', { snapshot: 'plain' });
  assert.equal(overview.traced, false);
  await assert.rejects(
    worker.request('allocationSites', { snapshot: 'plain' }),
    (e: HeapWorkerError) => e.code === 'bad-request' && /no allocation stacks/.test(e.message),
  );
  const members = await worker.request('members', { snapshot: 'plain', className: 'LeakyThing', limit: 1 });
  assert.equal(await worker.request('objectAllocation', { snapshot: 'plain', id: members.items[0].id }), null);
});

test('a .heapprofile opens with its top line; trees and the flame chart page through it', async () => {
  const file = await recordProgram(join(fixturesDir, 'plantedProgram.js'), {
    mode: 'sampling',
    command: 'fill',
    answer: 'filled',
  });
  const info = await worker.request('openProfile', { path: file, profile: 'p', workspaceRoots: [fixturesDir] });
  assert.equal(info.top?.frame.name, 'fillCache');
  assert.equal(info.top?.frame.source?.file, join(fixturesDir, 'plantedProgram.js'));
  const tree = await worker.request('profileTree', { profile: 'p', direction: 'bottom-up' });
  assert.equal(tree.items[0].frame.name, 'fillCache');
  const flame = await worker.request('profileFlame', { profile: 'p' });
  assert.equal(flame.total, info.totalBytes);
  assert.ok(flame.bars.some((b) => b.frame.name === 'fillCache'));
  const bad = join(dir, 'bad.heapprofile');
  writeFileSync(bad, '{"nodes": []}');
  await assert.rejects(
    worker.request('openProfile', { path: bad }),
    (e: HeapWorkerError) => e.code === 'bad-snapshot' && /no "head" call tree/.test(e.message),
  );
  await worker.request('close', { snapshot: 'p' });
  await assert.rejects(worker.request('profileTree', { profile: 'p', direction: 'top-down' }), /no open profile/);
});
