// A whole leak measurement in this process: run the scenario between three snapshots of its own heap, then
// triage them with the engine (after the last snapshot, so the engine's memory is never measured) and judge
// each group. A group is a leak when it grew with the repetitions: at least `threshold` objects per measured
// iteration. One-off allocations (a lazily built cache, the test runner's bookkeeping) do not scale with the
// iterations and stay below; a real leak leaves its objects every time and is always above.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSnapshotFile } from '../heap/loader';
import { ThreeSnapshotTriage } from '../service/leakTriage';
import { InspectorSession } from './inspectorSession';
import { ScriptTable } from './scriptTable';
import { leakFinding, type LeakFinding, type TriageGroup } from './leakFinding';
import { DEFAULT_ITERATIONS, DEFAULT_WARMUP, runScenario, type LeakScenario, type SnapshotFiles } from './scenario';

export interface MeasureOptions {
  /** Repetitions between baseline and target (and again before final). Default 10. */
  iterations?: number;
  /** Repetitions before the baseline. Default 3. */
  warmup?: number;
  /** Objects per iteration from which a group is a leak. Default 1. */
  threshold?: number;
  /** Record allocation stacks, so each leak can say where its objects were allocated (slower). */
  trackAllocations?: boolean;
  /** Keep the three snapshots in this folder instead of deleting them. */
  snapshotDir?: string;
  /** Paths in keys and messages are relative to this folder. Default: the current directory. */
  cwd?: string;
}

export interface LeakCheckResult {
  iterations: number;
  warmup: number;
  threshold: number;
  /** Groups at or above the threshold, largest retained size first. */
  leaks: LeakFinding[];
  /** The largest groups below it (at most 10): survivors that did not grow with the iterations. */
  below: LeakFinding[];
  /** Objects allocated between baseline and target still alive at final. */
  suspects: number;
  /** 'structure' when object ids did not survive between snapshots and objects were matched by path. */
  matchedBy: 'id' | 'structure';
  /** The snapshots, when `snapshotDir` kept them. */
  snapshots?: SnapshotFiles;
}

export const DEFAULT_THRESHOLD = 1;

/** How many groups get a finding (paths and places are looked up per group). */
const MAX_GROUPS = 50;

export interface ResolvedOptions {
  iterations: number;
  warmup: number;
  threshold: number;
}

/** Checks the numbers a caller gave; throws a TypeError (or RangeError) that says which one is wrong. */
export function resolveOptions(options: MeasureOptions): ResolvedOptions {
  const iterations = options.iterations ?? DEFAULT_ITERATIONS;
  const warmup = options.warmup ?? DEFAULT_WARMUP;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isInteger(iterations) || iterations < 2)
    throw new RangeError(`iterations must be an integer ≥ 2 (got ${String(iterations)})`);
  if (!Number.isInteger(warmup) || warmup < 0)
    throw new RangeError(`warmup must be an integer ≥ 0 (got ${String(warmup)})`);
  if (typeof threshold !== 'number' || !(threshold > 0) || !Number.isFinite(threshold))
    throw new RangeError(`threshold must be a number > 0 (got ${String(threshold)})`);
  return { iterations, warmup, threshold };
}

export async function measureLeaks(scenario: LeakScenario, options: MeasureOptions = {}): Promise<LeakCheckResult> {
  const { iterations, warmup, threshold } = resolveOptions(options);
  if (typeof scenario?.action !== 'function') throw new TypeError('the scenario needs an action() function');
  const directory = options.snapshotDir ?? (await mkdtemp(join(tmpdir(), 'retainer-lens-gate-')));
  try {
    const session = new InspectorSession();
    let files: SnapshotFiles;
    let scripts: ScriptTable;
    try {
      await session.open();
      await scenario.setup?.();
      files = await runScenario(scenario, { ...options, iterations, warmup }, session, directory);
      scripts = await ScriptTable.collect(session);
    } finally {
      try {
        await scenario.teardown?.();
      } finally {
        await session.close();
      }
    }
    const triage = new ThreeSnapshotTriage(await loadSnapshotFile(files.baseline));
    triage.addTarget(await loadSnapshotFile(files.target));
    const final = await loadSnapshotFile(files.final);
    const all = triage.finish(final);
    const context = { final, iterations, scripts, cwd: options.cwd ?? process.cwd() };
    const findings = all.leaks.groups.slice(0, MAX_GROUPS).map((group) => leakFinding(group as TriageGroup, context));
    const leaking = (f: LeakFinding) => f.count >= threshold * iterations;
    return {
      iterations,
      warmup,
      threshold,
      leaks: findings.filter(leaking),
      below: findings.filter((f) => !leaking(f)).slice(0, 10),
      suspects: all.leaks.suspects,
      matchedBy: all.matchedBy,
      snapshots: options.snapshotDir ? files : undefined,
    };
  } finally {
    if (!options.snapshotDir) await rm(directory, { recursive: true, force: true });
  }
}
