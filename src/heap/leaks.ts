// Leak triage over three snapshots, the memlab way: objects allocated between baseline and target that are
// still alive in final are suspects. We drop V8 internals, keep only the top-most suspects (those not
// dominated by another suspect, whose retained size already covers the rest), and group them by the shape
// of their shortest retainer path, so 300 requests pushed onto one array become one ranked group.
import { NO_DISTANCE } from './distances';
import type { IdSet } from './nodeIds';
import { edgeLabel, pathsToRoot } from './paths';
import { page, type Page, type PageParams } from './queries';
import type { HeapSnapshot } from './snapshot';

export interface LeakGroup {
  /** The retainer path shape, element indices folded: `global.cache[]` → `LeakedRequest`. */
  trace: string;
  className: string;
  count: number;
  retainedSize: number;
  shallowSize: number;
  /** A few node ids (in the final snapshot) to start exploring from. */
  sampleIds: number[];
  /** One full path, for display. */
  examplePath: string;
}

export interface LeakParams extends PageParams {
  /** Upper bound on suspects whose paths are traced (the rest are counted in `untraced`). */
  maxSuspects?: number;
}

export interface LeakReport {
  suspects: number;
  untraced: number;
  groups: Page<LeakGroup>;
}

/** Types and names that are V8's business, not the program's. */
export function isNoise(snapshot: HeapSnapshot, n: number): boolean {
  const g = snapshot.graph;
  const t = g.layout.nodeType;
  const type = g.nodeType[n];
  if (type !== t.object && type !== t.closure && type !== t.regexp && type !== t.native) return true;
  const name = snapshot.className(n);
  return name.startsWith('system /') || name.startsWith('(') || g.nodeSelfSize[n] === 0;
}

export function triageLeaks(baseline: IdSet, target: IdSet, final: HeapSnapshot, params: LeakParams = {}): LeakReport {
  const g = final.graph;
  const suspect = new Uint8Array(g.nodeCount);
  for (let n = 0; n < g.nodeCount; n++) {
    const id = g.nodeId[n];
    if (final.distances[n] === NO_DISTANCE || isNoise(final, n)) continue;
    if (target.has(id) && !baseline.has(id)) suspect[n] = 1;
  }
  // Keep only suspects with no suspect above them in the dominator tree.
  const top: number[] = [];
  for (let n = 0; n < g.nodeCount; n++) {
    if (!suspect[n]) continue;
    let d = final.dominator[n];
    let covered = false;
    for (let steps = 0; d !== g.rootOrdinal && steps < 10_000; steps++, d = final.dominator[d]) {
      if (suspect[d]) { covered = true; break; }
    }
    if (!covered) top.push(n);
  }
  top.sort((a, b) => final.retainedSize[b] - final.retainedSize[a]);
  const maxSuspects = params.maxSuspects ?? 20_000;
  const traced = top.slice(0, maxSuspects);
  const groups = new Map<string, LeakGroup>();
  for (const n of traced) {
    const path = pathsToRoot(final, { ordinal: n, maxPaths: 1 }).items[0];
    const steps = path?.steps ?? [];
    // Indices (elements, hash-table slots) vary per object; fold them so one array or map is one group.
    const shape = steps.map((s, i) => (i === 0 ? s.node.className : edgeLabel(s.edgeType!, /^\d+$/.test(String(s.edgeName)) ? '' : s.edgeName!))).join('');
    const className = final.className(n);
    const key = `${shape}\u0000${className}`;
    let group = groups.get(key);
    if (!group) {
      group = { trace: shape, className, count: 0, retainedSize: 0, shallowSize: 0, sampleIds: [], examplePath: path?.text ?? '' };
      groups.set(key, group);
    }
    group.count++;
    group.retainedSize += final.retainedSize[n];
    group.shallowSize += g.nodeSelfSize[n];
    if (group.sampleIds.length < 10) group.sampleIds.push(g.nodeId[n]);
  }
  const ranked = [...groups.values()].sort((a, b) => b.retainedSize - a.retainedSize || b.count - a.count);
  return { suspects: top.length, untraced: top.length - traced.length, groups: page(ranked, params) };
}
