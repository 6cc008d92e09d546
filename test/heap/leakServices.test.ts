// Leak triage on three small leaky services the rest of the project never sees (fixtures/services), run as
// real Node programs and captured over the inspector around 100 rounds of real HTTP requests, each snapshot
// in its own inspector session (V8 renumbers objects, so identity comes from structural matching). Every
// planted leak must be a group in the first ten, named by its holder, with its code location; a chain of
// objects is one group; clean objects are in no group; no byte is counted twice.
import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import { flattenGroups, triageAllLeaks, type LeakGroup, type LeakTriage } from '../../src/heap/leaks';
import { loadSnapshotFile } from '../../src/heap/loader';
import { baseKeys, carryKeys } from '../../src/heap/match';
import { IdSet } from '../../src/heap/nodeIds';
import { shortLocation } from '../../src/heap/objectNames';
import type { HeapSnapshot } from '../../src/heap/snapshot';
import { SERVICES, serviceSnapshots } from './services/runService';

interface Triaged {
  final: HeapSnapshot;
  triage: LeakTriage;
  /** The default output: the first ten top-level groups, each with the groups folded under it. */
  shown: LeakGroup[];
}

async function triageService(name: string): Promise<Triaged> {
  const files = await serviceSnapshots(name, SERVICES[name]);
  const a = await loadSnapshotFile(files.baseline);
  const keysA = baseKeys(a);
  const baseline = IdSet.of(a, keysA);
  const b = await loadSnapshotFile(files.target);
  const keysB = carryKeys(a, keysA, b, 1).keys;
  const target = IdSet.of(b, keysB);
  const final = await loadSnapshotFile(files.final);
  const keysC = carryKeys(b, keysB, final, 2).keys;
  const triage = triageAllLeaks(baseline, target, final, undefined, keysC);
  const shown = flattenGroups(triage.groups.slice(0, 10)).map((f) => f.group);
  return { final, triage, shown };
}

const describeGroups = (groups: LeakGroup[]): string =>
  groups.map((g) => `${g.count}× ${g.className} — ${g.holder.text} — ${g.path}`).join('\n');

/** The one shown group of this class whose holder text matches. */
function planted(shown: LeakGroup[], className: string, holder: RegExp): LeakGroup {
  const found = shown.filter((g) => g.className === className && holder.test(g.holder.text));
  assert.equal(found.length, 1, `one ${className} group held by ${holder}; shown:\n${describeGroups(shown)}`);
  return found[0];
}

const at = (g: LeakGroup): string => (g.location ? shortLocation(g.location) : '');

/** No object is counted in two groups' bytes: counted members never sit inside one another. */
function assertEachByteOnce(final: HeapSnapshot, triage: LeakTriage): void {
  const counted = new Set<number>();
  for (const g of triage.groups) {
    for (const n of triage.members[g.id]) {
      let inside = false;
      for (let x = final.dominator[n]; x !== final.graph.rootOrdinal; x = final.dominator[x])
        if (triage.members.some((m) => m.includes(x))) inside = true;
      if (!inside) counted.add(n);
    }
  }
  let sum = 0;
  for (const n of counted) sum += final.retainedSize[n];
  const reported = triage.groups.reduce((s, g) => s + g.retainedSize, 0);
  assert.equal(reported, sum, 'top-level groups add up to the bytes of their outermost members, once each');
  assert.ok(reported <= final.totalSize);
}

