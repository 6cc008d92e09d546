// Immediate dominators by Semi-NCA (Georgiadis 2005: Lengauer–Tarjan's semidominators by the simple eval/link,
// then each immediate dominator as the nearest common ancestor of its semidominator and its DFS parent), over
// Chrome's essential edges, and with Chrome's handling of nodes the root cannot reach: first those with no
// essential retainer (each a new DFS tree hung under the root), then any remaining cliques, one node at a time.
// Chrome runs Lengauer–Tarjan with buckets; the semidominators are the same computation, and the results agree:
// on the DFS part dominators are unique, and every node of the cliques (whose numbering is no DFS) has only clique
// nodes as essential retainers, so both algorithms hang it under the root. At most four arrays of 4 bytes per node
// (one of them 3 under 2^24 nodes) live at once instead of Lengauer–Tarjan's seven (and only two through the DFS): no buckets, the DFS keeps only
// its path on a stack, and the parents it records become the eval forest's links. Most heap objects have one
// essential retainer, their DFS parent: the DFS marks the others, and only those have their retainer lists read.
import { EDGE_TARGET_MASK } from './edgeInfo';
import { getBit, type BitSet, type EssentialEdgesOf } from './essentialEdges';
import type { HeapGraph } from './graph';
import { LONG_LIST, RETAINER_BLOCK } from './retainerIndex';

export interface DominatorResult {
  /** Immediate dominator ordinal of each node (the root dominates itself). */
  dominator: Uint32Array;
  /** Nodes in DFS preorder (ordinals); reverse order is a valid bottom-up order for the dominator tree. */
  preorder: SplitColumn;
  /** How many nodes the root reached without the unreachable-node fallbacks. */
  reachedFromRoot: number;
  /**
   * A buffer of 4 (or, with `wideSpare`, 8) bytes per node the algorithm no longer needs (reused for retained
   * sizes); shared memory when it came from `scratch`.
   */
  spare: ArrayBufferLike;
}

/**
 * Values under 2^32 split into 16 low bits and the high ones: 3 bytes per element when they stay under 2^24,
 * else 4. `at(i)` reads element i.
 */
export interface SplitColumn {
  low: Uint16Array;
  high: Uint8Array | Uint16Array;
  length: number;
}

export const splitAt = (c: SplitColumn, i: number): number => c.low[i] | (c.high[i] << 16);

export interface DominatorOptions {
  /** Dead arrays (any contents) whose buffers hold at least nodeCount + 1 elements: used instead of allocating. */
  scratch?: Uint32Array[];
  /** Make `spare` hold 8 bytes per node (retained sizes as Float64); otherwise 4 (as Uint32). */
  wideSpare?: boolean;
  /**
   * Asked once the DFS is done, for arrays that died meanwhile elsewhere (another thread's, in shared memory):
   * used like `scratch` for the arrays only the second half needs.
   */
  lateScratch?: () => Uint32Array[];
  /** Asked after `lateScratch`: a dead array of at least nodeCount + 1 bytes (any contents), for a high-byte array. */
  lateBytes?: () => Uint8Array | undefined;
  /**
   * Given, `essential` starts empty: the DFS fills in each node's bits as it reaches it, and the nodes it does not
   * reach are filled in after it (one walk over the edges instead of two).
   */
  essentialOf?: EssentialEdgesOf;
  /** Called at the end of each step with its name (the benchmark's timeline). */
  mark?: (step: string) => void;
}

