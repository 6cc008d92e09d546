// `npm run bench:heap [-- --sizes 25,250,900]`: generates snapshots of about those sizes (MB) with a real
// Node process (cached in .bench-cache/), then times load + distances + dominators + retained sizes and
// peak RSS for our engine, Chrome DevTools' pipeline (heap-snapshot-toolkit), @vscode/v8-heap-parser and a
// floor (read the file and decode every integer), each in its own process. Prints ratios to ours and floor.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { benchSnapshot } from './lib/benchSnapshots.mjs';

const root = new URL('..', import.meta.url).pathname;
const cache = join(root, '.bench-cache');
const args = process.argv.slice(2);
const sizesArg = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : '25,250,900';
const sizes = sizesArg
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const impls = ['ours', 'devtools', 'v8-heap-parser', 'floor'];
mkdirSync(cache, { recursive: true });

const engine = join(cache, 'engine.cjs');
await build({
  entryPoints: [join(root, 'src/heap/loader.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: engine,
  logLevel: 'warning',
});

const snapshotFor = benchSnapshot;

function runOne(impl, file) {
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=16384', join(root, 'bench/lib/heapRunImpl.mjs'), impl, file, engine],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const line = r.stdout.trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    return {
      error: (
        r.stderr
          .trim()
          .split('\n')
          .find((l) => /Error|error/.test(l)) ?? `exit ${r.status}`
      ).slice(0, 100),
    };
  }
}

const rows = [];
for (const mb of sizes) {
  const file = snapshotFor(mb);
  const fileMB = statSync(file).size / 1e6;
  const results = Object.fromEntries(
    impls.map((impl) => {
      process.stderr.write(`${mb} MB: ${impl}…\n`);
      return [impl, runOne(impl, file)];
    }),
  );
  const ours = results.ours;
  const floor = results.floor;
  for (const impl of impls) {
    const r = results[impl];
    rows.push([
      `${fileMB.toFixed(0)} MB`,
      impl,
      r.error ? `failed: ${r.error}` : `${(r.ms / 1000).toFixed(2)} s`,
      r.error || !ours.ms ? '' : `${(r.ms / ours.ms).toFixed(2)}×`,
      r.error || !floor.ms ? '' : `${(r.ms / floor.ms).toFixed(2)}×`,
      `${(r.maxRssMB / 1024).toFixed(2)} GB`,
      `${(r.maxRssMB / fileMB).toFixed(2)}×`,
    ]);
  }
}
const header = ['file', 'implementation', 'time', 'vs ours', 'vs floor', 'peak RSS', 'RSS / file'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
console.log(
  [header, ...rows]
    .map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    .join('\n'),
);
