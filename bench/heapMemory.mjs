// `npm run bench heapMemory [-- --sizes 250,800] [--engine <bundle>]`: where our engine's resident memory goes
// while it loads a benchmark snapshot (bench/lib/benchSnapshots.mjs) through the file loader. Prints the peak RSS
// per stage (sampled from /proc every 20 ms; SMAPS_AT_PEAK=1 adds the mappings at the peak) and, after loading,
// the bytes each array that stays holds, as ratios to the file size. The child runs with the environment the
// explorer gives its engine process (ENGINE_PROCESS_ENV, src/heap/processEnv.ts); `--plain-malloc` leaves it out.
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { benchCache, benchSnapshot } from './lib/benchSnapshots.mjs';
import { buildEngine } from './lib/buildEngine.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const sizes = (args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : '250').split(',');
// `--engine <bundle>`: another build of the engine (e.g. an older commit's, to compare).
const current = await buildEngine(root, benchCache);
const engine = args.includes('--engine') ? args[args.indexOf('--engine') + 1] : current;
// This source's process setup, whichever engine runs in it.
const processEnv = args.includes('--plain-malloc') ? {} : createRequire(import.meta.url)(current).ENGINE_PROCESS_ENV;

const status = (pid) => {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
    return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
  } catch {
    return undefined; // the child has exited
  }
};

/** Resident bytes per mapping (adjacent anonymous mappings merge, so one may hold several arrays). */
function mappings(pid) {
  try {
    const maps = [];
    let cur;
    for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
      const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
      if (head) maps.push((cur = { size: parseInt(head[2], 16) - parseInt(head[1], 16), name: head[3], rss: 0 }));
      else if (line.startsWith('Rss:')) cur.rss = Number(/(\d+)/.exec(line)[1]) * 1024;
    }
    return maps.filter((m) => m.rss > 1e6).sort((a, b) => b.rss - a.rss);
  } catch {
    return [];
  }
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
for (const size of sizes) {
  const file = benchSnapshot(size);
  const fileBytes = statSync(file).size;
  const child = spawn(process.execPath, ['--expose-gc', join(root, 'bench/lib/heapMemoryRun.mjs'), file, engine], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...processEnv, SMAPS: '' },
  });
  const stages = [];
  let stage = { name: 'start', ms: 0, peak: 0 };
  let hwm = 0;
  let result;
  let atPeak;
  const sample = () => {
    const s = status(child.pid);
    if (!s) return;
    stage.peak = Math.max(stage.peak, s.rss);
    if (process.env.SMAPS_AT_PEAK && s.rss > (atPeak?.rss ?? 0) + 8e6)
      atPeak = { rss: s.rss, maps: mappings(child.pid) };
    hwm = Math.max(hwm, s.hwm);
  };
  const timer = setInterval(sample, 20);
  for await (const line of createInterface({ input: child.stdout })) {
    const m = JSON.parse(line);
    if (m.done) {
      result = m;
      continue;
    }
    sample();
    stage = { name: m.stage, ms: m.ms, peak: status(child.pid)?.rss ?? 0 };
    stages.push(stage);
  }
  sample();
  clearInterval(timer);
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  if (!result) {
    console.log(`${size}: the load failed (exit ${child.exitCode})`);
    continue;
  }
  console.log(
    `\n${mb(fileBytes)} file (${size}${Object.keys(processEnv).length ? ', engine process env' : ', plain malloc'}): ${result.nodes} nodes, ${result.edges} edges, ${result.strings} strings; ` +
      `${(result.ms / 1000).toFixed(2)} s; peak RSS ${mb(hwm)} = ${(hwm / fileBytes).toFixed(2)}× the file`,
  );
  console.log('stage (starts at)            peak RSS in it');
  for (const s of stages)
    console.log(
      `  ${`${s.name} (${(s.ms / 1000).toFixed(2)} s)`.padEnd(28)} ${mb(s.peak).padStart(8)}  ${(s.peak / fileBytes).toFixed(2)}×`,
    );
  console.log('what stays (distinct buffers)     bytes   per node  per edge   / file');
  let total = 0;
  for (const [name, { bytes }] of Object.entries(result.sizes)) {
    total += bytes;
    console.log(
      `  ${name.padEnd(28)} ${mb(bytes).padStart(8)}  ${(bytes / result.nodes).toFixed(2).padStart(8)}  ${(bytes / result.edges).toFixed(2).padStart(8)}  ${(bytes / fileBytes).toFixed(3)}`,
    );
  }
  console.log(
    `  ${'total'.padEnd(28)} ${mb(total).padStart(8)}  ${''.padStart(8)}  ${''.padStart(8)}  ${(total / fileBytes).toFixed(3)}`,
  );
  if (atPeak) {
    console.log(`mappings at the peak (${mb(atPeak.rss)}), resident MB (of mapped):`);
    console.log(
      `  ${atPeak.maps.map((m) => `${(m.rss / 1e6).toFixed(1)}${m.rss < m.size * 0.99 ? ` (${(m.size / 1e6).toFixed(1)})` : ''}${m.name ? ' ' + m.name.replace(/.*\//, '') : ''}`).join(', ')}`,
    );
  }
  const a = result.after;
  console.log(
    `after a GC: RSS ${mb(a.rss)} (${(a.rss / fileBytes).toFixed(2)}×), JS heap ${mb(a.heapUsed)}, array buffers ${mb(a.arrayBuffers)}`,
  );
}
