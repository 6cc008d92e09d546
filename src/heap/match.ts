// Which objects of one snapshot are the same objects in a later one. V8's node ids are stable only while
// one heap profiler session lasts: when an inspector session that used the HeapProfiler domain goes away,
// V8's agent (V8HeapProfilerAgentImpl::disable) calls HeapProfiler::ClearObjectIds, and the next snapshot
// numbers every object afresh. Three `retainer-lens capture` runs, or a debugger that reconnects, therefore
// give snapshots whose ids mean nothing to each other, and an id comparison calls the whole heap new.
// So we check first whether ids agree on objects that provably are the same (reached from the root by the
// same named edges), and if they do not, match the two graphs structurally: a breadth-first walk over
// pairs of matched nodes, pairing children by edge name (properties, variables, internal fields) and, for
// elements and hidden slots, in order among children of the same type and name — collections grow at the
// end, and Map/Set tables keep insertion order even when rehashed.
//
// The result is a "key" per node, stable across the snapshots of one comparison: a node's key is the key
// of the node it matches in the older snapshot, or a fresh key `generation * 2^32 + id` if it is new.
import type { HeapSnapshot } from './snapshot';

const FRESH = 2 ** 32;
/** How many older candidates in a row a content mismatch may skip. */
const CONTENT_WINDOW = 16;
/** Marks a number field's value in `content`, so agreement on a number is told from agreement on a string. */
const NUMBER_MARK = '\u0000#';

/** Keys of the first snapshot of a series: its node ids. */
export function baseKeys(snapshot: HeapSnapshot): Float64Array {
  const g = snapshot.graph;
  return Float64Array.from({ length: g.nodeCount }, (_, n) => g.idOf(n));
}

export interface CarriedKeys {
  keys: Float64Array;
  /** True when node ids were comparable and used; false when the graphs were matched structurally. */
  byId: boolean;
}

/**
 * Keys for `newer`, the `generation`-th snapshot (1, 2, …) of a series whose previous snapshot is `older`
 * with keys `olderKeys`.
 */
export function carryKeys(
  older: HeapSnapshot,
  olderKeys: Float64Array,
  newer: HeapSnapshot,
  generation: number,
): CarriedKeys {
  const match = matchByStructure(older, newer);
  const byId = idsAgree(older, newer, match);
  const keys = new Float64Array(newer.nodeCount);
  const g = newer.graph;
  const fresh = generation * FRESH;
  for (let n = 0; n < keys.length; n++) {
    const id = g.idOf(n);
    const o = byId ? older.ordinalOfId(id) : match[n];
    keys[n] = o >= 0 ? olderKeys[o] : fresh + id;
  }
  return { keys, byId };
}

/**
 * Whether node ids identify the same objects in both snapshots: do the pairs the structural walk matched
 * carry the same ids? With one profiler session nearly all do (99.8% on real snapshots; the rest are the
 * walk's own mistakes); after a renumbering only the objects before the first change in heap order do.
 * Sampling the first pairs would not do: those are the oldest objects, numbered alike either way.
 */
function idsAgree(older: HeapSnapshot, newer: HeapSnapshot, match = matchByStructure(older, newer)): boolean {
  const synthetic = newer.graph.layout.nodeType.synthetic;
  let pairs = 0,
    same = 0;
  for (let n = 0; n < match.length; n++) {
    const o = match[n];
    if (o < 0 || newer.graph.nodeType[n] === synthetic) continue;
    pairs++;
    if (older.graph.idOf(o) === newer.graph.idOf(n)) same++;
  }
  // Tiny hand-built graphs give too few pairs to judge; their ids are what the author meant.
  return pairs < 20 || same >= pairs * 0.9;
}

