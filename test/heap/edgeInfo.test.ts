import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EDGE_TYPE_MASK, edgeNameAt, encodeEdges, NAME_BLOCK } from '../../src/heap/edgeInfo';

/** Every edge's type and name, read back from the 16-bit words, bases and escapes. */
function assertRoundTrip(types: number[], names: number[]): ReturnType<typeof encodeEdges> {
  const encoded = encodeEdges(types, names);
  const { edgeInfo, edgeNames } = encoded;
  assert.equal(edgeInfo.length, types.length);
  assert.deepEqual(
    types.map((_, e) => edgeInfo[e] & EDGE_TYPE_MASK),
    types,
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
