// A real Node program allocates known objects in known functions and keeps a third of them; we record it
// through the capture client (HeapProfiler.startTrackingHeapObjects → stopTrackingHeapObjects) and check
// the engine's allocation sites against the objects found through the program's own holders.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import {
  allAllocationSites,
  allocationObjectOrdinals,
  allocationOverview,
  allocationStacks,
  allocationTree,
  objectAllocation,
  type AllocationSiteRow,
} from '../../src/heap/allocationQueries';
import { loadSnapshotFile } from '../../src/heap/loader';
import type { HeapSnapshot } from '../../src/heap/snapshot';
import { fixturesDir, recordProgram } from './recordProgram';

const FIXTURE = 'plantedProgram.js';
const KEPT = 100;
const ROUNDS = 300;

let file: string;
let snapshot: HeapSnapshot;
let sites: AllocationSiteRow[];
const source = readFileSync(join(fixturesDir, FIXTURE), 'utf8');

/** Where V8 places `function name(`: the line, and the column of its `(` (0-based). */
function functionPosition(name: string): { line: number; column: number } {
  const at = source.indexOf(`function ${name}(`);
  assert.ok(at >= 0, name);
  const paren = at + `function ${name}`.length;
  const before = source.slice(0, paren);
  const line = before.split('\n').length - 1;
  return { line, column: paren - before.lastIndexOf('\n') - 1 };
}

/** Target of a node's edge named `name`. */
function child(n: number, name: string): number {
  const g = snapshot.graph;
  for (let e = g.firstEdge.get(n); e < g.firstEdge.get(n + 1); e++)
    if (g.edgeHasStringName(e) && g.edgeNameString(e) === name) return g.targetOf(e);
  return -1;
}

/** The objects the program keeps, found through its holders (not through allocation traces). */
function planted(): Map<string, number[]> {
  const g = snapshot.graph;
  let holder = -1;
  for (let e = 0; e < g.edgeCount && holder < 0; e++)
    if (g.edgeHasStringName(e) && g.edgeNameString(e) === 'plantedAllocations') holder = g.targetOf(e);
  assert.ok(holder >= 0, 'the holder is in the snapshot');
  const elements = (array: number): number[] => {
    const store = child(array, 'elements');
    const out: number[] = [];
    for (let e = g.firstEdge.get(store); e < g.firstEdge.get(store + 1); e++) {
      const to = g.targetOf(e);
      if (g.nodeTypeName(to) !== 'hidden' && g.nodeTypeName(to) !== 'number') out.push(to);
    }
    return out;
  };
  const table = child(child(holder, 'entries'), 'table');
  const values: number[] = [];
  for (let e = g.firstEdge.get(table); e < g.firstEdge.get(table + 1); e++)
    if (g.nodeTypeName(g.targetOf(e)) === 'object') values.push(g.targetOf(e));
  return new Map([
    ['makeRow', elements(child(holder, 'rows'))],
    ['makeLabel', elements(child(holder, 'labels'))],
    ['remember', values],
    ['openSession', elements(child(holder, 'sessions'))],
    ['makeHandler', elements(child(holder, 'handlers'))],
    ['makeTree', elements(child(holder, 'trees'))],
  ]);
}

function siteOf(name: string): AllocationSiteRow {
  const found = sites.filter((s) => s.frame.name === name && s.frame.url.endsWith(FIXTURE));
  assert.equal(found.length, 1, `one site for ${name}`);
  return found[0];
}

before(async () => {
  file = await recordProgram(FIXTURE);
  snapshot = await loadSnapshotFile(file, { parallel: false });
  sites = allAllocationSites(snapshot);
});

test('the recording carries allocation stacks', () => {
  const overview = allocationOverview(snapshot);
  assert.equal(overview.traced, true);
  assert.ok(overview.liveCount >= 5 * KEPT, `${overview.liveCount} live traced objects`);
  assert.ok(overview.untracedCount > 0, 'objects from before the recording have no stack');
});

test('every kept object names its allocating function and its exact position, called from plant', () => {
  for (const [name, objects] of planted()) {
    assert.equal(objects.length, KEPT, `${name}: the program keeps ${KEPT}`);
    const expected = functionPosition(name);
    const caller = functionPosition('plant');
    for (const n of objects) {
      const allocation = objectAllocation(snapshot, { ordinal: n });
      assert.ok(allocation && allocation.frames.length > 0, `${name}: @${snapshot.graph.idOf(n)} has a stack`);
      const frame = allocation.frames[allocation.siteFrame];
      assert.equal(frame.name, name);
      assert.ok(frame.url.endsWith(FIXTURE), frame.url);
      assert.deepEqual({ line: frame.line, column: frame.column }, expected, `${name} position`);
      const next = allocation.frames[allocation.siteFrame + 1];
      assert.deepEqual(
        { name: next.name, line: next.line, column: next.column },
        { name: 'plant', ...caller },
        `${name} is called from plant`,
      );
    }
  }
});

