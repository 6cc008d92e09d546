// Immediate dominators by Lengauer–Tarjan (the "simple" eval/link variant), over Chrome's essential edges,
// and with Chrome's handling of nodes the root cannot reach: first those with no essential retainer (each a
// new DFS tree hung under the root), then any remaining cliques, one node at a time. Matching Chrome's
// order matters only for those unreachable parts; for the reachable graph dominators are unique.
import { getBit, type BitSet } from './essentialEdges';
import type { HeapGraph } from './graph';

export interface DominatorResult {
  /** Immediate dominator ordinal of each node (the root dominates itself). */
  dominator: Uint32Array;
  /** Nodes in DFS preorder (ordinals); reverse order is a valid bottom-up order for the dominator tree. */
  preorder: Uint32Array;
  /** How many nodes the root reached without the unreachable-node fallbacks. */
  reachedFromRoot: number;
  /** A buffer of 4 (or, with `wideSpare`, 8) bytes per node the algorithm no longer needs (reused for retained sizes). */
  spare: ArrayBuffer;
}

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
}

export function computeDominators(
  graph: HeapGraph,
  essential: BitSet,
  options: DominatorOptions = {},
): DominatorResult {
  const { nodeCount, firstEdge, edgeTo, firstRetainer, retainerBytes, ownerBlock, rootOrdinal } = graph;
  // 1-based vertex numbers as in the paper: 0 means "none". Seven arrays of 4 bytes per node in all: `dom`
  // shares `parent`'s (a vertex's parent is last read before its dominator is first written), the bucket
  // heads share the DFS cursors', and `label` and `semi` share one buffer handed back as `spare`.
  const size = nodeCount + 1;
  const parent = new Uint32Array(size);
  // Arrays the caller no longer needs are reused where no initial value is read (memory already resident).
  const pool = [...(options.scratch ?? [])];
  const reuse = (): Uint32Array => {
    const given = pool.pop();
    return given && given.buffer.byteLength - given.byteOffset >= 4 * size
      ? new Uint32Array(given.buffer, given.byteOffset, size)
      : new Uint32Array(size);
  };
  const vertex = reuse(); // written as vertices are numbered, read only up to the count
  const spare = new ArrayBuffer(options.wideSpare ? 8 * size : 4 * size);
  const label = new Uint32Array(spare, 0, size);
  const semi = options.wideSpare ? new Uint32Array(spare, 4 * size, size) : new Uint32Array(size);
  // Next edge per node during DFS (written when a node is entered), then the bucket heads (zeroed below).
  const scratch = reuse();
  let n = 0;

  const dfs = (root: number): void => {
    scratch[root - 1] = firstEdge[root - 1];
    let v = root;
    while (v !== 0) {
      if (semi[v] === 0) {
        semi[v] = ++n;
        vertex[n] = label[v] = v;
      }
      let next = parent[v];
      const vo = v - 1;
      const end = firstEdge[vo + 1];
      let e = scratch[vo];
      for (; e < end; e++) {
        if (!getBit(essential, e)) continue;
        const w = edgeTo[e] + 1;
        if (semi[w] === 0) {
          parent[w] = v;
          scratch[w - 1] = firstEdge[w - 1];
          next = w;
          break;
        }
      }
      // On return to v this edge's target is already visited, so resuming after it is equivalent to Chrome.
      scratch[vo] = e < end ? e + 1 : end;
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

  const hasEssentialRetainer = (ordinal: number): boolean => {
    // Retainer lists are zigzag varints of edge differences (retainerIndex.ts), decoded inline here.
    let e = firstEdge[ordinal];
    for (let p = firstRetainer[ordinal], end = firstRetainer[ordinal + 1]; p < end;) {
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
        vertex[n] = label[v] = v;
      }
    }
  }

  // Only the second half needs these: taken now, the DFS's peak does not hold them, and dead arrays may be given.
  pool.push(...(options.lateScratch?.() ?? []));
  const ancestor = reuse().fill(0);
  let stack = new Uint32Array(1024);
  const compress = (v: number): void => {
    let sp = 0;
    while (ancestor[ancestor[v]] !== 0) {
      if (sp + 1 >= stack.length) {
        const grown = new Uint32Array(Math.min(size + 1, stack.length * 2));
        grown.set(stack);
        stack = grown;
      }
      stack[++sp] = v;
      v = ancestor[v];
    }
    while (sp > 0) {
      const w = stack[sp--];
      if (semi[label[ancestor[w]]] < semi[label[w]]) label[w] = label[ancestor[w]];
      ancestor[w] = ancestor[ancestor[w]];
    }
  };
  const evaluate = (v: number): number => {
    if (ancestor[v] === 0) return v;
    compress(v);
    return label[v];
  };

  const dom = parent;
  // Buckets as intrusive linked lists: each vertex sits in exactly one bucket at a time.
  const bucketHead = scratch.fill(0);
  const bucketNext = reuse(); // written when a vertex enters a bucket, before it is read
  for (let i = n; i >= 2; i--) {
    const w = vertex[i];
    const wo = w - 1;
    let orphan = true;
    let e = firstEdge[wo];
    for (let p = firstRetainer[wo], end = firstRetainer[wo + 1]; p < end;) {
      let b = retainerBytes[p++];
      let v = b & 0x7f;
      for (let scale = 0x80; b & 0x80; scale *= 0x80) {
        b = retainerBytes[p++];
        v += (b & 0x7f) * scale;
      }
      e += v % 2 === 0 ? v / 2 : -(v + 1) / 2;
      if (!getBit(essential, e)) continue;
      orphan = false;
      const u = evaluate(owner(e) + 1);
      if (semi[u] < semi[w]) semi[w] = semi[u];
    }
    if (orphan) semi[w] = semi[r]; // orphans hang under the root
    const b = vertex[semi[w]];
    bucketNext[w] = bucketHead[b];
    bucketHead[b] = w;
    const p = parent[w];
    ancestor[w] = p; // link
    for (let v = bucketHead[p]; v !== 0; v = bucketNext[v]) {
      const u = evaluate(v);
      dom[v] = semi[u] < semi[v] ? u : p;
    }
    bucketHead[p] = 0;
  }
  dom[0] = dom[r] = r;
  for (let i = 2; i <= n; i++) {
    const w = vertex[i];
    if (dom[w] !== vertex[semi[w]]) dom[w] = dom[dom[w]];
  }

  // Back to 0-based ordinals in place: no second copy of either array at the peak of memory use.
  for (let v = 1; v <= nodeCount; v++) dom[v]--;
  for (let i = 1; i <= n; i++) vertex[i]--;
  const dominator = dom.subarray(1);
  const preorder = vertex.subarray(1, n + 1);
  return { dominator, preorder, reachedFromRoot, spare };
}