/** For each node of `newer`, the ordinal of the same object in `older`, or -1. At most `maxPairs` pairs. */
function matchByStructure(older: HeapSnapshot, newer: HeapSnapshot, maxPairs = Infinity): Int32Array {
  const a = older.graph;
  const b = newer.graph;
  const match = new Int32Array(b.nodeCount).fill(-1);
  const taken = new Uint8Array(a.nodeCount);
  const { translate, canon } = stringTranslator(older, newer);
  const typeOf = a.layout.nodeTypes.map((name) => b.layout.nodeTypes.indexOf(name));
  const edgeTypeOf = a.layout.edgeTypes.map((name) => b.layout.edgeTypes.indexOf(name));
  const { element: bElement, hidden: bHidden, weak: bWeak } = b.layout.edgeType;
  const { element: aElement, hidden: aHidden, weak: aWeak } = a.layout.edgeType;

  const queueA = new Uint32Array(Math.min(a.nodeCount, b.nodeCount));
  const queueB = new Uint32Array(queueA.length);
  let tail = 0;
  const pair = (x: number, y: number): void => {
    taken[x] = 1;
    match[y] = x;
    queueA[tail] = x;
    queueB[tail++] = y;
  };
  const same = (x: number, y: number): boolean =>
    !taken[x] &&
    match[y] < 0 &&
    typeOf[a.nodeType[x]] === b.nodeType[y] &&
    translate(a.nameOf(x)) === canon(b.nameOf(y));

  /** Target of node n's edge with this (newer-snapshot) type and name key, or -1. */
  const namedTarget = (g: typeof a, n: number, key: number, isOlder: boolean): number => {
    for (let e = g.firstEdge.get(n), end = g.firstEdge.get(n + 1); e < end; e++) {
      const t = g.edgeTypeOf(e);
      if (isOlder ? t === aElement || t === aHidden || t === aWeak : t === bElement || t === bHidden || t === bWeak)
        continue;
      const k = isOlder ? edgeTypeOf[t] * FRESH + translate(g.edgeNameOf(e)) : t * FRESH + canon(g.edgeNameOf(e));
      if (k === key) return g.targetOf(e);
    }
    return -1;
  };
  /** Nodes after n along edges with this key while they keep n's class: a linked list's next links. */
  const chain = (g: typeof a, n: number, key: number, isOlder: boolean): number[] => {
    const list: number[] = [];
    const seen = new Set<number>([n]);
    for (let x = n; list.length < 1_000_000;) {
      const next = namedTarget(g, x, key, isOlder);
      if (next < 0 || seen.has(next) || g.nameOf(next) !== g.nameOf(n) || g.nodeType[next] !== g.nodeType[n]) break;
      seen.add(next);
      list.push(next);
      x = next;
    }
    return list;
  };
  // A linked list (`_idleNext` from node to node of one class) is paired as a whole, before the walk reaches
  // its other end through the back links and pairs the two tails. Which ends correspond depends on where
  // the program inserts, so we align the ends whose elements look more alike (names along their fields, a
  // few levels deep); when that cannot tell, Node's own lists (internal/linkedlist: timers) insert right
  // after the head along `_idleNext`, so those align at the far end, and other lists at the near end.
  const pairChain = (x: number, y: number, key: number): boolean => {
    const xs = [x, ...chain(a, x, key, true)];
    const ys = [y, ...chain(b, y, key, false)];
    if (xs.length === 1 && ys.length === 1) return false;
    const common = Math.min(xs.length, ys.length);
    const step = Math.max(1, Math.floor(common / 256));
    let head = 0,
      tail = 0;
    for (let i = 0; i < common; i += step) {
      if (signature(older, xs[i]) === signature(newer, ys[i])) head++;
      if (signature(older, xs[xs.length - 1 - i]) === signature(newer, ys[ys.length - 1 - i])) tail++;
    }
    const fromTail = tail > head || (tail === head && b.strings.get(key % FRESH) === '_idleNext');
    for (let i = 0; i < common; i++) {
      const [x2, y2] = fromTail ? [xs[xs.length - 1 - i], ys[ys.length - 1 - i]] : [xs[i], ys[i]];
      if (same(x2, y2)) pair(x2, y2);
    }
    return true;
  };
  /**
   * A node's data fields: property name → string value, for properties holding a string or (in snapshots
   * taken with numeric values) a number, whose node then has a `value` edge to its text.
   */
  const content = (g: typeof a, n: number): Map<string, string> => {
    const out = new Map<string, string>();
    const types = g.layout.nodeType;
    const number = g.layout.nodeTypes.indexOf('number');
    for (let e = g.firstEdge.get(n), end = Math.min(g.firstEdge.get(n + 1), g.firstEdge.get(n) + 32); e < end; e++) {
      if (g.edgeTypeOf(e) !== g.layout.edgeType.property) continue;
      const to = g.targetOf(e);
      const t = g.nodeType[to];
      if (t === types.string || t === types.consString || t === types.slicedString) {
        out.set(g.strings.get(g.edgeNameOf(e)), g.strings.getTruncated(g.nameOf(to), 200).text);
      } else if (t === number) {
        for (let v = g.firstEdge.get(to); v < g.firstEdge.get(to + 1); v++)
          if (g.edgeHasStringName(v) && g.edgeNameString(v) === 'value')
            out.set(g.strings.get(g.edgeNameOf(e)), NUMBER_MARK + g.nodeNameString(g.targetOf(v)));
      }
    }
    return out;
  };
  /**
   * Whether two objects agree on their data fields: "strong" when a string field or two number fields hold the
   * same values, "weak" when only one number does, false when all shared fields differ, undefined when they
   * share none (no evidence). One equal number is weak because measurements collide: a ring of durations printed
   * to the microsecond repeats a value among 16 neighbours often enough to pair two different objects.
   */
  const sameContent = (x: number, y: number): 'strong' | 'weak' | false | undefined => {
    const older = content(a, x);
    if (older.size === 0) return undefined;
    let shared = 0;
    let equalNumbers = 0;
    for (const [field, value] of content(b, y)) {
      const was = older.get(field);
      if (was === undefined) continue;
      shared++;
      if (was !== value) continue;
      if (!value.startsWith(NUMBER_MARK)) return 'strong';
      if (++equalNumbers === 2) return 'strong';
    }
    return equalNumbers > 0 ? 'weak' : shared === 0 ? undefined : false;
  };
  const byName = new Map<number, number>();
  const byIndex = new Map<number, number>();
  const inOrder = new Map<number, number[]>();
  pair(a.rootOrdinal, b.rootOrdinal);
  for (let head = 0; head < tail && tail < maxPairs; head++) {
    const x = queueA[head];
    const y = queueB[head];
    const aStart = a.firstEdge.get(x),
      aEnd = a.firstEdge.get(x + 1);
    const bStart = b.firstEdge.get(y),
      bEnd = b.firstEdge.get(y + 1);
    if (aStart === aEnd || bStart === bEnd) continue;
    // Named edges: the same property, variable or internal field. Numbered ones (a hash table's slots are
    // internal edges named "131") are positions, not names: they are paired in order below.
    byName.clear();
    for (let e = aStart; e < aEnd; e++) {
      const t = a.edgeTypeOf(e);
      if (t === aElement || t === aHidden || t === aWeak || a.strings.startsWithDigit(a.edgeNameOf(e))) continue;
      const name = translate(a.edgeNameOf(e));
      if (name < 0) continue;
      const key = edgeTypeOf[t] * FRESH + name;
      if (!byName.has(key)) byName.set(key, a.targetOf(e));
    }
    for (let e = bStart; e < bEnd; e++) {
      const t = b.edgeTypeOf(e);
      if (t === bElement || t === bHidden || t === bWeak || b.strings.startsWithDigit(b.edgeNameOf(e))) continue;
      const key = t * FRESH + canon(b.edgeNameOf(e));
      const x2 = byName.get(key);
      const y2 = b.targetOf(e);
      if (x2 === undefined || !same(x2, y2)) continue;
      if (!pairChain(x2, y2, key)) pair(x2, y2);
    }
    // Elements of an object used as a dictionary by number (`timers[60000]`, `byTick[42]`): the same key is
    // the same entry. An Array's indices shift (shift, splice), so its elements are paired in order below.
    if (newer.className(y) !== 'Array') {
      byIndex.clear();
      for (let e = aStart; e < aEnd; e++) if (a.edgeTypeOf(e) === aElement) byIndex.set(a.edgeNameOf(e), a.targetOf(e));
      for (let e = bStart; e < bEnd; e++) {
        if (b.edgeTypeOf(e) !== bElement) continue;
        const x2 = byIndex.get(b.edgeNameOf(e));
        const y2 = b.targetOf(e);
        if (x2 !== undefined && same(x2, y2) && sameContent(x2, y2) !== false) pair(x2, y2);
      }
    }
    // Elements, hidden and numbered slots: in order among children of the same type and name.
    inOrder.clear();
    for (let e = aStart; e < aEnd; e++) {
      const t = a.edgeTypeOf(e);
      if (t === aWeak || (t !== aElement && t !== aHidden && !a.strings.startsWithDigit(a.edgeNameOf(e)))) continue;
      const x2 = a.targetOf(e);
      if (taken[x2]) continue;
      const name = translate(a.nameOf(x2));
      if (name < 0) continue;
      const key = typeOf[a.nodeType[x2]] * FRESH + name;
      const list = inOrder.get(key);
      if (list) list.push(x2);
      else inOrder.set(key, [x2]);
    }
    if (inOrder.size === 0) continue;
    const cursor = new Map<number, number>();
    // Kinds whose last newer child found no older one: the cursor no longer stands at the same slot.
    const strayed = new Set<number>();
    for (let e = bStart; e < bEnd; e++) {
      const t = b.edgeTypeOf(e);
      if (t === bWeak || (t !== bElement && t !== bHidden && !b.strings.startsWithDigit(b.edgeNameOf(e)))) continue;
      const y2 = b.targetOf(e);
      if (match[y2] >= 0) continue;
      const key = b.nodeType[y2] * FRESH + canon(b.nameOf(y2));
      const list = inOrder.get(key);
      if (!list) continue;
      let i = cursor.get(key) ?? 0;
      while (i < list.length && taken[list[i]]) i++;
      // The same slot may hold another object now (a ring buffer, an evicting cache): objects whose fields all
      // differ are not the same; look a little further for one whose do (an entry was deleted), on stronger
      // evidence than one equal number (accepted only in the same slot), which a neighbour can share by chance.
      const start = i;
      for (let j = i; j < list.length && j < i + CONTENT_WINDOW; j++) {
        if (!same(list[j], y2)) continue;
        const verdict = sameContent(list[j], y2);
        if (verdict === false || (verdict === 'weak' && (j > i || strayed.has(key)))) continue;
        pair(list[j], y2);
        i = j + 1;
        break;
      }
      if (i === start) strayed.add(key);
      else strayed.delete(key);
      cursor.set(key, i);
    }
  }
  return match;
}

