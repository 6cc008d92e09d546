// The join's public shapes: plain JSON, so every result can be posted from the heap worker to the extension
// host or the webview unchanged. Lines and columns are 0-based everywhere (like the snapshot and Finding).
import type { Finding, RuleId } from '../analyzer/types';
import type { LeakGroup } from '../heap/leaks';

/** Where a snapshot location lands in the workspace. */
export interface SourcePosition {
  /** Absolute path of a file on disk (the original `.ts` when a source map led there). */
  file: string;
  line: number;
  column: number;
}

export interface MappedPosition extends SourcePosition {
  /** The generated script's position, present when a source map translated it. */
  generated?: SourcePosition;
}

/** How script URLs in a snapshot become files. */
export interface MapOptions {
  /** The debugged program's working directory: relative script names resolve from here. */
  cwd?: string;
  /** Folders the files must be in; a URL from another machine is also tried by its path suffix inside them. */
  workspaceRoots?: string[];
  /** Follow `//# sourceMappingURL=` comments (default true). */
  sourceMaps?: boolean;
}

/** A kind of located object: a function instance, or an object at its constructor's location. */
export type SiteKind = 'closure' | 'object';

/** Objects of one kind and name created at one source position. */
export interface SiteRetention {
  column: number;
  kind: SiteKind;
  /** Function name for closures, class name for objects. */
  name: string;
  count: number;
  /** Retained size, objects dominated by another object counted at the same line left out (see lineRetention.ts). */
  retainedSize: number;
  /** A few node ids, largest retained first, to open the explorer on. */
  sampleIds: number[];
}

/** A name that holds objects a function allocated: a collection they are entries of, or the objects themselves. */
export interface AllocationHolder {
  /** The variable or property name (`cache`, `entries`), as the edge into the holder names it. */
  name: string;
  /** 'entry': the objects are entries of a Map, Set, array or object held under `name`; 'value': held directly. */
  via: 'entry' | 'value';
  /** 'variable' (a closure context's variable) or 'property' (an object's property, a global). */
  edge: 'variable' | 'property';
  /** Class of the collection (entry) or of the values (value). */
  className: string;
  /** The most frequent class of the objects held this way (the entries, or the values). */
  objectClass: string;
  /** The function's live objects held this way. */
  count: number;
  /** Retained size of the collection(s), or of the values. */
  retainedSize: number;
  /** The collection, or the largest value. */
  sampleId: number;
  /** Shortest root path of the collection or value, when computed. */
  path?: string;
}

/**
 * Live objects allocated by one workspace function: the innermost frame of their allocation stack that maps
 * to a workspace file (allocations inside built-ins and libraries count for the workspace code that called
 * them). From a snapshot recorded with allocation tracking.
 */
export interface FunctionAllocations {
  file: string;
  /** The function's position (where V8 places it: its parameters), 0-based, in the workspace file. */
  line: number;
  column: number;
  name: string;
  count: number;
  selfSize: number;
  /** Counted once: objects dominated by another object from the same function add nothing. */
  retainedSize: number;
  /** The most frequent classes, most first. */
  classes: { name: string; count: number }[];
  /** Names that hold these objects, most objects first (a few). */
  holders: AllocationHolder[];
  /** A few node ids, largest retained first. */
  sampleIds: number[];
}

export interface LineRetention {
  line: number;
  count: number;
  closures: number;
  objects: number;
  retainedSize: number;
  sites: SiteRetention[];
  /** Shortest root path of the line's largest object, when computed (lines above `pathMinBytes`). */
  path?: string;
}

export interface FileRetention {
  /** A workspace file, or the raw script URL when it maps to none (e.g. `node:internal/...`). */
  file: string;
  mapped: boolean;
  retainedSize: number;
  count: number;
  /** Sorted by line. */
  lines: LineRetention[];
}

/** One variable name of contexts owned by one source scope: what module- or function-level state holds. */
export interface VariableRetention {
  file: string;
  name: string;
  /** Positions of live closures that share the holding contexts (a few), to tell which scope it is. */
  holders: { line: number; column: number }[];
  /** How many context objects hold a variable of this name in this file's scopes. */
  contexts: number;
  retainedSize: number;
  /** Entries of the largest value when it is a Map, Set, array or plain object. */
  entries?: number;
  className: string;
  sampleId: number;
  path?: string;
}

/** What the snapshot says one leak group touches in source. */
export interface LeakGroupSites {
  /** The group (its `folded` list left out: folded groups follow it in the join's list). */
  group: Omit<LeakGroup, 'folded'> & {
    /** Index (in the join's list) of the group this one is folded under. */
    foldedInto?: number;
  };
  /** Closures and objects at workspace positions: the samples themselves, closures they hold or that hold them. */
  sites: (SourcePosition & { kind: SiteKind; role: 'self' | 'holds' | 'held-by' | 'on-path' })[];
  /**
   * Where the group's objects were allocated, when the final snapshot has allocation stacks: the workspace
   * function most of its sampled objects come from (0-based position), and how many of the samples.
   */
  allocatedIn?: { name: string; file: string; line: number; column: number; count: number };
  /** Context variables the samples' root paths pass through, with the file owning that context. */
  variables: {
    file: string;
    name: string;
    holders: { line: number; column: number }[];
    valueId: number;
    retainedSize: number;
    entries?: number;
  }[];
  path: string;
}

