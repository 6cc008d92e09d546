// The parallel file loader (two decode threads into shared columns, the dominator half of the analysis on a
// helper thread, the Summary answering first) on real snapshots: the same numbers as the sequential loader and
// as Chrome DevTools' pipeline, clear errors for broken files, and the progressive order of results.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { distanceSearch } from '../../src/heap/distances';
import { NAME_BLOCK_SHIFT } from '../../src/heap/edgeInfo';
import { HeapSnapshotError } from '../../src/heap/errors';
import { loadSnapshotFile, openSnapshotFile } from '../../src/heap/loader';
import type { HeapSnapshot } from '../../src/heap/snapshot';
import { statistics } from '../../src/heap/statistics';
import { WeakMapEdgeNames } from '../../src/heap/weakMapEdges';
import { classSummary, classSummaryAll } from '../../src/heap/summary';
import { fixtureSnapshots } from './fixture';
import { chromeOracle, type ChromeView } from './helpers';
import { tempDirForProcess } from '../support/tempDir';
import { buildSnapshot, type TestEdge, type TestNode } from './snapshotBuilder';

let parallel: HeapSnapshot;
let sequential: HeapSnapshot;
let chrome: ChromeView;

before(async () => {
  const { target } = fixtureSnapshots();
  parallel = await loadSnapshotFile(target, { parallel: true });
  sequential = await loadSnapshotFile(target, { parallel: false });
  chrome = await chromeOracle(createReadStream(target));
});

test('decoded on helper threads into shared columns: the same graph as the sequential loader', () => {
  const a = parallel.graph;
  const b = sequential.graph;
  assert.ok(a.shared, 'the parallel load keeps its columns in shared memory');
  assert.ok(!b.shared);
  for (const column of ['nodeType', 'nodeNameCode', 'edgeInfo', 'edgeTo'] as const) {
    assert.deepEqual(Array.from(a[column]), Array.from(b[column]), column);
  }
  for (const part of ['base', 'offset', 'wide'] as const)
    assert.deepEqual(Array.from(a.firstEdge[part]), Array.from(b.firstEdge[part]), `firstEdge ${part}`);
  const selfSizes = (g: typeof a): number[] => Array.from({ length: g.nodeCount }, (_, n) => g.selfSizeOf(n));
  assert.deepEqual(selfSizes(a), selfSizes(b), 'self sizes');
  const ids = (g: typeof a): number[] => Array.from({ length: g.nodeCount }, (_, n) => g.idOf(n));
  assert.deepEqual(ids(a), ids(b), 'node ids');
  const states = (g: typeof a): number[] => Array.from({ length: g.nodeCount }, (_, n) => g.detachednessOf(n));
  assert.deepEqual(states(a), states(b), 'DOM states');
  for (const part of ['blockStart', 'length', 'bytes'] as const)
    assert.deepEqual(Array.from(a.retainers[part]), Array.from(b.retainers[part]), part);
  assert.deepEqual([...a.retainers.long], [...b.retainers.long]);
  for (const part of ['base', 'escapeEdges', 'escapeNames', 'escapeIndex'] as const) {
    assert.deepEqual(Array.from(a.edgeNames[part]), Array.from(b.edgeNames[part]), `edge names: ${part}`);
    assert.deepEqual(Array.from(a.nodeNames[part]), Array.from(b.nodeNames[part]), `node names: ${part}`);
  }
});

