// The request handler behind the worker: a table of open snapshots and one function per protocol method.
// It runs in-process too (tests, CLI-like hosts); worker.ts only moves messages.
import { diffPage, diffSnapshots, sortedNewObjects, type SnapshotDiff } from './diff';
import { dominatedChildren, dominatorChain, outgoingEdges, resolveNode, retainers } from './edges';
import { HeapSnapshotCancelled, HeapSnapshotError } from './errors';
import { findAllGrowth, sampleCollections, withPaths, type GrowingCollection } from './growth';
import { triageAllLeaks, type LeakGroup, type LeakTriage } from './leaks';
import { ChunkLoader, openSnapshotFile } from './loader';
import { baseKeys, carryKeys } from './match';
import { closureContext, location } from './location';
import { IdSet } from './nodeIds';
import { pathsToRoot } from './paths';
import type { HeapErrorCode, HeapMethod, HeapParams, HeapRequest, HeapResult, SnapshotInfo } from './protocol';
import { nodePage, nodeRow, page } from './queries';
import { QueryCache } from './queryCache';
import type { HeapSnapshot, Progress } from './snapshot';
import { statistics } from './statistics';
import { classMemberOrdinals, classSummary } from './summary';

export class HeapRequestError extends Error {
  constructor(
    readonly code: HeapErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type Handler<M extends HeapMethod> = (
  params: HeapParams<M>,
  context: { signal: AbortSignal; onProgress: (p: Progress) => void },
) => HeapResult<M> | Promise<HeapResult<M>>;

export class HeapEngine {
  private readonly snapshots = new Map<string, HeapSnapshot>();
  private readonly streams = new Map<string, ChunkLoader>();
  /** Paged queries' full results (members per class and sort, diffs, leak triage): see queryCache.ts. */
  readonly cache = new QueryCache();

  private get(name: string): HeapSnapshot {
    const s = this.snapshots.get(name);
    if (!s) throw new HeapRequestError('bad-request', `no open snapshot named ${JSON.stringify(name)}`);
    return s;
  }

  private info(name: string, s: HeapSnapshot): SnapshotInfo {
    this.cache.invalidate(name);
    this.snapshots.set(name, s);
    return snapshotInfo(name, s);
  }

  /** Opened, and with `progressive`, answers the Summary before the rest is computed (see `analyzed`). */
  private async opened(name: string, s: HeapSnapshot, progressive: boolean | undefined): Promise<SnapshotInfo> {
    const info = this.info(name, s);
    if (progressive && !s.complete) return info;
    await s.ready;
    return snapshotInfo(name, s);
  }

  /** Until a snapshot's analysis is complete, every query but the Summary waits for it. */
  private async whenComplete(params: Record<string, unknown>): Promise<void> {
    for (const key of ['snapshot', 'base', 'current', 'baseline', 'target', 'final']) {
      const name = params[key];
      const s = typeof name === 'string' ? this.snapshots.get(name) : undefined;
      if (s && !s.complete) await s.ready;
    }
  }

  private readonly handlers: { [M in HeapMethod]: Handler<M> } = {
    open: async (p, c) =>
      this.opened(
        p.snapshot ?? p.path,
        await openSnapshotFile(p.path, { ...c, rawShallowSizes: p.rawShallowSizes }),
        p.progressive,
      ),
    analyzed: async (p) => {
      const s = this.get(p.snapshot);
      await s.ready;
      return snapshotInfo(p.snapshot, s);
    },
    beginStream: (p, c) => {
      this.streams.set(
        p.snapshot,
        new ChunkLoader({ onProgress: c.onProgress, rawShallowSizes: p.rawShallowSizes, totalBytes: p.totalBytes }),
      );
      return null;
    },
    writeChunk: (p) => {
      const loader = this.streams.get(p.snapshot);
      if (!loader) throw new HeapRequestError('bad-request', `no stream named ${JSON.stringify(p.snapshot)}`);
      try {
        loader.write(p.chunk);
      } catch (error) {
        this.streams.delete(p.snapshot);
        throw error;
      }
      return null;
    },
    endStream: async (p) => {
      const loader = this.streams.get(p.snapshot);
      if (!loader) throw new HeapRequestError('bad-request', `no stream named ${JSON.stringify(p.snapshot)}`);
      this.streams.delete(p.snapshot);
      return this.info(p.snapshot, await loader.finish());
    },
    summary: (p) => classSummary(this.get(p.snapshot), p),
    members: (p) => {
      const s = this.get(p.snapshot);
      const members = this.cache.get(
        'members',
        [p.snapshot],
        [p.className, p.sortBy ?? 'retainedSize', p.ascending ?? null],
        () => classMemberOrdinals(s, p),
        (a) => a.byteLength,
      );
      return nodePage(s, members, p);
    },
    node: (p) => {
      const s = this.get(p.snapshot);
      return nodeRow(s, resolveNode(s, p));
    },
    edges: (p) => outgoingEdges(this.get(p.snapshot), p),
    retainers: (p) => retainers(this.get(p.snapshot), p),
    pathsToRoot: (p) => pathsToRoot(this.get(p.snapshot), p),
    dominatorChain: (p) => dominatorChain(this.get(p.snapshot), p),
    dominated: (p) => dominatedChildren(this.get(p.snapshot), p),
    statistics: (p) => statistics(this.get(p.snapshot)),
    location: (p) => location(this.get(p.snapshot), p),
    closureContext: (p) => closureContext(this.get(p.snapshot), p),
    diff: (p) => {
      const [base, current] = [this.get(p.base), this.get(p.current)];
      const names = [p.base, p.current];
      const diff = this.cache.get(
        'diff',
        names,
        [],
        () => diffSnapshots(base, current),
        (d: SnapshotDiff) => d.newObjects.byteLength + 200 * d.classes.length,
      );
      const fresh = this.cache.get(
        'diff objects',
        names,
        [p.className ?? null, p.sortBy ?? 'retainedSize', p.ascending ?? null],
        () => sortedNewObjects(current, diff, p),
        (a) => a.byteLength,
      );
      return diffPage(current, diff, p, fresh);
    },
    leaks: (p) => {
      const [a, b, c] = [this.get(p.baseline), this.get(p.target), this.get(p.final)];
      const all = this.cache.get(
        'leaks',
        [p.baseline, p.target, p.final],
        [p.maxSuspects ?? null],
        () => {
          // Identity across the three: node ids, or structural keys when a new profiler session renumbered them.
          const keysA = baseKeys(a);
          const keysB = carryKeys(a, keysA, b, 1).keys;
          const keysC = carryKeys(b, keysB, c, 2).keys;
          return {
            leaks: triageAllLeaks(IdSet.of(a, keysA), IdSet.of(b, keysB), c, p.maxSuspects, keysC),
            growth: findAllGrowth([
              sampleCollections(a, keysA),
              sampleCollections(b, keysB),
              sampleCollections(c, keysC),
            ]),
          };
        },
        (r: { leaks: LeakTriage; growth: GrowingCollection[] }) => 1000 * (r.leaks.groups.length + r.growth.length),
      );
      // Rows are copied so a caller in this process cannot alter the cached ones (withPaths adds `path`).
      const groups = page(all.leaks.groups, p);
      const growth = page(all.growth, p);
      return {
        leaks: {
          suspects: all.leaks.suspects,
          untraced: all.leaks.untraced,
          groups: { ...groups, items: groups.items.map((g: LeakGroup) => ({ ...g, sampleIds: [...g.sampleIds] })) },
        },
        growth: withPaths(c, {
          ...growth,
          items: growth.items.map((g) => ({ ...g, retainedSizes: [...g.retainedSizes] })),
        }),
      };
    },
    // Loaded on first use: it brings the analyzer (and TypeScript's parser) into the worker.
    join: async (p) => (await import('../join/analyzeAndJoin')).analyzeAndJoin(this.get(p.snapshot), p),
    marks: async (p) => {
      if (!Array.isArray(p.ids)) throw new HeapRequestError('bad-request', 'marks needs an array of node ids');
      return (await import('../join/analyzeAndJoin')).marksFor(this.get(p.snapshot), p.ids);
    },
    close: (p) => {
      this.snapshots.delete(p.snapshot);
      this.streams.delete(p.snapshot);
      this.cache.invalidate(p.snapshot);
      return null;
    },
    cancel: () => null, // handled by the transport, which owns the AbortControllers
  };

  async handle(request: HeapRequest, signal: AbortSignal, onProgress: (p: Progress) => void): Promise<unknown> {
    const handler = this.handlers[request.method] as Handler<HeapMethod> | undefined;
    if (!handler) throw new HeapRequestError('bad-request', `unknown method ${JSON.stringify(request.method)}`);
    const params = request.params ?? ({} as never);
    if (!ANSWERS_EARLY.has(request.method)) await this.whenComplete(params as Record<string, unknown>);
    return handler(params, { signal, onProgress });
  }
}

/** Methods that run before a snapshot's analysis is complete (the Summary answers with what it has). */
const ANSWERS_EARLY = new Set<HeapMethod>([
  'open',
  'beginStream',
  'writeChunk',
  'endStream',
  'summary',
  'analyzed',
  'close',
  'cancel',
]);

function snapshotInfo(name: string, s: HeapSnapshot): SnapshotInfo {
  return {
    snapshot: name,
    nodeCount: s.nodeCount,
    edgeCount: s.edgeCount,
    totalSize: s.totalSize,
    complete: s.complete,
  };
}

export function errorCode(error: unknown): { code: HeapErrorCode; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof HeapRequestError) return { code: error.code, message };
  if (error instanceof HeapSnapshotCancelled) return { code: 'cancelled', message };
  if (error instanceof HeapSnapshotError) return { code: 'bad-snapshot', message };
  if (error instanceof RangeError) return { code: 'bad-request', message };
  return { code: 'internal', message };
}
