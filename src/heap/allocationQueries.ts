// Paged questions about allocation sites (allocationSites.ts): the sites per allocating function, the
// top-down and bottom-up trees, the distinct stacks of a site, the objects of any of those groups, and one
// object's allocation stack. Every result is JSON.
import type { AllocationFrame } from './allocationTraces';
import { allocationIndex, type AllocationIndex, type Totals } from './allocationSites';
import { resolveNode, type NodeRef } from './edges';
import { nodePage, page, sortNodes, type NodeRow, type Page, type PageParams, type SortParams } from './queries';
import type { HeapSnapshot } from './snapshot';

export interface AllocationOverview {
  /** False: the snapshot was not recorded with allocation tracking (nothing else is set). */
  traced: boolean;
  /** Live objects with an allocation stack, and their shallow size. */
  liveCount: number;
  liveSize: number;
  /** Live objects without one: allocated before the recording began. */
  untracedCount: number;
  untracedSize: number;
  siteCount: number;
}

export interface AllocationTotals {
  count: number;
  selfSize: number;
  /** Counted once: objects dominated by another object of the same group add nothing. */
  retainedSize: number;
}

export interface AllocationSiteRow extends AllocationTotals {
  /** The site's id (its bottom-up tree node), for the tree, stack and object queries. */
  site: number;
  /** The allocating function: the innermost frame with a script. */
  frame: AllocationFrame;
  /** Everything allocated here during the recording, freed or not. */
  allocatedCount: number;
  allocatedSize: number;
  /** Distinct call stacks leading to it. */
  stacks: number;
  /** The most frequent classes among its live objects, most first. */
  classes: { name: string; count: number }[];
  /** A few node ids, largest retained first. */
  sampleIds: number[];
}

export type AllocationDirection = 'top-down' | 'bottom-up';

export interface AllocationTreeRow extends AllocationTotals {
  /** The tree node: a trace node (top-down) or a bottom-up node. */
  node: number;
  frame: AllocationFrame;
  /** How many children it has (expandable when > 0). */
  children: number;
}

export interface AllocationStackRow extends AllocationTotals {
  /** The bottom-up node that ends this stack (for `allocationObjects` with `group: 'stack'`). */
  node: number;
  /** Allocating function first, outermost caller last. */
  frames: AllocationFrame[];
}

export type AllocationSortKey = 'retainedSize' | 'selfSize' | 'count' | 'allocatedCount' | 'name';

export interface AllocationSortParams {
  sortBy?: AllocationSortKey;
  /** Default: descending, except for names. */
  ascending?: boolean;
}

export interface AllocationSitesParams extends PageParams, AllocationSortParams {
  /** Only sites whose function name or script contains this text (case-insensitive). */
  filter?: string;
}

export interface AllocationTreeParams extends PageParams, AllocationSortParams {
  direction: AllocationDirection;
  /** The node whose children to list; absent: the top level. */
  parent?: number;
}

/**
 * Whose objects: a site or bottom-up node with everything under it (`bottom-up`), a top-down node with
 * everything called below it (`top-down`), or exactly one stack (`stack`: a bottom-up node from allocationStacks).
 */
export interface AllocationObjectsParams extends PageParams, SortParams {
  group: AllocationDirection | 'stack';
  node: number;
}

function need(snapshot: HeapSnapshot): AllocationIndex {
  const index = allocationIndex(snapshot);
  if (!index) throw new RangeError('this snapshot has no allocation stacks: record one with "Record allocations"');
  return index;
}

function totalsAt(t: Totals, i: number): AllocationTotals {
  return { count: t.count[i], selfSize: t.selfSize[i], retainedSize: t.retainedSize[i] };
}

function frameName(frame: AllocationFrame): string {
  return frame.name || '(anonymous)';
}

function sortRows<T extends AllocationTotals & { frame: AllocationFrame; allocatedCount?: number }>(
  rows: T[],
  sort: AllocationSortParams,
): T[] {
  const key = sort.sortBy ?? 'retainedSize';
  const ascending = sort.ascending ?? key === 'name';
  const sign = ascending ? 1 : -1;
  if (key === 'name')
    return rows.sort(
      (a, b) => sign * frameName(a.frame).localeCompare(frameName(b.frame)) || b.retainedSize - a.retainedSize,
    );
  const value = (r: T): number => (key === 'allocatedCount' ? (r.allocatedCount ?? r.count) : r[key]);
  return rows.sort((a, b) => sign * (value(a) - value(b)) || b.count - a.count);
}

export function allocationOverview(snapshot: HeapSnapshot): AllocationOverview {
  const index = allocationIndex(snapshot);
  if (!index) return { traced: false, liveCount: 0, liveSize: 0, untracedCount: 0, untracedSize: 0, siteCount: 0 };
  const roots = index.upParent.length;
  return {
    traced: true,
    liveCount: index.liveCount,
    liveSize: index.liveSize,
    untracedCount: index.untracedCount,
    untracedSize: index.untracedSize,
    siteCount: index.upFirst[roots + 1] - index.upFirst[roots],
  };
}

