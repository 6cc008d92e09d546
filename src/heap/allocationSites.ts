// Allocation sites: live objects grouped by where they were allocated, from a snapshot's allocation traces.
// Three groupings share one pass over the dominator tree:
// - per exact stack (a trace tree node),
// - top-down: a trace node and everything called below it (the call tree, inclusive),
// - bottom-up: the allocating function, then its callers, one level per step. Its roots are the
//   allocation sites per function: the innermost frame with a script (built-ins such as `push` or
//   `Map.prototype.set` count for the code that called them).
// Retained size is counted once per group: an object dominated by another object of the same group adds
// nothing (it is already inside that object's retained size), as Chrome does for a class in its Summary.
//
// Counted are the objects a program makes — objects, closures, strings, numbers, regexps, symbols, bigints —
// that are reachable and carry a trace; V8's internals (hidden, code, internal arrays, shapes, `system / …`)
// are left out, their bytes being part of their owners' shallow sizes.
import type { AllocationTraces } from './allocationTraces';
import { NO_DISTANCE } from './distances';
import type { HeapSnapshot } from './snapshot';
import { walkDominatorTree } from './dominatorWalk';

export interface AllocationIndex {
  traces: AllocationTraces;
  /** Per object ordinal: the trace node it counts under, -1 when it does not count. */
  traceOf: Int32Array;
  /** Live objects counted, and reachable objects that have no trace (allocated before recording began). */
  liveCount: number;
  liveSize: number;
  untracedCount: number;
  untracedSize: number;
  /** Per trace node: exact stack. */
  exact: Totals;
  /** Per trace node: itself and everything below it. */
  down: Totals;
  /** The bottom-up tree: nodes, their parent (-1 for a site), function key, and totals. */
  upParent: Int32Array;
  upKey: Uint32Array;
  /** The trace node whose frame a bottom-up node stands for (one of them, for the frame). */
  upTrace: Uint32Array;
  up: Totals;
  /** Per bottom-up node: the objects whose whole stack (from the allocating function up) ends there. */
  upExact: Totals;
  /** Per bottom-up node: its site (the root of its chain). */
  upRoot: Uint32Array;
  /** Children lists of the bottom-up tree (roots under index `upParent.length`). */
  upFirst: Uint32Array;
  upChildren: Uint32Array;
  /** Per trace node with live objects: its deepest bottom-up node (the chain runs up from it). */
  upLeaf: Int32Array;
  /** Per function key: objects and bytes allocated there during the recording, alive or not. */
  allocatedCount: Float64Array;
  allocatedSize: Float64Array;
}

export interface Totals {
  count: Float64Array;
  selfSize: Float64Array;
  retainedSize: Float64Array;
}

function totals(n: number): Totals {
  return { count: new Float64Array(n), selfSize: new Float64Array(n), retainedSize: new Float64Array(n) };
}

const indexes = new WeakMap<HeapSnapshot, AllocationIndex>();

/** Whether an object counts as something the program allocated (see the header comment). */
export function countedTypes(snapshot: HeapSnapshot): Uint8Array {
  const types = snapshot.graph.layout.nodeTypes;
  const keep = new Set([
    'object',
    'closure',
    'string',
    'concatenated string',
    'sliced string',
    'regexp',
    'number',
    'symbol',
    'bigint',
    'native',
    'wasm object',
  ]);
  return Uint8Array.from(types, (t) => (keep.has(t) ? 1 : 0));
}