const SKIPPED_FIELDS = new Set([
  'map',
  '__proto__',
  'feedback_cell',
  'shared',
  'code',
  'scope_info',
  'previous',
  'context_extension',
]);

/**
 * The names along a node's named fields, three levels deep, e.g. a timer's `_onTimeout` closure's
 * context's variables: what tells one kind of list element from another when their classes agree.
 */
function signature(snapshot: HeapSnapshot, n: number, depth = 3): string {
  const g = snapshot.graph;
  const { element, hidden, weak } = g.layout.edgeType;
  let text = g.nodeTypeName(n) + ':' + (g.strings.rawLength(g.nameOf(n)) <= 64 ? g.nodeNameString(n) : '');
  if (depth === 0) return text;
  const parts: string[] = [];
  for (let e = g.firstEdge.get(n), end = Math.min(g.firstEdge.get(n + 1), g.firstEdge.get(n) + 32); e < end; e++) {
    const t = g.edgeTypeOf(e);
    if (t === element || t === hidden || t === weak) continue;
    const name = g.edgeNameString(e);
    if (SKIPPED_FIELDS.has(name) || /^\d/.test(name)) continue;
    parts.push(name + '(' + signature(snapshot, g.targetOf(e), depth - 1) + ')');
  }
  text += '{' + parts.join(',') + '}';
  return text;
}