export function computeDominators(
  graph: HeapGraph,
  essential: BitSet,
  options: DominatorOptions = {},
): DominatorResult {
  const { nodeCount, firstEdge, edgeTo, ownerBlock, rootOrdinal } = graph;
  const { blockStart, length: listLength, long, bytes: retainerBytes } = graph.retainers;
  // 1-based vertex numbers as in the paper: 0 means "none". Arrays indexed by vertex, except `vertex` (by DFS
  // number). Arrays the caller no longer needs are reused where no initial value is read (memory already resident).
  const size = nodeCount + 1;
  const pool = [...(options.scratch ?? [])];
  const reuse = (): Uint32Array | undefined => {
    while (pool.length > 0) {
      const given = pool.pop()!;
      if (given.buffer.byteLength - given.byteOffset >= 4 * size)
        return new Uint32Array(given.buffer, given.byteOffset, size);
    }
    return undefined;
  };
  const wide = options.wideSpare === true;
  // Wide: `best` and `semi` share the 8-byte spare buffer (both are dead once the dominators are known).
  const wideSpare = wide ? new ArrayBuffer(8 * size) : undefined;
  // Through the DFS, each vertex's DFS parent (the root for tree roots and the cliques; moved to `ancestor` after
  // it, where the second half links each vertex and compresses paths in place); then its DFS number, then its
  // semidominator's number. Its buffer is `spare`.
  const semi = wideSpare ? new Uint32Array(wideSpare, 4 * size, size) : (reuse() ?? new Uint32Array(size));
  // Vertex numbers fit in 24 bits (10 M nodes at 800 MB): `vertex` and, in the second half, `ancestor` keep their
  // low 16 bits in one buffer of 4 bytes per vertex and their high byte in one of their own (two arrays of 3 bytes
  // where the fourth array of 4 would be: 19 instead of 39 MB at the peak of an 800 MB snapshot). Past 2^24, or
  // wide (the second step keeps the dominators in `ancestor`'s buffer then), each takes 4 bytes and a buffer.
  const threeBytes = !wide && size <= 0x1000000;
  const vertexGiven = reuse();
  const vertexBuffer = vertexGiven?.buffer ?? new ArrayBuffer(4 * size);
  const vertexAt = vertexGiven?.byteOffset ?? 0;
  // Written as vertices are numbered, read only up to the count.
  const vertexLow = new Uint16Array(vertexBuffer, vertexAt, size);
  const vertexHigh = threeBytes ? new Uint8Array(size) : new Uint16Array(vertexBuffer, vertexAt + 2 * size, size);
  const vertexOf = (i: number): number => vertexLow[i] | (vertexHigh[i] << 16);
  const setVertex = (i: number, v: number): void => {
    vertexLow[i] = v;
    vertexHigh[i] = v >>> 16;
  };
  // A bit per vertex numbered (the DFS tests every edge's target there, in cache); the second half's `linked`.
  const numbered = new Uint8Array((size >> 3) + 1);
  const isNumbered = (v: number): boolean => (numbered[v >> 3] & (1 << (v & 7))) !== 0;
  // A bit per vertex with an essential retainer besides its DFS tree edge (the DFS sees every edge once: an edge
  // to a vertex already numbered is another retainer). The others' semidominator and immediate dominator are
  // their parent. After the first step, the bit means "the immediate dominator is not the semidominator's vertex".
  const multi = new Uint8Array((size >> 3) + 1);
  let n = 0;

  // The DFS keeps its path on a stack (vertex, next edge) instead of a cursor per node: no third array of 4 bytes
  // per node lives through it.
  let stackVertex = new Uint32Array(1024);
  let stackEdge = new Uint32Array(1024);
  let fill = options.essentialOf;
  const dfs = (root: number, parent: number): void => {
    fill?.(root - 1);
    let sp = 0;
    stackVertex[0] = root;
    stackEdge[0] = firstEdge.get(root - 1);
    setVertex(++n, root);
    semi[root] = parent;
    numbered[root >> 3] |= 1 << (root & 7);
    while (sp >= 0) {
      const v = stackVertex[sp];
      const end = firstEdge.get(v);
      let e = stackEdge[sp];
      for (; e < end; e++) {
        if (!getBit(essential, e)) continue;
        const w = (edgeTo[e] & EDGE_TARGET_MASK) + 1;
        if (!isNumbered(w)) break;
        multi[w >> 3] |= 1 << (w & 7);
      }
      if (e >= end) {
        sp--;
        continue;
      }
      // On return to v this edge's target is already visited, so resuming after it is equivalent to Chrome.
      stackEdge[sp] = e + 1;
      const w = (edgeTo[e] & EDGE_TARGET_MASK) + 1;
      fill?.(w - 1);
      setVertex(++n, w);
      semi[w] = v;
      numbered[w >> 3] |= 1 << (w & 7);
      if (++sp >= stackVertex.length) {
        const grownVertex = new Uint32Array(stackVertex.length * 2);
        grownVertex.set(stackVertex);
        stackVertex = grownVertex;
        const grownEdge = new Uint32Array(stackEdge.length * 2);
        grownEdge.set(stackEdge);
        stackEdge = grownEdge;
      }
      stackVertex[sp] = w;
      stackEdge[sp] = firstEdge.get(w - 1);
    }
  };

  // The node owning edge e (HeapGraph.edgeOwner, inlined: this runs once per essential retainer).
  const owner = (e: number): number => {
    const block = (e / 32) | 0;
    let lo = ownerBlock[block];
    if (firstEdge.get(lo + 1) > e) return lo;
    let hi = ownerBlock[block + 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (firstEdge.get(mid) <= e) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  // Where a node's retainer list starts and ends (retainerIndex.ts listStart, inlined: once per node).
  let listEnd = 0;
  const listStart = (n: number): number => {
    const from = n - (n % RETAINER_BLOCK);
    let p = blockStart[from / RETAINER_BLOCK];
    for (let m = from; m < n; m++) {
      const l = listLength[m];
      p += l === LONG_LIST ? long.get(m)! : l;
    }
    const l = listLength[n];
    listEnd = p + (l === LONG_LIST ? long.get(n)! : l);
    return p;
  };

  const hasEssentialRetainer = (ordinal: number): boolean => {
    // Retainer lists are zigzag varints of edge differences (retainerIndex.ts), decoded inline here.
    let e = firstEdge.get(ordinal);
    for (let p = listStart(ordinal), end = listEnd; p < end;) {
      // Unrolled, in integer arithmetic (zigzag values stay under 2^32: edge ordinals are under 2^31).
      let b = retainerBytes[p++];
      let v = b & 0x7f;
      if (b & 0x80) {
        b = retainerBytes[p++];
        v |= (b & 0x7f) << 7;
        if (b & 0x80) {
          b = retainerBytes[p++];
          v |= (b & 0x7f) << 14;
          if (b & 0x80) {
            b = retainerBytes[p++];
            v |= (b & 0x7f) << 21;
            if (b & 0x80) v += retainerBytes[p++] * 0x10000000;
          }
        }
      }
      e += (v >>> 1) ^ -(v & 1);
      if (getBit(essential, e)) return true;
    }
    return false;
  };

  const mark = options.mark ?? ((): void => undefined);
  const r = rootOrdinal + 1;
  dfs(r, 0);
  mark('dfs');
  const reachedFromRoot = n;
  if (n < nodeCount && fill) {
    for (let v = 1; v <= nodeCount; v++) if (!isNumbered(v)) fill(v - 1);
  }
  fill = undefined;
  if (n < nodeCount) {
    for (let v = 1; v <= nodeCount; v++) {
      if (!isNumbered(v) && !hasEssentialRetainer(v - 1)) dfs(v, r); // a new DFS tree, hung under the root
    }
  }
  // Vertices numbered after this one were numbered one at a time (the cliques): their parent is the root.
  const lastInTrees = n;
  if (n < nodeCount) {
    for (let v = 1; v <= nodeCount; v++) {
      if (!isNumbered(v)) {
        setVertex(++n, v);
        semi[v] = r;
      }
    }
    // The DFS did not see the cliques' edges: their targets have another retainer (the cliques' own bits are
    // not read, as they always take the general path).
    for (let i = lastInTrees + 1; i <= n; i++) {
      const v = vertexOf(i) - 1;
      for (let e = firstEdge.get(v), end = firstEdge.get(v + 1); e < end; e++) {
        if (!getBit(essential, e)) continue;
        const w = (edgeTo[e] & EDGE_TARGET_MASK) + 1;
        multi[w >> 3] |= 1 << (w & 7);
      }
    }
  }
  stackVertex = stackEdge = new Uint32Array(0);
  mark('unreached');

  // Only the second half needs `best` and `ancestor`: taken now, the DFS's peak does not hold them, and dead
  // arrays may be given (`best` first: it ends up holding the dominators, see the second step).
  pool.push(...(options.lateScratch?.() ?? []));
  mark('handoff wait');
  // Per linked vertex, the least semidominator on its path in the eval forest (Lengauer–Tarjan's `label`, whose
  // only use is its semidominator: keeping the value saves a random read per step). Set when a vertex is linked.
  const best = wideSpare ? new Uint32Array(wideSpare, 0, size) : (reuse() ?? new Uint32Array(size));
  // Each linked vertex's ancestor in the eval forest, split like `vertex`.
  const given = threeBytes ? undefined : reuse();
  const ancestorBuffer = threeBytes ? vertexBuffer : (given?.buffer ?? new ArrayBuffer(4 * size));
  const at = threeBytes ? vertexAt + 2 * size : (given?.byteOffset ?? 0);
  const ancestorLow = new Uint16Array(ancestorBuffer, at, size);
  const bytesGiven = threeBytes ? options.lateBytes?.() : undefined;
  const ancestorHigh = threeBytes
    ? bytesGiven && bytesGiven.length >= size
      ? bytesGiven.subarray(0, size)
      : new Uint8Array(size)
    : new Uint16Array(ancestorBuffer, at + 2 * size, size);
  const ancestorOf = (v: number): number => ancestorLow[v] | (ancestorHigh[v] << 16);
  const setAncestor = (v: number, a: number): void => {
    ancestorLow[v] = a;
    ancestorHigh[v] = a >>> 16;
  };
  for (let i = 1; i <= n; i++) {
    const w = vertexOf(i);
    setAncestor(w, semi[w]);
    semi[w] = i;
  }
  // A vertex is linked into the eval forest (under its DFS parent) once its semidominator is known.
  const linked = numbered.fill(0);
  const isLinked = (v: number): boolean => (linked[v >> 3] & (1 << (v & 7))) !== 0;
  let stack = new Uint32Array(1024);
  // The least semidominator on v's path in the eval forest, below the path's root (which is unlinked; an unlinked
  // v is its own path: its DFS number); compresses the path on the way. An unlinked vertex's DFS parent is
  // unlinked too (numbered earlier), so only linked vertices' ancestors are read.
  const evaluate = (v: number): number => {
    if (!isLinked(v)) return semi[v];
    if (!isLinked(ancestorOf(v))) return best[v];
    let sp = 0;
    let x = v;
    do {
      if (sp >= stack.length) {
        const grown = new Uint32Array(Math.min(size + 1, stack.length * 2));
        grown.set(stack);
        stack = grown;
      }
      stack[sp++] = x;
      x = ancestorOf(x);
    } while (isLinked(ancestorOf(x)));
    // x is the last linked vertex on the path: its ancestor is the forest root.
    let p = x;
    let pBest = best[p];
    while (sp > 0) {
      const w = stack[--sp];
      setAncestor(w, ancestorOf(p));
      if (pBest < best[w]) best[w] = pBest;
      else pBest = best[w];
      p = w;
    }
    return best[v];
  };

  // The second step needs each parent again, after path compression rewrote `ancestor`: where the parent's edge
  // ends in the vertex's retainer list (0: the root) costs a byte, and reading it back decodes only that list's
  // prefix. Only vertices whose immediate dominator is not simply their semidominator's vertex need it (a fifth
  // to a quarter of them, measured): a byte each, in the order this pass meets them (descending DFS number), read
  // back from the end by the second step (ascending). At most the vertices with the bit set, or in the cliques.
  let bound = n - lastInTrees;
  for (let i = 0; i < multi.length; i++) {
    let b = multi[i];
    while (b !== 0) {
      b &= b - 1;
      bound++;
    }
  }
  mark('forest');
  const parentAt = new Uint8Array(Math.min(bound, size));
  let parentCount = 0;
  const parentAtLong = new Map<number, number>(); // offsets of 255 or more (lists that long are rare)

  for (let i = n; i >= 2; i--) {
    const w = vertexOf(i);
    const parent = ancestorOf(w); // unlinked (numbered earlier): still holds its DFS number in `semi`
    const bit = 1 << (w & 7);
    if (i <= lastInTrees && (multi[w >> 3] & bit) === 0) {
      // The tree edge is w's only essential retainer (tree roots have none: their parent is the root).
      semi[w] = best[w] = semi[parent];
      linked[w >> 3] |= bit;
      continue;
    }
    const wo = w - 1;
    let orphan = true;
    let least = semi[w];
    let parentEnd = 0;
    const start = listStart(wo);
    let e = firstEdge.get(wo);
    for (let p = start, end = listEnd; p < end;) {
      // Unrolled, in integer arithmetic (zigzag values stay under 2^32: edge ordinals are under 2^31).
      let b = retainerBytes[p++];
      let v = b & 0x7f;
      if (b & 0x80) {
        b = retainerBytes[p++];
        v |= (b & 0x7f) << 7;
        if (b & 0x80) {
          b = retainerBytes[p++];
          v |= (b & 0x7f) << 14;
          if (b & 0x80) {
            b = retainerBytes[p++];
            v |= (b & 0x7f) << 21;
            if (b & 0x80) v += retainerBytes[p++] * 0x10000000;
          }
        }
      }
      e += (v >>> 1) ^ -(v & 1);
      if (!getBit(essential, e)) continue;
      orphan = false;
      const u = owner(e) + 1;
      if (u === parent && parentEnd === 0) parentEnd = p - start;
      const s = evaluate(u);
      if (s < least) least = s;
    }
    if (orphan) least = semi[r]; // orphans hang under the root
    if (least === semi[parent])
      multi[w >> 3] &= ~bit; // the semidominator is the parent: it is the dominator
    else {
      multi[w >> 3] |= bit;
      const code = parent === r ? 0 : Math.min(parentEnd, 255);
      if (code === 255) parentAtLong.set(w, parentEnd);
      parentAt[parentCount++] = code;
    }
    semi[w] = best[w] = least;
    linked[w >> 3] |= bit;
  }

  mark('semidominators');
  // Second step: the immediate dominator is the first of the parent's dominators numbered no later than the
  // semidominator. `ancestor` and `best` are dead: one holds each vertex's DFS number (split like `ancestor`), the
  // other becomes `idom`, filled in preorder (each parent, numbered earlier, is done by then). The dominators stay
  // in `best`, which may be a buffer given late (already resident elsewhere), while `ancestor` was this pass's own;
  // when wide, `best` is part of the spare buffer, which the retained sizes take whole.
  const [numberLow, numberHigh] = wideSpare
    ? [new Uint16Array(wideSpare, 0, size), new Uint16Array(wideSpare, 2 * size, size)]
    : [ancestorLow, ancestorHigh];
  const idom = wideSpare ? new Uint32Array(ancestorBuffer, at, size) : best;
  const numberOf = (v: number): number => numberLow[v] | (numberHigh[v] << 16);
  for (let i = 1; i <= n; i++) {
    const v = vertexOf(i);
    numberLow[v] = i;
    numberHigh[v] = i >>> 16;
  }
  idom[0] = 0;
  idom[r] = r;
  for (let i = 2; i <= n; i++) {
    const w = vertexOf(i);
    const s = semi[w];
    // The common case, no list to decode: the semidominator is the parent, hence the dominator.
    if ((multi[w >> 3] & (1 << (w & 7))) === 0) {
      idom[w] = vertexOf(s);
      continue;
    }
    let d = r;
    const code = parentAt[--parentCount];
    if (code !== 0) {
      const wo = w - 1;
      const start = listStart(wo);
      let e = firstEdge.get(wo);
      for (let p = start, stop = start + (code === 255 ? parentAtLong.get(w)! : code); p < stop;) {
        // Unrolled, in integer arithmetic (zigzag values stay under 2^32: edge ordinals are under 2^31).
        let b = retainerBytes[p++];
        let v = b & 0x7f;
        if (b & 0x80) {
          b = retainerBytes[p++];
          v |= (b & 0x7f) << 7;
          if (b & 0x80) {
            b = retainerBytes[p++];
            v |= (b & 0x7f) << 14;
            if (b & 0x80) {
              b = retainerBytes[p++];
              v |= (b & 0x7f) << 21;
              if (b & 0x80) v += retainerBytes[p++] * 0x10000000;
            }
          }
        }
        e += (v >>> 1) ^ -(v & 1);
      }
      d = owner(e) + 1;
    }
    while (numberOf(d) > s) d = idom[d];
    idom[w] = d;
  }

  // Back to 0-based ordinals in place: no second copy of either array at the peak of memory use.
  for (let v = 1; v <= nodeCount; v++) idom[v]--;
  for (let i = 1; i <= n; i++) setVertex(i, vertexOf(i) - 1);
  mark('idom');
  const dominator = idom.subarray(1);
  const preorder = { low: vertexLow.subarray(1, n + 1), high: vertexHigh.subarray(1, n + 1), length: n };
  // `semi` is dead now: its buffer holds the retained sizes.
  const spare: ArrayBufferLike = wideSpare ?? semi.buffer;
  return { dominator, preorder, reachedFromRoot, spare };
}
