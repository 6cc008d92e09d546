// Benchmark, not a test: time from opening a snapshot in the retainer explorer to its first Summary rows in
// the webview and to its retained sizes, and the extension host's largest event-loop stall meanwhile, in the
// real editor. Each editor
// run is paired with a run of the engine alone just before it (bench/explorer.mjs --engine-one: the same heap
// worker bundle in a fresh process, outside the editor), so a busy machine skews both alike. Included only
// when RETAINER_LENS_BENCH is set and runs only with RETAINER_LENS_BENCH_SNAPSHOTS (a JSON list of files):
// `npm run bench:explorer` sets both and prints the table.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { browser, sleep, waitFor } from './bridge';
import {
  activateExtension,
  closeExplorers,
  openWith,
  sel,
  titleOf,
  waitForNoExplorer,
  watchWorkers,
} from './explorerHelpers';

interface EngineSample {
  openMs: number;
  /** `open` then the first Summary page, as the webview asks for it. */
  firstPageMs: number;
  /** Until the snapshot's retained sizes are in (`analyzed`). */
  analyzedMs: number;
  maxRssMB: number;
}

interface Stalls {
  /** Largest event-loop delay seen by perf_hooks.monitorEventLoopDelay (10 ms resolution). */
  maxDelayMs: number;
  /** Largest lateness of a 10 ms setInterval tick, as a second opinion. */
  maxDriftMs: number;
  /**
   * CPU time the extension host thread spent during that late tick's interval: close to the stall, the host was
   * busy; far below it, the thread was waiting (for a core, on a busy machine) rather than working.
   */
  maxDriftCpuMs: number;
  /** The extension host thread's event-loop utilization over the window (0 idle … 1 always busy). */
  elu: number;
  /** The extension host process's peak RSS (the heap worker lives in it). */
  peakRssMB: number;
  /** The longest garbage collection of the extension host thread's own heap (not the worker's). */
  maxGcMs: number;
}

interface Sample extends Stalls {
  file: string;
  bytes: number;
  engine: EngineSample;
  /** From `vscode.openWith` to the first Summary row visible in the webview. */
  firstRowsMs: number;
  /** From `vscode.openWith` until the explorer no longer says retained sizes are being computed. */
  retainedMs: number;
  /** Until `vscode.openWith` resolved (the editor and its webview exist; the load continues in the worker). */
  openCommandMs: number;
  /** The same measures over a quiet window right after (the explorer closed): what the host does anyway. */
  idle: Stalls;
}

const TICK_MS = 10;

/** This thread's CPU time (Node ≥ 23.9 has process.threadCpuUsage; elsewhere the process's, an upper bound). */
function threadCpuMs(): number {
  const p = process as NodeJS.Process & { threadCpuUsage?: () => NodeJS.CpuUsage };
  const usage = p.threadCpuUsage ? p.threadCpuUsage() : process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Starts watching the extension host's event loop; the returned function stops and reports. */
function watchStalls(): () => Stalls {
  const delay = monitorEventLoopDelay({ resolution: TICK_MS });
  const elu = performance.eventLoopUtilization();
  let last = performance.now();
  let lastCpu = threadCpuMs();
  let maxDrift = 0;
  let maxDriftCpu = 0;
  let peakRss = process.memoryUsage.rss();
  let ticks = 0;
  const sampler = setInterval(() => {
    const now = performance.now();
    const cpu = threadCpuMs();
    if (now - last - TICK_MS > maxDrift) {
      maxDrift = now - last - TICK_MS;
      maxDriftCpu = cpu - lastCpu;
    }
    last = now;
    lastCpu = cpu;
    if (++ticks % 10 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, TICK_MS);
  let maxGc = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) maxGc = Math.max(maxGc, entry.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  delay.enable();
  return () => {
    delay.disable();
    clearInterval(sampler);
    gc.disconnect();
    return {
      maxGcMs: maxGc,
      maxDelayMs: delay.max / 1e6,
      maxDriftMs: Math.max(0, maxDrift),
      maxDriftCpuMs: maxDriftCpu,
      elu: performance.eventLoopUtilization(elu).utilization,
      peakRssMB: Math.max(peakRss, process.memoryUsage.rss()) / 2 ** 20,
    };
  };
}

/** The engine alone on `file`, in a fresh process of the extension host's Node (asynchronously: the host stays responsive). */
function engineAlone(file: string): Promise<EngineSample> {
  const root = vscode.extensions.getExtension('retainer-lens.retainer-lens')!.extensionPath;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(root, 'bench/explorer.mjs'), '--engine-one', join(root, 'dist/heapWorker.js'), file],
      { maxBuffer: 1 << 20, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
      (error, stdout) => {
        if (error) reject(error);
        else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as EngineSample);
      },
    );
  });
}

