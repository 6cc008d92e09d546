// The one typed request/response interface to the service (heap engine + join), shared by the worker, the
// extension host, the CLI and the webview. Every message is JSON-serializable; every list result is a page
// `{ total, offset, items }`. Nodes are named by snapshot id (stable across snapshots) or by ordinal. The data
// types of the answers are re-exported here, so the explorer and the webview import protocol types from this
// one place.
import type { AnalyzerOptions } from '../analyzer/types';
import type {
  AllocationObjectsParams,
  AllocationOverview,
  AllocationSiteRow,
  AllocationSitesParams,
  AllocationSortParams,
  AllocationStackRow,
  AllocationTreeParams,
  AllocationTreeRow,
  ObjectAllocation,
} from '../heap/allocationQueries';
import type { AllocationFrame } from '../heap/allocationTraces';
import type { FlameBar, ProfileRow, ProfileTreeParams } from '../heap/samplingProfile';
import type { TriagePage } from './leakTriage';
import type { ClassDiffRow, DiffParams } from '../heap/diff';
import type { EdgesParams, NodeRef } from '../heap/edges';
import type { GrowingCollection } from '../heap/growth';
import type { LeakParams, LeakReport } from '../heap/leaks';
import type { ClosureContext, SourceLocation } from '../heap/location';
import type { PathsParams, RootPath } from '../heap/paths';
import type { EdgeRow, NodeRow, Page, PageParams, SortParams } from '../heap/queries';
import type { Progress } from '../heap/snapshot';
import type { FoundSource } from '../heap/source';
import type { Statistics } from '../heap/statistics';
import type { ClassRow, MembersParams, SummaryPage, SummaryParams } from '../heap/summary';
import type { JoinReport } from '../join/joinSnapshot';
import type { NodeMark } from '../join/types';

export type {
  ClassDiffRow,
  ClassRow,
  ClosureContext,
  EdgeRow,
  FoundSource,
  GrowingCollection,
  JoinReport,
  LeakReport,
  NodeMark,
  NodeRow,
  Page,
  Progress,
  RootPath,
  SourceLocation,
  Statistics,
};
export type { LeakGroup } from '../heap/leaks';
export type { TriageGroup } from './leakTriage';
export type { GroupAllocation } from '../heap/leakAllocations';
export type {
  AllocationDirection,
  AllocationOverview,
  AllocationSiteRow,
  AllocationSortKey,
  AllocationStackRow,
  AllocationTreeRow,
  ObjectAllocation,
} from '../heap/allocationQueries';
export type { AllocationFrame } from '../heap/allocationTraces';
export type { FlameBar, ProfileRow } from '../heap/samplingProfile';

/** Where a frame is in the workspace (the original `.ts` when a source map led there), 0-based. */
export interface FrameSource {
  file: string;
  line: number;
  column: number;
}

/** An allocation frame, with its workspace position when the snapshot's join (or the profile) mapped it. */
export type MappedFrame = AllocationFrame & { source?: FrameSource };

type WithFrame<T> = Omit<T, 'frame'> & { frame: MappedFrame };

export interface ProfileInfo {
  profile: string;
  nodeCount: number;
  /** Sampled live bytes in all. */
  totalBytes: number;
  /** The allocating function with the most live bytes: the profile's top line. */
  top?: WithFrame<ProfileRow>;
}

/**
 * Allocation stacks of a recorded snapshot (heap/allocationQueries.ts) and sampling heap profiles
 * (heap/samplingProfile.ts). Frames carry `source` once a join gave the snapshot its workspace.
 */
export interface AllocationsMethods {
  allocationOverview: { params: SnapshotHandle; result: AllocationOverview };
  allocationSites: { params: SnapshotHandle & AllocationSitesParams; result: Page<WithFrame<AllocationSiteRow>> };
  allocationTree: { params: SnapshotHandle & AllocationTreeParams; result: Page<WithFrame<AllocationTreeRow>> };
  allocationStacks: {
    params: SnapshotHandle & PageParams & AllocationSortParams & { site: number };
    result: Page<Omit<AllocationStackRow, 'frames'> & { frames: MappedFrame[] }>;
  };
  allocationObjects: { params: SnapshotHandle & AllocationObjectsParams; result: Page<NodeRow> };
  /** One object's allocation stack; null when the snapshot has none at all. */
  objectAllocation: {
    params: SnapshotHandle & NodeRef;
    result: (Omit<ObjectAllocation, 'frames'> & { frames: MappedFrame[] }) | null;
  };
  /** Load a `.heapprofile`; `profile` picks the handle (default: the path). Frames map into `workspaceRoots`. */
  openProfile: {
    params: { path: string; profile?: string; workspaceRoots?: string[]; cwd?: string };
    result: ProfileInfo;
  };
  profileTree: { params: { profile: string } & ProfileTreeParams; result: Page<WithFrame<ProfileRow>> };
  profileFlame: {
    params: { profile: string; minWidthFraction?: number; maxBars?: number };
    result: { total: number; bars: WithFrame<FlameBar>[] };
  };
}
export type { Range } from '../analyzer/types';
export type { DeadMark, FindingMark } from '../join/types';