interface SiteExtras {
  classes: Map<number, Map<number, number>>;
  samples: Map<number, number[]>;
}
const extras = new WeakMap<AllocationIndex, SiteExtras>();

/** Per site: class counts and the largest objects, from one pass over the counted objects. */
function siteExtras(snapshot: HeapSnapshot, index: AllocationIndex): SiteExtras {
  const cached = extras.get(index);
  if (cached) return cached;
  const classes = new Map<number, Map<number, number>>();
  const samples = new Map<number, number[]>();
  const { classOf } = snapshot.classes;
  const retained = snapshot.retainedSize;
  for (let n = 0; n < index.traceOf.length; n++) {
    const t = index.traceOf[n];
    if (t < 0) continue;
    const site = index.upRoot[index.upLeaf[t]];
    let perClass = classes.get(site);
    if (!perClass) classes.set(site, (perClass = new Map()));
    perClass.set(classOf[n], (perClass.get(classOf[n]) ?? 0) + 1);
    let top = samples.get(site);
    if (!top) samples.set(site, (top = []));
    if (top.length < 5 || retained[n] > retained[top[top.length - 1]]) {
      top.push(n);
      top.sort((a, b) => retained[b] - retained[a]);
      if (top.length > 5) top.pop();
    }
  }
  const result = { classes, samples };
  extras.set(index, result);
  return result;
}

function siteRow(snapshot: HeapSnapshot, index: AllocationIndex, site: number, more: SiteExtras): AllocationSiteRow {
  const key = index.upKey[site];
  let stacks = 0;
  const walk = [site];
  while (walk.length) {
    const b = walk.pop()!;
    if (index.upExact.count[b] > 0) stacks++;
    for (let k = index.upFirst[b]; k < index.upFirst[b + 1]; k++) walk.push(index.upChildren[k]);
  }
  const classes = [...(more.classes.get(site) ?? new Map<number, number>())]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([c, count]) => ({ name: snapshot.classes.names[c], count }));
  return {
    site,
    frame: index.traces.keyFrame(key),
    ...totalsAt(index.up, site),
    allocatedCount: index.allocatedCount[key],
    allocatedSize: index.allocatedSize[key],
    stacks,
    classes,
    sampleIds: (more.samples.get(site) ?? []).map((n) => snapshot.graph.idOf(n)),
  };
}

/** Every allocation site (all of them, sorted): the CLI and the join read this whole list. */
export function allAllocationSites(snapshot: HeapSnapshot, params: AllocationSitesParams = {}): AllocationSiteRow[] {
  const index = need(snapshot);
  const more = siteExtras(snapshot, index);
  const roots = index.upParent.length;
  const filter = params.filter?.toLowerCase();
  const rows: AllocationSiteRow[] = [];
  for (let k = index.upFirst[roots]; k < index.upFirst[roots + 1]; k++) {
    const site = index.upChildren[k];
    if (filter) {
      const frame = index.traces.keyFrame(index.upKey[site]);
      if (!frame.name.toLowerCase().includes(filter) && !frame.url.toLowerCase().includes(filter)) continue;
    }
    rows.push(siteRow(snapshot, index, site, more));
  }
  return sortRows(rows, params);
}

export function allocationSites(snapshot: HeapSnapshot, params: AllocationSitesParams = {}): Page<AllocationSiteRow> {
  return page(allAllocationSites(snapshot, params), params);
}

export function allocationTree(snapshot: HeapSnapshot, params: AllocationTreeParams): Page<AllocationTreeRow> {
  const index = need(snapshot);
  const traces = index.traces;
  const rows: AllocationTreeRow[] = [];
  if (params.direction === 'bottom-up') {
    const b = params.parent ?? index.upParent.length;
    if (!Number.isInteger(b) || b < 0 || b > index.upParent.length) throw new RangeError(`no allocation node ${b}`);
    for (let k = index.upFirst[b]; k < index.upFirst[b + 1]; k++) {
      const c = index.upChildren[k];
      rows.push({
        node: c,
        frame: traces.keyFrame(index.upKey[c]),
        ...totalsAt(index.up, c),
        children: index.upFirst[c + 1] - index.upFirst[c],
      });
    }
  } else {
    const children = topDownChildren(index);
    const parent = params.parent;
    if (parent !== undefined && (!Number.isInteger(parent) || parent < 0 || parent >= traces.traceNodeCount))
      throw new RangeError(`no allocation node ${parent}`);
    const list = parent === undefined ? children.roots : (children.byParent.get(parent) ?? []);
    for (const t of list) {
      if (!index.down.count[t]) continue;
      rows.push({
        node: t,
        frame: traces.frameOf(t),
        ...totalsAt(index.down, t),
        children: (children.byParent.get(t) ?? []).filter((c) => index.down.count[c] > 0).length,
      });
    }
  }
  return page(sortRows(rows, params), params);
}

const topDown = new WeakMap<AllocationIndex, { roots: number[]; byParent: Map<number, number[]> }>();

