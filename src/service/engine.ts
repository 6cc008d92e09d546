// The request handler behind the worker: a table of open snapshots (each with what the service learned about
// it: its file, its latest join's marks) and one function per protocol method. It composes the heap engine
// and the join; it runs in-process too (tests, CLI-like hosts); worker.ts only moves messages.
import { diffPage, diffSnapshots, sortedNewObjects, type SnapshotDiff } from '../heap/diff';
import { dominatedChildren, dominatorChain, outgoingEdges, resolveNode, retainers } from '../heap/edges';
import { HeapSnapshotCancelled, HeapSnapshotError } from '../heap/errors';
import { openSnapshotFile } from '../heap/loader';
import { closureContext, location } from '../heap/location';
import { DEFAULT_MAX_STEPS, pathsToRoot } from '../heap/paths';
import { withPaths, type GrowingCollection } from '../heap/growth';
import { leakMembers, type LeakGroup } from '../heap/leaks';
import { duplicatedStrings } from '../heap/namedFilters';
import { nodePage, nodeRow, page } from '../heap/queries';
import { leakCode, type LeakJoinContext } from '../join/leakFindings';
import { ScriptMapper } from '../join/mapScript';
import type { WorkspaceSources } from '../join/types';
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
import { copyGroup, triagePage, triageThree, type FullTriage, type TriagePage, type TriageGroup } from './leakTriage';
import { renderLeakMarkdown } from './markdown';
import type {
  HeapErrorCode,
  HeapMethod,
  HeapParams,
  HeapRequest,
  HeapResult,
  GrowingCollectionRow,
  JoinParams,
  LeakGroupRow,
  LeaksParams,
  SnapshotInfo,
} from './protocol';
import { QueryCache } from './queryCache';

