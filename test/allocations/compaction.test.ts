// V8 keeps an object's allocation stack by its address and moves it with the object only while the object has
// no snapshot id yet; the heap statistics V8 pushes every 50 ms while tracking give every live object one. Heap
// compaction that moves a kept object afterwards loses its stack. Under `--stress-compaction` every full GC
// compacts: planting, waiting for statistics updates, then collecting garbage moves the kept objects after
// they got ids. A recording that left compaction on loses their stacks; Recording (which turns compaction off
// in a Node target while it records) keeps every one.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { CdpConnection, Recording } from '../../src/capture';
import { allAllocationSites } from '../../src/heap/allocationQueries';
import { loadSnapshotFile } from '../../src/heap/loader';
import { tempDirForProcess } from '../support/tempDir';
import { fixturesDir, startProgram } from './recordProgram';

const KEPT = 100;
const SITES = ['makeRow', 'makeLabel', 'openSession', 'makeHandler'];

async function liveBySite(keepCompaction: boolean): Promise<Record<string, number>> {
  const program = await startProgram(join(fixturesDir, 'plantedProgram.js'), ['--stress-compaction']);
  const connection = await CdpConnection.connect(program.wsUrl);
  const output = join(tempDirForProcess('retainer-lens-compact-'), `${keepCompaction}.heapsnapshot`);
  try {
    const recording = await Recording.start(connection, { mode: 'allocations', keepCompaction });
    await program.command('plant', 'planted');
    // Two statistics updates after planting (each gives the live objects ids; each ends with lastSeenObjectId), then a compacting GC moves them.
    await new Promise<void>((resolve) => {
      let updates = 0;
      const off = connection.on('HeapProfiler.lastSeenObjectId', () => {
        if (++updates < 2) return;
        off();
        resolve();
      });
    });
    await connection.send('HeapProfiler.collectGarbage');
    await recording.stop({ output });
  } finally {
    await connection.close();
    await program.kill();
  }
  const sites = allAllocationSites(await loadSnapshotFile(output, { parallel: false }));
  return Object.fromEntries(SITES.map((name) => [name, sites.find((s) => s.frame.name === name)?.count ?? 0]));
}

test(
  'a recording turns compaction off in a Node target, so objects moved by it keep their stacks',
  { timeout: 120_000 },
  async (t) => {
    const kept = await liveBySite(false);
    for (const name of SITES) assert.equal(kept[name], KEPT, `${name}: every kept object has its stack`);
    // The same program with compaction left on: V8 loses the stacks of the objects it moved.
    const lost = await liveBySite(true);
    t.diagnostic(`live objects with a stack, compaction left on: ${JSON.stringify(lost)}`);
    const total = Object.values(lost).reduce((a, b) => a + b, 0);
    assert.ok(total < (SITES.length * KEPT) / 2, `with compaction on, V8 lost stacks: ${JSON.stringify(lost)}`);
  },
);