export interface ConfirmOptions {
  /** From the snapshot alone (no leak group there), a place confirms at this many live objects… */
  minCount?: number;
  /** …or this many retained bytes. */
  minRetainedBytes?: number;
  /** With leak groups: the smallest group that counts (by count, or by bytes). */
  minGroupCount?: number;
  minGroupBytes?: number;
  /**
   * A closure-large-scope finding whose large value the snapshot shows as a dead context variable confirms
   * from this many retained bytes, even below the other thresholds (default 64 KiB).
   */
  minDeadBytes?: number;
}

/** The dead context variable that confirms a closure-large-scope finding: the large value, held for nothing. */
export interface DeadEvidence {
  name: string;
  className: string;
  retainedSize: number;
  contexts: number;
  /** Declaration (0-based). */
  line: number;
  column: number;
  /** Functions that use it but are gone (e.g. `checksum`). */
  usedOnlyBy: string[];
}

export interface Confirmation {
  /** 'leak' when a leak group over baseline/target/final corroborates it; 'snapshot' from one snapshot. */
  by: 'leak' | 'snapshot';
  /** Indices (in the leak list given) of the groups that corroborate it. */
  leakGroups?: number[];
  count: number;
  /** What `count` counts: closures, objects, entries. */
  unit: string;
  retainedSize: number;
  path: string;
  sampleIds: number[];
  /** Where in the file the memory is (the line whose objects matched). */
  line: number;
  /** For closure-large-scope: the large value as a dead context variable of the closure's context. */
  dead?: DeadEvidence;
  /** When allocation stacks confirmed it: the function that allocated what the collection or variable holds. */
  allocatedIn?: { name: string; file: string; line: number; column: number };
}

export interface ConfirmedFinding {
  file: string;
  finding: Finding;
  rule: RuleId;
  confirmation: Confirmation;
  /** e.g. "`src/cache.js:2` unbounded-collection — confirmed: 200 entries, 6.2 MB retained via `…`" */
  message: string;
}

export interface FileFindings {
  file: string;
  findings: Finding[];
  /** The file's text, for the declared names and scopes findings point at (from the join's sources when absent). */
  text?: string;
}

/** A variable a context keeps alive that no live closure sharing the context uses. */
export interface DeadVariable {
  file: string;
  name: string;
  /** Declaration, when the source shows it. */
  line: number;
  column: number;
  /** The function (or module) whose scope owns the context. */
  scope: string;
  contexts: number;
  retainedSize: number;
  className: string;
  /** Live closures that keep the contexts alive (and do not use it). */
  heldBy: { line: number; column: number; name: string; count: number }[];
  /** Functions that do use it but are no longer alive (e.g. `checksum`). */
  usedOnlyBy: { line: number; column: number; name: string }[];
  sampleIds: number[];
}

/** Workspace files' texts; undefined for a file that is not one (or was not read). */
export interface SourceReader {
  read(file: string): string | undefined;
}

/**
 * What a join may know of the disk, read beforehand through the trust boundary (src/common/workspaceFiles.ts,
 * loaded by workspaceSources.ts): the workspace file behind each script URL, and the texts of those files,
 * their source maps and the original sources the snapshot's objects map to.
 */
export interface WorkspaceSources extends SourceReader {
  scriptFile(url: string): string | undefined;
  /** Whether `file` (an original source a map names) is a workspace file that was read. */
  has(file: string): boolean;
  /** Follow `//# sourceMappingURL=` comments. */
  sourceMaps: boolean;
}

/** A static finding that marks a snapshot object: the object was made at the place the finding is about. */
export interface FindingMark {
  rule: RuleId;
  severity: Finding['severity'];
  message: string;
  /** Absolute path of the finding's file, and `src/uploads.js:7` relative to its workspace root. */
  file: string;
  display: string;
  range: Finding['range'];
  /** The confirmation message, when the snapshot confirms the finding. */
  confirmed?: string;
}

/** A value a closure context keeps alive for nothing (see DeadVariable). */
export interface DeadMark {
  name: string;
  className: string;
  /** The function (or module) whose scope owns the context. */
  scope: string;
  file: string;
  display: string;
  /** Declaration (0-based). */
  line: number;
  column: number;
  /** The variable's values across all its contexts. */
  retainedSize: number;
  contexts: number;
  usedOnlyBy: string[];
  heldBy: string[];
}

/** What the join knows about one snapshot object (the explorer's marks). */
export interface NodeMark {
  finding?: FindingMark;
  dead?: DeadMark;
}

/** Everything a join found: retention per file and line, what variables hold, leak group sites, confirmed
 * findings and dead context variables (JSON, posted from the worker). */
export interface JoinReport {
  files: FileRetention[];
  variables: VariableRetention[];
  leaks?: LeakGroupSites[];
  confirmed: ConfirmedFinding[];
  dead: DeadVariable[];
  /** Live objects per allocating workspace function, when the snapshot has allocation stacks. */
  allocations?: FunctionAllocations[];
}
