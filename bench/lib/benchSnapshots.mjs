// The benchmark snapshots (about <size> MB each), written once by a real Node process
// (bench/lib/heapGenerate.mjs) and cached in the git-ignored .bench-cache/. Shared by bench:heap and bench:explorer.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
export const benchCache = join(root, '.bench-cache');

export function benchSnapshot(mb) {
  mkdirSync(benchCache, { recursive: true });
  const file = join(benchCache, `generated-${mb}.heapsnapshot`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ~${mb} MB snapshot…\n`);
    execFileSync(
      process.execPath,
      ['--max-old-space-size=16384', join(root, 'bench/lib/heapGenerate.mjs'), String(mb), file],
      { stdio: 'inherit' },
    );
  }
  return file;
}
