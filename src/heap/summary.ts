// The Summary view: objects grouped by class. As in Chrome, nodes with zero shallow size are left out, and a
// class's retained size sums its members' retained sizes except members dominated by another member of the
// same class (so nested instances are not counted twice).
import { NO_DISTANCE } from './distances';
import {
  distanceKey,
  nodePage,
  page,
  sortNodes,
  type NodeRow,
  type Page,
  type PageParams,
  type SortParams,
} from './queries';
import { namedFilterMask, type NamedFilter } from './namedFilters';
import type { HeapSnapshot } from './snapshot';

export interface ClassRow {
  name: string;
  count: number;
  shallowSize: number;
  retainedSize: number;
  /** Smallest distance among members; null when none is reachable. */
  distance: number | null;
  /** Set by the explorer on rows of a partial page: retained size and distance are not known yet. */
  pending?: true;
}

/**
 * A page of classes. `partial` while retained sizes and distances are still being computed: rows then have
 * retainedSize 0 and distance null, and a sort by either is by shallow size instead.
 */
export interface SummaryPage extends Page<ClassRow> {
  partial?: true;
}

export interface SummaryParams extends PageParams, SortParams {
  /** Only classes whose name contains this text (case-insensitive). */
  filter?: string;
  /** Only objects that pass one of DevTools' named filters (namedFilters.ts). */
  namedFilter?: NamedFilter;
}

const summaries = new WeakMap<HeapSnapshot, Map<NamedFilter | '', ClassRow[]>>();

/** Every class row, over all objects or over those a named filter passes. */
export function classSummaryAll(snapshot: HeapSnapshot, namedFilter?: NamedFilter): ClassRow[] {
  let perFilter = summaries.get(snapshot);
  if (!perFilter) summaries.set(snapshot, (perFilter = new Map()));
  const cached = perFilter.get(namedFilter ?? '');
  if (cached) return cached;
  const mask = namedFilter ? namedFilterMask(snapshot, namedFilter) : undefined;
  const { classOf, names } = snapshot.classes;
  const g = snapshot.graph;
  const k = names.length;
  const count = new Float64Array(k);
  const shallow = new Float64Array(k);
  const retained = new Float64Array(k);
  const distance = new Float64Array(k).fill(Infinity);
  for (let n = 0; n < g.nodeCount; n++) {
    const size = g.selfSizeOf(n);
    if (!size || (mask && !mask[n])) continue;
    const c = classOf[n];
    count[c]++;
    shallow[c] += size;
    const d = snapshot.distances.get(n);
    if (d < distance[c]) distance[c] = d; // Chrome's min, unreachable (-5) included
  }
  // Walk the dominator tree keeping, per class, how many members are open on the current path.
  const open = new Uint32Array(k);
  const { first, children } = snapshot.dominated;
  const stack: number[] = [g.rootOrdinal];
  while (stack.length) {
    const item = stack.pop()!;
    if (item < 0) {
      open[classOf[~item]]--;
      continue;
    }
    const c = classOf[item];
    const counts = g.selfSizeOf(item) > 0 && (!mask || mask[item] === 1);
    if (counts && open[c] === 0) retained[c] += snapshot.retainedSize[item];
    if (counts && first[item + 1] > first[item]) {
      open[c]++;
      stack.push(~item);
    }
    for (let i = first[item]; i < first[item + 1]; i++) stack.push(children[i]);
  }
  const rows: ClassRow[] = [];
  for (let c = 0; c < k; c++) {
    if (!count[c]) continue;
    rows.push({
      name: names[c],
      count: count[c],
      shallowSize: shallow[c],
      retainedSize: retained[c],
      distance: distance[c] === NO_DISTANCE ? null : distance[c],
    });
  }
  perFilter.set(namedFilter ?? '', rows);
  return rows;
}

const partialSummaries = new WeakMap<HeapSnapshot, ClassRow[]>();

/**
 * Count and shallow size per class: what the Summary shows before the analysis is complete. The class table
 * counted them while naming the classes (classes.ts), so this is a walk over the classes, not the nodes.
 */
function partialSummary(snapshot: HeapSnapshot): ClassRow[] {
  const cached = partialSummaries.get(snapshot);
  if (cached) return cached;
  const { names, count, shallow } = snapshot.classes;
  const rows: ClassRow[] = [];
  for (let c = 0; c < names.length; c++) {
    if (count[c])
      rows.push({ name: names[c], count: count[c], shallowSize: shallow[c], retainedSize: 0, distance: null });
  }
  partialSummaries.set(snapshot, rows);
  return rows;
}

export function classSummary(snapshot: HeapSnapshot, params: SummaryParams = {}): SummaryPage {
  const partial = !snapshot.complete;
  // A named filter reads distances and dominators: until they are known it passes nothing yet.
  let rows = partial
    ? params.namedFilter
      ? []
      : partialSummary(snapshot)
    : classSummaryAll(snapshot, params.namedFilter);
  if (params.filter) {
    const f = params.filter.toLowerCase();
    rows = rows.filter((r) => r.name.toLowerCase().includes(f));
  }
  let key = params.sortBy ?? 'retainedSize';
  const swapped = partial && (key === 'retainedSize' || key === 'distance');
  if (swapped) key = 'shallowSize';
  const ascending = swapped ? false : (params.ascending ?? (key === 'distance' || key === 'name'));
  const value = (r: ClassRow): number =>
    key === 'count'
      ? r.count
      : key === 'shallowSize'
        ? r.shallowSize
        : key === 'distance'
          ? distanceKey(r.distance ?? NO_DISTANCE)
          : r.retainedSize;
  const sorted = [...rows].sort((a, b) => {
    const order = key === 'name' ? a.name.localeCompare(b.name) : value(a) - value(b);
    return (ascending ? order : -order) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  });
  return partial ? { ...page(sorted, params), partial: true } : page(sorted, params);
}

export interface MembersParams extends PageParams, SortParams {
  className: string;
  /** Only members that pass one of DevTools' named filters. */
  namedFilter?: NamedFilter;
}

/** Members of one class (by name), as Chrome lists them when a class row is expanded. */
export function classMembers(snapshot: HeapSnapshot, params: MembersParams): Page<NodeRow> {
  return nodePage(snapshot, classMemberOrdinals(snapshot, params), params);
}

/** All members of one class, sorted: what `classMembers` pages through (the engine caches it per sort). */
export function classMemberOrdinals(snapshot: HeapSnapshot, params: MembersParams): Uint32Array {
  const id = snapshot.classes.names.indexOf(params.className);
  if (id < 0) return new Uint32Array(0);
  const { classOf } = snapshot.classes;
  const g = snapshot.graph;
  const mask = params.namedFilter ? namedFilterMask(snapshot, params.namedFilter) : undefined;
  const member = (n: number): boolean => classOf[n] === id && g.selfSizeOf(n) > 0 && (!mask || mask[n] === 1);
  let count = 0;
  for (let n = 0; n < g.nodeCount; n++) if (member(n)) count++;
  const members = new Uint32Array(count);
  for (let n = 0, i = 0; i < count; n++) if (member(n)) members[i++] = n;
  sortNodes(snapshot, members, params);
  return members;
}
