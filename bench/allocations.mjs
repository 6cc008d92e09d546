// `npm run bench allocations [-- --mb 150 --runs 7]`: what allocation traces cost, as ratios measured in one run.
// 1. Load time: a real program's heap (bench/lib/allocWorkload.mjs) recorded with allocation tracking, loaded
//    with traces read vs skipped (the same file; the reference), and an ordinary snapshot of the same program
//    loaded both ways (traces on must cost nothing there). All loads interleaved in one process after a
//    warm-up; the best of --runs per case. With the loader's default (two decode threads) and sequentially.
//    Also the allocation index (sites, trees), built on first use, against the load.
// 2. What recording costs the target: the program's fixed workload timed with no recording (the reference),
//    with allocation tracking on, and with sampling on.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const cache = join(root, '.bench-cache');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const mb = option('--mb', 150);
const runs = option('--runs', 7);
const WORK_ROUNDS = 100;
mkdirSync(cache, { recursive: true });

const engine = join(cache, 'alloc-engine.cjs');
// The engine and, next to it, its decode threads' script (as in dist/), so the parallel loader runs.
await build({
  entryPoints: {
    'alloc-engine': join(root, 'bench/lib/allocEngine.ts'),
    heapHelper: join(root, 'src/heap/helperThread.ts'),
  },
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outdir: cache,
  external: ['ws'],
  logLevel: 'warning',
});
renameSync(join(cache, 'heapHelper.cjs'), join(cache, 'heapHelper.js'));
const { CdpConnection, Recording, captureHeapSnapshot } = createRequire(import.meta.url)(engine);
const workload = join(root, 'bench/lib/allocWorkload.mjs');

/** Starts the workload under --inspect; resolves with a way to send commands and read answers. */
async function startWorkload() {
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', '--max-old-space-size=8192', workload, String(mb)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const wsUrl = await new Promise((resolve, reject) => {
    let text = '';
    child.stderr.on('data', (d) => {
      text += d;
      const m = /Debugger listening on (ws:\/\/\S+)/.exec(text);
      if (m) resolve(m[1]);
    });
    child.once('exit', () => reject(new Error(`workload exited: ${text}`)));
  });
  let out = '';
  const waiting = [];
  child.stdout.on('data', (d) => {
    out += d;
    let nl;
    while ((nl = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      waiting.shift()?.(line);
    }
  });
  const next = () => new Promise((resolve) => waiting.push(resolve));
  await next(); // "ready"
  const command = (line) => {
    const answer = next();
    child.stdin.write(line + '\n');
    return answer;
  };
  return { child, wsUrl, command, stop: () => child.kill('SIGKILL') };
}

async function snapshotOf(traced) {
  const file = join(cache, `alloc-${traced ? 'traced' : 'plain'}-${mb}.heapsnapshot`);
  if (existsSync(file)) return file;
  process.stderr.write(`recording ${traced ? 'an allocation-tracked' : 'a plain'} ~${mb} MB heap…\n`);
  const w = await startWorkload();
  const connection = await CdpConnection.connect(w.wsUrl);
  try {
    const partial = file + '.tmp';
    if (traced) {
      const recording = await Recording.start(connection, { mode: 'allocations' });
      await w.command('build');
      await recording.stop({ output: partial });
    } else {
      await w.command('build');
      await captureHeapSnapshot(connection, { output: partial });
    }
    renameSync(partial, file);
  } finally {
    await connection.close();
    w.stop();
  }
  return file;
}

