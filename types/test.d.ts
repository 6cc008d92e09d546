// Types of `retainer-lens/test`: the leak gate for test runners (node:test, Vitest, Jest, Mocha).
// Kept by hand; test/gate/publicTypes.ts checks them against the implementation in src/gate/.

/** A place in the program's source: absolute file, 1-based line and column. */
export interface SourcePlace {
  file: string;
  line: number;
  column: number;
  /** The function or class defined there, when known. */
  name?: string;
}

export interface RelatedPlace {
  place: SourcePlace;
  /** The hop of the retainer path, e.g. `buildReport() holds reportCache`. */
  label: string;
}

/** One group of objects that the repetitions left alive. */
export interface LeakFinding {
  /** Stable across runs: class, the retainer path's named hops, defining file and line. */
  key: string;
  className: string;
  /** Objects allocated in the measured iterations and still alive at the end. */
  count: number;
  /** `count` divided by the measured iterations. */
  perIteration: number;
  retainedSize: number;
  /** The clustered retainer path, for display. */
  path: string;
  normalizedPath: string;
  holder?: string;
  /** Where the class or function is defined. */
  definedAt?: SourcePlace;
  /** Where the objects were allocated (with `trackAllocations`). */
  allocatedAt?: SourcePlace;
  /** The functions along the retainer path, root first. */
  related: RelatedPlace[];
  sampleIds: number[];
}

export interface MeasureOptions {
  /** Repetitions between baseline and target, and again before final. Default 10. */
  iterations?: number;
  /** Repetitions before the baseline, not measured. Default 3. */
  warmup?: number;
  /** Objects per iteration from which a group of survivors is a leak. Default 1. */
  threshold?: number;
  /** Record allocation stacks, so each leak can say where its objects were allocated (slower). */
  trackAllocations?: boolean;
  /** Keep the three snapshots in this folder instead of deleting them. */
  snapshotDir?: string;
  /** Paths in keys and messages are relative to this folder. Default: the current directory. */
  cwd?: string;
}

export type ExpectNoLeakOptions = MeasureOptions;

export interface LeakCheckResult {
  iterations: number;
  warmup: number;
  threshold: number;
  /** Groups at or above the threshold, largest retained size first. */
  leaks: LeakFinding[];
  /** The largest groups below it (at most 10). */
  below: LeakFinding[];
  suspects: number;
  matchedBy: 'id' | 'structure';
  snapshots?: { baseline: string; target: string; final: string };
}

export interface LeakScenario {
  setup?(): unknown;
  action(): unknown;
  back?(): unknown;
  teardown?(): unknown;
}

/**
 * Runs `action` (one repetition of the scenario) warmup + 2 × iterations times in this process, with heap
 * snapshots after the warm-up, after `iterations` and at the end, and throws an AssertionError naming each
 * group of objects that grew with the repetitions (count per iteration, retained bytes, retainer path,
 * defining line). Resolves with the measurement when there is no leak.
 */
export function expectNoLeak(action: () => unknown, options?: ExpectNoLeakOptions): Promise<LeakCheckResult>;

/** The same measurement without the assertion: setup, action, back and teardown hooks. */
export function measureLeaks(scenario: LeakScenario, options?: MeasureOptions): Promise<LeakCheckResult>;