test("element indices far from their block's others (a sparse array) keep their names, in both loaders", async () => {
  // A real Node process holds an array with keys past 2^28 (V8 writes them as element edges).
  const file = join(tempDirForProcess('retainer-lens-sparse-'), 'sparse.heapsnapshot');
  const program = `
    const sparse = [];
    sparse[4294967294 - 1] = { tag: 'last' };
    sparse[2 ** 28 + 5] = { tag: 'middle' };
    sparse[7] = { tag: 'small' };
    globalThis.sparse = sparse;
    require('node:v8').writeHeapSnapshot(${JSON.stringify(file)});`;
  execFileSync(process.execPath, ['-e', program], { stdio: 'ignore' });
  for (const mode of [true, false]) {
    const s = await loadSnapshotFile(file, { parallel: mode });
    const g = s.graph;
    const element = g.layout.edgeType.element;
    const names = new Map<string, number>();
    for (let e = 0; e < g.edgeCount; e++) if (g.edgeTypeOf(e) === element) names.set(g.edgeNameString(e), e);
    for (const index of ['4294967293', String(2 ** 28 + 5), '7'])
      assert.ok(names.has(index), `element ${index} (${mode ? 'parallel' : 'sequential'})`);
    // In one block of names (where the heap put the array decides), the two large indices share no window: one
    // is kept aside.
    const [last, middle] = [names.get('4294967293')!, names.get(String(2 ** 28 + 5))!];
    if (last >>> NAME_BLOCK_SHIFT === middle >>> NAME_BLOCK_SHIFT)
      assert.ok(g.edgeNames.escapeEdges.length >= 1, 'one of the two large indices is kept aside');
  }
});

test("shallow sizes around the 2-byte column's limit, written straight by the decode threads, in both loaders", async () => {
  // A real Node process holds ArrayBuffers whose backing stores (native nodes) are exactly these sizes.
  const sizes = [0xfffe, 0xffff, 0x10000, 0x10001, 5 << 20, 2 ** 32 - 1];
  const file = join(tempDirForProcess('retainer-lens-sizes-'), 'sizes.heapsnapshot');
  const program = `
    globalThis.held = ${JSON.stringify([...sizes.slice(0, -1), 3 << 20])}.map((n) => new ArrayBuffer(n));
    require('node:v8').writeHeapSnapshot(${JSON.stringify(file)});`;
  execFileSync(process.execPath, ['-e', program], { stdio: 'ignore' });
  // And one of 2^32 - 1 bytes (the largest the decode threads keep) in place of the 3 MB one, written into that
  // snapshot's text: V8 would need 4 GiB to write it.
  const text = readFileSync(file, 'latin1').replace(/(\d+,\d+,\d+,)3145728,/, '$1' + String(2 ** 32 - 1) + ',');
  const edited = file.replace('.heapsnapshot', '-edited.heapsnapshot');
  writeFileSync(edited, text, 'latin1');
  const oracle = await chromeOracle(createReadStream(edited));
  const [a, b] = await Promise.all([true, false].map((mode) => loadSnapshotFile(edited, { parallel: mode })));
  const found = (s: HeapSnapshot): number[] => {
    const g = s.graph;
    const out: number[] = [];
    for (let n = 0; n < g.nodeCount; n++)
      if (g.nodeNameString(n) === 'system / JSArrayBufferData' && sizes.includes(g.selfSizeOf(n)))
        out.push(g.selfSizeOf(n));
    return out.sort((x, y) => x - y);
  };
  assert.deepEqual(
    found(a),
    [...sizes].sort((x, y) => x - y),
    'parallel',
  );
  assert.deepEqual(found(b), found(a), 'sequential');
  const values = a.graph.selfSizes.values;
  assert.ok(values instanceof Uint16Array && values.buffer instanceof SharedArrayBuffer, 'codes from the threads');
  let mismatches = 0;
  for (let n = 0; n < a.nodeCount; n++) {
    const size = a.graph.selfSizeOf(n);
    if (size !== b.graph.selfSizeOf(n) || size !== oracle.selfSize(n) || a.retainedSize[n] !== oracle.retainedSizes[n])
      mismatches++;
  }
  assert.equal(mismatches, 0);
  assert.equal(a.totalSize, oracle.totalSize);
  assert.equal(a.graph.selfSizes.wide, true, 'the sizes sum past 4 GiB: retained sizes in 8 bytes');
});

test('every retained size, dominator, distance, shallow size and class equals Chrome DevTools', () => {
  assert.equal(parallel.nodeCount, chrome.nodeCount);
  assert.equal(parallel.edgeCount, chrome.edgeCount);
  let mismatches = 0;
  for (let n = 0; n < parallel.nodeCount; n++) {
    if (
      parallel.retainedSize[n] !== chrome.retainedSizes[n] ||
      parallel.dominator[n] !== chrome.dominators[n] ||
      parallel.distances.get(n) !== chrome.distances[n] ||
      parallel.graph.selfSizeOf(n) !== chrome.selfSize(n) ||
      parallel.className(n) !== chrome.className(n)
    )
      mismatches++;
  }
  assert.equal(mismatches, 0);
  assert.equal(parallel.totalSize, chrome.totalSize);
  assert.deepEqual(statistics(parallel), chrome.statistics);
});

