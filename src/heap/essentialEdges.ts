// Which edges count for dominators, by Chrome's rules (HeapSnapshot.ts computeIsEssentialEdge): not weak
// edges, not self edges, not shortcuts except from the root, not the table half of a WeakMap ephemeron, and
// not an edge from an object the page does not own into one it does (so debugger-held objects do not
// distort the page's dominators).
import { EDGE_TARGET_MASK, EDGE_TYPE_SHIFT } from './edgeInfo';
import type { HeapGraph } from './graph';
import type { WeakMapEdgeNames } from './weakMapEdges';

export type BitSet = Uint8Array;
export const getBit = (bits: BitSet, i: number): boolean => (bits[i >> 3] & (1 << (i & 7))) !== 0;
const setBit = (bits: BitSet, i: number): void => {
  bits[i >> 3] |= 1 << (i & 7);
};

/** Chrome's "user roots": the root's children that are not synthetic (global objects), or Document DOM trees. */
export function isUserRoot(graph: HeapGraph, n: number): boolean {
  const { synthetic } = graph.layout.nodeType;
  return graph.nodeType[n] !== synthetic || graph.nodeNameString(n) === '(Document DOM trees)';
}

export function hasUserRoots(graph: HeapGraph): boolean {
  const r = graph.rootOrdinal;
  for (let e = graph.firstEdge.get(r); e < graph.firstEdge.get(r + 1); e++) {
    if (isUserRoot(graph, graph.targetOf(e))) return true;
  }
  return false;
}

/**
 * Nodes reachable over non-weak edges from the root's shortcut children (and Document DOM trees). `stack`: an
 * array of at least nodeCount elements to walk with (the dominator pass can reuse it afterwards).
 */
export function markPageOwned(graph: HeapGraph, stack: Uint32Array = new Uint32Array(graph.nodeCount)): BitSet {
  const { nodeCount, firstEdge, edgeTo, rootOrdinal } = graph;
  const { shortcut, element, weak, synthetic } = {
    ...graph.layout.edgeType,
    synthetic: graph.layout.nodeType.synthetic,
  };
  const owned = new Uint8Array((nodeCount >> 3) + 1);
  let top = 0;
  for (let e = firstEdge.get(rootOrdinal); e < firstEdge.get(rootOrdinal + 1); e++) {
    const child = edgeTo[e] & EDGE_TARGET_MASK;
    const t = edgeTo[e] >>> EDGE_TYPE_SHIFT;
    if (t === element) {
      if (graph.nodeType[child] !== synthetic || graph.nodeNameString(child) !== '(Document DOM trees)') continue;
    } else if (t !== shortcut) continue;
    if (getBit(owned, child)) continue; // Chrome may push twice; the set of marked nodes is the same
    setBit(owned, child);
    stack[top++] = child;
  }
  while (top > 0) {
    const n = stack[--top];
    for (let e = firstEdge.get(n), end = firstEdge.get(n + 1); e < end; e++) {
      const child = edgeTo[e] & EDGE_TARGET_MASK;
      if (getBit(owned, child) || edgeTo[e] >>> EDGE_TYPE_SHIFT === weak) continue;
      setBit(owned, child);
      stack[top++] = child;
    }
  }
  return owned;
}

/** Chrome's rule for node n's edges, setting their bits in `essential` (which starts empty). */
export type EssentialEdgesOf = (n: number) => void;

/**
 * The rule node by node: the dominator pass asks for each node's edges as its DFS reaches it, so one walk over
 * the edges serves both (and nodes it never reaches are asked for afterwards).
 */
export function essentialEdgesOf(
  graph: HeapGraph,
  weakMaps: WeakMapEdgeNames,
  pageOwned: BitSet,
  essential: BitSet,
): EssentialEdgesOf {
  const { firstEdge, edgeTo, rootOrdinal } = graph;
  const { internal, weak, shortcut } = graph.layout.edgeType;
  return (n) => {
    const isRoot = n === rootOrdinal;
    const nodeOwned = getBit(pageOwned, n);
    for (let e = firstEdge.get(n), end = firstEdge.get(n + 1); e < end; e++) {
      const word = edgeTo[e];
      const t = word >>> EDGE_TYPE_SHIFT;
      if (t === weak) continue;
      const child = word & EDGE_TARGET_MASK;
      if (child === n) continue;
      if (!isRoot) {
        if (t === shortcut) continue;
        // Most nodes are the page's own: their child's bit need not be read.
        if (!nodeOwned && getBit(pageOwned, child)) continue;
      }
      if (t === internal) {
        const eph = weakMaps.parse(e);
        // The value of a WeakMap entry is held by key and table together; Chrome keeps the key's edge.
        if (eph && eph.tableId === graph.idOf(n)) continue;
      }
      essential[e >> 3] |= 1 << (e & 7);
    }
  };
}

/** Bits for every edge, all clear. */
export const emptyEdgeBits = (graph: HeapGraph): BitSet => new Uint8Array((graph.edgeCount >> 3) + 1);
