// Structural matching must not pair two different objects because one number field happens to be equal:
// a ring of timings overwritten between two snapshots (fixtures/ringProgram.js) holds only new objects,
// even when one new timing repeats an old one a few slots away.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadSnapshotFile } from '../../src/heap/loader';
import { baseKeys, carryKeys } from '../../src/heap/match';
import type { HeapSnapshot } from '../../src/heap/snapshot';
import { tempDirForProcess } from '../support/tempDir';

/** Ordinals of the ring's elements, in slot order. */
function ringSlots(snapshot: HeapSnapshot): number[] {
  const g = snapshot.graph;
  for (let n = 0; n < g.nodeCount; n++) {
    if (g.nodeNameString(n) !== 'Array' || g.nodeTypeName(n) !== 'object') continue;
    const slots: number[] = [];
    for (let e = g.firstEdge.get(n); e < g.firstEdge.get(n + 1); e++) {
      const to = g.targetOf(e);
      if (g.edgeTypeOf(e) === g.layout.edgeType.element && g.nodeNameString(to) === 'Sample') slots.push(to);
    }
    if (slots.length === 32) return slots;
  }
  throw new Error('no ring of 32 samples in the snapshot');
}

test('a ring overwritten whole holds only new objects, even where one new number equals an old one', async () => {
  const dir = tempDirForProcess('retainer-lens-ring-');
  execFileSync(process.execPath, [join(__dirname, 'fixtures', 'ringProgram.js'), dir], { stdio: 'inherit' });
  const before = await loadSnapshotFile(join(dir, 'before.heapsnapshot'));
  const after = await loadSnapshotFile(join(dir, 'after.heapsnapshot'));
  const keysBefore = baseKeys(before);
  const carried = carryKeys(before, keysBefore, after, 1);
  assert.equal(carried.byId, false, 'separate sessions: matched by structure');
  const old = new Set(ringSlots(before).map((n) => keysBefore[n]));
  assert.equal(old.size, 32);
  const survivors = ringSlots(after)
    .map((n, slot) => ({ slot, key: carried.keys[n] }))
    .filter(({ key }) => old.has(key));
  assert.deepEqual(survivors, [], 'no new sample is taken for an old one');
});
