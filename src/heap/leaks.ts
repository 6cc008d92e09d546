// Leak triage over three snapshots, the memlab way and then some: objects allocated between baseline and
// target that are still alive in final are suspects. We drop V8 internals, fold each suspect into a suspect
// that owns it (dominates it and reaches it through properties and elements, not through a closure's
// variables), and cluster the rest by the shape of their shortest retainer path (traceShape.ts: indices
// folded, repeated runs collapsed) and their class — or, for closures, their function and its position.
// Then (leakGroups.ts) a group whose objects are retained through another group's objects is folded under
// it, each byte is counted once along the dominator tree, and a chain of objects keeping the previous one
// alive reads as one group of links.
//
// "Allocated between baseline and target" needs object identity across snapshots. Node ids give it while
// one heap profiler session lasts; when they do not agree (see match.ts), callers pass the keys match.ts
// carried over, and everything here works on those keys instead of ids.
import type { GroupAllocation } from './leakAllocations';
import { NO_DISTANCE } from './distances';
import type { LeakHolder } from './holders';
import { buildGroups } from './leakGroups';
import { child, locationOf, type SourceLocation } from './sourceLocation';
import type { IdSet } from './nodeIds';
import { isClosure } from './objectNames';
import { nodePage, page, type NodeRow, type Page, type PageParams } from './queries';
import { NO_PARENT, shortestPathTree } from './shortestPaths';
import type { HeapSnapshot } from './snapshot';
import { edgeToken, pushToken, type Token, tokensText } from './traceShape';

export interface LeakGroup {
  /** Identifies the group within one triage (for paging its objects); top-level groups are 0… in rank order. */
  id: number;
  /** The clustered path shape: indices folded, repeats collapsed, e.g. `….refreshListing{context}->latest(.describe{context}->previous)+`. */
  trace: string;
  /** The class, or `onPriceTick()` for closures. */
  className: string;
  count: number;
  /** Bytes freed if the group's objects went, each byte counted once (members inside another member left out). */
  retainedSize: number;
  shallowSize: number;
  /** Node ids (in the final snapshot) of the largest members, at most 10; page the rest with `leakMembers`. */
  sampleIds: number[];
  /** The exact shortest path of the largest member. */
  examplePath: string;
  /** The same path as a user reads it, the runtime's part collapsed: `(GC roots) → … → cache.js → buildReport() → reportCache → value`. */
  path: string;
  /** What holds the objects, in the program's words. */
  holder: LeakHolder;
  /** Where the closure's function or the object's constructor is (script URL, 0-based line and column). */
  location?: SourceLocation;
  /** Objects that keep the previous one alive: `{ links: 100, via: 'describe → context → previous' }`. */
  chain?: { links: number; via: string };
  /** Groups whose objects are retained through this group's objects; their bytes are part of this group's. */
  folded: LeakGroup[];
  /**
   * Where the objects were allocated, when the final snapshot carries allocation stacks: the most frequent stack
   * of the group's samples (leakAllocations.ts), filled in by the service's triage page (leakTriage.ts).
   */
  allocation?: GroupAllocation;
}

export interface LeakParams extends PageParams {
  /** Upper bound on suspects whose paths are traced (the rest are counted in `untraced`). */
  maxSuspects?: number;
}

export interface LeakReport {
  suspects: number;
  untraced: number;
  groups: Page<LeakGroup>;
}

/**
 * Types and names that are V8's business, not the program's; and native (embedder) objects unless they are
 * detached DOM: a browser's layout objects and C++ collections grow with the live document, not a leak.
 */
function isNoise(snapshot: HeapSnapshot, n: number): boolean {
  const g = snapshot.graph;
  const t = g.layout.nodeType;
  const type = g.nodeType[n];
  if (type === t.native) return g.detachednessOf(n) !== DETACHED || g.selfSizeOf(n) === 0;
  if (type !== t.object && type !== t.closure && type !== t.regexp) return true;
  const name = snapshot.className(n);
  return (
    name.startsWith('system /') ||
    name.startsWith('(') ||
    g.selfSizeOf(n) === 0 ||
    isNodeTimersList(snapshot, n) ||
    isNodeInternalTimer(snapshot, n)
  );
}