test('the Summary answers before retained sizes: counts and shallow sizes, then the rest fills in', async () => {
  const { target } = fixtureSnapshots();
  const stages: string[] = [];
  const s = await openSnapshotFile(target, { parallel: true, onProgress: (p) => stages.push(p.stage) });
  assert.equal(s.complete, false);
  assert.ok(stages.includes('classes') && !stages.includes('done'), stages.join());
  assert.equal(s.totalSize, chrome.totalSize, 'the total is known from the shallow sizes');
  const first = classSummary(s, { filter: 'LeakyThing' });
  assert.equal(first.partial, true);
  assert.deepEqual(
    first.items.map((r) => [r.name, r.count]),
    [['LeakyThing', 1234]],
  );
  // Sorted by shallow size while retained sizes are unknown.
  const top = classSummary(s, { sortBy: 'retainedSize', limit: 5 }).items.map((r) => r.shallowSize);
  assert.deepEqual(
    top,
    [...top].sort((x, y) => y - x),
  );
  await s.ready;
  assert.equal(s.complete, true);
  assert.equal(stages.at(-1), 'done');
  assert.equal(classSummary(s, { filter: 'LeakyThing' }).partial, undefined);
  assert.deepEqual(classSummaryAll(s), classSummaryAll(sequential));
});

test("the first Summary page's counts and shallow sizes (counted with the classes) are Chrome's, in both loaders", async () => {
  const { target } = fixtureSnapshots();
  // Chrome's per class: members with a nonzero shallow size and their sum.
  const expected = new Map<string, [number, number]>();
  for (let n = 0; n < chrome.nodeCount; n++) {
    const size = chrome.selfSize(n);
    if (!size) continue;
    const row = expected.get(chrome.className(n)) ?? [0, 0];
    expected.set(chrome.className(n), [row[0] + 1, row[1] + size]);
  }
  for (const inParallel of [true, false]) {
    const s = await openSnapshotFile(target, { parallel: inParallel });
    assert.equal(s.complete, false);
    const rows = classSummary(s, { limit: Number.MAX_SAFE_INTEGER });
    assert.equal(rows.partial, true);
    const got = new Map(rows.items.map((r) => [r.name, [r.count, r.shallowSize] as [number, number]]));
    assert.deepEqual(got, expected, inParallel ? 'parallel' : 'sequential');
    assert.equal(s.totalSize, chrome.totalSize);
    await s.ready;
    const complete = classSummaryAll(s).map((r) => [r.name, r.count, r.shallowSize]);
    assert.deepEqual(new Map(complete.map(([name, ...rest]) => [name, rest])), expected);
  }
});

test("the distances' search in slices (the engine's thread answers requests between them) ends with Chrome's", () => {
  const graph = parallel.graph;
  const search = distanceSearch(graph, new WeakMapEdgeNames(graph));
  // A deadline already past: each step follows one batch of nodes, then hands back.
  let steps = 1;
  while (!search.step(0)) steps++;
  assert.ok(steps > 2, `${steps} steps over ${graph.nodeCount} nodes`);
  assert.deepEqual(Array.from(search.distances.toArray()), Array.from(chrome.distances));
});

