// Results the explorer pages through while scrolling (a class's members in one sort order, a comparison, a
// leak triage) are computed once and kept in a small LRU, so the next page is a slice, not a rescan of every
// node. Entries name the snapshots they were computed from and are dropped when one of those is closed or
// replaced. Memory is bounded by entry count and by an estimate of each entry's bytes (typed arrays of
// ordinals, mostly).

interface Entry {
  value: unknown;
  bytes: number;
  snapshots: readonly string[];
}

export interface QueryCacheStats {
  hits: number;
  /** Computations per kind of query ('members', 'diff', …): what a cache miss cost. */
  computed: Record<string, number>;
}

export class QueryCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  readonly stats: QueryCacheStats = { hits: 0, computed: {} };

  constructor(
    private readonly maxEntries = 16,
    private readonly maxBytes = 512 << 20,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The cached value for this kind of query over these snapshots with these parameters, or `compute()`'s
   * (then cached, unless alone it exceeds the byte budget). `sizeOf` estimates the value's bytes.
   */
  get<T>(
    kind: string,
    snapshots: readonly string[],
    params: readonly unknown[],
    compute: () => T,
    sizeOf: (value: T) => number,
  ): T {
    const key = JSON.stringify([kind, snapshots, params]);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key); // re-insert: Map order is the LRU order, most recent last
      this.entries.set(key, hit);
      this.stats.hits++;
      return hit.value as T;
    }
    const value = compute();
    this.stats.computed[kind] = (this.stats.computed[kind] ?? 0) + 1;
    const bytes = sizeOf(value);
    if (bytes > this.maxBytes) return value;
    this.entries.set(key, { value, bytes, snapshots });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.drop(k, e);
    }
    return value;
  }

  /** Forgets everything computed from this snapshot (closed, or its name now means another one). */
  invalidate(snapshot: string): void {
    for (const [k, e] of this.entries) if (e.snapshots.includes(snapshot)) this.drop(k, e);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
