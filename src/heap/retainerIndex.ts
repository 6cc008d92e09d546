// The reverse (retainer) index, compact. For each node, the ordinals of the edges that point at it, ascending,
// each stored as a zigzag varint of its difference from the previous one (the first one's from the node's own
// first edge: V8 numbers objects close to what holds them, so most differences take one or two bytes instead of
// four). Readers decode a node's list in order; the owner of each edge comes from HeapGraph.edgeOwner. Where each
// list starts costs 1.5 bytes per node instead of 4: a start per block of 8 nodes and each list's byte length in
// a byte (lists of 255 bytes or more, which no real snapshot we measured has, keep theirs in a map).
import { EDGE_TARGET_MASK } from './edgeInfo';
import { HeapSnapshotError } from './errors';

/** Where each node's edges start (FirstEdgeColumn). */
export interface EdgeStarts {
  get(n: number): number;
}

/** Nodes per block: a list's start is its block's start plus up to this many - 1 lengths. */
export const RETAINER_BLOCK = 8;
const BLOCK_SHIFT = 3;
/** A length byte meaning "in `long`". */
export const LONG_LIST = 255;

export interface RetainerLists {
  /** Where the lists of nodes n .. n + RETAINER_BLOCK - 1 start in `bytes`, for each n multiple of RETAINER_BLOCK. */
  blockStart: Uint32Array;
  /** Byte length of node n's list, or LONG_LIST: then it is `long.get(n)`. */
  length: Uint8Array;
  long: Map<number, number>;
  bytes: Uint8Array;
}

/** Bytes the index holds (the benchmark's accounting; the map of long lists apart). */
export function retainerIndexBytes(lists: RetainerLists): number {
  return lists.blockStart.byteLength + lists.length.byteLength;
}

/** Where node n's list starts in `lists.bytes`. */
export function listStart(lists: RetainerLists, n: number): number {
  const { blockStart, length, long } = lists;
  let p = blockStart[n >> BLOCK_SHIFT];
  for (let m = n & ~(RETAINER_BLOCK - 1); m < n; m++) {
    const l = length[m];
    p += l === LONG_LIST ? long.get(m)! : l;
  }
  return p;
}

/** Byte length of node n's list. */
export function listLength(lists: RetainerLists, n: number): number {
  const l = lists.length[n];
  return l === LONG_LIST ? lists.long.get(n)! : l;
}

function varintLength(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

const zigzag = (d: number): number => (d >= 0 ? 2 * d : -2 * d - 1);

/**
 * `scratch` and `cursor`: dead arrays of at least nodeCount and nodeCount + 1 elements (the previous edge per
 * target, and each list's size then write position while building). Two passes over the edges in order: sizes,
 * then bytes.
 */
export function buildRetainerLists(
  nodeCount: number,
  firstEdge: EdgeStarts,
  edgeTo: Uint32Array,
  scratch?: Uint32Array,
  cursor?: Uint32Array,
): RetainerLists {
  const edgeCount = edgeTo.length;
  const prev = scratch && scratch.length >= nodeCount ? scratch : new Uint32Array(nodeCount);
  const at =
    cursor && cursor.length >= nodeCount + 1 ? cursor.fill(0, 0, nodeCount + 1) : new Uint32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) prev[n] = firstEdge.get(n);
  for (let e = 0; e < edgeCount; e++) {
    const t = edgeTo[e] & EDGE_TARGET_MASK;
    at[t + 1] += varintLength(zigzag(e - prev[t]));
    prev[t] = e;
  }
  const length = new Uint8Array(nodeCount);
  const long = new Map<number, number>();
  const blockStart = new Uint32Array((nodeCount >> BLOCK_SHIFT) + 2);
  let total = 0;
  for (let n = 0; n < nodeCount; n++) {
    if ((n & (RETAINER_BLOCK - 1)) === 0) blockStart[n >> BLOCK_SHIFT] = total;
    const size = at[n + 1];
    if (size >= LONG_LIST) {
      length[n] = LONG_LIST;
      long.set(n, size);
    } else length[n] = size;
    at[n] = total;
    total += size;
    if (total > 0xffffffff) throw new HeapSnapshotError('corrupt heap snapshot: too many edges to index');
  }
  // The sentinel block start: the end of the last list.
  for (let b = ((nodeCount - 1) >> BLOCK_SHIFT) + 1; b < blockStart.length; b++) blockStart[b] = total;
  const bytes = new Uint8Array(total);
  for (let n = 0; n < nodeCount; n++) prev[n] = firstEdge.get(n);
  // at[t] walks from t's start to its end.
  for (let e = 0; e < edgeCount; e++) {
    const t = edgeTo[e] & EDGE_TARGET_MASK;
    let v = zigzag(e - prev[t]);
    prev[t] = e;
    let p = at[t];
    while (v >= 0x80) {
      bytes[p++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    bytes[p++] = v;
    at[t] = p;
  }
  return { blockStart, length, long, bytes };
}

/** Calls `visit` with each edge ordinal pointing at node n, ascending; stops early when it returns false. */
export function forEachRetainerEdge(
  lists: RetainerLists,
  firstEdge: EdgeStarts,
  n: number,
  visit: (e: number) => boolean | void,
): void {
  const { bytes } = lists;
  let e = firstEdge.get(n);
  for (let p = listStart(lists, n), end = p + listLength(lists, n); p < end;) {
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
  const { bytes } = lists;
  let count = 0;
  for (let p = listStart(lists, n), end = p + listLength(lists, n); p < end; p++) if (bytes[p] < 0x80) count++;
  return count;
}
