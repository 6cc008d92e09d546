// Chrome DevTools' named filters for the Summary view (HeapSnapshot.ts createNamedFilter), as bit masks over
// the nodes, plus two DevTools does not have as filters. "Retained by X" means: reachable from the roots, but
// no longer reachable once the edges that make X are cut (a breadth-first walk that skips weak edges and X's
// edges, as DevTools' bfs does), so X is all that keeps it.
//
// - objectsRetainedByDetachedDomNodes: the walk does not enter detached DOM nodes (DevTools).
// - objectsRetainedByConsole: the walk skips the roots' `… / DevTools console` edges (DevTools).
// - objectsRetainedByEventHandlers: the walk skips the edges from event listener registrations to their
//   handlers: Blink's `V8EventListener` (and kin) → the function, and a Node EventEmitter's `_events` map →
//   the listener function or the functions in its listener array.
// - detachedElements: DOM elements detached from the document (`Detached <div>`), not text or other nodes.
// - duplicatedStrings: strings whose text another string node also holds (DevTools), a flattened cons
//   string not counted; `duplicatedStrings()` groups them by text with the bytes the copies waste.
import type { NamedFilter } from '../common/namedFilters';
import type { HeapGraph } from './graph';
import { NO_DISTANCE } from './distances';
import type { HeapSnapshot } from './snapshot';

export { isNamedFilter, NAMED_FILTERS, type NamedFilter } from '../common/namedFilters';

const DETACHED = 2;
const masks = new WeakMap<HeapSnapshot, Map<NamedFilter, Uint8Array>>();

/** One byte per node: 1 where the node passes the filter. Computed once per snapshot and filter. */
export function namedFilterMask(snapshot: HeapSnapshot, filter: NamedFilter): Uint8Array {
  let perSnapshot = masks.get(snapshot);
  if (!perSnapshot) masks.set(snapshot, (perSnapshot = new Map()));
  let mask = perSnapshot.get(filter);
  if (!mask) {
    mask = computeMask(snapshot, filter);
    perSnapshot.set(filter, mask);
  }
  return mask;
}

function computeMask(snapshot: HeapSnapshot, filter: NamedFilter): Uint8Array {
  const g = snapshot.graph;
  switch (filter) {
    case 'objectsRetainedByDetachedDomNodes':
      return retainedOnlyThrough(snapshot, (_from, e) => g.detachednessOf(g.targetOf(e)) !== DETACHED);
    case 'objectsRetainedByConsole': {
      const synthetic = g.layout.nodeType.synthetic;
      return retainedOnlyThrough(
        snapshot,
        (from, e) =>
          !(
            g.nodeType[from] === synthetic &&
            g.edgeHasStringName(e) &&
            g.edgeNameString(e).endsWith(' / DevTools console')
          ),
      );
    }
    case 'objectsRetainedByEventHandlers': {
      const isHandlerEdge = handlerEdges(g);
      return retainedOnlyThrough(snapshot, (from, e) => !isHandlerEdge(from, e));
    }
    case 'detachedElements': {
      const mask = new Uint8Array(g.nodeCount);
      const native = g.layout.nodeType.native;
      for (let n = 0; n < g.nodeCount; n++)
        if (g.nodeType[n] === native && g.detachednessOf(n) === DETACHED && g.nodeNameString(n).startsWith('<'))
          mask[n] = 1;
      return mask;
    }
    case 'duplicatedStrings': {
      const mask = new Uint8Array(g.nodeCount);
      for (const { nodes } of duplicateSets(snapshot)) for (const n of nodes) mask[n] = 1;
      return mask;
    }
  }
}

/**
 * Nodes reachable from the root, but not by a breadth-first walk that skips weak edges and every edge
 * `follow(from, edge)` refuses.
 */
