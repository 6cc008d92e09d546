// Chrome folds the shallow size of internal arrays and hidden objects owned by exactly one object into that
// owner (HeapSnapshot.ts calculateShallowSizes), so "Array" shows its backing store and "(system)" shrinks.
// Retained sizes are computed after this, as Chrome does. Only when the snapshot has user roots (otherwise it
// was taken with "expose internals" and Chrome shows raw sizes). `rawShallowSizes` turns it off.
import { hasUserRoots } from './essentialEdges';
import type { HeapGraph } from './graph';

const UNVISITED = 0xffffffff;
const MULTIPLE = 0xfffffffe;

export function foldOwnedShallowSizes(graph: HeapGraph): void {
  if (!hasUserRoots(graph)) return;
  const { nodeCount, firstEdge, edgeTo, edgeType, nodeType, nodeSelfSize, rootOrdinal } = graph;
  const { hidden, array, native, synthetic } = graph.layout.nodeType;
  const weak = graph.layout.edgeType.weak;
  const owners = new Uint32Array(nodeCount);
  // Each node enters the work list at most twice: as its own owner / first owner, then as multiply owned.
  const work = new Uint32Array(nodeCount * 2);
  let top = 0;
  for (let n = 0; n < nodeCount; n++) {
    const t = nodeType[n];
    if (t === hidden || t === array || (t === native && graph.nodeNameString(n) === 'system / ExternalStringData')) {
      owners[n] = UNVISITED;
    } else {
      owners[n] = n;
      work[top++] = n;
    }
  }
  while (top > 0) {
    const n = work[--top];
    const owner = owners[n];
    for (let e = firstEdge[n], end = firstEdge[n + 1]; e < end; e++) {
      if (edgeType[e] === weak) continue;
      const target = edgeTo[e];
      const current = owners[target];
      if (current === UNVISITED) {
        owners[target] = owner;
        work[top++] = target;
      } else if (current !== target && current !== owner && current !== MULTIPLE) {
        owners[target] = MULTIPLE;
        work[top++] = target;
      }
    }
  }
  for (let n = 0; n < nodeCount; n++) {
    const owner = owners[n];
    if (owner === UNVISITED || owner === MULTIPLE || owner === n) continue;
    if (nodeType[owner] === synthetic || owner === rootOrdinal) continue;
    nodeSelfSize[owner] += nodeSelfSize[n];
    nodeSelfSize[n] = 0;
  }
}
