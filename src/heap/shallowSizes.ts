// Chrome folds the shallow size of internal arrays and hidden objects owned by exactly one object into that
// owner (HeapSnapshot.ts calculateShallowSizes), so "Array" shows its backing store and "(system)" shrinks.
// Retained sizes are computed after this, as Chrome does. Only when the snapshot has user roots (otherwise it
// was taken with "expose internals" and Chrome shows raw sizes). `rawShallowSizes` turns it off.
import { EDGE_TARGET_MASK, EDGE_TYPE_SHIFT } from './edgeInfo';
import { hasUserRoots } from './essentialEdges';
import type { HeapGraph } from './graph';

const UNVISITED = 0xffffffff;
const MULTIPLE = 0xfffffffe;

/** `scratch`: a dead array of at least nodeCount elements to use for the owners (saves 4 bytes per node). */
export function foldOwnedShallowSizes(graph: HeapGraph, scratch?: Uint32Array): void {
  if (!hasUserRoots(graph)) return;
  const { nodeCount, firstEdge, edgeTo, nodeType, rootOrdinal } = graph;
  const sizes = graph.selfSizes;
  const { hidden, array, native, synthetic } = graph.layout.nodeType;
  const weak = graph.layout.edgeType.weak;
  const owners = scratch && scratch.length >= nodeCount ? scratch : new Uint32Array(nodeCount);
  // Each node enters the work list at most twice (as its own owner / first owner, then as multiply owned), but
  // the list is a stack that seldom holds more than a small part of them: it grows on demand.
  let work = new Uint32Array(Math.min(nodeCount * 2, 1 << 16));
  const push = (n: number): void => {
    if (top === work.length) {
      const grown = new Uint32Array(Math.min(nodeCount * 2, work.length * 2));
      grown.set(work);
      work = grown;
    }
    work[top++] = n;
  };
  let top = 0;
  // A bit per node that can be owned (the rest own themselves and are never rewritten): edges to the others are
  // skipped on a bit that stays in cache, not a look-up in `owners`.
  const ownable = new Uint8Array((nodeCount >> 3) + 1);
  for (let n = nodeCount - 1; n >= 0; n--) {
    const t = nodeType[n];
    if (t === hidden || t === array || (t === native && graph.nodeNameString(n) === 'system / ExternalStringData')) {
      owners[n] = UNVISITED;
      ownable[n >> 3] |= 1 << (n & 7);
    } else owners[n] = n;
  }
  // Self-owned nodes start walks in descending order, each walked to its end before the next: the order in which
  // Chrome's stack of all of them pops them, with a stack that only ever holds one walk.
  for (let r = nodeCount - 1; r >= 0; r--) {
    if (owners[r] !== r) continue;
    push(r);
    while (top > 0) {
      const n = work[--top];
      const owner = owners[n];
      for (let e = firstEdge.get(n), end = firstEdge.get(n + 1); e < end; e++) {
        if (edgeTo[e] >>> EDGE_TYPE_SHIFT === weak) continue;
        const target = edgeTo[e] & EDGE_TARGET_MASK;
        if ((ownable[target >> 3] & (1 << (target & 7))) === 0) continue;
        const current = owners[target];
        if (current === UNVISITED) {
          owners[target] = owner;
          push(target);
        } else if (current !== target && current !== owner && current !== MULTIPLE) {
          owners[target] = MULTIPLE;
          push(target);
        }
      }
    }
  }
  for (let n = 0; n < nodeCount; n++) {
    const owner = owners[n];
    if (owner === UNVISITED || owner === MULTIPLE || owner === n) continue;
    if (nodeType[owner] === synthetic || owner === rootOrdinal) continue;
    sizes.set(owner, sizes.get(owner) + sizes.get(n));
    sizes.set(n, 0);
  }
}
