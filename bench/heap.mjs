// `npm run bench:heap [-- --sizes 25,250,real,800,4000] [--impls ours,floor]`: snapshots of about those sizes
// (MB) written by a real Node process (from 2000 on, tiled from the 800 MB one), and `real`, the TypeScript
// compiler's type checker over real packages (all cached in .bench-cache/). Times load + distances + dominators + retained sizes and
// peak RSS for our engine, Chrome DevTools' pipeline (heap-snapshot-toolkit), @vscode/v8-heap-parser and a
// floor (read the file and decode every integer on one thread), each in its own process; for ours also open →
// first rows (the explorer's open request answered and the Summary's first page served) and the time per stage. Prints ratios to ours and to the floor.
// The other implementations are not run on files past what they can load here (see SKIP). Ours runs with the
// environment the explorer gives its engine process (src/heap/processEnv.ts; `--plain-malloc` leaves it out);
// `--engine <bundle>` measures another build (e.g. main's, to compare).
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { benchSnapshot } from './lib/benchSnapshots.mjs';
import { buildEngine } from './lib/buildEngine.mjs';

const root = new URL('..', import.meta.url).pathname;
const cache = join(root, '.bench-cache');
const args = process.argv.slice(2);
const sizesArg = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : '25,250,real,800';
const sizes = sizesArg.split(',').filter((n) => n === 'real' || Number(n) > 0);
const allImpls = ['ours', 'devtools', 'v8-heap-parser', 'floor'];
// `--impls ours,floor`: only those (the others take minutes and gigabytes on the big files).
const impls = args.includes('--impls')
  ? allImpls.filter((i) => args[args.indexOf('--impls') + 1].split(',').includes(i))
  : allImpls;
mkdirSync(cache, { recursive: true });

// The engine and, next to it, its helper threads' script (as in dist/).
const current = await buildEngine(root, cache);
const engine = args.includes('--engine') ? args[args.indexOf('--engine') + 1] : current;
const processEnv = args.includes('--plain-malloc') ? {} : createRequire(import.meta.url)(current).ENGINE_PROCESS_ENV;

/** Files these cannot load here: DevTools' pipeline needs ~4× the file in memory, the wasm parser fails past 4 GB. */
const SKIP = { devtools: 2.5e9, 'v8-heap-parser': 1.5e9 };

const snapshotFor = benchSnapshot;

function runOne(impl, file) {
  if (statSync(file).size > (SKIP[impl] ?? Infinity)) return { error: 'not run at this size (SKIP)' };
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=16384', join(root, 'bench/lib/heapRunImpl.mjs'), impl, file, engine],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      env: impl === 'ours' ? { ...process.env, ...processEnv } : process.env,
    },
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
const notes = [];
for (const mb of sizes) {
  const file = snapshotFor(mb);
  const fileMB = statSync(file).size / 1e6;
  const label = `${fileMB.toFixed(0)} MB${mb === 'real' ? ' real' : ''}`;
  const results = Object.fromEntries(
    impls.map((impl) => {
      process.stderr.write(`${mb} MB: ${impl}…\n`);
      return [impl, runOne(impl, file)];
    }),
  );
  const ours = results.ours ?? {};
  const floor = results.floor ?? {};
  for (const impl of impls) {
    const r = results[impl];
    if (!r) continue;
    const firstRows = impl === 'ours' && r.firstRowsMs;
    rows.push([
      label,
      impl,
      r.error ? `failed: ${r.error}` : `${(r.ms / 1000).toFixed(2)} s`,
      r.error || !ours.ms ? '' : `${(r.ms / ours.ms).toFixed(2)}×`,
      r.error || !floor.ms ? '' : `${(r.ms / floor.ms).toFixed(2)}×`,
      firstRows ? `${(r.firstRowsMs / 1000).toFixed(2)} s` : '',
      firstRows && floor.ms ? `${(r.firstRowsMs / floor.ms).toFixed(2)}×` : '',
      r.error && !r.maxRssMB ? '' : `${(r.maxRssMB / 1024).toFixed(2)} GB`,
      // maxRSS is in KiB (maxRssMB in MiB): the ratio is bytes to bytes.
      r.error && !r.maxRssMB ? '' : `${((r.maxRssMB * 2 ** 20) / (fileMB * 1e6)).toFixed(2)}×`,
    ]);
  }
  if (ours.stages) {
    const perStage = Object.entries(ours.stages)
      .map(([stage, ms]) => `${stage} ${(ms / 1000).toFixed(2)} s`)
      .join(', ');
    notes.push(
      `${label}: ${ours.nodes} nodes, ${ours.edges} edges; ours keeps ${ours.bytesPerNode.toFixed(1)} bytes per node and ${ours.bytesPerEdge.toFixed(2)} per edge; by stage: ${perStage}`,
    );
    // Each thread's steps on one clock (s from the start, at each step's end), where the build reports them.
    const steps = (list) => list.map(([step, at]) => `${step} ${(at / 1000).toFixed(2)}`).join(', ');
    if (ours.timeline) notes.push(`  engine thread (ends, s): ${steps(ours.timeline)}`);
    if (ours.helperTimeline) notes.push(`  helper thread (ends, s): ${steps(ours.helperTimeline)}`);
  }
}
const header = [
  'file',
  'implementation',
  'time',
  'vs ours',
  'vs floor',
  'first rows',
  'first rows / floor',
  'peak RSS',
  'RSS / file',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
console.log(
  [header, ...rows]
    .map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    .join('\n'),
);
console.log(`\n${notes.join('\n')}`);
console.log(
  '(stages on the engine thread; the dominator half runs on a helper thread from "flags" on, so "dominators" is the wait for it)',
);