describe('leak triage on unseen leaky services', { timeout: 300_000 }, () => {
  let catalog: Triaged;
  let pricing: Triaged;
  let sessions: Triaged;
  before(async () => {
    // One at a time: each runs a Node program and three captures.
    catalog = await triageService('catalog');
    pricing = await triageService('pricing');
    sessions = await triageService('sessions');
  });

  it('catalog: a chain through closure contexts is one group next to three ordinary leaks', () => {
    const { shown } = catalog;
    const chain = planted(shown, 'DirectorySnapshot', /variable `latest` captured by refreshListing\(\)/);
    assert.deepEqual(chain.chain, { links: 100, via: 'describe → context → previous' });
    assert.equal(chain.count, 100);
    assert.equal(at(chain), 'snapshots.js:6:14');
    assert.match(
      chain.path,
      /^\(GC roots\) → … → snapshots\.js → refreshListing\(\) → latest → \(describe → previous\)\+$/,
    );
    assert.equal(shown.filter((g) => g.className === 'DirectorySnapshot').length, 1, 'one group for the chain');

    assert.equal(planted(shown, 'AuditRecord', /^element of array `auditTrail`$/).count, 100);
    const sockets = planted(shown, 'Socket', /^key in Map `statsBySocket`$/);
    assert.equal(sockets.count, 100);
    assert.equal(at(sockets), 'connections.js:14:22', 'a runtime class points at the function holding its Map');
    assert.equal(planted(shown, 'ConnectionStats', /^value in Map `statsBySocket`$/).count, 100);
    const listener = planted(shown, '(anonymous)()', /^listener \(anonymous\)\(\) for 'change' on `themes`$/);
    assert.equal(at(listener), 'previews.js:13:25');
    // The panel the listener keeps through `this` is folded under it, not ranked again.
    const panels = listener.folded.find((g) => g.className === 'PreviewPanel');
    assert.ok(panels, describeGroups(shown));
    assert.equal(panels.count, 100);
    assert.match(
      panels.holder.text,
      /^variable `this` captured by \(anonymous\)\(\), a listener for 'change' on `themes`$/,
    );
    assert.ok(listener.retainedSize >= panels.retainedSize, 'the listener group holds the panels’ bytes');
    assert.ok(!catalog.triage.groups.some((g) => g.className === 'PreviewPanel'), 'panels are not a top-level group');
  });

  it('pricing: the leaking one of three listeners on one emitter is named, with its line', () => {
    const { shown, triage } = pricing;
    const ticks = planted(shown, 'onPriceTick()', /^listener onPriceTick\(\) for 'tick' on `ticker`$/);
    assert.equal(ticks.count, 100);
    assert.equal(at(ticks), 'ticker.js:29:23'); // V8 places a function at its parameter list
    assert.equal(ticks.holder.function?.name, 'onPriceTick');
    const all = flattenGroups(triage.groups).map((f) => f.group.className);
    for (const clean of ['recordTick()', 'updateIndex()', 'onFirstTick()', 'Quote'])
      assert.ok(!all.includes(clean), `${clean} is not a leak`);
    const watches = ticks.folded.find((g) => g.className === 'PriceWatch');
    assert.match(
      watches?.holder.text ?? '',
      /^variable `watch` captured by onPriceTick\(\), a listener for 'tick' on `ticker`$/,
    );
  });

  it('pricing: the timer, the numeric-keyed history and the accidental global', () => {
    const { shown } = pricing;
    const timer = planted(shown, 'Timeout', /^timer calling pollStock\(\)/);
    assert.equal(timer.count, 100);
    assert.equal(at(timer), 'poller.js:13:33');
    const polls = timer.folded.find((g) => g.className === 'StockPoll');
    assert.match(polls?.holder.text ?? '', /^variable `poll` captured by pollStock\(\), a timer$/);
    assert.equal(planted(shown, 'PricePoint', /^entry of Object `priceHistory`$/).count, 100);
    const trades = planted(shown, 'Trade', /^element of array `tradeLog`$/);
    assert.equal(trades.path, '(GC roots) → global → tradeLog[]');
    // Node's own timer bookkeeping (the list head of a new duration, the HTTP server's Date-header timer) is
    // no group: the four planted leaks are all there is.
    assert.deepEqual(
      pricing.triage.groups.map((g) => g.className),
      ['onPriceTick()', 'Timeout', 'Trade', 'PricePoint'],
    );
  });

  it('sessions: the timer pinning a buffer, the request-keyed Map, the class registry, the promise reactions', () => {
    const { shown } = sessions;
    const timer = planted(shown, 'Timeout', /^timer calling \(anonymous\)\(\)/);
    assert.equal(at(timer), 'uploads.js:9:14');
    const buffers = timer.folded.find((g) => g.className === 'Buffer');
    assert.match(buffers?.holder.text ?? '', /^variable `payload` captured by \(anonymous\)\(\), a timer$/);
    assert.equal(buffers?.count, 100);
    assert.equal(planted(shown, 'IncomingMessage', /^key in Map `sessionsByRequest`$/).count, 100);
    assert.equal(planted(shown, 'Session', /^value in Map `sessionsByRequest`$/).count, 100);
    assert.equal(planted(shown, 'ExportJob', /^element of array `ExportJob\.all`$/).count, 100);
    const retries = planted(shown, 'retryWhenReady()', /^reaction retryWhenReady\(\) on promise `serviceReady`$/);
    assert.match(retries.path, /serviceReady → reactions → \(reaction\)\+ → retryWhenReady\(\)$/);
    assert.ok(retries.folded.some((g) => g.className === 'RetryAttempt' && g.count === 100));
  });

  it('counts each byte once and keeps clean objects out of every group', () => {
    for (const { final, triage } of [catalog, pricing, sessions]) {
      assertEachByteOnce(final, triage);
      const flat = flattenGroups(triage.groups).map((f) => f.group);
      const classes = flat.map((g) => g.className);
      // On failure, the offending groups whole (count, holder, path): this has failed once under load in CI.
      for (const clean of ['Lookup', 'Quote', 'Sample'])
        assert.ok(
          !classes.includes(clean),
          `${clean} in ${classes.join(', ')}:\n${describeGroups(flat.filter((g) => g.className === clean))}`,
        );
      assert.ok(triage.groups.length <= 10, `at most ten top-level groups: ${classes.join(', ')}`);
    }
  });
});
