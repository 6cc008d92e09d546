// Runs the fixture program once per test file and caches the three snapshots it writes.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDirForProcess } from '../support/tempDir';

export interface FixtureSnapshots {
  dir: string;
  baseline: string;
  target: string;
  final: string;
}

let cached: FixtureSnapshots | undefined;

export function fixtureSnapshots(): FixtureSnapshots {
  if (cached) return cached;
  const dir = tempDirForProcess('retainer-lens-heap-');
  // --expose-gc is not needed: writeHeapSnapshot collects garbage first.
  execFileSync(process.execPath, [join(__dirname, 'fixtures', 'leakyProgram.js'), dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cached = {
    dir,
    baseline: join(dir, 'baseline.heapsnapshot'),
    target: join(dir, 'target.heapsnapshot'),
    final: join(dir, 'final.heapsnapshot'),
  };
  return cached;
}

export const FIXTURE_FILE = 'leakyProgram.js';
/** 0-based line of `function holder` in the fixture (the snapshot's locations are 0-based). */
export const HOLDER_LINE = 20;
