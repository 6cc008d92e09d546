// First-edge offsets in 16 bits per node with a base per block of 32 (firstEdgeColumn.ts): exact at every block
// boundary, for blocks whose nodes span 65536 edges or more (kept whole), and on a real snapshot holding such
// nodes, through both loaders, with Chrome DevTools' numbers.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { HeapSnapshotError } from '../../src/heap/errors';
import { FirstEdgeColumn } from '../../src/heap/firstEdgeColumn';
import { loadSnapshotFile } from '../../src/heap/loader';
import { chromeOracle } from './helpers';
import { tempDirForProcess } from '../support/tempDir';

function starts(counts: number[]): number[] {
  const out = [0];
  for (const c of counts) out.push(out[out.length - 1] + c);
  return out;
}

test('every start reads back exactly: small blocks, a block spanning 65535 and 65536 edges, huge nodes anywhere', () => {
  const counts: number[] = [];
  // Block 0: small counts. Block 1: spans exactly 65535 up to its last node's start (still 16 bits).
  for (let k = 0; k < 32; k++) counts.push(k % 5);
  for (let k = 0; k < 31; k++) counts.push(k === 0 ? 65535 : 0);
  counts.push(9);
  // Block 2: one more edge (65536: kept whole). Then huge nodes at the first, middle and last position of blocks.
  for (let k = 0; k < 31; k++) counts.push(k === 3 ? 65536 : 0);
  counts.push(1);
  for (const at of [0, 17, 31]) for (let k = 0; k < 32; k++) counts.push(k === at ? 200_000 + k : k & 3);
  // A last, partial block.
  for (let k = 0; k < 7; k++) counts.push(k * 1000);
  const expected = starts(counts);
  const column = FirstEdgeColumn.fromCounts(counts, counts.length, expected[expected.length - 1]);
  for (let n = 0; n < expected.length; n++) assert.equal(column.get(n), expected[n], `node ${n}`);
  assert.ok(column.wide.length > 0, 'blocks spanning 65536 edges or more are kept whole');
  assert.equal(column.wide.length % 32, 0);
  // Block 1 (65535) fits its offsets; blocks 2, 4, 5 (and 3, whose last start is 200,017 on) do not.
  assert.ok(column.base[1] < 2 ** 31 && column.base[2] >= 2 ** 31);
  // 2 bytes per node and 4 per block of 32, plus the wide blocks' 32 starts each.
  assert.equal(column.byteLength, 4 * column.base.length + 2 * (counts.length + 1) + 4 * column.wide.length);
});

test('counts that do not add up to the edges array are one clear error', () => {
  assert.throws(() => FirstEdgeColumn.fromCounts([1, 2, 3], 3, 5), HeapSnapshotError);
  assert.throws(() => FirstEdgeColumn.fromCounts([1, 2, 3], 3, 7), /nodes declare 6 edges but the edges array holds 7/);
  assert.throws(() => FirstEdgeColumn.fromCounts([1, 2], 2, 2 ** 31), /too large/);
});

test('a real snapshot with arrays of 70,000 and 300,000 elements: wide blocks, Chrome DevTools numbers', async () => {
  const file = join(tempDirForProcess('retainer-lens-wide-'), 'wide.heapsnapshot');
  const program = `
    globalThis.big = Array.from({ length: 300000 }, (_, i) => ({ i }));
    globalThis.mid = Array.from({ length: 70000 }, (_, i) => [i]);
    globalThis.shared = globalThis.big.slice(0, 1000);
    require('node:v8').writeHeapSnapshot(${JSON.stringify(file)});`;
  execFileSync(process.execPath, ['-e', program], { stdio: 'ignore' });
  const chrome = await chromeOracle(createReadStream(file));
  for (const parallel of [true, false]) {
    const s = await loadSnapshotFile(file, { parallel });
    const g = s.graph;
    assert.ok(g.firstEdge.wide.length >= 64, `wide blocks (${parallel ? 'parallel' : 'sequential'})`);
    let mismatches = 0;
    for (let n = 0; n < s.nodeCount; n++) {
      if (
        s.retainedSize[n] !== chrome.retainedSizes[n] ||
        s.dominator[n] !== chrome.dominators[n] ||
        s.distances.get(n) !== chrome.distances[n]
      )
        mismatches++;
    }
    assert.equal(mismatches, 0, parallel ? 'parallel' : 'sequential');
    // Every edge's owner (a binary search over the starts) is the node whose range holds it.
    let owned = 0;
    for (let n = 0; n < g.nodeCount; n++)
      for (let e = g.firstEdge.get(n); e < g.firstEdge.get(n + 1); e++) if (g.edgeOwner(e) === n) owned++;
    assert.equal(owned, g.edgeCount);
  }
});
