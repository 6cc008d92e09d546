// Node ids without 4 bytes per node. V8 hands out ids 2 apart and writes objects in that order, so a snapshot's
// ids are a few hundred runs of step 2 (a gap or a step back starts the next run): each run is its first ordinal
// and first id. Ids in any other pattern keep the plain column.
const STEP = 2;
/** Runs (12 bytes each) are kept only while they take under a sixteenth of the plain column's 4 bytes per node. */
const MAX_RUNS_PER_NODE = 1 / 48;

export interface IdColumnParts {
  count: number;
  plain?: Uint32Array;
  /** Ordinal where each run starts, plus count as a sentinel. */
  runStart?: Uint32Array;
  /** Id of each run's first node. */
  runFirst?: Float64Array;
}

export class NodeIdColumn {
  readonly count: number;
  private readonly plain?: Uint32Array;
  private readonly runStart: Uint32Array;
  private readonly runFirst: Float64Array;
  /** The run of the previous lookup: most callers walk ordinals in order. */
  private last = 0;
  /** Runs by first id, and whether their id ranges are disjoint (then an id lookup is a binary search). */
  private byFirst?: Uint32Array;
  private disjoint = false;
  /** Plain column: ids ascending (binary search), else a map built on the first lookup. */
  private plainSorted?: boolean;
  private plainIndex?: Map<number, number>;

  private constructor(parts: IdColumnParts) {
    this.count = parts.count;
    this.plain = parts.plain;
    this.runStart = parts.runStart ?? new Uint32Array(1);
    this.runFirst = parts.runFirst ?? new Float64Array(0);
  }

  /** The ids of `count` nodes, compacted when they form few runs (`ids` is then no longer referenced). */
  static from(ids: Uint32Array, count = ids.length): NodeIdColumn {
    let runs = count > 0 ? 1 : 0;
    for (let n = 1; n < count; n++) if (ids[n] !== ids[n - 1] + STEP) runs++;
    if (runs > count * MAX_RUNS_PER_NODE) return new NodeIdColumn({ count, plain: ids.subarray(0, count) });
    const runStart = new Uint32Array(runs + 1);
    const runFirst = new Float64Array(runs);
    let k = 0;
    for (let n = 0; n < count; n++) {
      if (n > 0 && ids[n] === ids[n - 1] + STEP) continue;
      runStart[k] = n;
      runFirst[k++] = ids[n];
    }
    runStart[runs] = count;
    return new NodeIdColumn({ count, runStart, runFirst });
  }

  static fromParts(parts: IdColumnParts): NodeIdColumn {
    return new NodeIdColumn(parts);
  }

  /** What another thread needs to rebuild this column (small unless the ids are plain). */
  parts(): IdColumnParts {
    return this.plain
      ? { count: this.count, plain: this.plain }
      : { count: this.count, runStart: this.runStart, runFirst: this.runFirst };
  }

  /** Bytes this column holds (the benchmark's accounting). */
  get byteLength(): number {
    return this.plain ? this.plain.byteLength : this.runStart.byteLength + this.runFirst.byteLength;
  }

  get(n: number): number {
    if (this.plain) return this.plain[n];
    const { runStart } = this;
    let k = this.last;
    if (n < runStart[k] || n >= runStart[k + 1]) {
      // The last run starting at or before n.
      let lo = 0,
        hi = this.runFirst.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (runStart[mid] <= n) lo = mid;
        else hi = mid - 1;
      }
      this.last = k = lo;
    }
    return this.runFirst[k] + STEP * (n - runStart[k]);
  }

  /** The first ordinal whose id is `id`, or -1. */
  ordinalOf(id: number): number {
    return this.plain ? this.plainOrdinalOf(this.plain, id) : this.runOrdinalOf(id);
  }

  private inRun(k: number, id: number): number {
    const d = id - this.runFirst[k];
    if (d < 0 || d % STEP !== 0 || d / STEP >= this.runStart[k + 1] - this.runStart[k]) return -1;
    return this.runStart[k] + d / STEP;
  }

  private runOrdinalOf(id: number): number {
    const runs = this.runFirst.length;
    if (!this.byFirst) {
      const order = new Uint32Array(runs);
      for (let k = 0; k < runs; k++) order[k] = k;
      order.sort((a, b) => this.runFirst[a] - this.runFirst[b]);
      let disjoint = true;
      for (let i = 1; i < runs && disjoint; i++) {
        const prev = order[i - 1];
        const prevLast = this.runFirst[prev] + STEP * (this.runStart[prev + 1] - this.runStart[prev] - 1);
        if (this.runFirst[order[i]] <= prevLast) disjoint = false;
      }
      this.byFirst = order;
      this.disjoint = disjoint;
    }
    if (this.disjoint) {
      const order = this.byFirst;
      let lo = 0,
        hi = runs - 1;
      if (runs === 0 || id < this.runFirst[order[0]]) return -1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (this.runFirst[order[mid]] <= id) lo = mid;
        else hi = mid - 1;
      }
      return this.inRun(order[lo], id);
    }
    // Overlapping runs (embedder nodes may share ids): the first ordinal wins, as with the plain column.
    for (let k = 0; k < runs; k++) {
      const n = this.inRun(k, id);
      if (n >= 0) return n;
    }
    return -1;
  }

  private plainOrdinalOf(ids: Uint32Array, id: number): number {
    if (this.plainSorted === undefined) {
      // V8 writes ids in ascending order, so a binary search works; other writers get a map.
      let sorted = true;
      for (let i = 1; i < ids.length && sorted; i++) if (ids[i] <= ids[i - 1]) sorted = false;
      this.plainSorted = sorted;
      if (!sorted) {
        this.plainIndex = new Map();
        for (let i = 0; i < ids.length; i++) if (!this.plainIndex.has(ids[i])) this.plainIndex.set(ids[i], i);
      }
    }
    if (!this.plainSorted) return this.plainIndex!.get(id) ?? -1;
    return indexOfSorted(ids, id);
  }
}

/** Position of `id` in ascending `ids`, or -1. */
export function indexOfSorted(ids: ArrayLike<number>, id: number): number {
  let lo = 0,
    hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] === id) return mid;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