/**
 * With RETAINER_LENS_BENCH_PROFILE set, a CPU profile of the extension host thread over one load
 * (bench-explorer-<name>.cpuprofile in the test output folder): where a stall's CPU time went.
 */
async function profileHost(): Promise<(name: string) => Promise<void>> {
  if (!process.env.RETAINER_LENS_BENCH_PROFILE) return async () => undefined;
  const inspector = await import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return async (name) => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    session.disconnect();
    writeFileSync(
      join(process.env.RETAINER_LENS_TEST_OUTPUT ?? '.', `bench-explorer-${name}.cpuprofile`),
      JSON.stringify(profile),
    );
  };
}

async function measure(file: string, engine: EngineSample): Promise<Sample> {
  const uri = vscode.Uri.file(file);
  const bytes = (await vscode.workspace.fs.stat(uri)).size;
  const workers = watchWorkers();
  const stopProfile = await profileHost();
  const stop = watchStalls();
  const started = performance.now();
  let openCommandMs: number;
  let firstRowsMs: number;
  let stalls: Stalls;
  try {
    await openWith(uri);
    openCommandMs = performance.now() - started;
    await browser('webviewWaitFor', { selector: sel.summaryRows, title: titleOf(uri), timeoutMs: 20 * 60_000 });
    firstRowsMs = performance.now() - started;
    await browser('webviewWaitFor', {
      selector: '.rl-status .rl-analyzing',
      state: 'detached',
      title: titleOf(uri),
      timeoutMs: 20 * 60_000,
    });
  } finally {
    stalls = stop();
  }
  const retainedMs = performance.now() - started;
  await stopProfile(titleOf(uri));
  // Close it and let its worker end before the next one, so loads never overlap.
  await closeExplorers();
  await waitForNoExplorer();
  await waitFor(() => workers.workers.every((w) => !w.heap || w.exited), 'the heap worker to exit', 60_000);
  workers.dispose();
  // As long as the load took (up to a minute), so both windows have the same chance of catching the host's own GCs.
  const stopIdle = watchStalls();
  await sleep(Math.min(firstRowsMs, 60_000));
  return { file, bytes, engine, firstRowsMs, retainedMs, openCommandMs, ...stalls, idle: stopIdle() };
}

suite('bench: explorer open → first rows', () => {
  test('per snapshot size', async function () {
    const files = JSON.parse(process.env.RETAINER_LENS_BENCH_SNAPSHOTS ?? 'null') as string[] | null;
    if (!files?.length) this.skip();
    this.timeout(0);
    const runs = Math.max(1, Number(process.env.RETAINER_LENS_BENCH_RUNS ?? 1));
    await activateExtension();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Warm-up on the smallest file: the first webview in a session also pays for loading the workbench's webview host.
    await measure(files![0], await engineAlone(files![0]));
    const samples: Sample[] = [];
    for (const file of files!) {
      for (let run = 0; run < runs; run++) {
        const sample = await measure(file, await engineAlone(file));
        const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
        console.log(
          `[bench] ${titleOf(vscode.Uri.file(file))}: engine alone ${secs(sample.engine.firstPageMs)} (retained sizes ${secs(sample.engine.analyzedMs)}), editor first rows ${secs(sample.firstRowsMs)} (retained sizes ${secs(sample.retainedMs)}), max event-loop delay ${sample.maxDelayMs.toFixed(1)} ms (late tick ${sample.maxDriftMs.toFixed(0)} ms with ${sample.maxDriftCpuMs.toFixed(0)} ms CPU; idle ${sample.idle.maxDelayMs.toFixed(1)} ms), longest host GC ${sample.maxGcMs.toFixed(1)} ms (idle ${sample.idle.maxGcMs.toFixed(1)} ms), ELU ${sample.elu.toFixed(2)}`,
        );
        samples.push(sample);
      }
    }
    writeFileSync(
      join(process.env.RETAINER_LENS_TEST_OUTPUT ?? '.', 'bench-explorer.json'),
      JSON.stringify(samples, null, 2),
    );
  });
});
