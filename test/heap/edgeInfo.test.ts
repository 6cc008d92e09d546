import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  EDGE_NAMES,
  EDGE_TARGET_MASK,
  EDGE_TYPE_SHIFT,
  edgeNameAt,
  encodeEdges,
  MAX_NODES,
  NAME_BLOCK,
} from '../../src/heap/edgeInfo';
import { loadSnapshotFile } from '../../src/heap/loader';
import { fixtureSnapshots } from './fixture';

/** Every edge's type, target and name, read back from the words, the 16-bit codes, bases and escapes. */
function assertRoundTrip(
  types: number[],
  names: number[],
  targets = types.map((_, e) => (e * 7919) % MAX_NODES),
): ReturnType<typeof encodeEdges> {
  const encoded = encodeEdges(types, names, targets);
  const { edgeInfo, edgeNames, edgeTo } = encoded;
  assert.equal(edgeInfo.length, types.length);
  assert.deepEqual(
    types.map((_, e) => edgeTo[e] >>> EDGE_TYPE_SHIFT),
    types,
  );
  assert.deepEqual(
    targets.map((_, e) => edgeTo[e] & EDGE_TARGET_MASK),
    targets,
  );
  assert.deepEqual(
    names.map((_, e) => edgeNameAt(edgeInfo, edgeNames, e)),
    names,
  );
  const edges = Array.from(edgeNames.escapeEdges);
  assert.deepEqual(
    edges,
    [...edges].sort((a, b) => a - b),
    'escapes ascending',
  );
  return encoded;
}

/** A small deterministic generator (no flaky seeds). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

test('small names, consecutive large ones (an array, an object of unique keys) and the largest index', () => {
  const names: number[] = [];
  for (let i = 0; i < 100; i++) names.push(i % 4000);
  for (let i = 0; i < 300; i++) names.push(5_000_000 + i); // element indices of a large array
  for (let i = 0; i < 50; i++) names.push(2 ** 32 - 1 - i); // a sparse array's highest keys
  names.push(0, 4095, 4096, 8190, 8191, 2 ** 28, 2 ** 31);
  const types = names.map((_, e) => e % 8);
  const { edgeNames } = assertRoundTrip(types, names);
  // Large names that sit together need no escape (a block of consecutive ones is one base plus codes): only the
  // blocks where the kinds meet, and the last one, keep some of 457 aside.
  assert.ok(edgeNames.escapeEdges.length < 30, `${edgeNames.escapeEdges.length} escapes`);
});

test('names spread at random: every one that does not fit its block is kept aside, exactly', () => {
  const next = random(7);
  for (const count of [0, 1, NAME_BLOCK - 1, NAME_BLOCK, NAME_BLOCK + 1, 5 * NAME_BLOCK + 3, 2000]) {
    const names = Array.from({ length: count }, () => Math.floor(next() * 2 ** 32));
    const types = names.map(() => Math.floor(next() * 8));
    const { edgeNames } = assertRoundTrip(types, names);
    // Random 32-bit names almost never share a window: most escape.
    if (count >= NAME_BLOCK) assert.ok(edgeNames.escapeEdges.length > count / 2);
  }
});

test('a block mixing frequent small names with a run of large ones keeps the run and the small names unescaped', () => {
  const names: number[] = [];
  for (let b = 0; b < 10; b++)
    for (let k = 0; k < NAME_BLOCK; k++) names.push(k % 3 === 0 ? 17 : 100_000 + b * 1000 + k);
  const { edgeNames } = assertRoundTrip(
    names.map(() => 2),
    names,
  );
  assert.equal(edgeNames.escapeEdges.length, 0);
});

test('every type with the largest target a word holds; a target past it stays out of range', () => {
  const types = [0, 1, 2, 3, 4, 5, 6, 7];
  assertRoundTrip(
    types,
    types.map((t) => t * 3),
    types.map((t) => MAX_NODES - 1 - t),
  );
  const { edgeTo } = encodeEdges([7, 3], [0, 0], [2 ** 30, 2 ** 32 - 1]);
  assert.deepEqual(
    Array.from(edgeTo, (w) => [w >>> EDGE_TYPE_SHIFT, w & EDGE_TARGET_MASK]),
    [
      [7, EDGE_TARGET_MASK],
      [3, EDGE_TARGET_MASK],
    ],
  );
  assert.equal(EDGE_TARGET_MASK, MAX_NODES, 'a snapshot may have at most MAX_NODES nodes: the mask is never a node');
});

test('name codes at the 16-bit boundary: direct up to 32767, a window of 32767 names from the base', () => {
  assert.deepEqual([EDGE_NAMES.direct, EDGE_NAMES.escape], [0x8000, 0xffff]);
  // One block: direct names at the limit, then names from 100,000 to 100,000 + 32,766 (one window, no escape),
  // then one name just past the window: it and 32768 (far below the window) are kept aside.
  const names = [0, 32767, 32768, 100_000, 100_000 + 32_766, 100_000 + 4096, 100_000 + 8191, 100_000 + 32_767];
  const { edgeNames } = assertRoundTrip(
    names.map(() => 2),
    names,
  );
  assert.deepEqual(Array.from(edgeNames.escapeEdges), [2, 7], 'only the two names outside the widest window');
  const wide = [100_000, 100_000 + 32_766, 100_000 + 32_767];
  const { edgeNames: parts } = assertRoundTrip([1, 1, 1], wide);
  assert.deepEqual(Array.from(parts.escapeEdges), [2], 'a name 32767 past the base escapes; 32766 past it does not');
});

test('a real snapshot whose edge names pass 13 bits: every type, name and target as in the file, both loaders', async () => {
  const { target } = fixtureSnapshots();
  const json = JSON.parse(readFileSync(target, 'utf8')) as {
    snapshot: { meta: { edge_fields: string[]; node_fields: string[] } };
    edges: number[];
  };
  const fields = json.snapshot.meta.edge_fields;
  const [typeAt, nameAt, toAt] = ['type', 'name_or_index', 'to_node'].map((f) => fields.indexOf(f));
  const nodeFields = json.snapshot.meta.node_fields.length;
  const count = json.edges.length / fields.length;
  let beyond13 = 0;
  for (let e = 0; e < count; e++) if (json.edges[e * fields.length + nameAt] >= 2 ** 13) beyond13++;
  assert.ok(beyond13 > count / 20, `${beyond13} of ${count} edge names need more than 13 bits`);
  for (const parallel of [true, false]) {
    const g = (await loadSnapshotFile(target, { parallel })).graph;
    assert.equal(g.edgeCount, count);
    let wrong = 0;
    for (let e = 0; e < count; e++) {
      const k = e * fields.length;
      if (
        g.edgeTypeOf(e) !== json.edges[k + typeAt] ||
        g.edgeNameOf(e) !== json.edges[k + nameAt] ||
        g.targetOf(e) !== json.edges[k + toAt] / nodeFields
      )
        wrong++;
    }
    assert.equal(wrong, 0, parallel ? 'parallel' : 'sequential');
    // 16-bit codes: few names are kept aside (13-bit codes beside the type kept 6% of this snapshot's aside).
    const escaped = g.edgeNames.escapeEdges.length;
    assert.ok(escaped < count / 50, `${escaped} of ${count} edge names kept aside`);
  }
});