function retainedOnlyThrough(snapshot: HeapSnapshot, follow: (from: number, e: number) => boolean): Uint8Array {
  const g = snapshot.graph;
  const seen = new Uint8Array(g.nodeCount);
  const queue = new Uint32Array(g.nodeCount);
  const weak = g.layout.edgeType.weak;
  let tail = 0;
  queue[tail++] = g.rootOrdinal;
  seen[g.rootOrdinal] = 1;
  for (let head = 0; head < tail; head++) {
    const n = queue[head];
    for (let e = g.firstEdge.get(n), end = g.firstEdge.get(n + 1); e < end; e++) {
      if (g.edgeTypeOf(e) === weak) continue;
      const to = g.targetOf(e);
      if (seen[to] || !follow(n, e)) continue;
      seen[to] = 1;
      queue[tail++] = to;
    }
  }
  const mask = new Uint8Array(g.nodeCount);
  for (let n = 0; n < g.nodeCount; n++) if (!seen[n] && snapshot.distances.get(n) !== NO_DISTANCE) mask[n] = 1;
  return mask;
}

/** Blink's native listener objects whose edges lead to the JavaScript handler. */
const BLINK_LISTENER = /^(V8|JS)\w*Event(Listener|Handler)$/;

/** Whether an edge registers an event handler: it leads from a listener registration to the function. */
function handlerEdges(g: HeapGraph): (from: number, e: number) => boolean {
  const { property, element, internal } = g.layout.edgeType;
  const { native, closure } = g.layout.nodeType;
  // Node: `emitter._events` maps event names to a listener or an array of listeners. V8 also shows the
  // map's out-of-object property store (`properties`) holding the same values.
  const eventMaps = new Set<number>();
  for (let e = 0; e < g.edgeCount; e++)
    if (g.edgeTypeOf(e) === property && g.edgeNameString(e) === '_events') eventMaps.add(g.targetOf(e));
  for (const m of [...eventMaps])
    for (let e = g.firstEdge.get(m); e < g.firstEdge.get(m + 1); e++)
      if (g.edgeTypeOf(e) === internal && g.edgeNameString(e) === 'properties') eventMaps.add(g.targetOf(e));
  // Several listeners of one event are an array; V8 shows both its elements and its backing store's slots.
  const listenerArrays = new Set<number>();
  for (const m of eventMaps)
    for (let e = g.firstEdge.get(m); e < g.firstEdge.get(m + 1); e++) {
      const list = g.targetOf(e);
      if (g.nodeType[list] === closure || snapshotClass(g, list) !== 'Array') continue;
      listenerArrays.add(list);
      for (let k = g.firstEdge.get(list); k < g.firstEdge.get(list + 1); k++)
        if (g.edgeTypeOf(k) === internal && g.edgeNameString(k) === 'elements') listenerArrays.add(g.targetOf(k));
    }
  return (from, e) => {
    const to = g.targetOf(e);
    if (g.nodeType[from] === native) return BLINK_LISTENER.test(g.nodeNameString(from));
    if (g.nodeType[to] !== closure) return false;
    if (eventMaps.has(from)) return true;
    return listenerArrays.has(from) && (g.edgeTypeOf(e) === element || g.edgeTypeOf(e) === internal);
  };
}

/** A JavaScript object's constructor name as V8 names the node (`Array`), without the class table. */
function snapshotClass(g: HeapGraph, n: number): string {
  return g.nodeType[n] === g.layout.nodeType.object ? g.nodeNameString(n) : '';
}

/** Longest concatenated string whose text we rebuild to compare (V8 names them `(concatenated string)`). */
const MAX_CONS_TEXT = 1024;

/** One text held by several string nodes. */
interface DuplicateSet {
  /** The text's index in the string table, or the rebuilt text of concatenated strings. */
  text: number | string;
  nodes: number[];
}

/**
 * String nodes by text, for texts held by more than one node. V8 writes each distinct text once in the
 * string table, so a flat string's name index is its text; a concatenated string is named
 * `(concatenated string)`, so its text is rebuilt from its `first` and `second` parts (DevTools' rule that a
 * flattened one, with an empty part, is no copy of its own is kept).
 */
