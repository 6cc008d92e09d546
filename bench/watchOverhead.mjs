#!/usr/bin/env node
// npm run bench watchOverhead [-- --rounds 6 --phase 4000]: how much does Leak Watch slow the watched program?
// A busy program (bench/fixtures/watch/busyProgram.js) runs under `node --inspect` and reports the units of work
// it finishes per 100 ms. Phases alternate in one run: nobody connected, then the real HeapWatch polling
// `Runtime.getHeapUsage` at the default 1000 ms, then at 100 ms. Reported: each polling phase's median
// throughput as a ratio to the unwatched phases' median (1.00 = no slowdown). Alternating keeps a loaded
// machine's drift out of the ratio.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg('--rounds', 6);
const phaseMs = arg('--phase', 4000);

const dir = mkdtempSync(join(tmpdir(), 'retainer-lens-bench-watch-'));
const bundle = join(dir, 'watch.cjs');
await esbuild.build({
  stdin: {
    contents:
      "export { HeapWatch } from './src/watch/heapWatch'; export { CdpConnection } from './src/capture/index'; export { LogRecord } from './src/common/log';",
    resolveDir: root,
    loader: 'ts',
  },
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  logLevel: 'warning',
});
const { HeapWatch, CdpConnection, LogRecord } = createRequire(import.meta.url)(bundle);

const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', join(root, 'bench/fixtures/watch/busyProgram.js')], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
const windows = []; // [time, units]
let wsUrl;
child.stdout.setEncoding('utf8').on('data', (text) => {
  for (const m of text.matchAll(/units (\d+) (\d+)/g)) windows.push([Number(m[1]), Number(m[2])]);
});
child.stderr.setEncoding('utf8').on('data', (text) => {
  wsUrl ??= /Debugger listening on (ws:\/\/\S+)/.exec(text)?.[1];
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
while (!wsUrl) await sleep(50);
await sleep(1000); // warm up

const phases = []; // { kind, from, to }
const log = new LogRecord();
let samples = 0;
async function phase(kind) {
  let watch;
  if (kind !== 'off') {
    const connection = await CdpConnection.connect(wsUrl);
    watch = new HeapWatch({
      connection,
      viaJsDebugProxy: false,
      intervalMs: kind === '1000ms' ? 1000 : 100,
      growth: { window: 7, minBytes: 1_000_000 },
      autoCapture: 'off',
      snapshotFile: async () => join(dir, 'never.heapsnapshot'),
      listener: { sample: () => samples++ },
      log,
    });
    watch.start();
  }
  // Skip the first 300 ms of each phase (connecting, the first read), measure the rest.
  const from = Date.now() + 300;
  await sleep(phaseMs);
  const to = Date.now();
  phases.push({ kind, from, to });
  if (watch) {
    watch.stop();
    await sleep(300);
  }
}
for (let r = 0; r < rounds; r++) for (const kind of ['off', '1000ms', '100ms']) await phase(kind);
child.kill('SIGKILL');
rmSync(dir, { recursive: true, force: true });

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
// Units per 100 ms over a whole phase (total units / windows inside it).
const rate = (p) => {
  const inside = windows.filter(([t]) => t > p.from && t <= p.to);
  return inside.reduce((sum, [, n]) => sum + n, 0) / Math.max(1, inside.length);
};
const byRound = (kind) => phases.filter((p) => p.kind === kind).map(rate);
const off = byRound('off');
console.log(
  `Leak Watch overhead on a busy program (${rounds} rounds × ${phaseMs} ms per phase, ${samples} heap reads)`,
);
console.log(`unwatched: ${median(off).toFixed(1)} units per 100 ms (median of rounds) = 1.00`);
for (const kind of ['1000ms', '100ms']) {
  // Each round's watched phase against the unwatched phase just before it, then the median over rounds.
  const ratios = byRound(kind).map((v, i) => v / off[i]);
  console.log(
    `polling every ${kind}: ${median(ratios).toFixed(3)} of the unwatched throughput (rounds: ${ratios.map((r) => r.toFixed(2)).join(' ')})`,
  );
}
if (log.entries.some((e) => e.level === 'error')) console.log(log.entries);
