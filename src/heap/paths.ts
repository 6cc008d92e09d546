// Shortest paths from a root to a node. Distances from the BFS (distances.ts) make this cheap: every step
// back to a retainer one closer to the roots stays on a shortest path, so no search is needed — we only
// enumerate, preferring named edges (properties, variables) over internal ones so paths read like code.
import { resolveNode, type NodeRef } from './edges';
import { NO_DISTANCE } from './distances';
import { nodeRow, type NodeRow } from './queries';
import type { HeapSnapshot } from './snapshot';

export interface PathStep {
  node: NodeRow;
  /** The edge from the previous step into this node (absent on the first step). */
  edgeType?: string;
  edgeName?: string | number;
}

export interface RootPath {
  /** From the node nearest the root to the target. */
  steps: PathStep[];
  /** A readable form, e.g. `Window / global.leakyRegistry[3]`. */
  text: string;
}

export interface PathsParams extends NodeRef {
  /** How many alternative paths to return (default 5, at most 50). */
  maxPaths?: number;
}

export function edgeLabel(type: string, name: string | number): string {
  switch (type) {
    case 'context':
      return '->' + name;
    case 'element':
      return '[' + name + ']';
    case 'weak':
      return '[[' + name + ']]';
    case 'property':
    case 'shortcut':
      return String(name).includes(' ') ? `["${name}"]` : '.' + name;
    default:
      return '{' + name + '}';
  }
}

const preference = (type: string): number =>
  type === 'property' || type === 'context' || type === 'element' || type === 'shortcut' ? 0 : 1;

export function pathsToRoot(
  snapshot: HeapSnapshot,
  params: PathsParams,
): { total: number; offset: number; items: RootPath[] } {
  const g = snapshot.graph;
  const target = resolveNode(snapshot, params);
  const maxPaths = Math.min(50, Math.max(1, params.maxPaths ?? 5));
  const { distances } = snapshot;
  const root = g.rootOrdinal;
  const { weak, invisible } = g.layout.edgeType;
  if (distances[target] === NO_DISTANCE) return { total: 0, offset: 0, items: [] };

  // Retainers one step closer to a root, best first.
  const predecessors = (n: number): { e: number; from: number }[] => {
    const d = distances[n];
    const list: { e: number; from: number }[] = [];
    g.forEachRetainer(n, (e, from) => {
      const t = g.edgeType[e];
      if (t === weak || t === invisible) return;
      if (distances[from] === d - 1 || (from === root && d === 1)) list.push({ e, from });
    });
    list.sort((a, b) => preference(g.edgeTypeName(a.e)) - preference(g.edgeTypeName(b.e)) || a.e - b.e);
    return list;
  };

  // Iterative depth-first enumeration: paths can be thousands of steps long (linked lists).
  const results: { e: number; from: number }[][] = [];
  const trail: { e: number; from: number }[] = [];
  const stack: { n: number; preds: { e: number; from: number }[]; next: number }[] = [];
  if (target === root) results.push([]);
  else stack.push({ n: target, preds: predecessors(target), next: 0 });
  while (stack.length && results.length < maxPaths) {
    const top = stack[stack.length - 1];
    if (top.n === root) results.push([...trail]);
    if (top.n === root || top.next >= top.preds.length) {
      stack.pop();
      if (stack.length) trail.pop();
      continue;
    }
    const p = top.preds[top.next++];
    trail.push(p);
    stack.push({ n: p.from, preds: p.from === root ? [] : predecessors(p.from), next: 0 });
  }

  const items = results.map((hops) => {
    // hops run target-ward to root-ward; the synthetic root itself is left out of the path.
    const steps: PathStep[] = [];
    for (let i = hops.length - 1; i >= 0; i--) {
      const { e } = hops[i];
      const to = i === 0 ? target : hops[i - 1].from;
      const step: PathStep = { node: nodeRow(snapshot, to, 200) };
      if (i < hops.length - 1) {
        step.edgeType = g.edgeTypeName(e);
        step.edgeName = g.edgeHasStringName(e) ? g.edgeNameString(e) : g.edgeName[e];
      }
      steps.push(step);
    }
    if (steps.length === 0) steps.push({ node: nodeRow(snapshot, target, 200) });
    const text = steps
      .map((s, i) =>
        i === 0
          ? s.node.className + (s.node.name && s.node.name !== s.node.className ? ` ${s.node.name}` : '')
          : edgeLabel(s.edgeType!, s.edgeName!),
      )
      .join('');
    return { steps, text };
  });
  return { total: items.length, offset: 0, items };
}
