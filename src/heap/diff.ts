// Comparison view: objects matched by node id between an older and a newer snapshot, per class: how many
// are new, how many were deleted, bytes allocated and freed. As in Chrome, zero-size nodes are left out.
import { diffBaseOf, ordinalsById, type DiffBase } from './nodeIds';
import { nodePage, page, sortNodes, type NodeRow, type Page, type PageParams, type SortParams } from './queries';
import type { HeapSnapshot } from './snapshot';

export interface ClassDiffRow {
  name: string;
  newCount: number;
  deletedCount: number;
  deltaCount: number;
  allocatedSize: number;
  freedSize: number;
  sizeDelta: number;
}

export interface SnapshotDiff {
  classes: ClassDiffRow[];
  /** Ordinals (in the newer snapshot) of objects that did not exist in the older one. */
  newObjects: Uint32Array;
}

export function diffSnapshots(base: DiffBase | HeapSnapshot, current: HeapSnapshot): SnapshotDiff {
  const old = 'graph' in base ? diffBaseOf(base) : base;
  const rows = new Map<string, ClassDiffRow>();
  const row = (name: string): ClassDiffRow => {
    let r = rows.get(name);
    if (!r)
      rows.set(
        name,
        (r = { name, newCount: 0, deletedCount: 0, deltaCount: 0, allocatedSize: 0, freedSize: 0, sizeDelta: 0 }),
      );
    return r;
  };
  const g = current.graph;
  const order = ordinalsById(current);
  const added: number[] = [];
  let i = 0,
    j = 0;
  const addNew = (n: number): void => {
    const size = g.selfSizeOf(n);
    if (!size) return;
    const r = row(current.className(n));
    r.newCount++;
    r.allocatedSize += size;
    added.push(n);
  };
  const addDeleted = (k: number): void => {
    if (!old.sizes[k]) return;
    const r = row(old.classNames[old.classIds[k]]);
    r.deletedCount++;
    r.freedSize += old.sizes[k];
  };
  while (i < old.ids.length && j < order.length) {
    const a = old.ids[i];
    const b = g.idOf(order[j]);
    if (a < b) addDeleted(i++);
    else if (a > b) addNew(order[j++]);
    else {
      i++;
      j++;
    }
  }
  while (i < old.ids.length) addDeleted(i++);
  while (j < order.length) addNew(order[j++]);
  const classes = [...rows.values()];
  for (const r of classes) {
    r.deltaCount = r.newCount - r.deletedCount;
    r.sizeDelta = r.allocatedSize - r.freedSize;
  }
  classes.sort((a, b) => b.sizeDelta - a.sizeDelta || b.deltaCount - a.deltaCount || (a.name < b.name ? -1 : 1));
  return { classes, newObjects: Uint32Array.from(added) };
}

export interface DiffParams extends PageParams, SortParams {
  /** Restrict the new-objects list to one class. */
  className?: string;
}

/** Paged view of a diff: classes by size delta, and the new objects still alive (largest retained first). */
export function diffPage(
  current: HeapSnapshot,
  diff: SnapshotDiff,
  params: DiffParams = {},
  fresh = sortedNewObjects(current, diff, params),
): { classes: Page<ClassDiffRow>; newObjects: Page<NodeRow> } {
  return { classes: page(diff.classes, params), newObjects: nodePage(current, fresh, params) };
}

/** The diff's new objects, of one class if `params.className` says so, sorted: what `diffPage` pages through. */
export function sortedNewObjects(current: HeapSnapshot, diff: SnapshotDiff, params: DiffParams = {}): Uint32Array {
  let fresh = diff.newObjects.slice();
  if (params.className !== undefined) {
    const id = current.classes.names.indexOf(params.className);
    const { classOf } = current.classes;
    fresh = id < 0 ? new Uint32Array(0) : fresh.filter((n) => classOf[n] === id);
  }
  sortNodes(current, fresh, params);
  return fresh;
}
