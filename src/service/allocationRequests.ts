// The service's allocation requests: the engine's allocation queries (heap/allocationQueries.ts) with every
// frame mapped to the workspace through the join's ScriptMapper (source maps included), so the explorer shows
// and opens the `.ts` line of a bundled program. A snapshot is mapped with the workspace files its latest join
// read (through the trust boundary); before any join, frames carry only what V8 recorded. A profile reads the
// files its frames name the same way (join/workspaceSources.ts) when it is opened.
import {
  allocationObjectOrdinals,
  allocationOverview,
  allocationSites,
  allocationStacks,
  allocationTree,
  objectAllocation,
  type AllocationObjectsParams,
} from '../heap/allocationQueries';
import type { AllocationFrame } from '../heap/allocationTraces';
import { nodePage } from '../heap/queries';
import type { HeapSnapshot } from '../heap/snapshot';
import { SamplingProfile } from '../heap/samplingProfile';
import type { Logger } from '../common/log';
import { ScriptMapper } from '../join/mapScript';
import type { WorkspaceSources } from '../join/types';
import { loadFrameSources } from '../join/workspaceSources';
import type { AllocationsMethods, FrameSource, MappedFrame, ProfileInfo } from './protocol';
import type { QueryCache } from './queryCache';

type Params<M extends keyof AllocationsMethods> = AllocationsMethods[M]['params'];
type Result<M extends keyof AllocationsMethods> = AllocationsMethods[M]['result'];

/** Maps frames (memoized per script position: a page repeats the same few functions). */
export class FrameMapper {
  private readonly memo = new Map<string, FrameSource | null>();

  constructor(private readonly mapper: ScriptMapper | undefined) {}

  /** Frames mapped through files already read (none: frames keep only what V8 recorded). */
  static of(sources: WorkspaceSources | undefined, log?: Logger): FrameMapper {
    return new FrameMapper(sources ? new ScriptMapper(sources, log) : undefined);
  }

  frame(frame: AllocationFrame): MappedFrame {
    if (!this.mapper || !frame.url || frame.line < 0) return frame;
    const key = `${frame.url}\u0000${frame.line}\u0000${frame.column}`;
    let source = this.memo.get(key);
    if (source === undefined) {
      const mapped = this.mapper.map(frame.url, frame.line, Math.max(0, frame.column));
      source = mapped ? { file: mapped.file, line: mapped.line, column: mapped.column } : null;
      this.memo.set(key, source);
    }
    return source ? { ...frame, source } : frame;
  }
}

export interface AllocationContext {
  snapshot: HeapSnapshot;
  /** The snapshot's handle (for cache keys). */
  name: string;
  frames: FrameMapper;
  cache: QueryCache;
}

export const allocationHandlers = {
  allocationOverview: (c: AllocationContext): Result<'allocationOverview'> => allocationOverview(c.snapshot),
  allocationSites: (c: AllocationContext, p: Params<'allocationSites'>): Result<'allocationSites'> => {
    const page = allocationSites(c.snapshot, p);
    return { ...page, items: page.items.map((row) => ({ ...row, frame: c.frames.frame(row.frame) })) };
  },
  allocationTree: (c: AllocationContext, p: Params<'allocationTree'>): Result<'allocationTree'> => {
    const page = allocationTree(c.snapshot, p);
    return { ...page, items: page.items.map((row) => ({ ...row, frame: c.frames.frame(row.frame) })) };
  },
  allocationStacks: (c: AllocationContext, p: Params<'allocationStacks'>): Result<'allocationStacks'> => {
    const page = allocationStacks(c.snapshot, p);
    return {
      ...page,
      items: page.items.map((row) => ({ ...row, frames: row.frames.map((f) => c.frames.frame(f)) })),
    };
  },
  allocationObjects: (c: AllocationContext, p: Params<'allocationObjects'>): Result<'allocationObjects'> => {
    const ordinals = c.cache.get(
      'allocation objects',
      [c.name],
      [p.group, p.node, p.sortBy ?? 'retainedSize', p.ascending ?? null],
      () => allocationObjectOrdinals(c.snapshot, p as AllocationObjectsParams),
      (a) => a.byteLength,
    );
    return nodePage(c.snapshot, ordinals, p);
  },
  objectAllocation: (c: AllocationContext, p: Params<'objectAllocation'>): Result<'objectAllocation'> => {
    const found = objectAllocation(c.snapshot, p);
    return found && { ...found, frames: found.frames.map((f) => c.frames.frame(f)) };
  },
};

/** An open sampling heap profile (.heapprofile) and its frame mapping. */
export interface OpenProfile {
  profile: SamplingProfile;
  frames: FrameMapper;
}

export async function openProfile(p: Params<'openProfile'>, log?: Logger, signal?: AbortSignal): Promise<OpenProfile> {
  const profile = await SamplingProfile.load(p.path);
  const roots = p.workspaceRoots ?? [];
  const sources = roots.length
    ? await loadFrameSources(profile.frames, { workspaceRoots: roots, cwd: p.cwd, log, signal })
    : undefined;
  return { profile, frames: FrameMapper.of(sources, log) };
}

export function profileInfo(name: string, open: OpenProfile): ProfileInfo {
  const top = open.profile.topFunctions(1)[0];
  return {
    profile: name,
    nodeCount: open.profile.nodeCount,
    totalBytes: open.profile.totalBytes,
    top: top && { ...top, frame: open.frames.frame(top.frame) },
  };
}

export const profileHandlers = {
  profileTree: (o: OpenProfile, p: Params<'profileTree'>): Result<'profileTree'> => {
    const page = o.profile.tree(p);
    return { ...page, items: page.items.map((row) => ({ ...row, frame: o.frames.frame(row.frame) })) };
  },
  profileFlame: (o: OpenProfile, p: Params<'profileFlame'>): Result<'profileFlame'> => {
    const flame = o.profile.flame(p.minWidthFraction ?? 0.001, p.maxBars ?? 20_000);
    return { total: flame.total, bars: flame.bars.map((b) => ({ ...b, frame: o.frames.frame(b.frame) })) };
  },
};
