// Chrome's propagateDOMState: embedder (native) nodes reachable from an attached node are attached; the
// rest reachable from a detached one are detached and shown as "Detached <name>". Propagation stops at
// JavaScript objects. Only 7-field snapshots carry the state.
import { EDGE_TARGET_MASK, EDGE_TYPE_SHIFT } from './edgeInfo';
import type { HeapGraph } from './graph';

/** `scratch`: a dead array, reused for the visited flags when it has room. */
export function propagateDomState(graph: HeapGraph, scratch?: Uint32Array): void {
  if (graph.layout.node.detachedness < 0) return;
  const { nodeCount, nodeType, firstEdge, edgeTo } = graph;
  const state = graph.nodeDetachedness; // rewritten in place, as Chrome does
  const native = graph.layout.nodeType.native;
  const { hidden, invisible, weak } = graph.layout.edgeType;
  const visited =
    scratch && scratch.byteLength >= nodeCount
      ? new Uint8Array(scratch.buffer, scratch.byteOffset, nodeCount).fill(0)
      : new Uint8Array(nodeCount);
  const detachedName = new Uint8Array((nodeCount >> 3) + 1);
  const attached: number[] = [];
  const detached: number[] = [];
  let any = false;
  const process = (n: number, newState: number): void => {
    if (visited[n]) return;
    visited[n] = 1;
    if (nodeType[n] !== native) return;
    state[n] = newState;
    if (newState === 1) attached.push(n);
    else if (newState === 2) {
      detachedName[n >> 3] |= 1 << (n & 7);
      any = true;
      detached.push(n);
    }
  };
  const propagate = (n: number, newState: number): void => {
    for (let e = firstEdge.get(n); e < firstEdge.get(n + 1); e++) {
      const t = edgeTo[e] >>> EDGE_TYPE_SHIFT;
      if (t !== hidden && t !== invisible && t !== weak) process(edgeTo[e] & EDGE_TARGET_MASK, newState);
    }
  };
  for (let n = 0; n < nodeCount; n++) if (state[n] !== 0) process(n, state[n]);
  while (attached.length) propagate(attached.pop()!, 1);
  while (detached.length) {
    const n = detached.pop()!;
    if (state[n] !== 1) propagate(n, 2);
  }
  if (any) graph.detachedName = detachedName;
}