/** Names that carry a node id (Chrome's `system / Context / scope @45573`): the id is renumbered too. */
const ID_IN_NAME = /@\d+/g;
const nameKey = (text: string): string => (text.includes('@') ? text.replace(ID_IN_NAME, '@') : text);

/**
 * Strings of the two snapshots in one namespace: `translate` maps an older string index to the newer index
 * of the same text, and `canon` maps a newer index to the one index its text stands for, so names that
 * differ only by a node id compare equal; -1 when the newer snapshot has no such text.
 */
function stringTranslator(
  older: HeapSnapshot,
  newer: HeapSnapshot,
): { translate: (i: number) => number; canon: (j: number) => number } {
  const from = older.graph.strings;
  const to = newer.graph.strings;
  const LONGEST = 1024; // names worth matching are short; long strings are contents
  let index: Map<string, number> | undefined;
  let canonical: Int32Array | undefined;
  const build = (): void => {
    index = new Map();
    canonical = new Int32Array(to.count);
    for (let k = 0; k < to.count; k++) {
      canonical[k] = k;
      if (to.rawLength(k) > LONGEST) continue;
      const key = nameKey(to.get(k));
      const first = index.get(key);
      if (first === undefined) index.set(key, k);
      else canonical[k] = first;
    }
  };
  const cache = new Int32Array(from.count).fill(-2);
  return {
    translate: (i) => {
      if (i >= cache.length) return -1;
      let r = cache[i];
      if (r !== -2) return r;
      if (!index) build();
      r = from.rawLength(i) > LONGEST ? -1 : (index!.get(nameKey(from.get(i))) ?? -1);
      cache[i] = r;
      return r;
    },
    canon: (j) => {
      if (!canonical) build();
      return j < canonical!.length ? canonical![j] : j;
    },
  };
}