function duplicateSets(snapshot: HeapSnapshot): DuplicateSet[] {
  const g = snapshot.graph;
  const { string, consString, slicedString } = g.layout.nodeType;
  const { internal } = g.layout.edgeType;
  const part = (n: number, name: string): number => {
    for (let e = g.firstEdge.get(n); e < g.firstEdge.get(n + 1); e++)
      if (g.edgeTypeOf(e) === internal && g.edgeNameString(e) === name) return g.targetOf(e);
    return -1;
  };
  const consText = (n: number): string | undefined => {
    let text = '';
    const stack = [n];
    while (stack.length) {
      const x = stack.pop()!;
      if (g.nodeType[x] === consString) {
        const first = part(x, 'first');
        const second = part(x, 'second');
        if (first < 0 || second < 0) return undefined;
        stack.push(second, first);
      } else if (g.nodeType[x] === string || g.nodeType[x] === slicedString) {
        const { text: piece, truncated } = g.strings.getTruncated(g.nameOf(x), MAX_CONS_TEXT + 1);
        text += piece;
        if (truncated || text.length > MAX_CONS_TEXT) return undefined;
      } else return undefined;
    }
    return text;
  };
  const byIndex = new Map<number, number[]>();
  const consByText = new Map<string, number[]>();
  for (let n = 0; n < g.nodeCount; n++) {
    const t = g.nodeType[n];
    if (t === string) {
      const list = byIndex.get(g.nameOf(n));
      if (list) list.push(n);
      else byIndex.set(g.nameOf(n), [n]);
    } else if (t === consString) {
      const first = part(n, 'first');
      const second = part(n, 'second');
      if ((first >= 0 && g.nodeNameString(first) === '') || (second >= 0 && g.nodeNameString(second) === '')) continue;
      const text = consText(n);
      if (text === undefined) continue;
      const list = consByText.get(text);
      if (list) list.push(n);
      else consByText.set(text, [n]);
    }
  }
  // A concatenated string and a flat one with the same text are copies of each other.
  if (consByText.size) {
    const lengths = new Set([...consByText.keys()].map((text) => text.length));
    for (const [index, list] of byIndex) {
      const raw = g.strings.rawLength(index);
      if (![...lengths].some((length) => raw >= length && raw <= length * 6)) continue;
      const { text, truncated } = g.strings.getTruncated(index, MAX_CONS_TEXT + 1);
      const cons = !truncated ? consByText.get(text) : undefined;
      if (!cons) continue;
      list.push(...cons);
      consByText.delete(text);
    }
  }
  const out: DuplicateSet[] = [];
  for (const [text, nodes] of byIndex) if (nodes.length > 1) out.push({ text, nodes });
  for (const [text, nodes] of consByText) if (nodes.length > 1) out.push({ text, nodes });
  return out;
}

export interface DuplicatedString {
  /** The text (cut to `maxLength`). */
  value: string;
  truncated?: true;
  /** String nodes holding it. */
  count: number;
  /** Their shallow sizes together. */
  totalSize: number;
  /** What all copies but one cost. */
  wastedSize: number;
  /** Node ids of a few copies. */
  sampleIds: number[];
}

/** Duplicated strings grouped by text, most bytes wasted first. */
export function duplicatedStrings(snapshot: HeapSnapshot, maxLength = 200): DuplicatedString[] {
  const g = snapshot.graph;
  const out: DuplicatedString[] = [];
  for (const { text: key, nodes: copies } of duplicateSets(snapshot)) {
    let total = 0,
      smallest = Infinity;
    for (const n of copies) {
      total += g.selfSizeOf(n);
      smallest = Math.min(smallest, g.selfSizeOf(n));
    }
    const { text, truncated } =
      typeof key === 'number'
        ? g.strings.getTruncated(key, maxLength)
        : { text: key.slice(0, maxLength), truncated: key.length > maxLength };
    const row: DuplicatedString = {
      value: text,
      count: copies.length,
      totalSize: total,
      wastedSize: total - smallest,
      sampleIds: copies.slice(0, 10).map((n) => g.idOf(n)),
    };
    if (truncated) row.truncated = true;
    out.push(row);
  }
  return out.sort((a, b) => b.wastedSize - a.wastedSize || b.count - a.count || (a.value < b.value ? -1 : 1));
}