/** A Timeout whose callback is Node's own code (`node:…`), e.g. the HTTP server's Date-header `resetCache()`. */
function isNodeInternalTimer(snapshot: HeapSnapshot, n: number): boolean {
  if (snapshot.className(n) !== 'Timeout') return false;
  const callback = child(snapshot, n, '_onTimeout');
  return callback >= 0 && (locationOf(snapshot, callback)?.url?.startsWith('node:') ?? false);
}

/**
 * Node's list head for the timers of one duration (lib/internal/timers.js): created with the first timer of a
 * new duration and kept while such timers are pending, it is the runtime's bookkeeping of a timer leak, not one.
 */
function isNodeTimersList(snapshot: HeapSnapshot, n: number): boolean {
  if (snapshot.className(n) !== 'TimersList') return false;
  const g = snapshot.graph;
  let fields = 0;
  for (let e = g.firstEdge.get(n); e < g.firstEdge.get(n + 1); e++) {
    if (!g.edgeHasStringName(e)) continue;
    const field = g.edgeNameString(e);
    if (field === 'msecs' || field === 'priorityQueuePosition' || field === '_idleNext') fields++;
  }
  return fields === 3;
}

/**
 * Suspects are the objects of `final` whose identity is in `target` and not in `baseline`. Identities are
 * node ids, or — when ids did not agree across the snapshots — `finalKeys` with sets built from the same
 * kind of keys (match.ts).
 */
export function triageLeaks(
  baseline: IdSet,
  target: IdSet,
  final: HeapSnapshot,
  params: LeakParams = {},
  finalKeys?: Float64Array,
): LeakReport {
  const all = triageAllLeaks(baseline, target, final, params.maxSuspects, finalKeys);
  return { suspects: all.suspects, untraced: all.untraced, groups: page(all.groups, params) };
}

/** Every group, ranked (what `triageLeaks` pages through; the engine caches it). */
export interface LeakTriage {
  suspects: number;
  untraced: number;
  groups: LeakGroup[];
  /** The members of each group (final-snapshot ordinals, largest retained first), by group id. */
  members: Uint32Array[];
}

/** One page of a group's objects (top-level or folded), as rows of the final snapshot. */
export function leakMembers(
  final: HeapSnapshot,
  triage: LeakTriage,
  id: number,
  params: PageParams = {},
): Page<NodeRow> {
  const members = triage.members[id];
  if (!members) throw new RangeError(`no leak group ${id}`);
  return nodePage(final, members, params);
}

/**
 * Every group, each top-level one followed by the groups folded under it (whose `folded` lists are empty),
 * with the index in this list of the group each one is folded into.
 */
export function flattenGroups(groups: readonly LeakGroup[]): { group: LeakGroup; foldedInto?: number }[] {
  const out: { group: LeakGroup; foldedInto?: number }[] = [];
  for (const group of groups) {
    const at = out.length;
    out.push({ group });
    for (const f of group.folded ?? []) out.push({ group: f, foldedInto: at });
  }
  return out;
}

/** Chrome's DOM state of a node that is detached from the document (domState.ts). */
const DETACHED = 2;

/** Internal fields through which V8 keeps allocation-site boilerplates and feedback: not the program's. */
const V8_INTERNAL_FIELDS = new Set(['feedback_cell', 'feedback_vector', 'transition_info', 'boilerplate']);

