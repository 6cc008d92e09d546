// Immediate dominators by Semi-NCA (Georgiadis 2005: Lengauer–Tarjan's semidominators by the simple eval/link,
// then each immediate dominator as the nearest common ancestor of its semidominator and its DFS parent), over
// Chrome's essential edges, and with Chrome's handling of nodes the root cannot reach: first those with no
// essential retainer (each a new DFS tree hung under the root), then any remaining cliques, one node at a time.
// Chrome runs Lengauer–Tarjan with buckets; the semidominators are the same computation, and the results agree:
// on the DFS part dominators are unique, and every node of the cliques (whose numbering is no DFS) has only clique
// nodes as essential retainers, so both algorithms hang it under the root. Five arrays of 4 bytes per node instead
// of Lengauer–Tarjan's seven: no buckets, and the DFS cursors' array becomes the dominators'.
import { getBit, type BitSet } from './essentialEdges';
import type { HeapGraph } from './graph';
import { LONG_LIST, RETAINER_BLOCK } from './retainerIndex';

export interface DominatorResult {
  /** Immediate dominator ordinal of each node (the root dominates itself). */
  dominator: Uint32Array;
  /** Nodes in DFS preorder (ordinals); reverse order is a valid bottom-up order for the dominator tree. */
  preorder: Uint32Array;
  /** How many nodes the root reached without the unreachable-node fallbacks. */
  reachedFromRoot: number;
  /**
   * A buffer of 4 (or, with `wideSpare`, 8) bytes per node the algorithm no longer needs (reused for retained
   * sizes); shared memory when it came from `lateScratch`.
   */
  spare: ArrayBufferLike;
}

export interface DominatorOptions {
  /** Dead arrays (any contents) whose buffers hold at least nodeCount + 1 elements: used instead of allocating. */
  scratch?: Uint32Array[];
  /** Make `spare` hold 8 bytes per node (retained sizes as Float64); otherwise 4 (as Uint32). */
  wideSpare?: boolean;
  /**
   * Asked once the DFS is done, for arrays that died meanwhile elsewhere (another thread's, in shared memory):
   * used like `scratch` for the array only the second half needs (then handed back as `spare`).
   */
  lateScratch?: () => Uint32Array[];
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
  // Wide: `label` and `semi` share the 8-byte spare buffer (both are dead once the dominators are known).
  const wideSpare = wide ? new ArrayBuffer(8 * size) : undefined;
  // DFS number of each visited vertex (0: not yet), then its semidominator's number.
  const semi = wideSpare ? new Uint32Array(wideSpare, 4 * size, size) : (reuse()?.fill(0) ?? new Uint32Array(size));
  // The DFS tree's parent, later compressed into the eval forest's ancestor links.
  const parent = reuse() ?? new Uint32Array(size);
  parent[0] = 0;
  const vertex = reuse() ?? new Uint32Array(size); // written as vertices are numbered, read only up to the count
  // Next edge per vertex during the DFS (written when a vertex is entered), then the immediate dominators.
  const idom = reuse() ?? new Uint32Array(size);
  let n = 0;

  const dfs = (root: number): void => {
    idom[root] = firstEdge[root - 1];
    let v = root;
    while (v !== 0) {
      if (semi[v] === 0) {
        semi[v] = ++n;
        vertex[n] = v;
      }
      let next = parent[v];
      const end = firstEdge[v];
      let e = idom[v];
      for (; e < end; e++) {
        if (!getBit(essential, e)) continue;
        const w = edgeTo[e] + 1;
        if (semi[w] === 0) {
          parent[w] = v;
          idom[w] = firstEdge[w - 1];
          next = w;
          break;
        }
      }
      // On return to v this edge's target is already visited, so resuming after it is equivalent to Chrome.
      idom[v] = e < end ? e + 1 : end;
      v = next;
    }
  };