/** What a join needs besides the snapshot. */
export interface JoinParams {
  /** Workspace folders (absolute paths): script URLs map into these, by path or suffix. */
  workspaceRoots: string[];
  /** The debugged program's working directory, for relative script names. */
  cwd?: string;
  /** The editor's analyzer settings, so confirmations concern the findings the user sees. */
  analyzer?: AnalyzerOptions;
}

export type LeaksParams = { baseline: string; target: string; final: string } & LeakParams;

/** Names an open snapshot in the worker. */
export interface SnapshotHandle {
  snapshot: string;
}

export interface SnapshotInfo {
  snapshot: string;
  nodeCount: number;
  edgeCount: number;
  totalSize: number;
  /** False while distances, dominators and retained sizes are still being computed (see `analyzed`). */
  complete?: boolean;
}

export interface HeapMethods extends AllocationsMethods {
  /**
   * Load a file. `snapshot` picks the handle (default: the path). With `progressive`, resolves as soon as the
   * Summary can answer (counts, shallow sizes; `complete: false`); other queries wait for the rest.
   */
  open: {
    params: { path: string; snapshot?: string; rawShallowSizes?: boolean; progressive?: boolean };
    result: SnapshotInfo;
  };
  /** Resolves when the snapshot's distances, dominators and retained sizes are in. */
  analyzed: { params: SnapshotHandle; result: SnapshotInfo };
  /** Before the analysis is complete: counts and shallow sizes only, `partial: true` (see SummaryPage). */
  summary: { params: SnapshotHandle & SummaryParams; result: SummaryPage };
  members: { params: SnapshotHandle & MembersParams; result: Page<NodeRow> };
  node: { params: SnapshotHandle & NodeRef; result: NodeRow };
  edges: { params: SnapshotHandle & EdgesParams; result: Page<EdgeRow> };
  retainers: { params: SnapshotHandle & EdgesParams; result: Page<EdgeRow> };
  pathsToRoot: { params: SnapshotHandle & PathsParams; result: Page<RootPath> };
  dominatorChain: { params: SnapshotHandle & NodeRef & PageParams; result: Page<NodeRow> };
  dominated: { params: SnapshotHandle & NodeRef & PageParams & SortParams; result: Page<NodeRow> };
  statistics: { params: SnapshotHandle; result: Statistics };
  location: { params: SnapshotHandle & NodeRef; result: SourceLocation | null };
  /**
   * Where the object was defined, in one round trip: a closure's own location, or the constructor's (found
   * through `__proto__`, `map`, `constructor` and `back_pointer` in the worker); null when the snapshot says not.
   */
  source: { params: SnapshotHandle & NodeRef; result: FoundSource | null };
  closureContext: { params: SnapshotHandle & NodeRef & PageParams; result: ClosureContext | null };
  /** Compare two open snapshots by node id. */
  diff: {
    params: { base: string; current: string } & DiffParams;
    result: { classes: Page<ClassDiffRow>; newObjects: Page<NodeRow> };
  };
  /** Three open snapshots (baseline, target, final); growth is checked across all three. */
  /** Groups name where they were allocated (`allocation`) when the final snapshot has allocation stacks. */
  leaks: { params: LeaksParams; result: TriagePage };
  /** The same triage as a Markdown report (the Leaks view's "Export report"); `program` names it in the title. */
  leakReport: { params: LeaksParams & { program?: string }; result: string };
  /**
   * Join an open snapshot with the source: retention per workspace file and line, static findings the snapshot
   * confirms, dead context variables (src/join). The worker analyzes the mapped files itself.
   */
  join: { params: SnapshotHandle & JoinParams; result: JoinReport };
  /**
   * After a `join`: for each node id (at most 2,000), the static finding whose place made it and, for a value a
   * closure context keeps alive for nothing, its dead variable; null for the rest (and before any join).
   */
  marks: { params: SnapshotHandle & { ids: number[] }; result: (NodeMark | null)[] };
  /** Close a snapshot or a profile by its handle. */
  close: { params: SnapshotHandle; result: null };
  /** Abort a running request (its promise rejects with code 'cancelled'). */
  cancel: { params: { requestId: number }; result: null };
}

export type HeapMethod = keyof HeapMethods;
export type HeapParams<M extends HeapMethod> = HeapMethods[M]['params'];
export type HeapResult<M extends HeapMethod> = HeapMethods[M]['result'];

export type HeapRequest = { [M in HeapMethod]: { id: number; method: M; params: HeapParams<M> } }[HeapMethod];

export type HeapErrorCode = 'cancelled' | 'bad-snapshot' | 'bad-request' | 'internal';

export type HeapResponse =
  { id: number; result: unknown } | { id: number; error: { code: HeapErrorCode; message: string } };

/** Unsolicited messages: progress of a running request. */
export interface HeapProgressEvent {
  event: 'progress';
  id: number;
  progress: Progress;
}

/** Unsolicited messages: something the worker logged (the host writes it to its log). */
export interface HeapLogEvent {
  event: 'log';
  level: 'info' | 'warn' | 'error';
  line: string;
}

export type HeapWorkerMessage = HeapResponse | HeapProgressEvent | HeapLogEvent;