/** The workspace of a snapshot that was never joined: no files. */
const NO_WORKSPACE_SOURCES: WorkspaceSources = {
  scriptFile: () => undefined,
  read: () => undefined,
  has: () => false,
  sourceMaps: false,
};

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
  /** Maps allocation frames to the workspace files its latest join read. */
  frames?: FrameMapper;
  /** The last join: its parameters, the workspace files it read (through the trust boundary), its findings. */
  joined?: { params: JoinParams; sources: WorkspaceSources; context: LeakJoinContext };
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
      (r) => 1000 * (r.leaks.groups.length + r.growth.length) + r.leaks.members.reduce((n, m) => n + m.byteLength, 0),
    );
  }

  /** A page of the triage, each group's allocation frames mapped into the workspace as the final's join did. */
  private triagePage(p: LeaksParams): TriagePage {
    const result = triagePage(this.triage(p), this.get(p.final), p);
    const frames = this.allocations(p.final).frames;
    const mapped = (g: TriageGroup): void => {
      if (g.allocation) g.allocation = { ...g.allocation, frames: g.allocation.frames.map((f) => frames.frame(f)) };
      g.folded.forEach(mapped);
    };
    result.leaks.groups.items.forEach(mapped);
    return result;
  }

  /**
   * Each group's (and growing collection's) place in the code: mapped through source maps, and with the static
   * finding the join confirms through it when the final snapshot was joined.
   */
  private withCode(final: string, triage: TriagePage): TriagePage {
    const entry = this.entry(final);
    const joined = entry.joined;
    // Only files the join read through the trust boundary are mapped: an unjoined snapshot names no code place.
    const mapper = new ScriptMapper(joined?.sources ?? NO_WORKSPACE_SOURCES, this.log);
    const code = leakCode(
      entry.snapshot,
      triage.leaks.groups.items,
      triage.growth.items,
      mapper,
      joined?.params.workspaceRoots[0],
      joined?.context,
    );
    let i = 0;
    for (const group of triage.leaks.groups.items) {
      (group as LeakGroupRow).code = code.groups[i++];
      for (const folded of group.folded) (folded as LeakGroupRow).code = code.groups[i++];
    }
    triage.growth.items.forEach((c, k) => ((c as GrowingCollectionRow).code = code.growth[k]));
    return triage;
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
        [p.className, p.sortBy ?? 'retainedSize', p.ascending ?? null, p.namedFilter ?? null],
        () => classMemberOrdinals(s, p),
        (a) => a.byteLength,
      );
      return nodePage(s, members, p);
    },
    node: (p) => {
      const s = this.get(p.snapshot);
      return nodeRow(s, resolveNode(s, p));
    },
    summaryPosition: (p) => {
      const s = this.get(p.snapshot);
      const n = resolveNode(s, p);
      if (!s.graph.selfSizeOf(n)) return null; // the Summary leaves zero-size objects out, as Chrome does
      const className = s.classes.names[s.classes.classOf[n]];
      const all = { sortBy: p.sortBy, ascending: p.ascending, offset: 0, limit: Number.MAX_SAFE_INTEGER };
      let classIndex = classSummary(s, { ...all, filter: p.filter }).items.findIndex((r) => r.name === className);
      const filterCleared = classIndex < 0 && !!p.filter;
      if (filterCleared) classIndex = classSummary(s, all).items.findIndex((r) => r.name === className);
      // The same cached member order the `members` query pages through.
      const members = this.cache.get(
        'members',
        [p.snapshot],
        [className, p.memberSortBy ?? 'retainedSize', p.ascending ?? null],
        () => classMemberOrdinals(s, { className, sortBy: p.memberSortBy, ascending: p.ascending }),
        (a) => a.byteLength,
      );
      return { className, classIndex, memberIndex: members.indexOf(n), filterCleared };
    },
    edges: (p) => outgoingEdges(this.get(p.snapshot), p),
    retainers: (p) => retainers(this.get(p.snapshot), p),
    // At most 1,000 steps a path, whatever was asked: a million-step chain is not sent to the page.
    pathsToRoot: (p) =>
      pathsToRoot(this.get(p.snapshot), {
        ...p,
        maxSteps: Math.min(DEFAULT_MAX_STEPS, Number(p.maxSteps) || DEFAULT_MAX_STEPS),
      }),
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
      const filter = p.filter?.toLowerCase();
      const classes = filter ? diff.classes.filter((c) => c.name.toLowerCase().includes(filter)) : diff.classes;
      return diffPage(current, { ...diff, classes }, p, fresh);
    },
    leaks: (p) => this.withCode(p.final, this.triagePage(p)),
    leakMembers: (p) => {
      if (!Number.isInteger(p.group)) throw new HeapRequestError('bad-request', 'leakMembers needs a group id');
      return leakMembers(this.get(p.final), this.triage(p).leaks, p.group, p);
    },
    leakCode: (p) => {
      const all = this.triage(p);
      const final = this.get(p.final);
      const empty = { suspects: 0, untraced: 0, groups: page<LeakGroup>([], {}) };
      if (typeof p.collection === 'number') {
        const found = all.growth.find((c) => c.id === p.collection);
        if (!found) return null;
        const growth = withPaths(final, page([{ ...found, retainedSizes: [...found.retainedSizes] }], {}));
        const served = this.withCode(p.final, { leaks: empty, growth });
        return (served.growth.items[0] as GrowingCollectionRow).code ?? null;
      }
      if (typeof p.group !== 'number')
        throw new HeapRequestError('bad-request', 'leakCode needs a group or a collection');
      const top = all.leaks.groups.find((g) => g.id === p.group || g.folded.some((f) => f.id === p.group));
      if (!top) return null;
      const served = this.withCode(p.final, {
        leaks: { ...empty, groups: page([copyGroup(top)], {}) },
        growth: page<GrowingCollection>([], {}),
      });
      const row = served.leaks.groups.items[0] as LeakGroupRow;
      return (row.id === p.group ? row : row.folded.find((f) => f.id === p.group))?.code ?? null;
    },
    leakReport: (p) => {
      const files = [p.baseline, p.target, p.final].map((name) => this.entry(name).path) as [string, string, string];
      const page = this.triagePage({ ...p, limit: p.limit ?? 20 });
      return renderLeakMarkdown(p.program ?? files[2].replace(/^.*[\\/]/, ''), files, this.withCode(p.final, page));
    },
    duplicatedStrings: (p) => {
      const s = this.get(p.snapshot);
      const all = this.cache.get(
        'duplicated strings',
        [p.snapshot],
        [],
        () => duplicatedStrings(s),
        (rows) => 200 * rows.length,
      );
      return page(all, p);
    },
    // Loaded on first use: it brings the analyzer (and TypeScript's parser) into the worker.
    join: async (p, c) => {
      const entry = this.entry(p.snapshot);
      const { analyzeAndJoin } = await import('./joinRequest');
      const { report, marks, findings, sources } = await analyzeAndJoin(entry.snapshot, p, this.log, c.signal);
      entry.marks = marks;
      entry.joined = {
        params: p,
        sources,
        context: { findings, files: report.files, variables: report.variables, dead: report.dead },
      };
      entry.frames = FrameMapper.of(sources, this.log);
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
    openProfile: async (p, c) => {
      const name = p.profile ?? p.path;
      const opened = await openProfile(p, this.log, c.signal);
      this.profiles.set(name, opened);
      return profileInfo(name, opened);
    },
    profileTree: (p) => profileHandlers.profileTree(this.profile(p.profile), p),
    profileFlame: (p) => profileHandlers.profileFlame(this.profile(p.profile), p),
    retainerClusters: async (p, c) => {
      const entry = this.entry(p.snapshot);
      const { retainerClusters } = await import('./retainerClusters');
      return retainerClusters(entry.snapshot, p, { workspace: entry.joined?.sources, signal: c.signal, log: this.log });
    },
    scan: async (p) => (await import('./scanRequest')).scanPaths(p, this.log),
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
const ANSWERS_EARLY = new Set<HeapMethod>(['open', 'summary', 'analyzed', 'close', 'cancel', 'scan']);

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