export function triageAllLeaks(
  baseline: IdSet,
  target: IdSet,
  final: HeapSnapshot,
  maxSuspects = 20_000,
  finalKeys?: Float64Array,
): LeakTriage {
  const g = final.graph;
  const suspect = new Uint8Array(g.nodeCount);
  for (let n = 0; n < g.nodeCount; n++) {
    const id = finalKeys ? finalKeys[n] : g.idOf(n);
    if (final.distances.get(n) === NO_DISTANCE || isNoise(final, n)) continue;
    if (target.has(id) && !baseline.has(id)) suspect[n] = 1;
  }
  const { parent, parentEdge } = shortestPathTree(final);
  const contextEdge = g.layout.edgeType.context;
  const root = g.rootOrdinal;
  const dominates = (d: number, n: number): boolean => {
    for (let x = final.dominator[n], steps = 0; steps < 100_000; x = final.dominator[x], steps++) {
      if (x === d) return true;
      if (x === root) return false;
    }
    return false;
  };
  // A suspect is part of another when that one dominates it and reaches it through its own properties and
  // elements; a closure variable on the way (`{context}->x`) makes it a finding of its own.
  const covered = (n: number): boolean => {
    for (let x = n, steps = 0; steps < 100_000; steps++) {
      const p = parent[x];
      if (p === NO_PARENT || p === root || g.edgeTypeOf(parentEdge[x]) === contextEdge) return false;
      if (suspect[p] && dominates(p, n)) return true;
      x = p;
    }
    return false;
  };
  const top: number[] = [];
  for (let n = 0; n < g.nodeCount; n++) if (suspect[n] && !covered(n)) top.push(n);
  top.sort((a, b) => final.retainedSize[b] - final.retainedSize[a]);
  const traced = top.slice(0, maxSuspects);

  const { groups, members, internal } = clusterNodes(final, traced, parent, parentEdge);
  return { suspects: top.length - internal, untraced: top.length - traced.length, groups, members };
}

/**
 * Objects clustered by the shape of their shortest retainer path and their class (a closure by its function
 * and position), grouped and ranked; `internal` counts those whose path runs through V8's own feedback data
 * (left out).
 */
function clusterNodes(
  final: HeapSnapshot,
  traced: readonly number[],
  parent: Uint32Array,
  parentEdge: Uint32Array,
): ReturnType<typeof buildGroups> & { internal: number } {
  const g = final.graph;
  const root = g.rootOrdinal;
  // Path shapes, nearest the roots first so a node's shape extends a traced ancestor's instead of
  // walking a long chain again.
  const shapes = new Map<number, { tokens: Token[]; internal: boolean }>();
  const byDistance = [...traced].sort((a, b) => final.distances.get(a) - final.distances.get(b));
  const tableOwner = (from: number): number => {
    const p = parent[from];
    if (p === NO_PARENT || p === root) return -1;
    const e = parentEdge[from];
    return g.edgeTypeOf(e) === g.layout.edgeType.internal && g.edgeNameString(e) === 'table' ? p : -1;
  };
  for (const n of byDistance) {
    const segment: number[] = [];
    let base: { tokens: Token[]; internal: boolean } | undefined;
    let start = n;
    for (let x = n, steps = 0; steps < 100_000; steps++) {
      if (x !== n && shapes.has(x)) {
        base = shapes.get(x);
        break;
      }
      const p = parent[x];
      if (p === NO_PARENT || p === root) {
        start = x;
        break;
      }
      segment.push(x);
      x = p;
    }
    const tokens: Token[] = base ? base.tokens.slice() : [final.className(start)];
    let internal = base?.internal ?? false;
    for (let k = segment.length - 1; k >= 0; k--) {
      const y = segment[k];
      const e = parentEdge[y];
      if (g.edgeTypeOf(e) === g.layout.edgeType.internal && V8_INTERNAL_FIELDS.has(g.edgeNameString(e)))
        internal = true;
      pushToken(tokens, edgeToken(final, e, parent[y], tableOwner(parent[y])));
    }
    shapes.set(n, { tokens, internal });
  }

  // Clusters: the path shape and the class, or for a closure its function and where it is defined.
  const clusters = new Map<string, { tokens: Token[]; members: number[] }>();
  let internalCount = 0;
  for (const n of traced) {
    const shape = shapes.get(n)!;
    if (shape.internal) {
      internalCount++;
      continue;
    }
    const key = `${tokensText(shape.tokens)}\u0000${objectKey(final, n)}`;
    let cluster = clusters.get(key);
    if (!cluster) clusters.set(key, (cluster = { tokens: shape.tokens, members: [] }));
    cluster.members.push(n);
  }
  mergeRepeatVariants(clusters);
  return { ...buildGroups(final, [...clusters.values()], objectKey), internal: internalCount };
}

