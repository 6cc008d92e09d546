// One measurement, memlab's way for a program in this process: `setup` once, a few warm-up repetitions (lazy
// caches, compiled code), then baseline → N × (action, back) → target → N × (action, back) → final. A
// garbage collection runs after every repetition and before every snapshot. Objects allocated between baseline
// and target that are still alive at final are the suspects; a leak leaves about k of them per repetition.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { InspectorSession } from './inspectorSession';

export interface LeakScenario {
  /** Runs once before anything is measured (start a server, open a page, build fixtures). */
  setup?(): unknown;
  /** One repetition of what is suspected to leak. */
  action(): unknown;
  /** Undoes the action when it is meant to be undone (close what it opened); optional. */
  back?(): unknown;
  /** Runs once after the measurement, even when it failed. */
  teardown?(): unknown;
}

export interface RunOptions {
  /** Repetitions between baseline and target, and again between target and final. */
  iterations: number;
  /** Repetitions before the baseline, not measured. */
  warmup: number;
  /** Record allocation stacks too, so groups can name where their objects were allocated. */
  trackAllocations?: boolean;
}

export interface SnapshotFiles {
  baseline: string;
  target: string;
  final: string;
}

export const DEFAULT_ITERATIONS = 10;
export const DEFAULT_WARMUP = 3;

/**
 * Lets timers, I/O callbacks and pending promise reactions of the last repetition run before a snapshot, and
 * empties Node's resource timing buffer: `fetch` records every request there (up to 250, nobody reads them in
 * a test), which would otherwise read as a few objects left per repetition.
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await nextTurn();
  performance.clearResourceTimings();
}

export async function runScenario(
  scenario: LeakScenario,
  options: RunOptions,
  session: InspectorSession,
  directory: string,
): Promise<SnapshotFiles> {
  const repeat = async (times: number) => {
    for (let i = 0; i < times; i++) {
      await scenario.action();
      if (scenario.back) await scenario.back();
      await session.collectGarbage();
    }
  };
  const snapshot = async (name: keyof SnapshotFiles) => {
    await settle();
    await session.collectGarbage();
    const file = join(directory, `${name}.heapsnapshot`);
    await session.snapshot(file);
    return file;
  };
  // Tracking stops with the session (HeapProfiler.disable): stopTrackingHeapObjects would take a snapshot.
  if (options.trackAllocations) await session.post('HeapProfiler.startTrackingHeapObjects', { trackAllocations: true });
  await repeat(options.warmup);
  const baseline = await snapshot('baseline');
  await repeat(options.iterations);
  const target = await snapshot('target');
  await repeat(options.iterations);
  const final = await snapshot('final');
  return { baseline, target, final };
}
