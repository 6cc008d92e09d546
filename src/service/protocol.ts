// The one typed request/response interface to the service (heap engine + join), shared by the worker, the
// extension host, the CLI and the webview. Every message is JSON-serializable; every list result is a page
// `{ total, offset, items }`. Nodes are named by snapshot id (stable across snapshots) or by ordinal. The data
// types of the answers are re-exported here, so the explorer and the webview import protocol types from this
// one place.
import type { AnalyzerOptions, Finding } from '../analyzer/types';
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
import type { ClassDiffRow, DiffParams } from '../heap/diff';
import type { EdgesParams, NodeRef } from '../heap/edges';
import type { GrowingCollection } from '../heap/growth';
import type { LeakGroup, LeakParams, LeakReport } from '../heap/leaks';
import type { DuplicatedString } from '../heap/namedFilters';
import type { LeakGroupCode } from '../join/leakFindings';
import type { ClosureContext, SourceLocation } from '../heap/location';
import type { PathsParams, RootPath } from '../heap/paths';
import type { EdgeRow, NodeRow, Page, PageParams, SortParams } from '../heap/queries';
import type { Progress } from '../heap/snapshot';
import type { FoundSource } from '../heap/source';
import type { Statistics } from '../heap/statistics';
import type { ClassRow, MembersParams, SummaryPage, SummaryParams } from '../heap/summary';
import type { JoinReport } from '../join/joinSnapshot';
import type { NodeMark } from '../join/types';
import type { RetainerClusters, RetainerClustersParams } from './retainerClusters';

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
  RetainerClusters,
  RetainerClustersParams,
  Progress,
  RootPath,
  SourceLocation,
  Statistics,
};
export type { LeakGroup } from '../heap/leaks';
export type { LeakHolder } from '../heap/holders';
export type { DuplicatedString, NamedFilter } from '../heap/namedFilters';
export type { LeakGroupCode } from '../join/leakFindings';

/**
 * A leak group as the service serves it: with its place in the code (and finding, once joined), and where it was
 * allocated (`allocation`, frames mapped as MappedFrame) when the final snapshot has allocation stacks.
 */
