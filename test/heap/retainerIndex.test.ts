// The compact retainer index (varint differences of edge ordinals) on a real snapshot: every node's list is
// exactly the edges that point at it, in order, with their owners; and it is smaller than 4 bytes per edge.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSnapshotFile } from '../../src/heap/loader';
import { buildRetainerLists, forEachRetainerEdge, retainerCount } from '../../src/heap/retainerIndex';
import { fixtureSnapshots } from './fixture';

test('every node lists exactly the edges that point at it, ascending, with their owners', async () => {
  const s = await loadSnapshotFile(fixtureSnapshots().target);
  const g = s.graph;
  const expected: number[][] = Array.from({ length: g.nodeCount }, () => []);
  for (let e = 0; e < g.edgeCount; e++) expected[g.edgeTo[e]].push(e);
  let owners = 0;
  for (let n = 0; n < g.nodeCount; n++) {
    const got: number[] = [];
    g.forEachRetainer(n, (e, from) => {
      got.push(e);
      if (g.firstEdge[from] <= e && e < g.firstEdge[from + 1]) owners++;
    });
    assert.deepEqual(got, expected[n]);
    assert.equal(g.retainerCount(n), expected[n].length);
  }
  assert.equal(owners, g.edgeCount);
  assert.ok(g.retainerBytes.length < 2.5 * g.edgeCount, `${g.retainerBytes.length / g.edgeCount} bytes per edge`);
});

test('differences of any size and sign round-trip, and a visit can stop early', () => {
  // Node 0 has edges 0..2; node 1 has none; node 2 has edge 3 (to node 0) — and far targets via a sparse graph.
  const firstEdge = new Uint32Array([0, 3, 3, 4]);
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
  const big = { first: new Uint32Array([0, 0, 5]), bytes: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]) };
  const far: number[] = [];
  forEachRetainerEdge(big, new Uint32Array([0, 2 ** 31 + 10, 0]), 1, (e) => void far.push(e));
  assert.deepEqual(far, [2 ** 31 + 10 - 2 ** 31]);
});
