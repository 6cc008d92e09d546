// The benchmark snapshots (about <size> MB each, or the real one), written once by a real Node process
// (bench/lib/heapGenerate.mjs) and cached in the git-ignored .bench-cache/. Shared by bench:heap and bench:explorer.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
export const benchCache = join(root, '.bench-cache');

/** Sizes from here on are tiled from the 800 MB one: a Node process holding that much cannot write it here. */
const TILED_FROM = 2000;

/** `real`: the TypeScript compiler's type checker over real packages (realWorkload.mjs); a number: MB. */
export function benchSnapshot(size) {
  mkdirSync(benchCache, { recursive: true });
  if (size === 'real') {
    const file = join(benchCache, 'real-ts.heapsnapshot');
    if (!existsSync(file)) {
      process.stderr.write('writing the real snapshot (TypeScript checking real packages)…\n');
      execFileSync(process.execPath, ['--max-old-space-size=8192', join(root, 'bench/lib/realWorkload.mjs'), file], {
        stdio: 'inherit',
      });
    }
    return file;
  }
  const mb = Number(size);
  if (mb >= TILED_FROM) {
    const file = join(benchCache, `tiled-${mb}.heapsnapshot`);
    if (!existsSync(file)) {
      process.stderr.write(`tiling a ≥ ${mb} MB snapshot…\n`);
      execFileSync(
        process.execPath,
        ['--max-old-space-size=8192', join(root, 'bench/lib/tileSnapshot.mjs'), benchSnapshot(800), String(mb), file],
        { stdio: 'inherit' },
      );
    }
    return file;
  }
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