  // The node owning edge e (HeapGraph.edgeOwner, inlined: this runs once per essential retainer).
  const owner = (e: number): number => {
    const block = (e / 32) | 0;
    let lo = ownerBlock[block];
    if (firstEdge[lo + 1] > e) return lo;
    let hi = ownerBlock[block + 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (firstEdge[mid] <= e) lo = mid;
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
    let e = firstEdge[ordinal];
    for (let p = listStart(ordinal), end = listEnd; p < end;) {
      let b = retainerBytes[p++];
      let v = b & 0x7f;
      for (let scale = 0x80; b & 0x80; scale *= 0x80) {
        b = retainerBytes[p++];
        v += (b & 0x7f) * scale;
      }
      e += v % 2 === 0 ? v / 2 : -(v + 1) / 2;
      if (getBit(essential, e)) return true;
    }
    return false;
  };

  const r = rootOrdinal + 1;
  parent[r] = 0;
  dfs(r);
  const reachedFromRoot = n;
  if (n < nodeCount) {
    for (let v = 1; v <= nodeCount; v++) {
      if (semi[v] === 0 && !hasEssentialRetainer(v - 1)) {
        parent[v] = r;
        dfs(v);
      }
    }
  }
  if (n < nodeCount) {
    for (let v = 1; v <= nodeCount; v++) {
      if (semi[v] === 0) {
        parent[v] = r;
        semi[v] = ++n;
        vertex[n] = v;
      }
    }
  }

  // Only the second half needs `label`: taken now, the DFS's peak does not hold it, and a dead array may be given.
  pool.push(...(options.lateScratch?.() ?? []));
  const late = wideSpare ? undefined : reuse();
  const spare: ArrayBufferLike = wideSpare ?? late?.buffer ?? new ArrayBuffer(4 * size);
  const label = late ?? new Uint32Array(spare, 0, size);
  // The cursors are done: `idom` starts as the DFS parent (Semi-NCA's second step walks up from there).
  idom.set(parent);
  for (let v = 0; v <= nodeCount; v++) label[v] = v;
  // A vertex is linked into the eval forest (under its parent) once its semidominator is known.
  const linked = new Uint8Array((size >> 3) + 1);
  const isLinked = (v: number): boolean => (linked[v >> 3] & (1 << (v & 7))) !== 0;
  let stack = new Uint32Array(1024);
  // The vertex of least semidominator on v's path in the eval forest, below the path's root (which is unlinked);
  // compresses the path on the way.
  const evaluate = (v: number): number => {
    if (!isLinked(parent[v])) return label[v];
    let sp = 0;
    let x = v;
    do {
      if (sp >= stack.length) {
        const grown = new Uint32Array(Math.min(size + 1, stack.length * 2));
        grown.set(stack);
        stack = grown;
      }
      stack[sp++] = x;
      x = parent[x];
    } while (isLinked(parent[x]));
    // x is the last linked vertex on the path: its parent is the forest root.
    let p = x;
    let pLabel = label[p];
    while (sp > 0) {
      const w = stack[--sp];
      parent[w] = parent[p];
      if (semi[pLabel] < semi[label[w]]) label[w] = pLabel;
      else pLabel = label[w];
      p = w;
    }
    return label[v];
  };

  for (let i = n; i >= 2; i--) {
    const w = vertex[i];
    const wo = w - 1;
    let orphan = true;
    let best = semi[w];
    let e = firstEdge[wo];
    for (let p = listStart(wo), end = listEnd; p < end;) {
      let b = retainerBytes[p++];
      let v = b & 0x7f;
      for (let scale = 0x80; b & 0x80; scale *= 0x80) {
        b = retainerBytes[p++];
        v += (b & 0x7f) * scale;
      }
      e += v % 2 === 0 ? v / 2 : -(v + 1) / 2;
      if (!getBit(essential, e)) continue;
      orphan = false;
      const s = semi[evaluate(owner(e) + 1)];
      if (s < best) best = s;
    }
    semi[w] = orphan ? semi[r] : best; // orphans hang under the root
    linked[w >> 3] |= 1 << (w & 7);
  }

  // Second step: the immediate dominator is the first of the parent's dominators numbered no later than the
  // semidominator. `label` now holds each vertex's DFS number.
  const number = label;
  for (let i = 1; i <= n; i++) number[vertex[i]] = i;
  idom[0] = 0;
  for (let i = 2; i <= n; i++) {
    const w = vertex[i];
    const s = semi[w];
    let d = idom[w];
    while (number[d] > s) d = idom[d];
    idom[w] = d;
  }
  idom[r] = r;

  // Back to 0-based ordinals in place: no second copy of either array at the peak of memory use.
  for (let v = 1; v <= nodeCount; v++) idom[v]--;
  for (let i = 1; i <= n; i++) vertex[i]--;
  const dominator = idom.subarray(1);
  const preorder = vertex.subarray(1, n + 1);
  return { dominator, preorder, reachedFromRoot, spare };
}
