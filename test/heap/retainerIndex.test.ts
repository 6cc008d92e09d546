// The compact retainer index (varint differences of edge ordinals) on a real snapshot: every node's list is
// exactly the edges that point at it, in order, with their owners; and it is smaller than 4 bytes per edge.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FirstEdgeColumn } from '../../src/heap/firstEdgeColumn';
import { loadSnapshotFile } from '../../src/heap/loader';
import {
  buildRetainerLists,
  forEachRetainerEdge,
  LONG_LIST,
  retainerCount,
  retainerIndexBytes,
} from '../../src/heap/retainerIndex';
import { fixtureSnapshots } from './fixture';

test('every node lists exactly the edges that point at it, ascending, with their owners', async () => {
  const s = await loadSnapshotFile(fixtureSnapshots().target);
  const g = s.graph;
  const expected: number[][] = Array.from({ length: g.nodeCount }, () => []);
  for (let e = 0; e < g.edgeCount; e++) expected[g.targetOf(e)].push(e);
  let owners = 0;
  for (let n = 0; n < g.nodeCount; n++) {
    const got: number[] = [];
    g.forEachRetainer(n, (e, from) => {
      got.push(e);
      if (g.firstEdge.get(from) <= e && e < g.firstEdge.get(from + 1)) owners++;
    });
    assert.deepEqual(got, expected[n]);
    assert.equal(g.retainerCount(n), expected[n].length);
  }
  assert.equal(owners, g.edgeCount);
  const { bytes } = g.retainers;
  assert.ok(bytes.length < 2.5 * g.edgeCount, `${bytes.length / g.edgeCount} bytes per edge`);
  assert.ok(retainerIndexBytes(g.retainers) <= 1.5 * g.nodeCount + 16, 'list starts: 1.5 bytes per node');
});

test('differences of any size and sign round-trip, and a visit can stop early', () => {
  // Node 0 has edges 0..2; node 1 has none; node 2 has edge 3 (to node 0) — and far targets via a sparse graph.
  const firstEdge = FirstEdgeColumn.fromStarts([0, 3, 3, 4]);
  const edgeTo = new Uint32Array([2, 0, 2, 0]);
  const lists = buildRetainerLists(3, firstEdge, edgeTo);
  const seen: number[] = [];
  forEachRetainerEdge(lists, firstEdge, 0, (e) => void seen.push(e));
  assert.deepEqual(seen, [1, 3]);
  const first: number[] = [];
  forEachRetainerEdge(lists, firstEdge, 2, (e) => (first.push(e), false));
  assert.deepEqual(first, [0]);
  assert.equal(retainerCount(lists, 1), 0);
  // A target whose first retainer is ~2^31 edges before its own edges (5-byte varint).
  const big = {
    blockStart: new Uint32Array([0, 5]),
    length: new Uint8Array([0, 5]),
    long: new Map<number, number>(),
    bytes: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]),
  };
  const far: number[] = [];
  forEachRetainerEdge(big, { get: (n) => [0, 2 ** 31 + 10, 0][n] }, 1, (e) => void far.push(e));
  assert.deepEqual(far, [2 ** 31 + 10 - 2 ** 31]);
});

test('lists of 255 bytes or more, and lists in every position of a block of 8', () => {
  // Node 9 is retained by 300 edges of node 0 (one byte each: 300 bytes), node k < 9 by k edges of node 1.
  const targets: number[] = [];
  for (let i = 0; i < 300; i++) targets.push(9);
  const own1: number[] = [];
  for (let k = 0; k < 9; k++) for (let i = 0; i < k; i++) own1.push(k);
  const edgeTo = Uint32Array.from([...targets, ...own1]);
  const starts = new Uint32Array(12);
  starts[1] = 300;
  for (let n = 2; n < 12; n++) starts[n] = edgeTo.length;
  const firstEdge = FirstEdgeColumn.fromStarts(starts);
  const lists = buildRetainerLists(11, firstEdge, edgeTo);
  assert.equal(lists.length[9], LONG_LIST);
  for (let n = 0; n < 11; n++) {
    const got: number[] = [];
    forEachRetainerEdge(lists, firstEdge, n, (e) => void got.push(e));
    const expected: number[] = [];
    for (let e = 0; e < edgeTo.length; e++) if (edgeTo[e] === n) expected.push(e);
    assert.deepEqual(got, expected, `node ${n}`);
    assert.equal(retainerCount(lists, n), expected.length);
  }
});
