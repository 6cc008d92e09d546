// Node ids are stable across snapshots of one process, so comparing snapshots is a merge over sorted ids.
// These compact views let the CLI and the worker drop a snapshot and keep only what a comparison needs.
import { indexOfSorted } from './idColumn';
import type { HeapSnapshot } from './snapshot';

/** Ordinals of the nodes sorted by id (V8 writes ids ascending, so this is usually the identity). */
export function ordinalsById(snapshot: HeapSnapshot): Uint32Array {
  const g = snapshot.graph;
  const order = new Uint32Array(g.nodeCount);
  for (let i = 0; i < order.length; i++) order[i] = i;
  let sorted = true;
  for (let i = 1; i < order.length && sorted; i++) if (g.idOf(i) < g.idOf(i - 1)) sorted = false;
  if (!sorted) {
    const ids = Float64Array.from(order, (n) => g.idOf(n));
    order.sort((a, b) => ids[a] - ids[b]);
  }
  return order;
}

/** A sorted set of node ids, or of the keys match.ts carries across snapshots whose ids disagree. */
export class IdSet {
  constructor(readonly ids: Uint32Array | Float64Array) {}

  static of(snapshot: HeapSnapshot, keys?: Float64Array): IdSet {
    if (keys) return new IdSet(Float64Array.from(keys).sort());
    const order = ordinalsById(snapshot);
    const ids = new Uint32Array(order.length);
    for (let i = 0; i < order.length; i++) ids[i] = snapshot.graph.idOf(order[i]);
    return new IdSet(ids);
  }

  has(id: number): boolean {
    return indexOfSorted(this.ids, id) >= 0;
  }
}

/** What a diff needs of the older snapshot: per node (sorted by id) its class and shallow size. */
export interface DiffBase {
  ids: Uint32Array;
  classIds: Uint32Array;
  sizes: Float64Array;
  classNames: string[];
}

export function diffBaseOf(snapshot: HeapSnapshot): DiffBase {
  const order = ordinalsById(snapshot);
  const g = snapshot.graph;
  const ids = new Uint32Array(order.length);
  const classIds = new Uint32Array(order.length);
  const sizes = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const n = order[i];
    ids[i] = g.idOf(n);
    classIds[i] = snapshot.classes.classOf[n];
    sizes[i] = g.selfSizeOf(n);
  }
  return { ids, classIds, sizes, classNames: snapshot.classes.names };
}
