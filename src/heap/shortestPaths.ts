// One shortest retainer path per node, as a tree: each node's parent is the retainer its first shortest path
// (as `pathsToRoot` enumerates it) comes from — one step closer to the roots over a strong edge, named edges
// first, then the lowest edge index. Built once per snapshot (8 bytes per node) for leak triage and growth.
import { NO_DISTANCE } from './distances';
import type { Hop } from './holders';
import type { HeapSnapshot } from './snapshot';

export const NO_PARENT = 0xffffffff;

export interface ShortestPathTree {
  parent: Uint32Array;
  parentEdge: Uint32Array;
}

const trees = new WeakMap<HeapSnapshot, ShortestPathTree>();

export function shortestPathTree(snapshot: HeapSnapshot): ShortestPathTree {
  const cached = trees.get(snapshot);
  if (cached) return cached;
  const g = snapshot.graph;
  const { distances } = snapshot;
  const root = g.rootOrdinal;
  const { weak, invisible, property, context, element, shortcut } = g.layout.edgeType;
  const parent = new Uint32Array(g.nodeCount).fill(NO_PARENT);
  const parentEdge = new Uint32Array(g.nodeCount);
  for (let n = 0; n < g.nodeCount; n++) {
    const d = distances.get(n);
    if (d === NO_DISTANCE || n === root) continue;
    let best = NO_PARENT,
      bestEdge = 0,
      bestRank = 2;
    g.forEachRetainer(n, (e, from) => {
      const t = g.edgeTypeOf(e);
      if (t === weak || t === invisible) return;
      if (distances.get(from) !== d - 1 && !(from === root && d === 1)) return;
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
  const tree = { parent, parentEdge };
  trees.set(snapshot, tree);
  return tree;
}

/** Root-first hops of a node's shortest path; the first hop starts at a child of the synthetic root. */
export function hopsFromRoot(snapshot: HeapSnapshot, n: number, max = 100_000): Hop[] {
  const { parent, parentEdge } = shortestPathTree(snapshot);
  const hops: Hop[] = [];
  const root = snapshot.graph.rootOrdinal;
  for (let x = n; parent[x] !== NO_PARENT && parent[x] !== root && hops.length < max; x = parent[x])
    hops.push({ from: parent[x], edge: parentEdge[x], to: x });
  return hops.reverse();
}