/** Every load case interleaved in one process (after a warm-up load): the per-case CPU and wall times. */
function loadAll(cases) {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=8192', join(root, 'bench/lib/allocLoad.mjs'), engine, String(runs), ...cases],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (r.status !== 0) throw new Error(`load failed: ${r.stderr.trim().split('\n').pop()}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const best = (xs) => Math.min(...xs);

const traced = await snapshotOf(true);
const plain = await snapshotOf(false);
const keys = [
  'tracedOn',
  'tracedOff',
  'plainOn',
  'plainOff',
  'seqTracedOn',
  'seqTracedOff',
  'sites',
  'work-none',
  'work-allocations',
  'work-sampling',
];
const wall = Object.fromEntries(keys.map((k) => [k, []]));
const cpu = Object.fromEntries(keys.map((k) => [k, []]));
const record = (key, ms, cpuMs) => {
  wall[key].push(ms);
  cpu[key].push(cpuMs);
};
process.stderr.write(`${runs} interleaved loads of each case…\n`);
const [tracedOn, tracedOff, plainOn, plainOff, seqTracedOn, seqTracedOff] = loadAll([
  `${traced}:on:parallel:sites`,
  `${traced}:off:parallel`,
  `${plain}:on:parallel`,
  `${plain}:off:parallel`,
  `${traced}:on:sequential`,
  `${traced}:off:sequential`,
]);
const put = (key, ms, cpuMs) => {
  wall[key] = ms;
  cpu[key] = cpuMs;
};
put('tracedOn', tracedOn.load, tracedOn.loadCpu);
put('sites', tracedOn.sites, tracedOn.sitesCpu);
put('tracedOff', tracedOff.load, tracedOff.loadCpu);
put('plainOn', plainOn.load, plainOn.loadCpu);
put('plainOff', plainOff.load, plainOff.loadCpu);
put('seqTracedOn', seqTracedOn.load, seqTracedOn.loadCpu);
put('seqTracedOff', seqTracedOff.load, seqTracedOff.loadCpu);

async function workloadTime(mode) {
  const w = await startWorkload();
  const connection = mode === 'none' ? undefined : await CdpConnection.connect(w.wsUrl);
  try {
    // Warm the JIT first, then time one workload of fixed size.
    await w.command('work 5');
    const recording = connection ? await Recording.start(connection, { mode }) : undefined;
    const [, ms, cpuMs] = (await w.command(`work ${WORK_ROUNDS}`)).split(' ').map(Number);
    await recording?.cancel();
    return { ms, cpuMs };
  } finally {
    await connection?.close();
    w.stop();
  }
}

for (let i = 0; i < runs; i++) {
  process.stderr.write(`workload round ${i + 1}/${runs}…\n`);
  for (const mode of i % 2 ? ['sampling', 'allocations', 'none'] : ['none', 'allocations', 'sampling']) {
    const { ms, cpuMs } = await workloadTime(mode);
    record(`work-${mode}`, ms, cpuMs);
  }
}

const s = (x) => `${(x / 1000).toFixed(2)} s`.padStart(8);
const ratio = (table, key, ref) =>
  (ref ? `${(best(table[key]) / best(table[ref])).toFixed(3)}×` : '1.000×').padStart(9);
const row = (label, key, ref, note = '') =>
  console.log(
    `${label.padEnd(40)}${s(best(wall[key]))}${ratio(wall, key, ref)}${s(best(cpu[key]))}${ratio(cpu, key, ref)}${note}`,
  );
const size = (file) => `${(statSync(file).size / 1e6).toFixed(0)} MB`;
console.log(`allocation traces: best of ${runs} runs each, ratios to the reference measured in this run`);
console.log(`recorded snapshot ${size(traced)} (with traces), plain snapshot ${size(plain)}, of a real program`);
console.log('');
console.log(`${'load (default: parallel decode)'.padEnd(40)}    wall    ratio     cpu    ratio`);
row('recorded snapshot, traces skipped', 'tracedOff', undefined, '  (reference)');
row('recorded snapshot, traces read', 'tracedOn', 'tracedOff');
row('  then allocation sites, on first use', 'sites', 'tracedOn', '  (of that load)');
row('plain snapshot, trace reading off', 'plainOff', undefined, '  (reference)');
row('plain snapshot, trace reading on', 'plainOn', 'plainOff');
console.log(`${'load (sequential, one thread)'.padEnd(40)}`);
row('recorded snapshot, traces skipped', 'seqTracedOff', undefined, '  (reference)');
row('recorded snapshot, traces read', 'seqTracedOn', 'seqTracedOff');
console.log('');
console.log(`${'target workload'.padEnd(40)}    wall slowdown     cpu slowdown`);
row('not recording', 'work-none', undefined, '  (reference)');
row('recording allocations (stacks)', 'work-allocations', 'work-none');
row('sampling (light mode, 32 KB interval)', 'work-sampling', 'work-none');