test('a broken nodes or edges array is one clear error from the parallel loader', async () => {
  const { dir, target } = fixtureSnapshots();
  const text = readFileSync(target, 'latin1');
  const edges = text.indexOf('"edges":[');
  const cases: [string, string, RegExp][] = [
    ['truncated', text.slice(0, edges - 100), /truncated heap snapshot: ended inside the nodes array/],
    ['letter', text.slice(0, edges + 5000) + 'x' + text.slice(edges + 5001), /unexpected 'x' in the edges array/],
    [
      'fields',
      text.slice(0, edges - 3) + ',0' + text.slice(edges - 3),
      /the nodes array is not a multiple of 7 fields|holds more values than the header counts/,
    ],
    // A target past the last node: found while the helper thread already runs the dominator half, which must end.
    ['target', pointPastLastNode(text, edges), /corrupt heap snapshot: edge 0 points to node \d+ of \d+/],
    // Names past the strings: the decode threads' bounds send the loader to its full check, which names the first.
    ['node name', nameNodeZero(text), /corrupt heap snapshot: node 0 names string 99999999 of \d+/],
    ['edge name', nameFirstProperty(text, edges), /corrupt heap snapshot: edge \d+ names string 99999999 of \d+/],
  ];
  for (const [name, body, expected] of cases) {
    const file = join(dir, `broken-${name}.heapsnapshot`);
    writeFileSync(file, body, 'latin1');
    await assert.rejects(
      loadSnapshotFile(file, { parallel: true }),
      (e: Error) => e instanceof HeapSnapshotError && expected.test(e.message),
      name,
    );
  }
});

/** The snapshot text with the first node's name set past the strings. */
function nameNodeZero(text: string): string {
  const start = text.indexOf('"nodes":[') + '"nodes":['.length;
  const pair = /^(\s*\d+\s*,\s*)(\d+)/.exec(text.slice(start, start + 100));
  assert.ok(pair, 'the first node');
  const at = start + pair[1].length;
  return text.slice(0, at) + '99999999' + text.slice(at + pair[2].length);
}

/** The snapshot text with the name of the first property edge (named by a string) set past the strings. */
function nameFirstProperty(text: string, edges: number): string {
  const head = text.slice(text.indexOf('{"meta"'), text.indexOf('"nodes":[')).replace(/,\s*$/, '');
  const header = JSON.parse(head) as { meta: { edge_types: [string[]] } };
  const property = header.meta.edge_types[0].indexOf('property');
  const re = /(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(,|\])/y;
  re.lastIndex = edges + '"edges":['.length;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (Number(m[1]) !== property) continue;
    const at = m.index + m[0].indexOf(m[2], m[1].length);
    return text.slice(0, at) + '99999999' + text.slice(at + m[2].length);
  }
  throw new Error('no property edge');
}

/** The snapshot text with the first edge's to_node set to a node index far past the last node. */
function pointPastLastNode(text: string, edges: number): string {
  const start = edges + '"edges":['.length;
  const triple = /^(\s*\d+\s*,\s*\d+\s*,\s*)(\d+)/.exec(text.slice(start, start + 100));
  assert.ok(triple, 'the first edge');
  const to = start + triple[1].length;
  return text.slice(0, to) + String(7 * 50_000_000) + text.slice(to + triple[2].length);
}

test('DOM states too many to compact stay theirs: the dominator pass takes their bytes only once they are dead', async () => {
  // A browser-like graph: most nodes are embedder (native) nodes with a DOM state, so the column is kept whole.
  const nodes: TestNode[] = [
    { key: 'root', type: 'synthetic', name: '' },
    { key: 'W', name: 'Window', size: 10 },
  ];
  const edges: TestEdge[] = [{ from: 'root', to: 'W', type: 'shortcut', name: 'global' }];
  for (let i = 0; i < 3000; i++) {
    nodes.push({ key: `n${i}`, type: 'native', name: `<div id="${i}">`, size: 8, detachedness: i % 3 === 0 ? 2 : 1 });
    edges.push({ from: i % 7 === 0 ? 'W' : `n${i - 1}`, to: `n${i}`, name: `c${i}` });
  }
  const file = join(tempDirForProcess('retainer-lens-states-'), 'states.heapsnapshot');
  writeFileSync(file, buildSnapshot(nodes, edges));
  const a = await loadSnapshotFile(file, { parallel: true });
  const b = await loadSnapshotFile(file, { parallel: false });
  const states = (s: HeapSnapshot): number[] =>
    Array.from({ length: s.nodeCount }, (_, n) => s.graph.detachednessOf(n));
  assert.ok(a.graph.nodeDetachedness.length > 0, 'kept whole');
  assert.deepEqual(states(a), states(b));
  assert.ok(states(a).includes(2));
  assert.deepEqual(Array.from(a.dominator), Array.from(b.dominator));
  assert.deepEqual(Array.from(a.retainedSize), Array.from(b.retainedSize));
});