/** The allocation index of a snapshot with traces (built once, on first use), or undefined without traces. */
export function allocationIndex(snapshot: HeapSnapshot): AllocationIndex | undefined {
  const traces = snapshot.traces;
  if (!traces) return undefined;
  const cached = indexes.get(snapshot);
  if (cached) return cached;
  const g = snapshot.graph;
  const counted = countedTypes(snapshot);
  const systemNames = systemNameIndices(snapshot);
  const traceOf = new Int32Array(g.nodeCount).fill(-1);
  const T = traces.traceNodeCount;
  const exact = totals(T);
  let untracedCount = 0,
    untracedSize = 0;
  // Which objects count: reachable from the roots, of a counted type, with a trace, held by the program.
  const heldByV8 = v8HeldObjects(snapshot, counted);
  for (let n = 0; n < g.nodeCount; n++) {
    if (!counted[g.nodeType[n]] || snapshot.distances.get(n) === NO_DISTANCE || systemNames.has(g.nameOf(n))) continue;
    if (heldByV8[n]) continue;
    const t = traces.traceNodeOf(n);
    if (t < 0) {
      untracedCount++;
      untracedSize += g.selfSizeOf(n);
      continue;
    }
    traceOf[n] = t;
    exact.count[t]++;
    exact.selfSize[t] += g.selfSizeOf(n);
  }

  const down = totals(T);
  for (let t = T - 1; t >= 0; t--) {
    down.count[t] += exact.count[t];
    down.selfSize[t] += exact.selfSize[t];
    const p = traces.treeParent[t];
    if (p >= 0) {
      down.count[p] += down.count[t];
      down.selfSize[p] += down.selfSize[t];
    }
  }

  const bottomUp = buildBottomUp(traces, exact.count);
  const up = totals(bottomUp.parent.length);
  const upExact = totals(bottomUp.parent.length);
  for (let t = 0; t < T; t++) {
    if (!exact.count[t]) continue;
    upExact.count[bottomUp.leaf[t]] += exact.count[t];
    upExact.selfSize[bottomUp.leaf[t]] += exact.selfSize[t];
    for (let b = bottomUp.leaf[t]; b >= 0; b = bottomUp.parent[b]) {
      up.count[b] += exact.count[t];
      up.selfSize[b] += exact.selfSize[t];
    }
  }

  countRetainedOnce(snapshot, traceOf, traces.treeParent, bottomUp, { exact, down, up, upExact });
  const upRoot = new Uint32Array(bottomUp.parent.length);
  for (let b = 0; b < upRoot.length; b++) upRoot[b] = bottomUp.parent[b] < 0 ? b : upRoot[bottomUp.parent[b]];

  const allocatedCount = new Float64Array(traces.functionKeyCount);
  const allocatedSize = new Float64Array(traces.functionKeyCount);
  for (let t = 0; t < T; t++) {
    const key = traces.keyOf(traces.siteNode[t]);
    allocatedCount[key] += traces.treeCount[t];
    allocatedSize[key] += traces.treeSize[t];
  }

  let liveCount = 0,
    liveSize = 0;
  for (let t = 0; t < T; t++) {
    liveCount += exact.count[t];
    liveSize += exact.selfSize[t];
  }
  const [upFirst, upChildren] = childLists(bottomUp.parent);
  const index: AllocationIndex = {
    traces,
    traceOf,
    liveCount,
    liveSize,
    untracedCount,
    untracedSize,
    exact,
    down,
    upParent: bottomUp.parent,
    upKey: bottomUp.key,
    upTrace: bottomUp.trace,
    up,
    upExact,
    upRoot,
    upFirst,
    upChildren,
    upLeaf: bottomUp.leaf,
    allocatedCount,
    allocatedSize,
  };
  indexes.set(snapshot, index);
  return index;
}

/**
 * Objects only V8 itself keeps: a literal's boilerplate (held by its AllocationSite), names interned by the
 * compiler (held by shapes, code and the string table), a double field's box (a heap number held through a
 * hidden edge of its object), and everything such an object alone keeps alive. The program allocated none
 * of them as a value it holds, so they are no part of a site's live objects.
 */
function v8HeldObjects(snapshot: HeapSnapshot, counted: Uint8Array): Uint8Array {
  const g = snapshot.graph;
  const t = g.layout.nodeType;
  const internalHolder = new Uint8Array(g.layout.nodeTypes.length);
  for (const type of [t.code, t.synthetic, g.layout.nodeTypes.indexOf('object shape')])
    if (type >= 0) internalHolder[type] = 1;
  const { hidden, weak } = g.layout.edgeType;
  const onlyInternal = (n: number): boolean => {
    const isNumber = g.nodeType[n] === g.layout.nodeTypes.indexOf('number');
    let any = false;
    let only = true;
    g.forEachRetainer(n, (e, owner) => {
      if (g.edgeTypeOf(e) === weak) return true;
      any = true;
      if (isNumber ? g.edgeTypeOf(e) !== hidden : !internalHolder[g.nodeType[owner]] && !held[owner]) only = false;
      return only;
    });
    return any && only;
  };
  const held = new Uint8Array(g.nodeCount);
  const candidate = (n: number): boolean => counted[g.nodeType[n]] === 1 && snapshot.traces!.traceNodeOf(n) >= 0;
  const { first, children } = snapshot.dominated;
  const root = g.rootOrdinal;
  const stack: number[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    for (let k = first[n]; k < first[n + 1]; k++) {
      const c = children[k];
      // Below the root's own children (GC roots categories), an object dominated by code or a shape, or
      // by an object V8 holds, is V8's too.
      const d =
        n === root ? false : held[n] === 1 || (internalHolder[g.nodeType[n]] === 1 && g.nodeType[n] !== t.synthetic);
      if (d || (candidate(c) && onlyInternal(c))) held[c] = 1;
      stack.push(c);
    }
  }
  // One more round for what only such objects hold besides V8 (a boilerplate's property name strings).
  for (let n = 0; n < g.nodeCount; n++) if (!held[n] && candidate(n) && onlyInternal(n)) held[n] = 1;
  return held;
}

