#!/usr/bin/env node
// npm run bench gate [-- --runs 20]: is the leak gate flaky? Runs a clean node:test file and its leaky twin
// (bench/fixtures/gate: a small service with a bus, an LRU cache, timers and JSON) each --runs times in fresh
// `node --test` processes against the package as installed (the bundle in a temp project's node_modules), and
// counts verdicts: the clean one must pass every time, the leaky one fail every time, naming the leak. Time
// per run is reported as a ratio to the same file without the gate (plain.test.mjs), measured in this run.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 20;

const project = mkdtempSync(join(tmpdir(), 'retainer-lens-bench-gate-'));
try {
  const pkg = join(project, 'node_modules/retainer-lens');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  const build = spawnSync(
    process.execPath,
    ['scripts/build.mjs', '--only', 'test,heapHelper', '--outdir', join(pkg, 'dist')],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) process.exit(1);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: manifest.name, exports: manifest.exports }));
  cpSync(join(root, 'bench/fixtures/gate'), project, { recursive: true });
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;

  const run = (file) => {
    const started = performance.now();
    const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    return { ok: r.status === 0, ms: performance.now() - started, output: r.stdout + r.stderr };
  };
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  const plain = [];
  const clean = [];
  const leaky = [];
  let cleanFailures = 0;
  let leakyMissed = 0;
  for (let i = 0; i < runs; i++) {
    plain.push(run('plain.test.mjs').ms);
    const c = run('clean.test.mjs');
    clean.push(c.ms);
    if (!c.ok) {
      cleanFailures++;
      console.log(`clean run ${i + 1} FAILED:\n${c.output}`);
    }
    const l = run('leaky.test.mjs');
    leaky.push(l.ms);
    const named = /Subscription × 10 \(1 per iteration\)/.test(l.output) && /scenario\.mjs:\d+/.test(l.output);
    if (l.ok || !named) {
      leakyMissed++;
      console.log(`leaky run ${i + 1} ${l.ok ? 'PASSED' : 'did not name the leak'}:\n${l.output}`);
    }
    process.stdout.write(`run ${i + 1}/${runs}: clean ${c.ok ? 'pass' : 'FAIL'}, leaky ${l.ok ? 'PASS' : 'fail'}\n`);
  }
  console.log('');
  console.log(`clean scenario: ${runs - cleanFailures} of ${runs} runs passed`);
  console.log(
    `leaky scenario: ${runs - leakyMissed} of ${runs} runs failed naming the leak (Subscription × 10, its line)`,
  );
  const ref = median(plain);
  console.log(
    `time per run (median): plain ${(ref / 1000).toFixed(2)} s (reference), clean ${(median(clean) / ref).toFixed(1)}×, leaky ${(median(leaky) / ref).toFixed(1)}×`,
  );
  process.exitCode = cleanFailures === 0 && leakyMissed === 0 ? 0 : 1;
} finally {
  rmSync(project, { recursive: true, force: true });
}