export type LeakGroupRow = Omit<LeakGroup, 'folded'> & { code?: LeakGroupCode; folded: LeakGroupRow[] };
/** A growing collection as the service serves it: with its holder's place in the code. */
export type GrowingCollectionRow = GrowingCollection & { code?: LeakGroupCode };
/** The `leaks` answer: a page of groups (folded ones inside) and a page of growing collections. */
export interface LeaksResult {
  leaks: Omit<LeakReport, 'groups'> & { groups: Page<LeakGroupRow> };
  growth: Page<GrowingCollectionRow>;
}

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
 * (heap/samplingProfile.ts): the API other features build on ("where was it allocated?").
 *
 * What V8 records: a stack per object allocated while `HeapProfiler.startTrackingHeapObjects({ trackAllocations:
 * true })` was on (capture/recording.ts). Each frame is a *function* (its name, script and start position, where
 * its parameters begin), never the statement that allocated: say "allocated in `fillCache` (cache.ts:12)". The
 * *allocating function* of an object is the innermost frame with a script (built-ins give their bytes to the
 * JavaScript that called them). Positions are 0-based; `line: -1` is unknown (native code). A frame's `source`
 * is its workspace position (the original `.ts` through source maps) once a `join` gave the snapshot its
 * workspace, or for a profile the `workspaceRoots` of `openProfile`.
 *
 * Ids: a *site* (`AllocationSiteRow.site`) is a root of the bottom-up tree: one allocating function. Tree rows
 * carry a `node` in their direction's tree; stack rows a bottom-up `node` that ends exactly that stack. Pass a
 * site or node to `allocationTree` (`parent`), `allocationStacks` (`site`) and `allocationObjects` (`group` +
 * `node`). Ids stay valid while the snapshot is open. Counts are live objects; `allocatedCount` counts
 * everything allocated during the recording, freed or not. `retainedSize` of a group is counted once: an object
 * dominated by another object of the same group adds nothing. Objects only V8 holds (boilerplates, interned
 * names, double boxes) belong to no site.
 *
 * A snapshot without traces: `allocationOverview` answers `{ traced: false }` and `objectAllocation` null; the
 * other snapshot methods fail with `bad-request` ("record one with Record allocations"). The join's
 * `JoinReport.allocations` gives the same sites per workspace function and the names that hold their objects
 * (for a source line: the entry whose `file` and `line` match the function's position).
 */
export interface AllocationsMethods {
  /** Whether the snapshot has stacks; live objects with and without one; how many sites. */
  allocationOverview: { params: SnapshotHandle; result: AllocationOverview };
  /** Sites (allocating functions), largest retained first by default; `filter` matches name or script. */
  allocationSites: { params: SnapshotHandle & AllocationSitesParams; result: Page<WithFrame<AllocationSiteRow>> };
  /**
   * One level of a tree: `top-down` from the outermost callers (a node's totals include everything called
   * below it), `bottom-up` from the sites (a node's children are its callers). No `parent`: the top level.
   */
  allocationTree: { params: SnapshotHandle & AllocationTreeParams; result: Page<WithFrame<AllocationTreeRow>> };
  /** The distinct stacks that end in a site, allocating function first, most retained first. */
  allocationStacks: {
    params: SnapshotHandle & PageParams & AllocationSortParams & { site: number };
    result: Page<Omit<AllocationStackRow, 'frames'> & { frames: MappedFrame[] }>;
  };
  /** The live objects of a site, a tree node (with what is under it) or one stack, as explorer rows. */
  allocationObjects: { params: SnapshotHandle & AllocationObjectsParams; result: Page<NodeRow> };
  /**
   * One object's allocation stack (`frames` empty when it was allocated before the recording, `site` when it
   * counts toward one); null when the snapshot has no stacks at all.
   */
  objectAllocation: {
    params: SnapshotHandle & NodeRef;
    result: (Omit<ObjectAllocation, 'frames'> & { frames: MappedFrame[] }) | null;
  };
  /**
   * Load a `.heapprofile` (sampled live bytes by stack); `profile` picks the handle (default: the path). Frames
   * map into `workspaceRoots`. A file that is not a sampling profile fails with `bad-snapshot`.
   */
  openProfile: {
    params: { path: string; profile?: string; workspaceRoots?: string[]; cwd?: string };
    result: ProfileInfo;
  };
  /** A profile's bottom-up (sites first: by allocating function) or top-down tree, one level per call. */
  profileTree: { params: { profile: string } & ProfileTreeParams; result: Page<WithFrame<ProfileRow>> };
  /** Flame chart bars (depth, start and width in bytes of `total`); bars narrower than `minWidthFraction` left out. */
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
  /** Leak groups of a triage whose final snapshot this is: the join places them in the source too. */
  leakGroups?: LeakGroup[];
}

/** Static findings of files analyzed in the worker (`scan`). */
export interface ScanResult {
  /** Files analyzed. */
  files: number;
  findings: { file: string; findings: Finding[] }[];
  /** Files that could not be parsed or read, with the reason. */
  skipped: { file: string; reason: string }[];
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
  /**
   * Where an object is in the Summary as the explorer shows it (its class's row under `filter` and sort, and
   * its row among the class's members under `memberSortBy`), for "Reveal in Summary". `filterCleared` when the
   * filter hides its class (the position is then without a filter); null for objects the Summary leaves out.
   */
  summaryPosition: {
    params: SnapshotHandle &
      NodeRef &
      Pick<SummaryParams, 'filter' | 'sortBy' | 'ascending'> & { memberSortBy?: SummaryParams['sortBy'] };
    result: { className: string; classIndex: number; memberIndex: number; filterCleared: boolean } | null;
  };
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
    /** `filter`: only classes whose name contains it (case-insensitive), as the Summary's filter. */
    params: { base: string; current: string; filter?: string } & DiffParams;
    result: { classes: Page<ClassDiffRow>; newObjects: Page<NodeRow> };
  };
  /** Three open snapshots (baseline, target, final); growth is checked across all three. */
  /** Groups name where they were allocated (`allocation`) when the final snapshot has allocation stacks. */
  leaks: { params: LeaksParams; result: LeaksResult };
  /**
   * Where one leak group (by `id`) or growing collection (by node id) points in the code, and the static finding
   * there once the final snapshot is joined; null when it points nowhere. The explorer's "Go to code".
   */
  leakCode: { params: LeaksParams & { group?: number; collection?: number }; result: LeakGroupCode | null };
  /** All objects of one leak group (top-level or folded, by its `id`), a page at a time, largest first. */
  leakMembers: { params: LeaksParams & { group: number }; result: Page<NodeRow> };
  /** Strings whose text other string nodes also hold, most bytes wasted first. */
  duplicatedStrings: { params: SnapshotHandle & PageParams; result: Page<DuplicatedString> };
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
  /**
   * What keeps a class's largest objects (or one object) alive: their shortest retainer paths clustered by
   * shape, each with the variables on it (and the line declaring them) and the source places it touches.
   */
  retainerClusters: { params: SnapshotHandle & RetainerClustersParams; result: RetainerClusters };
  /**
   * Static analysis of files and folders (folders walked as `retainer-lens scan` does: no node_modules,
   * .gitignore respected), off the caller's thread. No snapshot needed.
   */
  scan: { params: { paths: string[]; analyzer?: AnalyzerOptions; maxFileBytes?: number }; result: ScanResult };
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
