// Leak triage over three snapshots, the memlab way: objects allocated between baseline and target that are
// still alive in final are suspects. We drop V8 internals, fold each suspect into a suspect that owns it
// (dominates it and reaches it through properties and elements, not through a closure's variables), and
// group the rest by the shape of their shortest retainer path, so 300 requests pushed onto one array
// become one ranked group, and a listener's closure and the object it captures stay two readable groups.
//
// "Allocated between baseline and target" needs object identity across snapshots. Node ids give it while
// one heap profiler session lasts; when they do not agree (see match.ts), callers pass the keys match.ts
// carried over, and everything here works on those keys instead of ids.
import { NO_DISTANCE } from './distances';
import type { IdSet } from './nodeIds';
import { edgeLabel, pathsToRoot } from './paths';
import { page, type Page, type PageParams } from './queries';
import type { HeapSnapshot } from './snapshot';

export interface LeakGroup {
  /** The retainer path shape, element indices and repeated hops folded: `global.cache[]` → `LeakedRequest`. */
  trace: string;
  className: string;
  count: number;
  retainedSize: number;
  shallowSize: number;
  /** A few node ids (in the final snapshot) to start exploring from. */
  sampleIds: number[];
  /** One full path, for display. */
  examplePath: string;
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

/** Types and names that are V8's business, not the program's. */
function isNoise(snapshot: HeapSnapshot, n: number): boolean {
  const g = snapshot.graph;
  const t = g.layout.nodeType;
  const type = g.nodeType[n];
  if (type !== t.object && type !== t.closure && type !== t.regexp && type !== t.native) return true;
  const name = snapshot.className(n);
  return name.startsWith('system /') || name.startsWith('(') || g.nodeSelfSize[n] === 0;
}

const NO_PARENT = 0xffffffff;

/**
 * The retainer each node's first shortest path (as `pathsToRoot` enumerates it) comes from: a retainer one
 * step closer to the roots over a strong edge, named edges first, then the lowest edge index.
 */
function shortestPathParents(snapshot: HeapSnapshot): { parent: Uint32Array; parentEdge: Uint32Array } {
  const g = snapshot.graph;
  const { distances } = snapshot;
  const root = g.rootOrdinal;
  const { weak, invisible, property, context, element, shortcut } = g.layout.edgeType;
  const parent = new Uint32Array(g.nodeCount).fill(NO_PARENT);
  const parentEdge = new Uint32Array(g.nodeCount);
  for (let n = 0; n < g.nodeCount; n++) {
    const d = distances[n];
    if (d === NO_DISTANCE || n === root) continue;
    let best = NO_PARENT,
      bestEdge = 0,
      bestRank = 2;
    g.forEachRetainer(n, (e, from) => {
      const t = g.edgeType[e];
      if (t === weak || t === invisible) return;
      if (distances[from] !== d - 1 && !(from === root && d === 1)) return;
      const rank = t === property || t === context || t === element || t === shortcut ? 0 : 1;
      if (rank < bestRank) {
        best = from;
        bestEdge = e;
        bestRank = rank;
      }
      return bestRank > 0;
    });
    parent[n] = best;
    parentEdge[n] = bestEdge;
  }
  return { parent, parentEdge };
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
}

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
    const id = finalKeys ? finalKeys[n] : g.nodeId[n];
    if (final.distances[n] === NO_DISTANCE || isNoise(final, n)) continue;
    if (target.has(id) && !baseline.has(id)) suspect[n] = 1;
  }
  const { parent, parentEdge } = shortestPathParents(final);
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
      if (p === NO_PARENT || p === root || g.edgeType[parentEdge[x]] === contextEdge) return false;
      if (suspect[p] && dominates(p, n)) return true;
      x = p;
    }
    return false;
  };
  const top: number[] = [];
  for (let n = 0; n < g.nodeCount; n++) if (suspect[n] && !covered(n)) top.push(n);
  top.sort((a, b) => final.retainedSize[b] - final.retainedSize[a]);
  const traced = top.slice(0, maxSuspects);
  const groups = new Map<string, LeakGroup>();
  let internal = 0;
  for (const n of traced) {
    const shape = pathShape(final, parent, parentEdge, n);
    if (shape === undefined) {
      internal++;
      continue;
    }
    const className = final.className(n);
    const key = `${shape}\u0000${className}`;
    let group = groups.get(key);
    if (!group) {
      const path = pathsToRoot(final, { ordinal: n, maxPaths: 1 }).items[0];
      group = {
        trace: shape,
        className,
        count: 0,
        retainedSize: 0,
        shallowSize: 0,
        sampleIds: [],
        examplePath: path?.text ?? '',
      };
      groups.set(key, group);
    }
    group.count++;
    group.retainedSize += final.retainedSize[n];
    group.shallowSize += g.nodeSelfSize[n];
    if (group.sampleIds.length < 10) group.sampleIds.push(g.nodeId[n]);
  }
  const ranked = [...groups.values()].sort((a, b) => b.retainedSize - a.retainedSize || b.count - a.count);
  return { suspects: top.length - internal, untraced: top.length - traced.length, groups: ranked };
}

/** Internal fields through which V8 keeps allocation-site boilerplates and feedback: not the program's. */
const V8_INTERNAL_FIELDS = new Set(['feedback_cell', 'feedback_vector', 'transition_info', 'boilerplate']);

/**
 * The shape of a node's shortest path: the first node's class, then edge labels with indices folded
 * (`[]`), runs of the same label (a linked list's `._next._next…`) kept once, and a list's two directions
 * (`_idleNext`, `_idlePrev`) as one; undefined when the path runs through V8's own feedback data.
 */
function pathShape(
  snapshot: HeapSnapshot,
  parent: Uint32Array,
  parentEdge: Uint32Array,
  n: number,
): string | undefined {
  const g = snapshot.graph;
  const { internal } = g.layout.edgeType;
  const labels: string[] = [];
  let x = n;
  for (let steps = 0; parent[x] !== NO_PARENT && parent[x] !== g.rootOrdinal && steps < 100_000; steps++) {
    const e = parentEdge[x];
    let name = g.edgeHasStringName(e) ? g.edgeNameString(e) : '';
    if (g.edgeType[e] === internal && V8_INTERNAL_FIELDS.has(name)) return undefined;
    if (/^\d+$/.test(name)) name = '';
    else
      name = name.replace(
        /^(.+?)(?:next|prev)$/i,
        (_, base: string, offset: number, whole: string) =>
          base + (/[NP]/.test(whole[base.length]) ? 'Next/Prev' : 'next/prev'),
      );
    const label = edgeLabel(g.edgeTypeName(e), name);
    if (labels[labels.length - 1] !== label) labels.push(label);
    x = parent[x];
  }
  labels.push(snapshot.className(x));
  return labels.reverse().join('');
}