/**
 * Any objects (e.g. the largest instances of one class) clustered the way leak suspects are: by the shape of
 * their shortest retainer path, ranked by retained size. For the agent tools' "what keeps this alive".
 */
export function groupByRetainerPath(snapshot: HeapSnapshot, ordinals: readonly number[]): LeakGroup[] {
  const { parent, parentEdge } = shortestPathTree(snapshot);
  return clusterNodes(snapshot, ordinals, parent, parentEdge).groups;
}

/**
 * A path with a repeated unit stands for the same path with the unit once: the first node of a linked list
 * is `.list._next`, the rest `.list(._next)+`. Clusters that differ only so are one cluster.
 */
function mergeRepeatVariants(clusters: Map<string, { tokens: Token[]; members: number[] }>): void {
  for (const [key, cluster] of clusters) {
    const object = key.slice(key.indexOf('\u0000'));
    cluster.tokens.forEach((t, r) => {
      if (typeof t === 'string') return;
      const once = [...cluster.tokens.slice(0, r), ...t.unit, ...cluster.tokens.slice(r + 1)];
      const variantKey = tokensText(once) + object;
      const variant = clusters.get(variantKey);
      if (!variant || variant === cluster) return;
      cluster.members.push(...variant.members);
      clusters.delete(variantKey);
    });
  }
}

/** What a cluster's objects share besides their path: the class, or a closure's function and position. */
function objectKey(snapshot: HeapSnapshot, n: number): string {
  if (isClosure(snapshot, n)) return `${snapshot.graph.nodeNameString(n)}()@${closurePosition(snapshot, n)}`;
  const cls = snapshot.className(n);
  // Node's timers all sit in the same lists: what tells one timer leak from another is the callback.
  const callback = TIMER_CALLBACK[cls];
  if (callback) {
    const g = snapshot.graph;
    for (let e = g.firstEdge.get(n); e < g.firstEdge.get(n + 1); e++) {
      const to = g.targetOf(e);
      if (g.edgeHasStringName(e) && g.edgeNameString(e) === callback && isClosure(snapshot, to))
        return `${cls}\u0000${objectKey(snapshot, to)}`;
    }
  }
  return cls;
}

const TIMER_CALLBACK: Record<string, string> = { Timeout: '_onTimeout', Immediate: '_onImmediate' };

const positions = new WeakMap<HeapSnapshot, Map<number, string>>();

/** A closure's script position from the snapshot's locations table, as `scriptId:line:column`. */
function closurePosition(snapshot: HeapSnapshot, n: number): string {
  let byNode = positions.get(snapshot);
  if (!byNode) {
    const found = new Map<number, string>();
    const g = snapshot.graph;
    const loc = g.layout.location;
    if (loc.objectIndex >= 0) {
      g.locations.forEach((_, values) => {
        const node = values[loc.objectIndex] / g.layout.nodeFieldCount;
        if (g.nodeType[node] === g.layout.nodeType.closure)
          found.set(node, `${values[loc.scriptId]}:${values[loc.line]}:${values[loc.column]}`);
      });
    }
    positions.set(snapshot, (byNode = found));
  }
  return byNode.get(n) ?? '?';
}
