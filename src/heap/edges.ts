// Containment (outgoing edges), retainers (incoming edges) and the dominator tree around one node.
import {
  distanceKey,
  edgeRow,
  nodeRow,
  page,
  type EdgeRow,
  type NodeRow,
  type Page,
  type PageParams,
  type SortParams,
} from './queries';
import type { HeapSnapshot } from './snapshot';

export interface NodeRef {
  /** Snapshot node id (preferred: stable across snapshots). */
  id?: number;
  ordinal?: number;
}

/** Resolves a node reference, or throws a RangeError the protocol reports as a clear error. */
export function resolveNode(snapshot: HeapSnapshot, ref: NodeRef): number {
  if (ref.ordinal !== undefined) {
    if (!Number.isInteger(ref.ordinal) || ref.ordinal < 0 || ref.ordinal >= snapshot.nodeCount)
      throw new RangeError(`no node with ordinal ${ref.ordinal}`);
    return ref.ordinal;
  }
  if (ref.id === undefined) throw new RangeError('a node id or ordinal is required');
  const n = snapshot.ordinalOfId(ref.id);
  if (n < 0) throw new RangeError(`no node with id @${ref.id} in this snapshot`);
  return n;
}

export interface EdgesParams extends PageParams, SortParams, NodeRef {
  /** Include weak edges (Chrome shows them among outgoing edges but never among retainers). */
  includeWeak?: boolean;
}

function sortEdgeRows(
  rows: { e: number; n: number }[],
  snapshot: HeapSnapshot,
  sort: SortParams,
  defaultKey: 'none' | 'distance',
): void {
  const key = sort.sortBy ?? defaultKey;
  if (key === 'none') return;
  const g = snapshot.graph;
  const value = (n: number): number =>
    key === 'shallowSize'
      ? g.selfSizeOf(n)
      : key === 'distance'
        ? distanceKey(snapshot.distances.get(n))
        : key === 'id'
          ? g.idOf(n)
          : snapshot.retainedSize[n];
  const ascending = sort.ascending ?? (key === 'distance' || key === 'id' || key === 'name');
  const sign = ascending ? 1 : -1;
  if (key === 'name') {
    rows.sort((a, b) => sign * g.edgeNameString(a.e).localeCompare(g.edgeNameString(b.e)) || a.e - b.e);
  } else {
    rows.sort((a, b) => sign * (value(a.n) - value(b.n)) || a.e - b.e);
  }
}

/** Outgoing edges in snapshot order unless sorted; Chrome's hidden "invisible" edges are left out. */
export function outgoingEdges(snapshot: HeapSnapshot, params: EdgesParams): Page<EdgeRow> {
  const g = snapshot.graph;
  const n = resolveNode(snapshot, params);
  const { invisible, weak } = g.layout.edgeType;
  const rows: { e: number; n: number }[] = [];
  for (let e = g.firstEdge.get(n); e < g.firstEdge.get(n + 1); e++) {
    const t = g.edgeTypeOf(e);
    if (t === invisible || (t === weak && params.includeWeak === false)) continue;
    rows.push({ e, n: g.targetOf(e) });
  }
  sortEdgeRows(rows, snapshot, params, 'none');
  const p = page(rows, params);
  return { ...p, items: p.items.map(({ e, n: to }) => edgeRow(snapshot, e, to)) };
}

/** Retainers by Chrome's rules: no weak or invisible edges, not the synthetic root; closest to a root first. */
export function retainers(snapshot: HeapSnapshot, params: EdgesParams): Page<EdgeRow> {
  const g = snapshot.graph;
  const n = resolveNode(snapshot, params);
  const { invisible, weak } = g.layout.edgeType;
  const rows: { e: number; n: number }[] = [];
  g.forEachRetainer(n, (e, from) => {
    const t = g.edgeTypeOf(e);
    if (t === invisible || from === g.rootOrdinal || (t === weak && !params.includeWeak)) return;
    rows.push({ e, n: from });
  });
  sortEdgeRows(rows, snapshot, params, 'distance');
  const p = page(rows, params);
  return { ...p, items: p.items.map(({ e, n: from }) => edgeRow(snapshot, e, from)) };
}

/** The node and its dominators up to the root, nearest first. */
export function dominatorChain(snapshot: HeapSnapshot, params: NodeRef & PageParams): Page<NodeRow> {
  let n = resolveNode(snapshot, params);
  const chain: number[] = [n];
  const root = snapshot.graph.rootOrdinal;
  while (n !== root && chain.length <= snapshot.nodeCount) {
    n = snapshot.dominator[n];
    chain.push(n);
  }
  const p = page(chain, { limit: 1000, ...params });
  return { ...p, items: p.items.map((o) => nodeRow(snapshot, o)) };
}

/** Children in the dominator tree: what this node alone keeps alive. Largest first. */
export function dominatedChildren(snapshot: HeapSnapshot, params: NodeRef & PageParams & SortParams): Page<NodeRow> {
  const n = resolveNode(snapshot, params);
  const { first, children } = snapshot.dominated;
  const list = Array.from(children.subarray(first[n], first[n + 1]));
  const key = params.sortBy ?? 'retainedSize';
  const g = snapshot.graph;
  const value = (o: number): number =>
    key === 'shallowSize'
      ? g.selfSizeOf(o)
      : key === 'distance'
        ? distanceKey(snapshot.distances.get(o))
        : snapshot.retainedSize[o];
  const sign = (params.ascending ?? key === 'distance') ? 1 : -1;
  list.sort((a, b) => sign * (value(a) - value(b)) || g.idOf(a) - g.idOf(b));
  const p = page(list, params);
  return { ...p, items: p.items.map((o) => nodeRow(snapshot, o)) };
}
