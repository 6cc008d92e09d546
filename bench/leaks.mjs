#!/usr/bin/env node
// `npm run bench leaks`: `retainer-lens leaks` on the three leaky test services (test/heap/fixtures/services,
// each run as a real Node program, baseline/target/final captured over the inspector in separate sessions),
// timed against Chrome DevTools' own pipeline (heap-snapshot-toolkit) loading the same three files in the same
// run — what DevTools must do before its Comparison view shows anything. Each side runs in its own process, one
// at a time; the figure is the ratio. Prints one JSON line per service and the total.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const impl = process.argv[2];

if (impl === 'devtools') {
  // A child: DevTools' pipeline loads the three files given (parse, dominators, retained sizes).
  const { createReadStream } = await import('node:fs');
  const { parse } = await import('heap-snapshot-toolkit');
  for (const f of process.argv.slice(3, 6)) await parse(createReadStream(f));
  process.exit(0);
}

const cli = join(here, '..', 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('bench leaks needs the built CLI: run `npm run build` first');
  process.exit(1);
}
// Loaded as CommonJS: the services' module finds its fixtures through __dirname.
const { require: tsRequire } = await import('tsx/cjs/api');
const { SERVICES, serviceSnapshots } = tsRequire('../test/heap/services/runService.ts', import.meta.url);
/**
 * Wall time and CPU time (user + system, all threads) of one whole process, start-up included, and its peak
 * RSS. On a shared machine the CPU time is the steadier figure; both ratios are printed.
 */
const side = (name, files) => {
  const args = name === 'ours' ? [cli, 'leaks', ...files] : [new URL(import.meta.url).pathname, 'devtools', ...files];
  const start = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, ...args], { encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${name}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
  const [user, sys, rssKB] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { ms, cpuMs: (user + sys) * 1000, maxRssMB: rssKB / 1024 };
};
const total = { ours: 0, devtools: 0, oursCpu: 0, devtoolsCpu: 0 };
for (const name of ['catalog', 'pricing', 'sessions']) {
  const s = await serviceSnapshots(name, SERVICES[name]);
  const files = [s.baseline, s.target, s.final];
  const a = side('ours', files);
  const b = side('devtools', files);
  total.ours += a.ms;
  total.devtools += b.ms;
  total.oursCpu += a.cpuMs;
  total.devtoolsCpu += b.cpuMs;
  console.log(
    JSON.stringify({
      service: name,
      oursMs: Math.round(a.ms),
      devtoolsLoadMs: Math.round(b.ms),
      ratio: +(a.ms / b.ms).toFixed(2),
      oursCpuMs: Math.round(a.cpuMs),
      devtoolsCpuMs: Math.round(b.cpuMs),
      cpuRatio: +(a.cpuMs / b.cpuMs).toFixed(2),
      oursRssMB: Math.round(a.maxRssMB),
      devtoolsRssMB: Math.round(b.maxRssMB),
    }),
  );
}
console.log(
  JSON.stringify({
    total: true,
    oursMs: Math.round(total.ours),
    devtoolsLoadMs: Math.round(total.devtools),
    ratio: +(total.ours / total.devtools).toFixed(2),
    cpuRatio: +(total.oursCpu / total.devtoolsCpu).toFixed(2),
  }),
);
process.exit(0);
