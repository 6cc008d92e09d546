// The reverse (retainer) index, compact. For each node, the ordinals of the edges that point at it, ascending,
// each stored as a zigzag varint of its difference from the previous one (the first one's from the node's own
// first edge: V8 numbers objects close to what holds them, so most differences take one or two bytes instead of
// four). Readers decode a node's list in order; the owner of each edge comes from HeapGraph.edgeOwner.
import { HeapSnapshotError } from './errors';

export interface RetainerLists {
  /** Node n's list is bytes[first[n] .. first[n+1]). */
  first: Uint32Array;
  bytes: Uint8Array;
}

function varintLength(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

const zigzag = (d: number): number => (d >= 0 ? 2 * d : -2 * d - 1);

/**
 * `scratch`: a dead array of at least nodeCount elements (the previous edge per target while building).
 * Two passes over the edges in order: sizes, then bytes; `first` serves as the write cursor in between.
 */
export function buildRetainerLists(
  nodeCount: number,
  firstEdge: Uint32Array,
  edgeTo: Uint32Array,
  scratch?: Uint32Array,
): RetainerLists {
  const edgeCount = edgeTo.length;
  const prev = scratch && scratch.length >= nodeCount ? scratch : new Uint32Array(nodeCount);
  const first = new Uint32Array(nodeCount + 1);
  prev.set(firstEdge.subarray(0, nodeCount));
  for (let e = 0; e < edgeCount; e++) {
    const t = edgeTo[e];
    first[t + 1] += varintLength(zigzag(e - prev[t]));
    prev[t] = e;
  }
  let total = 0;
  for (let n = 0; n <= nodeCount; n++) {
    total += first[n];
    if (total > 0xffffffff) throw new HeapSnapshotError('corrupt heap snapshot: too many edges to index');
    first[n] = total;
  }
  const bytes = new Uint8Array(total);
  prev.set(firstEdge.subarray(0, nodeCount));
  // first[t + 1] is t's list's end once built; meanwhile first[t] walks from t's start to there.
  for (let e = 0; e < edgeCount; e++) {
    const t = edgeTo[e];
    let v = zigzag(e - prev[t]);
    prev[t] = e;
    let p = first[t];
    while (v >= 0x80) {
      bytes[p++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    bytes[p++] = v;
    first[t] = p;
  }
  // Each cursor ended at the next list's start: shift them back into starts.
  for (let n = nodeCount; n > 0; n--) first[n] = first[n - 1];
  first[0] = 0;
  return { first, bytes };
}

/** Calls `visit` with each edge ordinal pointing at node n, ascending; stops early when it returns false. */
export function forEachRetainerEdge(
  lists: RetainerLists,
  firstEdge: Uint32Array,
  n: number,
  visit: (e: number) => boolean | void,
): void {
  const { first, bytes } = lists;
  let e = firstEdge[n];
  for (let p = first[n], end = first[n + 1]; p < end;) {
    let b = bytes[p++];
    let v = b & 0x7f;
    for (let scale = 0x80; b & 0x80; scale *= 0x80) {
      b = bytes[p++];
      v += (b & 0x7f) * scale;
    }
    e += v % 2 === 0 ? v / 2 : -(v + 1) / 2;
    if (visit(e) === false) return;
  }
}

/** How many edges point at node n. */
export function retainerCount(lists: RetainerLists, n: number): number {
  const { first, bytes } = lists;
  let count = 0;
  for (let p = first[n], end = first[n + 1]; p < end; p++) if (bytes[p] < 0x80) count++;
  return count;
}
