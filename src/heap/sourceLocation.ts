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
  byNode: Map<number, number>;
  urls?: Map<number, string>;
}
const indexes = new WeakMap<HeapSnapshot, LocationIndex>();

function locationIndex(snapshot: HeapSnapshot): LocationIndex {
  let index = indexes.get(snapshot);
  if (index) return index;
  const g = snapshot.graph;
  const at = g.layout.location.objectIndex;
  const byNode = new Map<number, number>();
  if (at >= 0) g.locations.forEach((i, values) => byNode.set(values[at] / g.layout.nodeFieldCount, i));
  index = { byNode };
  indexes.set(snapshot, index);
  return index;
}

export function child(snapshot: HeapSnapshot, n: number, name: string): number {
  const g = snapshot.graph;
  for (let e = g.firstEdge[n]; e < g.firstEdge[n + 1]; e++) {
    if (g.edgeHasStringName(e) && g.edgeNameString(e) === name) return g.edgeTo[e];
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
    const sid = g.layout.location.scriptId;
    const record = new Float64Array(g.locations.fields);
    for (const [n, i] of index.byNode) {
      const id = g.locations.read(i, record)[sid];
      if (index.urls.has(id) || g.nodeType[n] !== g.layout.nodeType.closure) continue;
      const url = scriptUrlOfClosure(snapshot, n);
      if (url) index.urls.set(id, url);
    }
  }
  return index.urls.get(scriptId);
}

/** Where a node's function (closure) or constructor (object) is, by ordinal. */
export function locationOf(snapshot: HeapSnapshot, n: number): SourceLocation | null {
  const i = locationIndex(snapshot).byNode.get(n);
  if (i === undefined) return null;
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
