// Real snapshots written by a real Node process (fixtures/leakyProgram.js), checked against the objects the
// program holds and against Chrome DevTools' own pipeline (heap-snapshot-toolkit) on the same file.
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { before, test } from 'node:test';
import { outgoingEdges, retainers, dominatorChain } from '../../src/heap/edges';
import { closureContext, location } from '../../src/heap/location';
import { loadSnapshotFile } from '../../src/heap/loader';
import { pathsToRoot } from '../../src/heap/paths';
import type { HeapSnapshot } from '../../src/heap/snapshot';
import { statistics } from '../../src/heap/statistics';
import { classMembers, classSummary, classSummaryAll } from '../../src/heap/summary';
import { fixtureSnapshots, FIXTURE_FILE, HOLDER_LINE } from './fixture';
import { chromeOracle, type ChromeView } from './helpers';

let ours: HeapSnapshot;
let chrome: ChromeView;

before(async () => {
  const { target } = fixtureSnapshots();
  ours = await loadSnapshotFile(target);
  chrome = await chromeOracle(createReadStream(target));
});

test('node and edge counts, every retained size, dominator, distance and shallow size match Chrome', () => {
  assert.equal(ours.nodeCount, chrome.nodeCount);
  assert.equal(ours.edgeCount, chrome.edgeCount);
  let mismatches = 0;
  for (let n = 0; n < ours.nodeCount; n++) {
    if (
      ours.retainedSize[n] !== chrome.retainedSizes[n] ||
      ours.dominator[n] !== chrome.dominators[n] ||
      ours.distances.get(n) !== chrome.distances[n] ||
      ours.graph.selfSizeOf(n) !== chrome.selfSize(n) ||
      ours.className(n) !== chrome.className(n)
    )
      mismatches++;
  }
  assert.equal(mismatches, 0);
  assert.equal(ours.totalSize, chrome.totalSize);
  assert.deepEqual(statistics(ours), chrome.statistics);
});

test('summary by class agrees with Chrome for the top classes', () => {
  // Chrome splits classes by constructor location as well as name; compare the names it does not split.
  const chromeByName = new Map<string, { count: number; self: number; maxRet: number; distance: number }[]>();
  for (const a of Object.values(chrome.aggregates)) chromeByName.set(a.name, [...(chromeByName.get(a.name) ?? []), a]);
  const top = classSummary(ours, { limit: 25 }).items;
  assert.equal(top.length, 25);
  let compared = 0;
  for (const row of top) {
    const theirs = chromeByName.get(row.name);
    assert.ok(theirs, `Chrome has class ${row.name}`);
    if (theirs.length !== 1) continue;
    compared++;
    assert.deepEqual(
      { count: row.count, shallow: row.shallowSize, retained: row.retainedSize, distance: row.distance },
      { count: theirs[0].count, shallow: theirs[0].self, retained: theirs[0].maxRet, distance: theirs[0].distance },
      row.name,
    );
  }
  assert.ok(compared >= 20, `compared ${compared} classes`);
  // Sorted by retained size, largest first.
  for (let i = 1; i < top.length; i++) assert.ok(top[i - 1].retainedSize >= top[i].retainedSize);
  assert.equal(
    classSummaryAll(ours).reduce((sum, c) => sum + c.count, 0),
    chromeTotalCount(chrome),
  );
});

function chromeTotalCount(view: ChromeView): number {
  return Object.values(view.aggregates).reduce((sum, a) => sum + a.count, 0);
}

test('finds exactly the 1234 LeakyThing instances and a root path through leakyRegistry', () => {
  const row = classSummary(ours, { filter: 'LeakyThing' }).items;
  assert.equal(row.length, 1);
  assert.equal(row[0].count, 1234);
  const members = classMembers(ours, { className: 'LeakyThing', limit: 2000 });
  assert.equal(members.total, 1234);
  assert.equal(members.items.length, 1234);
  const total = members.items.reduce((sum, m) => sum + m.retainedSize, 0);
  assert.equal(row[0].retainedSize, total);
  for (const m of members.items) assert.equal(m.retainedSize, chrome.retainedSizes[m.ordinal]);
  const paths = pathsToRoot(ours, { id: members.items[0].id });
  assert.ok(paths.items.length >= 1);
  const path = paths.items[0];
  assert.match(path.text, /->leakyRegistry\[\d+\]$/);
  assert.equal(path.steps.at(-1)!.node.id, members.items[0].id);
  assert.equal(path.steps.at(-2)!.edgeName, 'leakyRegistry');
  assert.equal(path.steps.at(-2)!.edgeType, 'context');
  // Retainers, nearest the roots first; never weak edges.
  const rs = retainers(ours, { id: members.items[0].id });
  assert.ok(rs.items.some((r) => r.node.className === 'Array' && r.edgeType === 'element'));
  assert.ok(rs.items.every((r) => r.edgeType !== 'weak'));
  for (let i = 1; i < rs.items.length; i++)
    assert.ok((rs.items[i - 1].node.distance ?? Infinity) <= (rs.items[i].node.distance ?? Infinity));
  // Its own edges: the two fields set in the constructor.
  const names = outgoingEdges(ours, { id: members.items[0].id }).items.map((e) => e.edgeName);
  assert.ok(names.includes('index') || names.includes('label'));
});

test('the closure holding a 10 MB Buffer: retained size, context variable and source location', () => {
  const holder = classMembers(ours, { className: 'Function', limit: 100_000 }).items.filter((r) => r.name === 'holder');
  assert.equal(holder.length, 1);
  const mb10 = 10 * 1024 * 1024;
  assert.ok(holder[0].retainedSize >= mb10 && holder[0].retainedSize < mb10 + 4096, String(holder[0].retainedSize));
  const ctx = closureContext(ours, { id: holder[0].id });
  assert.ok(ctx);
  const big = ctx.variables.items.find((v) => v.edgeName === 'big');
  assert.ok(big);
  assert.equal(big.depth, 0);
  assert.ok(big.node.retainedSize >= mb10);
  assert.ok(ctx.variables.items.some((v) => v.edgeName === 'leakyRegistry' && v.depth === 1));
  const loc = location(ours, { id: holder[0].id });
  assert.ok(loc);
  assert.equal(loc.line, HOLDER_LINE);
  assert.ok(loc.url?.endsWith(FIXTURE_FILE), loc.url);
  const chain = dominatorChain(ours, { id: big.node.id }).items;
  assert.equal(chain[0].id, big.node.id);
  assert.equal(chain.at(-1)!.ordinal, ours.graph.rootOrdinal);
});

test('long strings are cut to the name limit and flagged; escapes are decoded', () => {
  const strings = classMembers(ours, { className: '(string)', sortBy: 'shallowSize', limit: 50 }).items;
  const long = strings.find((s) => s.name.startsWith('üüü'));
  assert.ok(long);
  assert.equal(long.name.length, 1000);
  assert.equal(long.nameTruncated, true);
  // V8 itself writes at most 1024 characters of a string's value.
  assert.ok(ours.graph.nodeNameString(long.ordinal) === 'ü'.repeat(1024));
  const escaped = classMembers(ours, { className: '(string)', limit: 100_000 }).items.filter((s) =>
    s.name.startsWith('tab\t'),
  );
  assert.ok(escaped.length >= 1); // the source literal and the flattened copy
  for (const s of escaped) assert.ok(s.name === 'tab\there "quoted" back\\slash é', 'escapes decoded');
});