/** Children per trace node; the top level is below the synthetic `(root)` frame. */
function topDownChildren(index: AllocationIndex): { roots: number[]; byParent: Map<number, number[]> } {
  const cached = topDown.get(index);
  if (cached) return cached;
  const traces = index.traces;
  const byParent = new Map<number, number[]>();
  const roots: number[] = [];
  for (let t = 0; t < traces.traceNodeCount; t++) {
    const p = traces.treeParent[t];
    if (p < 0) {
      if (traces.frameOf(t).name !== '(root)') roots.push(t);
      continue;
    }
    if (traces.treeParent[p] < 0 && traces.frameOf(p).name === '(root)') roots.push(t);
    else {
      let list = byParent.get(p);
      if (!list) byParent.set(p, (list = []));
      list.push(t);
    }
  }
  const result = { roots, byParent };
  topDown.set(index, result);
  return result;
}

/** The distinct call stacks of a site, each from the allocating function to the outermost caller. */
export function allocationStacks(
  snapshot: HeapSnapshot,
  params: PageParams & AllocationSortParams & { site: number },
): Page<AllocationStackRow> {
  const index = need(snapshot);
  const { site } = params;
  if (!Number.isInteger(site) || site < 0 || site >= index.upParent.length || index.upParent[site] !== -1)
    throw new RangeError(`no allocation site ${site}`);
  const rows: (AllocationStackRow & { frame: AllocationFrame })[] = [];
  const walk = [site];
  while (walk.length) {
    const b = walk.pop()!;
    if (index.upExact.count[b] > 0) {
      const frames: AllocationFrame[] = [];
      for (let a = b; a >= 0; a = index.upParent[a]) frames.push(index.traces.keyFrame(index.upKey[a]));
      frames.reverse();
      rows.push({ node: b, frames, frame: frames[0], ...totalsAt(index.upExact, b) });
    }
    for (let k = index.upFirst[b]; k < index.upFirst[b + 1]; k++) walk.push(index.upChildren[k]);
  }
  const sorted = sortRows(rows, params).map(({ frame: _frame, ...row }) => row);
  return page(sorted, params);
}

/** The objects of a group, as ordinals, sorted. */
export function allocationObjectOrdinals(snapshot: HeapSnapshot, params: AllocationObjectsParams): Uint32Array {
  const index = need(snapshot);
  const { group, node } = params;
  const limit = group === 'top-down' ? index.traces.traceNodeCount : index.upParent.length;
  if (!Number.isInteger(node) || node < 0 || node >= limit) throw new RangeError(`no allocation node ${node}`);
  // Mark the tree nodes whose objects belong: the node and (except for one stack) everything under it.
  const marked = new Uint8Array(limit);
  if (group === 'top-down') {
    marked[node] = 1;
    // Parents come before children: one forward pass marks the subtree.
    for (let t = node + 1; t < limit; t++) {
      const p = index.traces.treeParent[t];
      if (p >= 0 && marked[p]) marked[t] = 1;
    }
  } else if (group === 'stack') {
    marked[node] = 1;
  } else {
    const walk = [node];
    while (walk.length) {
      const b = walk.pop()!;
      marked[b] = 1;
      for (let k = index.upFirst[b]; k < index.upFirst[b + 1]; k++) walk.push(index.upChildren[k]);
    }
  }
  const out: number[] = [];
  for (let n = 0; n < index.traceOf.length; n++) {
    const t = index.traceOf[n];
    if (t < 0) continue;
    if (group === 'top-down' ? marked[t] : marked[index.upLeaf[t]]) out.push(n);
  }
  const ordinals = Uint32Array.from(out);
  sortNodes(snapshot, ordinals, params);
  return ordinals;
}

export function allocationObjects(snapshot: HeapSnapshot, params: AllocationObjectsParams): Page<NodeRow> {
  return nodePage(snapshot, allocationObjectOrdinals(snapshot, params), params);
}

export interface ObjectAllocation {
  /** Allocating frame first; empty when V8 recorded no stack for it (allocated before the recording). */
  frames: AllocationFrame[];
  /** Index in `frames` of the allocating function (the innermost frame with a script). */
  siteFrame: number;
  /** Its site id, when the object counts toward one (see allocationSites.ts). */
  site?: number;
}

/** One object's allocation stack; null when the snapshot has no traces at all. */
export function objectAllocation(snapshot: HeapSnapshot, ref: NodeRef): ObjectAllocation | null {
  const traces = snapshot.traces;
  if (!traces) return null;
  const n = resolveNode(snapshot, ref);
  const t = traces.traceNodeOf(n);
  if (t < 0) return { frames: [], siteFrame: -1 };
  const stack = traces.stackOf(t);
  const result: ObjectAllocation = {
    frames: stack.map((s) => traces.frameOf(s)),
    siteFrame: Math.max(0, stack.indexOf(traces.siteNode[t])),
  };
  const index = allocationIndex(snapshot)!;
  if (index.traceOf[n] >= 0) result.site = index.upRoot[index.upLeaf[index.traceOf[n]]];
  return result;
}
