#!/usr/bin/env node
// `npm run bench:explorer [-- --sizes 25,250,real,800] [--runs N]`: in the real editor (code-server), the time
// from opening a snapshot in the retainer explorer to its first Summary rows and to its retained sizes, and the
// extension host's largest event-loop stall meanwhile (test/editor/suite/explorer.bench.ts). As the reference,
// the engine alone, run just before each editor run: a fresh process (this file with --engine-one) starts the
// same heap worker bundle and times a progressive `open`, + the first Summary page, and `analyzed`. The
// snapshots are bench:heap's (bench/lib/benchSnapshots.mjs), written here if missing. RETAINER_LENS_BENCH_PROFILE=1
// also writes a CPU profile of the extension host per load (test-output/editor-bench-explorer/).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { benchSnapshot } from './lib/benchSnapshots.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);

// Child mode: time the engine alone on one file and print JSON.
if (args[0] === '--engine-one') {
  const [, workerPath, file] = args;
  const worker = new Worker(workerPath);
  let nextId = 1;
  const call = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const listener = (message) => {
        if (message.id !== id || 'event' in message) return;
        worker.off('message', listener);
        if ('error' in message) reject(new Error(message.error.message));
        else resolve(message.result);
      };
      worker.on('message', listener);
      worker.postMessage({ id, method, params });
    });
  const started = performance.now();
  // As the explorer opens it: the Summary answers first, the rest follows (`analyzed`).
  await call('open', { path: file, snapshot: 'main#1', progressive: true });
  const openMs = performance.now() - started;
  // The webview's first request: the first page of classes by retained size.
  await call('summary', { snapshot: 'main#1', sortBy: 'retainedSize', ascending: false, offset: 0, limit: 100 });
  const firstPageMs = performance.now() - started;
  await call('analyzed', { snapshot: 'main#1' });
  const analyzedMs = performance.now() - started;
  await worker.terminate();
  console.log(JSON.stringify({ openMs, firstPageMs, analyzedMs, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const sizes = option('--sizes', '25,250,real,800')
  .split(',')
  .filter((n) => n === 'real' || Number(n) > 0);
const runs = Math.max(1, Number(option('--runs', '1')));
const cache = join(root, '.bench-cache');
mkdirSync(cache, { recursive: true });

const snapshotFor = benchSnapshot;
const files = sizes.map(snapshotFor);

// 1. In the editor (builds dist/ on the way).
const run = 'bench-explorer';
const editor = spawnSync(process.execPath, ['test/editor/runEditorTests.mjs'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    RETAINER_LENS_BENCH: '1',
    RETAINER_LENS_BENCH_SNAPSHOTS: JSON.stringify(files),
    RETAINER_LENS_BENCH_RUNS: String(runs),
    MOCHA_GREP: 'bench: explorer',
    RETAINER_LENS_EDITOR_RUN: run,
  },
});
if (editor.status !== 0) process.exit(editor.status ?? 1);
const samples = JSON.parse(readFileSync(join(root, `test-output/editor-${run}/bench-explorer.json`), 'utf8'));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const signed = (ms) => `${ms < 0 ? '−' : '+'}${s(Math.abs(ms))}`;
const rows = files.map((file) => {
  const mine = samples.filter((x) => x.file === file);
  const ref = mine.map((x) => x.engine);
  const firstRows = median(mine.map((x) => x.firstRowsMs));
  const open = median(ref.map((x) => x.openMs));
  const firstPage = median(ref.map((x) => x.firstPageMs));
  return [
    `${(statSync(file).size / 1e6).toFixed(0)} MB`,
    s(firstRows),
    s(median(mine.map((x) => x.retainedMs))),
    s(open),
    s(firstPage),
    s(median(ref.map((x) => x.analyzedMs))),
    `${median(mine.map((x) => x.firstRowsMs / x.engine.firstPageMs)).toFixed(2)}×`,
    signed(median(mine.map((x) => x.firstRowsMs - x.engine.firstPageMs))),
    `${Math.max(...mine.map((x) => x.maxDelayMs)).toFixed(0)} ms`,
    (({ maxDriftMs, maxDriftCpuMs }) => `${maxDriftMs.toFixed(0)} ms (${maxDriftCpuMs.toFixed(0)} ms CPU)`)(
      mine.reduce((a, b) => (b.maxDriftMs > a.maxDriftMs ? b : a)),
    ),
    `${Math.max(...mine.map((x) => x.idle.maxDelayMs)).toFixed(0)} ms`,
    `${Math.max(...mine.map((x) => x.maxGcMs)).toFixed(0)} / ${Math.max(...mine.map((x) => x.idle.maxGcMs)).toFixed(0)} ms`,
    `${(median(mine.map((x) => x.elu)) * 100).toFixed(1)} %`,
    `${(Math.max(...mine.map((x) => x.peakRssMB)) / 1024).toFixed(2)} GB`,
    `${(Math.max(...ref.map((x) => x.maxRssMB)) / 1024).toFixed(2)} GB`,
  ];
});
const header = [
  'file',
  'editor: first rows',
  'editor: retained sizes',
  'engine: open',
  'engine: + 1st page',
  'engine: analyzed',
  'editor / engine',
  'editor − engine',
  'host max stall',
  'host max drift (its CPU)',
  'idle max stall',
  'host GC load/idle',
  'host ELU',
  'host peak RSS',
  'engine peak RSS',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
console.log(
  `\nretainer explorer, open → first Summary rows and → retained sizes (median of ${runs} run${runs === 1 ? '' : 's'}, each paired with an engine-alone run; stalls and RSS: worst run)`,
);
console.log(
  [header, ...rows]
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    .join('\n'),
);
