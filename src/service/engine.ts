// The request handler behind the worker: a table of open snapshots (each with what the service learned about
// it: its file, its latest join's marks) and one function per protocol method. It composes the heap engine
// and the join; it runs in-process too (tests, CLI-like hosts); worker.ts only moves messages.
import { diffPage, diffSnapshots, sortedNewObjects, type SnapshotDiff } from '../heap/diff';
import { dominatedChildren, dominatorChain, outgoingEdges, resolveNode, retainers } from '../heap/edges';
import { HeapSnapshotCancelled, HeapSnapshotError } from '../heap/errors';
import { openSnapshotFile } from '../heap/loader';
import { closureContext, location } from '../heap/location';
import { pathsToRoot } from '../heap/paths';
import { nodePage, nodeRow } from '../heap/queries';
import type { HeapSnapshot, Progress } from '../heap/snapshot';
import { sourceOf } from '../heap/source';
import { statistics } from '../heap/statistics';
import { classMemberOrdinals, classSummary } from '../heap/summary';
import type { Logger } from '../common/log';
import type { NodeMarks } from '../join/marks';
import {
  allocationHandlers,
  FrameMapper,
  openProfile,
  profileHandlers,
  profileInfo,
  type AllocationContext,
  type OpenProfile,
} from './allocationRequests';
import { triagePage, triageThree, type FullTriage, type TriagePage } from './leakTriage';
import { renderLeakMarkdown } from './markdown';
import type {
  HeapErrorCode,
  HeapMethod,
  HeapParams,
  HeapRequest,
  HeapResult,
  LeaksParams,
  SnapshotInfo,
} from './protocol';
import { QueryCache } from './queryCache';

class HeapRequestError extends Error {
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

/** One open snapshot and the service's state about it; it all goes when the snapshot is closed or replaced. */
interface OpenSnapshot {
  snapshot: HeapSnapshot;
  /** The file it was read from. */
  path: string;
  /** The marks of its latest join, for the explorer's `marks` requests. */
  marks?: NodeMarks;
  /** Maps allocation frames to the workspace its latest join was given. */
  frames?: FrameMapper;
}

const MAX_MARK_IDS = 2000;

export class HeapEngine {
  private readonly open = new Map<string, OpenSnapshot>();
  private readonly profiles = new Map<string, OpenProfile>();
  /** Paged queries' full results (members per class and sort, diffs, leak triage): see queryCache.ts. */
  readonly cache = new QueryCache();

  /** `log` receives what the service could not do but worked around (e.g. a file the join could not read). */
  constructor(private readonly log?: Logger) {}

  private entry(name: string): OpenSnapshot {
    const s = this.open.get(name);
    if (!s) throw new HeapRequestError('bad-request', `no open snapshot named ${JSON.stringify(name)}`);
    return s;
  }

  private get(name: string): HeapSnapshot {
    return this.entry(name).snapshot;
  }

  private allocations(name: string): AllocationContext {
    const entry = this.entry(name);
    return { snapshot: entry.snapshot, name, frames: (entry.frames ??= FrameMapper.of(undefined)), cache: this.cache };
  }

  private profile(name: string): OpenProfile {
    const p = this.profiles.get(name);
    if (!p) throw new HeapRequestError('bad-request', `no open profile named ${JSON.stringify(name)}`);
    return p;
  }

  private info(name: string, snapshot: HeapSnapshot, path: string): SnapshotInfo {
    this.cache.invalidate(name);
    this.open.set(name, { snapshot, path });
    return snapshotInfo(name, snapshot);
  }

  /** Opened, and with `progressive`, answers the Summary before the rest is computed (see `analyzed`). */
  private async opened(name: string, s: HeapSnapshot, path: string, progressive: boolean | undefined) {
    const info = this.info(name, s, path);
    if (progressive && !s.complete) return info;
    await s.ready;
    return snapshotInfo(name, s);
  }

