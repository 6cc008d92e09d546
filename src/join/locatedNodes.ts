// Every node the snapshot gives a source location (closures at their function, objects at their
// constructor), with its script URL from the engine's `location` query and its workspace position through
// the ScriptMapper. Computed once per join; the rest of the join reads this table.
import { NO_DISTANCE } from '../heap/distances';
import { location } from '../heap/location';
import type { HeapSnapshot } from '../heap/snapshot';
import type { ScriptMapper } from './mapScript';
import type { MappedPosition, SiteKind } from './types';

export interface LocatedNode {
  ordinal: number;
  kind: SiteKind;
  url: string;
  line: number;
  column: number;
  /** Undefined when the script is not a workspace file (built-ins, missing files, unmapped bundle glue). */
  mapped?: MappedPosition;
}

export interface LocatedTable {
  nodes: LocatedNode[];
  /** ordinal → index in `nodes`, or -1. */
  indexOf: Int32Array;
}

/** Computed once per join: the mapper (one per join) keeps the table. */
export function locatedNodes(snapshot: HeapSnapshot, mapper: ScriptMapper): LocatedTable {
  const cached = mapper.located.get(snapshot) as LocatedTable | undefined;
  if (cached) return cached;
  const g = snapshot.graph;
  const at = g.layout.location.objectIndex;
  const indexOf = new Int32Array(g.nodeCount).fill(-1);
  const nodes: LocatedNode[] = [];
  const positions = new Map<string, MappedPosition | undefined>();
  if (at >= 0) {
    g.locations.forEach((_, values) => {
      const n = values[at] / g.layout.nodeFieldCount;
      if (!Number.isInteger(n) || n >= g.nodeCount || indexOf[n] >= 0 || snapshot.distances.get(n) === NO_DISTANCE)
        return;
      const loc = location(snapshot, { ordinal: n });
      if (!loc?.url) return;
      const key = `${loc.url}\u0000${loc.line}\u0000${loc.column}`;
      if (!positions.has(key)) positions.set(key, mapper.map(loc.url, loc.line, loc.column));
      indexOf[n] = nodes.length;
      nodes.push({
        ordinal: n,
        kind: g.nodeType[n] === g.layout.nodeType.closure ? 'closure' : 'object',
        url: loc.url,
        line: loc.line,
        column: loc.column,
        mapped: positions.get(key),
      });
    });
  }
  const table = { nodes, indexOf };
  mapper.located.set(snapshot, table);
  return table;
}

/** The target of a node's first edge named `name`, or -1. */
export function childNamed(snapshot: HeapSnapshot, n: number, name: string): number {
  const g = snapshot.graph;
  for (let e = g.firstEdge.get(n); e < g.firstEdge.get(n + 1); e++) {
    if (g.edgeHasStringName(e) && g.edgeNameString(e) === name) return g.targetOf(e);
  }
  return -1;
}

/** Display name of a located node: the function's name, or the object's class. */
export function siteName(snapshot: HeapSnapshot, n: number): string {
  const g = snapshot.graph;
  if (g.nodeType[n] === g.layout.nodeType.closure) return g.nodeNameString(n) || '(anonymous)';
  return snapshot.className(n);
}

/**
 * Entries of a collection-like value: Map/Set entries (counted from the hash table's slots, a key and its
 * value sitting in adjacent slots), array elements, or a plain object's properties. Undefined otherwise.
 */
export function entryCount(snapshot: HeapSnapshot, n: number): number | undefined {
  const g = snapshot.graph;
  const t = g.layout.edgeType;
  const cls = snapshot.className(n);
  if (cls === 'Map' || cls === 'Set' || cls === 'WeakMap' || cls === 'WeakSet') {
    const table = childNamed(snapshot, n, 'table');
    if (table < 0) return 0;
    const slots: number[] = [];
    for (let e = g.firstEdge.get(table); e < g.firstEdge.get(table + 1); e++) {
      if (g.edgeTypeOf(e) === t.internal || g.edgeTypeOf(e) === t.element || g.edgeTypeOf(e) === t.hidden) {
        const index = Number(g.edgeNameString(e));
        const to = g.targetOf(e);
        if (Number.isInteger(index) && g.nodeTypeName(to) !== 'hidden' && g.nodeTypeName(to) !== 'object shape')
          slots.push(index);
      }
    }
    slots.sort((a, b) => a - b);
    let entries = 0;
    // A Map entry is [key, value, chain]: a slot right after an entry's first slot is its value.
    for (let i = 0, startOfEntry = -2; i < slots.length; i++) {
      if (cls.endsWith('Map') && slots[i] === startOfEntry + 1) continue;
      startOfEntry = slots[i];
      entries++;
    }
    return entries;
  }
  if (g.nodeType[n] === g.layout.nodeType.array || cls === 'Array') {
    const elements = childNamed(snapshot, n, 'elements');
    const holder = elements >= 0 ? elements : n;
    let count = 0;
    for (let e = g.firstEdge.get(holder); e < g.firstEdge.get(holder + 1); e++)
      if (g.edgeTypeOf(e) === t.element || (holder !== n && g.edgeTypeOf(e) === t.internal)) count++;
    return count;
  }
  if (cls === 'Object') {
    let count = 0;
    for (let e = g.firstEdge.get(n); e < g.firstEdge.get(n + 1); e++)
      if (g.edgeTypeOf(e) === t.property && g.edgeNameString(e) !== '__proto__') count++;
    return count;
  }
  return undefined;
}
