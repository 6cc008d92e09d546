// Leak triage on real snapshots of a miniature leaky server (fixtures/leakyServerProgram.js): the planted
// leaks must come out as groups whose paths name the holding variables, old module objects must not, and
// this must hold both when node ids are stable (v8.writeHeapSnapshot) and when each snapshot comes from a
// new inspector session — V8 renumbers every object then, as with three `retainer-lens capture` runs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { findGrowth, sampleCollections, withPaths, type GrowingCollection } from '../../src/heap/growth';
import { flattenGroups, triageLeaks, type LeakGroup } from '../../src/heap/leaks';
import { loadSnapshotFile } from '../../src/heap/loader';
import { baseKeys, carryKeys } from '../../src/heap/match';
import { IdSet } from '../../src/heap/nodeIds';
import { tempDirForProcess } from '../support/tempDir';

async function triage(
  mode: 'inspector' | 'write',
): Promise<{ byId: boolean[]; groups: LeakGroup[]; growth: GrowingCollection[] }> {
  const dir = tempDirForProcess(`retainer-lens-leaks-${mode}-`);
  execFileSync(process.execPath, [join(__dirname, 'fixtures', 'leakyServerProgram.js'), dir, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [a, b, c] = await Promise.all(
    ['baseline', 'target', 'final'].map((name) => loadSnapshotFile(join(dir, `${name}.heapsnapshot`))),
  );
  const keysA = baseKeys(a);
  const carriedB = carryKeys(a, keysA, b, 1);
  const carriedC = carryKeys(b, carriedB.keys, c, 2);
  const report = triageLeaks(IdSet.of(a, keysA), IdSet.of(b, carriedB.keys), c, { limit: 1000 }, carriedC.keys);
  const growth = withPaths(
    c,
    findGrowth([sampleCollections(a, keysA), sampleCollections(b, carriedB.keys), sampleCollections(c, carriedC.keys)]),
  );
  // Folded groups (a listener's captured subscription, a timer's state) count as groups of their own here.
  const groups = flattenGroups(report.groups.items).map((f) => f.group);
  return { byId: [carriedB.byId, carriedC.byId], groups, growth: growth.items };
}

function checkPlantedLeaks({ groups, growth }: { groups: LeakGroup[]; growth: GrowingCollection[] }): void {
  const find = (className: string, trace: RegExp): LeakGroup => {
    const found = groups.filter((g) => g.className === className && trace.test(g.trace));
    assert.equal(
      found.length,
      1,
      `one ${className} group matching ${trace}; groups: ${groups.map((g) => `${g.count}× ${g.className} ${g.trace}`).join('\n')}`,
    );
    return found[0];
  };
  // 200 requests between baseline and target, each leaking one of each; 20 uploads pin a buffer each.
  assert.equal(find('Report', /\.buildReport\{context\}->reportCache\{table\}/).count, 200);
  assert.equal(find('SessionInfo', /->sessionStarts\{table\}/).count, 200);
  assert.equal(find('FakeRequest', /->sessionStarts\{table\}/).count, 200);
  assert.equal(find('ClientSubscription', /\.bus\._events\.broadcast\[\]\{context\}->subscription$/).count, 200);
  assert.equal(find('(anonymous)()', /\.bus\._events\.broadcast\[\]$/).count, 200);
  assert.equal(find('PollState', /timerListMap\[\]\(\._idleNext\/Prev\)\+\._onTimeout\{context\}->state$/).count, 200);
  assert.equal(find('Buffer', /_onTimeout\{context\}->payload$/).count, 20);
  // The two timers' Timeouts differ by their callback: one group each, named by it.
  const timers = groups.filter((g) => g.className === 'Timeout');
  assert.deepEqual(
    timers.map((g) => g.count).sort((a, b) => a - b),
    [20, 200],
  );
  // Objects that existed before the baseline are not reported: module functions, the emitter, the Maps.
  for (const g of groups) {
    assert.doesNotMatch(g.trace, /\.exports\.\w+$/, `old module object reported: ${g.trace}`);
    assert.ok(
      !['Map', 'EventEmitter', 'Module', 'BuiltinModule'].includes(g.className),
      `old ${g.className} reported: ${g.trace}`,
    );
  }
  // Nothing else: every group is one of the planted leaks (or the sibling closure that pins the buffer).
  const planted = new Set([
    'Report',
    'SessionInfo',
    'FakeRequest',
    'ClientSubscription',
    '(anonymous)()',
    'checksum()',
    'PollState',
    'Buffer',
    'Timeout',
  ]);
  assert.deepEqual(
    groups.filter((g) => !planted.has(g.className)).map((g) => `${g.className} ${g.trace}`),
    [],
  );
  // The cache grows 5 → 205 → 225 entries: it grows in every snapshot, and its path names the variable.
  const cache = growth.find((c) => c.holder?.name === 'reportCache');
  assert.ok(cache, `reportCache among growing collections: ${growth.map((c) => c.path).join(', ')}`);
  assert.equal(cache.className, 'Map');
  assert.equal(cache.holder?.text, 'variable `reportCache` captured by buildReport()');
  assert.match(cache.path ?? '', /^\(GC roots\) → … → leakyServerProgram\.js → buildReport\(\) → reportCache$/);
  assert.ok(growth.some((c) => c.holder?.name === 'sessionStarts'));
}

test('snapshots from separate inspector sessions: ids disagree, objects are matched by structure', async () => {
  const result = await triage('inspector');
  assert.deepEqual(result.byId, [false, false]);
  checkPlantedLeaks(result);
});

test('snapshots from one profiler (v8.writeHeapSnapshot): ids agree and are used', async () => {
  const result = await triage('write');
  assert.deepEqual(result.byId, [true, true]);
  checkPlantedLeaks(result);
});