  /** Until a snapshot's analysis is complete, every query but the Summary waits for it. */
  private async whenComplete(params: Record<string, unknown>): Promise<void> {
    for (const key of ['snapshot', 'base', 'current', 'baseline', 'target', 'final']) {
      const name = params[key];
      const s = typeof name === 'string' ? this.open.get(name)?.snapshot : undefined;
      if (s && !s.complete) await s.ready;
    }
  }

  private triage(p: LeaksParams): FullTriage {
    const [a, b, c] = [this.get(p.baseline), this.get(p.target), this.get(p.final)];
    return this.cache.get(
      'leaks',
      [p.baseline, p.target, p.final],
      [p.maxSuspects ?? null],
      () => triageThree(a, b, c, p.maxSuspects),
      (r) => 1000 * (r.leaks.groups.length + r.growth.length),
    );
  }

  /** A page of the triage, each group's allocation frames mapped into the workspace as the final's join did. */
  private triagePage(p: LeaksParams): TriagePage {
    const result = triagePage(this.triage(p), this.get(p.final), p);
    const frames = this.allocations(p.final).frames;
    for (const g of result.leaks.groups.items)
      if (g.allocation) g.allocation = { ...g.allocation, frames: g.allocation.frames.map((f) => frames.frame(f)) };
    return result;
  }

  private readonly handlers: { [M in HeapMethod]: Handler<M> } = {
    open: async (p, c) =>
      this.opened(
        p.snapshot ?? p.path,
        await openSnapshotFile(p.path, { ...c, rawShallowSizes: p.rawShallowSizes }),
        p.path,
        p.progressive,
      ),
    analyzed: async (p) => {
      const s = this.get(p.snapshot);
      await s.ready;
      return snapshotInfo(p.snapshot, s);
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
    source: (p) => sourceOf(this.get(p.snapshot), p),
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
    leaks: (p) => this.triagePage(p),
    leakReport: (p) => {
      const files = [p.baseline, p.target, p.final].map((name) => this.entry(name).path) as [string, string, string];
      const page = this.triagePage({ ...p, limit: p.limit ?? 20 });
      return renderLeakMarkdown(p.program ?? files[2].replace(/^.*[\\/]/, ''), files, page);
    },
    // Loaded on first use: it brings the analyzer (and TypeScript's parser) into the worker.
    join: async (p) => {
      const entry = this.entry(p.snapshot);
      const { report, marks } = (await import('./joinRequest')).analyzeAndJoin(entry.snapshot, p, this.log);
      entry.marks = marks;
      entry.frames = FrameMapper.of(p);
      return report;
    },
    marks: async (p) => {
      if (!Array.isArray(p.ids)) throw new HeapRequestError('bad-request', 'marks needs an array of node ids');
      const entry = this.entry(p.snapshot);
      return (await import('../join/marks')).marksOf(entry.snapshot, entry.marks, p.ids.slice(0, MAX_MARK_IDS));
    },
    allocationOverview: (p) => allocationHandlers.allocationOverview(this.allocations(p.snapshot)),
    allocationSites: (p) => allocationHandlers.allocationSites(this.allocations(p.snapshot), p),
    allocationTree: (p) => allocationHandlers.allocationTree(this.allocations(p.snapshot), p),
    allocationStacks: (p) => allocationHandlers.allocationStacks(this.allocations(p.snapshot), p),
    allocationObjects: (p) => allocationHandlers.allocationObjects(this.allocations(p.snapshot), p),
    objectAllocation: (p) => allocationHandlers.objectAllocation(this.allocations(p.snapshot), p),
    openProfile: async (p) => {
      const name = p.profile ?? p.path;
      const opened = await openProfile(p);
      this.profiles.set(name, opened);
      return profileInfo(name, opened);
    },
    profileTree: (p) => profileHandlers.profileTree(this.profile(p.profile), p),
    profileFlame: (p) => profileHandlers.profileFlame(this.profile(p.profile), p),
    close: (p) => {
      this.profiles.delete(p.snapshot);
      this.open.delete(p.snapshot);
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
const ANSWERS_EARLY = new Set<HeapMethod>(['open', 'summary', 'analyzed', 'close', 'cancel']);

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
