// Root paths the way a report reads them: `(GC roots) → … → buildReport → reportCache (variable)`. The
// engine's path text is exact but long (timer lists run to hundreds of hops); here internal hops are dropped
// and only the last few named steps kept, since those say which variable or property holds the memory.
import { pathsToRoot, type PathStep } from '../heap/paths';
import type { HeapSnapshot } from '../heap/snapshot';

const KEEP = 4;

function label(step: PathStep): string | undefined {
  const name = step.edgeName;
  switch (step.edgeType) {
    case 'context':
      return `${name} (variable)`;
    case 'property':
    case 'shortcut':
      return String(name);
    case 'element':
      return `[${name}]`;
    default:
      return undefined; // internal, hidden: V8's plumbing (`{context}`, `{table}`)
  }
}

/**
 * `gapAfter`: the path's middle was left out after `steps[gapAfter]` (a path longer than pathsToRoot's
 * maxSteps, e.g. a linked list of a million nodes); an `…` stands there.
 */
export function readablePath(steps: readonly PathStep[], gapAfter?: number): string {
  const labels: string[] = [];
  for (let i = 1; i < steps.length; i++) {
    if (gapAfter !== undefined && i === gapAfter + 1) labels.push('…');
    const l = label(steps[i]);
    // Collapse runs of list hops (`_idleNext._idleNext…`) into one.
    if (l && labels[labels.length - 1] !== l) labels.push(l);
  }
  const last = steps[steps.length - 1];
  if (last && labels.length === 0) labels.push(last.node.className);
  const kept = labels.length > KEEP ? ['…', ...labels.slice(-KEEP)] : labels;
  const shown = kept.filter((l, i) => l !== '…' || kept[i - 1] !== '…');
  return ['(GC roots)', ...shown].join(' → ');
}

/** The shortest root path of a node, readable; '' when no root reaches it. */
export function rootPathOf(snapshot: HeapSnapshot, ordinal: number): string {
  const path = pathsToRoot(snapshot, { ordinal, maxPaths: 1 }).items[0];
  return path ? readablePath(path.steps, path.omitted?.after) : '';
}

/** The path steps themselves (for checks that a path passes through a node). */
export function rootPathOrdinals(snapshot: HeapSnapshot, ordinal: number): { ordinals: number[]; steps: PathStep[] } {
  // Every step: the caller walks consecutive pairs (a cut path would pair nodes no edge joins).
  const path = pathsToRoot(snapshot, { ordinal, maxPaths: 1, maxSteps: Infinity }).items[0];
  const steps = path?.steps ?? [];
  return { ordinals: steps.map((s) => s.node.ordinal), steps };
}
