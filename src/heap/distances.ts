// Distance from the roots by breadth-first search, skipping weak edges, exactly as Chrome computes it
// (HeapSnapshot.ts calculateDistances + JSHeapSnapshot's filter): user roots (global objects) first at
// distance 1, then whatever only the GC roots reach, at SYSTEM_DISTANCE and beyond.
import { DistanceColumn, SYSTEM_DISTANCE } from './distanceColumn';
import { EDGE_TARGET_MASK, EDGE_TYPE_SHIFT } from './edgeInfo';
import { isUserRoot } from './essentialEdges';
import type { HeapGraph } from './graph';
import type { WeakMapEdgeNames } from './weakMapEdges';

export { NO_DISTANCE, SYSTEM_DISTANCE } from './distanceColumn';

/** `queue`, when given, must hold at least nodeCount + 1 elements; it is scratch (the caller may reuse it). */
export function computeDistances(graph: HeapGraph, weakMaps: WeakMapEdgeNames, queue?: Uint32Array): DistanceColumn {
  const search = distanceSearch(graph, weakMaps, queue);
  while (!search.step(Infinity));
  return search.distances;
}

/** A breadth-first search that runs in slices (see `distanceSearch`). */
export interface DistanceSearch {
  /** Filled in once `step` has returned true. */
  readonly distances: DistanceColumn;
  /** Goes on until done (returns true) or until `performance.now()` passes `deadline` (returns false). */
  step(deadline: number): boolean;
}

/**
 * The search behind `computeDistances`, in slices: the engine's thread answers requests between them (the
 * Summary's first page must not wait for the whole search). `queue` as for computeDistances.
 */
export function distanceSearch(
  graph: HeapGraph,
  weakMaps: WeakMapEdgeNames,
  queue: Uint32Array = new Uint32Array(graph.nodeCount + 1),
): DistanceSearch {
  const { firstEdge, edgeTo, nodeType, rootOrdinal } = graph;
  const { weak, internal } = graph.layout.edgeType;
  const { hidden, array } = graph.layout.nodeType;
  const distances = new DistanceColumn(graph.nodeCount);
  const pendingEphemerons = new Set<string>();
  // The names the filter looks for, as flags per string: integer compares in the loop, not string decoding.
  const matches = graph.strings.flagsFor(['system / NativeContext', 'sloppy_function_map', '(map descriptors)']);
  const flags = (s: number): number => matches.get(s) ?? 0;
  const [NATIVE_CONTEXT, SLOPPY_FUNCTION_MAP, MAP_DESCRIPTORS] = [1, 2, 4];

  // Chrome's filter: skip NativeContext's sloppy_function_map, the shared-descriptor links of
  // (map descriptors), and the first-seen half of each WeakMap ephemeron pair (crbug.com/1290800).
  const allowed = (from: number, e: number): boolean => {
    const t = nodeType[from];
    if (
      t === hidden &&
      flags(graph.nameOf(from)) & NATIVE_CONTEXT &&
      graph.edgeHasStringName(e) &&
      flags(graph.edgeNameOf(e)) & SLOPPY_FUNCTION_MAP
    )
      return false;
    if (t === array && flags(graph.nameOf(from)) & MAP_DESCRIPTORS) {
      const index = parseInt(graph.edgeNameString(e), 10);
      return index < 2 || index % 3 !== 1;
    }
    if (edgeTo[e] >>> EDGE_TYPE_SHIFT === internal) {
      const eph = weakMaps.parse(e);
      if (eph && !pendingEphemerons.delete(eph.pair)) {
        pendingEphemerons.add(eph.pair);
        return false;
      }
    }
    return true;
  };

  // The queue's [head, length): nodes whose edges are still to be followed.
  let head = 0,
    length = 0;
  /** Follows the queue until it is empty (true) or the deadline passes (checked every 4096 nodes). */
  const bfs = (deadline: number): boolean => {
    let h = head,
      l = length;
    while (h < l) {
      const n = queue[h++];
      const d = distances.get(n) + 1;
      for (let e = firstEdge.get(n), end = firstEdge.get(n + 1); e < end; e++) {
        if (edgeTo[e] >>> EDGE_TYPE_SHIFT === weak) continue;
        const child = edgeTo[e] & EDGE_TARGET_MASK;
        if (distances.isSet(child)) continue;
        if (!allowed(n, e)) continue;
        distances.set(child, d);
        queue[l++] = child;
      }
      if ((h & 4095) === 0 && deadline !== Infinity && performance.now() >= deadline) break;
    }
    head = h;
    length = l;
    return h >= l;
  };

  for (let e = firstEdge.get(rootOrdinal); e < firstEdge.get(rootOrdinal + 1); e++) {
    const child = edgeTo[e] & EDGE_TARGET_MASK;
    if (!distances.isSet(child) && isUserRoot(graph, child)) {
      // each node queued once: nodeCount + 1 slots suffice
      distances.set(child, 1);
      queue[length++] = child;
    }
  }
  const userRoots = length;
  // 0: from the user roots; 1: then from the root, for what only the GC roots reach; 2: done.
  let phase = 0;
  return {
    distances,
    step(deadline: number): boolean {
      if (phase === 0) {
        if (!bfs(deadline)) return false;
        distances.set(rootOrdinal, userRoots > 0 ? SYSTEM_DISTANCE : 0);
        queue[0] = rootOrdinal;
        head = 0;
        length = 1;
        phase = 1;
      }
      if (phase === 1) {
        if (!bfs(deadline)) return false;
        phase = 2;
      }
      return true;
    },
  };
}
