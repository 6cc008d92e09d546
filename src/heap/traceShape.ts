// The shape of a retainer path, for clustering leak traces (memlab's idea, made exact): each hop becomes a
// token with what varies between objects of one leak folded away — element indices and numeric keys (`[]`),
// hash-table slots (`{key}`/`{value}` of a Map entry), node ids inside V8's ephemeron names — and repeated
// runs of hops collapse into one `(…)+` group, so a linked list's `._next._next…` or a chain through closure
// contexts (`.describe{context}->previous.describe{context}->previous…`) has one shape however long it is.
//
// Tokens are built root-first and collapsed at the tail as each is added, so a path's shape can be extended
// from its parent's (leaks.ts memoizes shapes along shortest-path trees instead of re-walking long chains).
import type { HeapSnapshot } from './snapshot';

/** A repeated unit of tokens, shown as `(unit)+`. */
export interface Repeat {
  unit: string[];
}
export type Token = string | Repeat;

/** Longest unit of hops that collapses when it repeats. */
const MAX_UNIT = 8;

const isRepeat = (t: Token | undefined): t is Repeat => typeof t === 'object';

function sameRun(tokens: Token[], a: number, b: number, k: number): boolean {
  for (let i = 0; i < k; i++) {
    const x = tokens[a + i];
    const y = tokens[b + i];
    if (isRepeat(x) || isRepeat(y) || x !== y) return false;
  }
  return true;
}

function unitMatches(unit: string[], tokens: Token[], at: number): boolean {
  for (let i = 0; i < unit.length; i++) if (tokens[at + i] !== unit[i]) return false;
  return true;
}

/** Adds one token at the end and collapses repeats it completes. */
export function pushToken(tokens: Token[], token: string): void {
  tokens.push(token);
  for (let changed = true; changed;) {
    changed = false;
    const len = tokens.length;
    for (let k = 1; k <= MAX_UNIT && !changed; k++) {
      // The last k tokens repeat the unit of the group right before them: absorb them.
      const before = tokens[len - k - 1];
      if (len > k && isRepeat(before) && before.unit.length === k && unitMatches(before.unit, tokens, len - k)) {
        tokens.length = len - k;
        changed = true;
      } else if (len >= 2 * k && sameRun(tokens, len - 2 * k, len - k, k)) {
        // The last k tokens repeat the k before them: one group.
        const unit = tokens.slice(len - k) as string[];
        tokens.length = len - 2 * k;
        tokens.push({ unit });
        changed = true;
      }
    }
  }
}

export function tokensText(tokens: readonly Token[]): string {
  return tokens.map((t) => (isRepeat(t) ? `(${t.unit.join('')})+` : t)).join('');
}

/** Whether the path has a repeated unit (a chain or a linked list). */
export function repeatOf(tokens: readonly Token[]): Repeat | undefined {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i];
    if (isRepeat(t)) return t;
  }
  return undefined;
}

/** Names that carry node ids (V8's WeakMap ephemeron edges): `… (Foo @123) …` → `… (Foo @) …`. */
const IDS = /@\d+/g;

/** `_idleNext` and `_idlePrev` (and `next`/`prev`) are one list walked in either direction. */
function listDirection(name: string): string {
  const m = /^(.*?)(next|prev)$/i.exec(name);
  if (!m) return name;
  return m[1] + (m[2][0] === 'N' || m[2][0] === 'P' ? 'Next/Prev' : 'next/prev');
}

/**
 * The token of edge `e` out of node `from`. `tableOwner` is the node that holds `from` through a `table`
 * edge, when there is one: its class says whether `from` is a Map's or a Set's hash table.
 */
export function edgeToken(snapshot: HeapSnapshot, e: number, from: number, tableOwner = -1): string {
  const g = snapshot.graph;
  const t = g.edgeTypeOf(e);
  const types = g.layout.edgeType;
  if (t === types.element) return '[]';
  if (t === types.hidden) return '{}';
  const name = g.edgeNameString(e);
  const numeric = /^\d+$/.test(name);
  if (t === types.context) return '->' + name;
  if (t === types.internal) {
    if (numeric) return tableOwner >= 0 ? `{${tableSlotRole(snapshot, tableOwner, from, Number(name))}}` : '{}';
    return '{' + name.replace(IDS, '@') + '}';
  }
  if (t === types.weak) return '[[]]';
  // property, shortcut
  if (numeric) return '[]';
  const named = listDirection(name);
  return /^[\w$]+$/.test(named) || named.endsWith('Next/Prev') || named.endsWith('next/prev')
    ? '.' + named
    : `["${named.replace(IDS, '@')}"]`;
}

/** Map and Set classes whose `table` is an ordered hash table (V8's OrderedHashMap / OrderedHashSet). */
export type TableSlotRole = 'key' | 'value' | 'entry';

const tableLayouts = new WeakMap<HeapSnapshot, Map<number, { start: number; width: number } | null>>();

/**
 * What slot `slot` of a Map's or Set's table holds. V8's ordered hash table is [elements, deleted, buckets,
 * bucket heads × B, entries × 2B] with entries of (key, value, chain) for a Map and (key, chain) for a Set;
 * chains and bucket heads are small integers, so only keys and values have edges. B is a power of two: the
 * one for which every edge lands on a key or value slot. 'entry' when that is ambiguous.
 */
export function tableSlotRole(snapshot: HeapSnapshot, owner: number, table: number, slot: number): TableSlotRole {
  let perSnapshot = tableLayouts.get(snapshot);
  if (!perSnapshot) tableLayouts.set(snapshot, (perSnapshot = new Map()));
  let layout = perSnapshot.get(table);
  if (layout === undefined) {
    layout = solveTableLayout(snapshot, owner, table);
    perSnapshot.set(table, layout);
  }
  if (!layout || layout.width === 2) return layout ? 'key' : 'entry';
  const rel = slot - layout.start;
  return rel % 3 === 0 ? 'key' : 'value';
}

function solveTableLayout(
  snapshot: HeapSnapshot,
  owner: number,
  table: number,
): { start: number; width: number } | null {
  const g = snapshot.graph;
  const cls = snapshot.className(owner);
  const isSet = /Set$/.test(cls);
  const isMap = /Map$/.test(cls);
  if (!isSet && !isMap) return null;
  const width = isMap ? 3 : 2;
  const slots: number[] = [];
  const internal = g.layout.edgeType.internal;
  for (let e = g.firstEdge.get(table); e < g.firstEdge.get(table + 1); e++) {
    if (g.edgeTypeOf(e) !== internal) continue;
    const name = g.edgeNameString(e);
    if (/^\d+$/.test(name)) slots.push(Number(name));
  }
  if (slots.length === 0) return null;
  const max = Math.max(...slots);
  const fits: number[] = [];
  for (let buckets = 1; buckets <= 1 << 26 && 3 + buckets <= max + 1; buckets *= 2) {
    const start = 3 + buckets;
    const end = start + width * 2 * buckets;
    if (max >= end) continue;
    if (slots.every((s) => s >= start && (s - start) % width !== width - 1)) fits.push(start);
  }
  return fits.length === 1 ? { start: fits[0], width } : null;
}
