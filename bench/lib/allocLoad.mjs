// Timed loads in this process, interleaved, printed as JSON: node allocLoad.mjs <engine> <runs> <case>…
// where each case is `<file>:<on|off>:<parallel|sequential>[:sites]`. `off` skips the allocation traces (the
// reference); `parallel` is the loader's default for files from 8 MB (two decode threads), `sequential` the
// one-thread path; `sites` also builds the allocation index after the load. Prints, per case, the CPU (user + system) and wall
// milliseconds of each run: on a shared machine the CPU time is the steadier measure.
import { createRequire } from 'node:module';

const [engine, runs, ...cases] = process.argv.slice(2);
const { loadSnapshotFile, allocationIndex } = createRequire(import.meta.url)(engine);
const cpu = (since) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};
const results = cases.map(() => ({ load: [], loadCpu: [], sites: [], sitesCpu: [] }));
// One untimed load first: the JIT warms up on it.
await loadSnapshotFile(cases[0].split(':')[0]);
for (let r = 0; r < Number(runs); r++) {
  // Alternate the order of the cases so drift does not favour one.
  const order = cases.map((_, i) => i);
  if (r % 2) order.reverse();
  for (const i of order) {
    const [file, traces, loader, sites] = cases[i].split(':');
    globalThis.gc?.();
    const start = performance.now();
    const startCpu = process.cpuUsage();
    const snapshot = await loadSnapshotFile(file, {
      allocationTraces: traces === 'on',
      parallel: loader === 'parallel',
    });
    if (loader === 'parallel' && !snapshot.graph.shared) throw new Error('the parallel loader did not run');
    results[i].load.push(performance.now() - start);
    results[i].loadCpu.push(cpu(startCpu));
    if (sites) {
      const at = performance.now();
      const atCpu = process.cpuUsage();
      allocationIndex(snapshot);
      results[i].sites.push(performance.now() - at);
      results[i].sitesCpu.push(cpu(atCpu));
    }
  }
}
process.stdout.write(JSON.stringify(results) + '\n');
