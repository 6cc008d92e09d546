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
  /** From the node nearest the root to the target (with `omitted`, the two ends of a longer path). */
  steps: PathStep[];
  /** A readable form, e.g. `Window / global.leakyRegistry[3]`. */
  text: string;
  /** Steps of the whole path. */
  length: number;
  /** Present when the path was longer than `maxSteps`: `count` steps were left out after `steps[after]`. */
  omitted?: { after: number; count: number };
}

export interface PathsParams extends NodeRef {
  /** How many alternative paths to return (default 5, at most 50). */
  maxPaths?: number;
  /**
   * Steps kept per path (default 1,000): a longer path (a linked list of a million nodes) keeps its first
   * quarter of them from the root end and the rest next to the target, and says how many it left out.
   */
  maxSteps?: number;
}

export const DEFAULT_MAX_STEPS = 1000;

/**
 * Longest class or edge name a step carries: a snapshot can name a class or property with a 100 MB string,
 * and a thousand steps of it would make a path text past V8's string limit.
 */
export const NAME_LIMIT = 1000;

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
  if (distances.get(target) === NO_DISTANCE) return { total: 0, offset: 0, items: [] };

  // Retainers one step closer to a root, best first.
  const predecessors = (n: number): { e: number; from: number }[] => {
    const d = distances.get(n);
    const list: { e: number; from: number }[] = [];
    g.forEachRetainer(n, (e, from) => {
      const t = g.edgeTypeOf(e);
      if (t === weak || t === invisible) return;
      if (distances.get(from) === d - 1 || (from === root && d === 1)) list.push({ e, from });
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

  const maxSteps = Math.max(2, params.maxSteps ?? DEFAULT_MAX_STEPS);
  const items = results.map((hops): RootPath => {
    // hops run target-ward to root-ward; the synthetic root itself is left out of the path. Step k (0 = the
    // node nearest the root) is hops[length-1-k]'s target; only the kept ones are built.
    const length = Math.max(1, hops.length);
    const head = length > maxSteps ? Math.ceil(maxSteps / 4) : length;
    const tail = length > maxSteps ? maxSteps - head : 0;
    const stepAt = (k: number): PathStep => {
      const i = hops.length - 1 - k;
      if (i < 0) return { node: nodeRow(snapshot, target, 200) };
      const to = i === 0 ? target : hops[i - 1].from;
      const node = nodeRow(snapshot, to, 200);
      if (node.className.length > NAME_LIMIT) node.className = node.className.slice(0, NAME_LIMIT) + '…';
      const step: PathStep = { node };
      if (k > 0) {
        const { e } = hops[i];
        step.edgeType = g.edgeTypeName(e);
        if (g.edgeHasStringName(e)) {
          const { text, truncated } = g.strings.getTruncated(g.edgeNameOf(e), NAME_LIMIT);
          step.edgeName = truncated ? text + '…' : text;
        } else step.edgeName = g.edgeNameOf(e);
      }
      return step;
    };
    const steps: PathStep[] = [];
    for (let k = 0; k < head; k++) steps.push(stepAt(k));
    for (let k = length - tail; k < length; k++) steps.push(stepAt(k));
    const label = (s: PathStep, k: number): string =>
      k === 0
        ? s.node.className + (s.node.name && s.node.name !== s.node.className ? ` ${s.node.name}` : '')
        : edgeLabel(s.edgeType!, s.edgeName!);
    const omitted = tail ? { after: head - 1, count: length - head - tail } : undefined;
    const text = steps
      .map((s, j) => {
        const k = j < head ? j : length - tail + (j - head);
        const gap = omitted && j === head ? `…(${omitted.count.toLocaleString('en-US')} steps left out)…` : '';
        return gap + label(s, k);
      })
      .join('');
    return omitted ? { steps, text, length, omitted } : { steps, text, length };
  });
  return { total: items.length, offset: 0, items };
}
