// Shared query vocabulary: JSON-serializable rows, pages and sorting. Every query returns a page
// `{ total, offset, items }` so the webview can scroll huge lists without receiving them whole.
import { NO_DISTANCE } from './distances';
import { locationOf, type SourceLocation } from './sourceLocation';
import type { HeapSnapshot } from './snapshot';

const DEFAULT_NAME_LIMIT = 1000;

export interface NodeRow {
  /** Snapshot node id: stable across snapshots of the same process. */
  id: number;
  /** Position in this snapshot's node list. */
  ordinal: number;
  className: string;
  name: string;
  /** Present and true when `name` was cut to the name limit. */
  nameTruncated?: true;
  type: string;
  shallowSize: number;
  retainedSize: number;
  /** Chrome's distance from the roots; null when no root reaches the node (Chrome shows "-"). */
  distance: number | null;
  /** For a closure: where its function is (DevTools shows `onPriceTick()` with this position). */
  functionLocation?: SourceLocation;
}

export interface EdgeRow {
  edgeType: string;
  /** Property or variable name, or element index for element and hidden edges. */
  edgeName: string | number;
  node: NodeRow;
}

export interface Page<T> {
  total: number;
  offset: number;
  items: T[];
}

export interface PageParams {
  offset?: number;
  limit?: number;
}

export type SortKey = 'retainedSize' | 'shallowSize' | 'count' | 'distance' | 'name' | 'id';
export interface SortParams {
  sortBy?: SortKey;
  /** Default: descending for sizes and counts, ascending for distance, name and id. */
  ascending?: boolean;
}

export function nodeRow(snapshot: HeapSnapshot, n: number, nameLimit = DEFAULT_NAME_LIMIT): NodeRow {
  const g = snapshot.graph;
  const { text, truncated } = g.strings.getTruncated(g.nameOf(n), nameLimit);
  const name = g.isDetachedName(n) ? 'Detached ' + text : text;
  const d = snapshot.distances.get(n);
  const row: NodeRow = {
    id: g.idOf(n),
    ordinal: n,
    className: snapshot.className(n),
    name,
    type: g.nodeTypeName(n),
    shallowSize: g.selfSizeOf(n),
    retainedSize: snapshot.retainedSize[n],
    distance: d === NO_DISTANCE ? null : d,
  };
  if (truncated) row.nameTruncated = true;
  if (g.nodeType[n] === g.layout.nodeType.closure) {
    const at = locationOf(snapshot, n);
    if (at) row.functionLocation = at;
  }
  return row;
}

export function edgeRow(snapshot: HeapSnapshot, e: number, target: number, nameLimit?: number): EdgeRow {
  const g = snapshot.graph;
  return {
    edgeType: g.edgeTypeName(e),
    edgeName: g.edgeHasStringName(e)
      ? g.strings.getTruncated(g.edgeNameOf(e), nameLimit ?? DEFAULT_NAME_LIMIT).text
      : g.edgeNameOf(e),
    node: nodeRow(snapshot, target, nameLimit),
  };
}

export function page<T>(all: readonly T[], params: PageParams = {}): Page<T> {
  const offset = Math.max(0, Math.floor(params.offset ?? 0));
  const limit = Math.max(0, Math.floor(params.limit ?? 100));
  return { total: all.length, offset, items: all.slice(offset, offset + limit) };
}

/** One page of a list of node ordinals, as rows. */
export function nodePage(snapshot: HeapSnapshot, ordinals: Uint32Array, params: PageParams = {}): Page<NodeRow> {
  const offset = Math.max(0, Math.floor(params.offset ?? 0));
  const limit = Math.max(0, Math.floor(params.limit ?? 100));
  const items = Array.from(ordinals.subarray(offset, offset + limit), (n) => nodeRow(snapshot, n));
  return { total: ordinals.length, offset, items };
}

/** Sorts node ordinals in place by a node-level key; ties break by node id for stable paging. */
export function sortNodes(snapshot: HeapSnapshot, ordinals: Uint32Array | number[], sort: SortParams = {}): void {
  const key = sort.sortBy ?? 'retainedSize';
  const g = snapshot.graph;
  const value = (n: number): number => {
    switch (key) {
      case 'shallowSize':
        return g.selfSizeOf(n);
      case 'distance':
        return distanceKey(snapshot.distances.get(n));
      case 'id':
        return g.idOf(n);
      default:
        return snapshot.retainedSize[n];
    }
  };
  const ascending = sort.ascending ?? (key === 'distance' || key === 'name' || key === 'id');
  const sign = ascending ? 1 : -1;
  if (key === 'name') {
    const names = new Map<number, string>();
    const nameOf = (n: number): string => names.get(n) ?? (names.set(n, g.displayName(n).slice(0, 200)), names.get(n)!);
    ordinals.sort(
      (a, b) => sign * (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0) || g.idOf(a) - g.idOf(b),
    );
    return;
  }
  ordinals.sort((a, b) => sign * (value(a) - value(b)) || g.idOf(a) - g.idOf(b));
}

/** Unreachable nodes sort after every reachable one. */
export function distanceKey(d: number): number {
  return d === NO_DISTANCE ? Number.MAX_SAFE_INTEGER : d;
}