/** A kept tree's two inner objects. */
function branches(tree: number): number[] {
  return [child(tree, 'left'), child(tree, 'right')];
}

test('per site: the live count and the retained size are the planted ones; freed objects are absent', () => {
  for (const [name, kept] of planted()) {
    const site = siteOf(name);
    // Retained once: a tree's branches are inside its retained size, but they are live objects of the site too.
    const retained = kept.reduce((sum, n) => sum + snapshot.retainedSize[n], 0);
    const objects = name === 'makeTree' ? [...kept, ...kept.flatMap(branches)] : kept;
    const shallow = objects.reduce((sum, n) => sum + snapshot.graph.selfSizeOf(n), 0);
    assert.equal(site.count, name === 'makeTree' ? 3 * KEPT : KEPT, `${name} count`);
    assert.equal(site.retainedSize, retained, `${name} retained size`);
    assert.equal(site.selfSize, shallow, `${name} shallow size`);
    assert.ok(site.allocatedCount >= ROUNDS, `${name}: ${site.allocatedCount} allocated while recording`);
    const listed = [...allocationObjectOrdinals(snapshot, { group: 'bottom-up', node: site.site })].sort();
    assert.deepEqual(listed, [...objects].sort(), `${name}: the site's objects are exactly the kept ones`);
    assert.equal(site.stacks, 1);
    const [stack] = allocationStacks(snapshot, { site: site.site }).items;
    assert.deepEqual(
      stack.frames.slice(0, 2).map((f) => f.name),
      [name, 'plant'],
    );
  }
  assert.deepEqual(siteOf('openSession').classes, [{ name: 'Session', count: KEPT }]);
  assert.deepEqual(siteOf('makeHandler').classes, [{ name: 'Function', count: KEPT }]);
});

test('retained size is counted once per site: an object held by another of the same site adds nothing', () => {
  // plant() allocates nothing that survives itself; its subtree in the top-down tree holds all five sites.
  const tree = siteOf('makeTree');
  const trees = planted().get('makeTree')!;
  const summed = [...trees, ...trees.flatMap(branches)].reduce((sum, n) => sum + snapshot.retainedSize[n], 0);
  assert.ok(tree.retainedSize < summed, 'branches are not counted again');
  assert.equal(
    tree.retainedSize,
    trees.reduce((sum, n) => sum + snapshot.retainedSize[n], 0),
  );
  const plantRow = findTopDown('plant');
  const bySite = [...planted().keys()].map(siteOf);
  assert.equal(
    plantRow.count,
    bySite.reduce((s, r) => s + r.count, 0),
  );
  // Sessions, rows, labels, handlers and entries do not hold each other: the inclusive sum is exact.
  assert.equal(
    plantRow.retainedSize,
    bySite.reduce((s, r) => s + r.retainedSize, 0),
  );
  // Bottom-up: the site's children are its callers, one level each.
  const callers = allocationTree(snapshot, { direction: 'bottom-up', parent: siteOf('makeRow').site }).items;
  assert.deepEqual(
    callers.map((c) => c.frame.name),
    ['plant'],
  );
  assert.equal(callers[0].count, KEPT);
});

function findTopDown(name: string) {
  const queue = allocationTree(snapshot, { direction: 'top-down', limit: 1000 }).items;
  while (queue.length) {
    const row = queue.shift()!;
    if (row.frame.name === name && row.frame.url.endsWith(FIXTURE)) return row;
    if (row.children)
      queue.push(...allocationTree(snapshot, { direction: 'top-down', parent: row.node, limit: 1000 }).items);
  }
  assert.fail(`no top-down node for ${name}`);
}

test('the parallel loader (decode threads) reads the same allocation stacks as the sequential one', async () => {
  const parallel = await loadSnapshotFile(file, { parallel: true });
  assert.ok(parallel.graph.shared, 'the columns came from the decode threads');
  for (let n = 0; n < snapshot.nodeCount; n++)
    if (parallel.traces!.traceNodeOf(n) !== snapshot.traces!.traceNodeOf(n)) assert.fail(`node ${n}: another stack`);
  assert.deepEqual(allAllocationSites(parallel), sites);
  const skipped = await loadSnapshotFile(file, { parallel: true, allocationTraces: false });
  assert.equal(skipped.traces, undefined);
  assert.equal(allocationOverview(skipped).traced, false);
});