/** String indices of names V8 gives its internal objects (`system / Context`, …). */
function systemNameIndices(snapshot: HeapSnapshot): Set<number> {
  const g = snapshot.graph;
  const out = new Set<number>();
  const seen = new Set<number>();
  for (let n = 0; n < g.nodeCount; n++) {
    const s = g.nameOf(n);
    if (seen.has(s)) continue;
    seen.add(s);
    if (g.strings.rawLength(s) >= 9 && g.strings.get(s).startsWith('system / ')) out.add(s);
  }
  return out;
}

interface BottomUp {
  parent: Int32Array;
  key: Uint32Array;
  trace: Uint32Array;
  leaf: Int32Array;
}

/** The bottom-up tree over the trace nodes that hold live objects: site function, then callers. */
function buildBottomUp(traces: AllocationTraces, liveCount: Float64Array): BottomUp {
  const parent: number[] = [];
  const keys: number[] = [];
  const trace: number[] = [];
  const childOf = new Map<string, number>();
  const leaf = new Int32Array(traces.traceNodeCount).fill(-1);
  const leafOfSite = new Map<number, number>();
  for (let t = 0; t < traces.traceNodeCount; t++) {
    if (!liveCount[t]) continue;
    const site = traces.siteNode[t];
    const known = leafOfSite.get(site);
    if (known !== undefined) {
      leaf[t] = known;
      continue;
    }
    let b = -1;
    for (const s of traces.stackOf(site)) {
      const key = traces.keyOf(s);
      const id = `${b}:${key}`;
      let next = childOf.get(id);
      if (next === undefined) {
        next = parent.length;
        childOf.set(id, next);
        parent.push(b);
        keys.push(key);
        trace.push(s);
      }
      b = next;
    }
    if (b < 0) {
      // A stack of only the synthetic root: one node for the root frame itself.
      const id = `-1:${traces.keyOf(site)}`;
      b = childOf.get(id) ?? -1;
      if (b < 0) {
        b = parent.length;
        childOf.set(id, b);
        parent.push(-1);
        keys.push(traces.keyOf(site));
        trace.push(site);
      }
    }
    leafOfSite.set(site, b);
    leaf[t] = b;
  }
  return { parent: Int32Array.from(parent), key: Uint32Array.from(keys), trace: Uint32Array.from(trace), leaf };
}

/** Children lists of a parent array; the roots (parent -1) are listed under the extra last index. */
function childLists(parent: Int32Array): [Uint32Array, Uint32Array] {
  const n = parent.length;
  const first = new Uint32Array(n + 2);
  for (let b = 0; b < n; b++) first[(parent[b] < 0 ? n : parent[b]) + 1]++;
  for (let i = 0; i <= n; i++) first[i + 1] += first[i];
  const fill = first.slice(0, n + 1);
  const children = new Uint32Array(n);
  for (let b = 0; b < n; b++) children[fill[parent[b] < 0 ? n : parent[b]]++] = b;
  return [first, children];
}

/**
 * One walk of the dominator tree keeping, per group, how many of its objects are open on the current path:
 * an object adds its retained size to a group only when none is.
 */
function countRetainedOnce(
  snapshot: HeapSnapshot,
  traceOf: Int32Array,
  treeParent: Int32Array,
  bottomUp: BottomUp,
  groups: { exact: Totals; down: Totals; up: Totals; upExact: Totals },
): void {
  const { exact, down, up, upExact } = groups;
  const retained = snapshot.retainedSize;
  const openExact = new Int32Array(exact.count.length);
  const openDown = new Int32Array(exact.count.length);
  const openUp = new Int32Array(up.count.length);
  const openLeaf = new Int32Array(up.count.length);
  walkDominatorTree(
    snapshot,
    (c) => {
      const t = traceOf[c];
      if (t < 0) return;
      const size = retained[c];
      if (openExact[t]++ === 0) exact.retainedSize[t] += size;
      if (openLeaf[bottomUp.leaf[t]]++ === 0) upExact.retainedSize[bottomUp.leaf[t]] += size;
      for (let a = t; a >= 0; a = treeParent[a]) if (openDown[a]++ === 0) down.retainedSize[a] += size;
      for (let b = bottomUp.leaf[t]; b >= 0; b = bottomUp.parent[b]) if (openUp[b]++ === 0) up.retainedSize[b] += size;
    },
    (n) => {
      const t = traceOf[n];
      if (t < 0) return;
      openExact[t]--;
      openLeaf[bottomUp.leaf[t]]--;
      for (let a = t; a >= 0; a = treeParent[a]) openDown[a]--;
      for (let b = bottomUp.leaf[t]; b >= 0; b = bottomUp.parent[b]) openUp[b]--;
    },
  );
}
