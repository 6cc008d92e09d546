// Where an object was created in source (the `locations` table: node → script id, line, column, 0-based):
// a closure at its function, an object at its constructor; and the script's URL (closure → shared → script →
// its name).
import type { HeapSnapshot } from './snapshot';

export interface SourceLocation {
  scriptId: number;
  /** Script URL or file name, when the snapshot names it. */
  url?: string;
  /** 0-based, as in the snapshot. */
  line: number;
  column: number;
}

interface LocationIndex {
  /** The record of node n, or -1. */
  recordOf(n: number): number;
  urls?: Map<number, string>;
}
const indexes = new WeakMap<HeapSnapshot, LocationIndex>();

function locationIndex(snapshot: HeapSnapshot): LocationIndex {
  let index = indexes.get(snapshot);
  if (index) return index;
  index = { recordOf: recordFinder(snapshot) };
  indexes.set(snapshot, index);
  return index;
}

/**
 * Node → its locations record. Records come in no useful order (a third are out of object order in a real
 * program's snapshot), so the keys `node × records + record` are sorted once into one Float64Array (8 bytes per
 * record; a Map of millions of located nodes took 36 bytes each) and searched by halving.
 */
function recordFinder(snapshot: HeapSnapshot): (n: number) => number {
  const g = snapshot.graph;
  const at = g.layout.location.objectIndex;
  const width = g.layout.nodeFieldCount;
  const records = g.locations.count;
  if (at < 0 || records === 0) return () => -1;
  if (g.nodeCount * records >= Number.MAX_SAFE_INTEGER) {
    // Beyond exact keys (never seen: it takes ~10^15 nodes × records): a map.
    const byNode = new Map<number, number>();
    g.locations.forEach((i, values) => byNode.set(values[at] / width, i));
    return (n) => byNode.get(n) ?? -1;
  }
  const keys = new Float64Array(records);
  g.locations.forEach((i, values) => {
    keys[i] = (values[at] / width) * records + i;
  });
  keys.sort();
  return (n) => {
    let low = 0;
    let high = records;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (keys[mid] < n * records) low = mid + 1;
      else high = mid;
    }
    return low < records && Math.floor(keys[low] / records) === n ? keys[low] % records : -1;
  };
}

export function child(snapshot: HeapSnapshot, n: number, name: string): number {
  const g = snapshot.graph;
  for (let e = g.firstEdge.get(n); e < g.firstEdge.get(n + 1); e++) {
    if (g.edgeHasStringName(e) && g.edgeNameString(e) === name) return g.targetOf(e);
  }
  return -1;
}

/** The script a closure's code comes from: closure → shared → script_or_debug_info (or script) → name. */
function scriptUrlOfClosure(snapshot: HeapSnapshot, n: number): string | undefined {
  const shared = child(snapshot, n, 'shared');
  if (shared < 0) return undefined;
  let script = child(snapshot, shared, 'script_or_debug_info');
  if (script < 0) script = child(snapshot, shared, 'script');
  if (script < 0) return undefined;
  const name = child(snapshot, script, 'name');
  const g = snapshot.graph;
  const url = name >= 0 && g.nodeTypeName(name).includes('string') ? g.nodeNameString(name) : g.nodeNameString(script);
  return url || undefined;
}

function scriptUrl(snapshot: HeapSnapshot, scriptId: number): string | undefined {
  const index = locationIndex(snapshot);
  if (!index.urls) {
    index.urls = new Map();
    const g = snapshot.graph;
    const urls = index.urls;
    const { objectIndex, scriptId: sid } = g.layout.location;
    if (objectIndex >= 0) {
      g.locations.forEach((_, values) => {
        const id = values[sid];
        const n = values[objectIndex] / g.layout.nodeFieldCount;
        if (urls.has(id) || g.nodeType[n] !== g.layout.nodeType.closure) return;
        const url = scriptUrlOfClosure(snapshot, n);
        if (url) urls.set(id, url);
      });
    }
  }
  return index.urls.get(scriptId);
}

/** Where a node's function (closure) or constructor (object) is, by ordinal. */
export function locationOf(snapshot: HeapSnapshot, n: number): SourceLocation | null {
  const i = locationIndex(snapshot).recordOf(n);
  if (i < 0) return null;
  const g = snapshot.graph;
  const l = g.layout.location;
  const record = g.locations.read(i);
  const scriptId = record[l.scriptId];
  const result: SourceLocation = { scriptId, line: record[l.line], column: record[l.column] };
  const url =
    (g.nodeType[n] === g.layout.nodeType.closure ? scriptUrlOfClosure(snapshot, n) : undefined) ??
    scriptUrl(snapshot, scriptId);
  if (url) result.url = url;
  return result;
}
