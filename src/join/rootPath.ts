// Root paths the way a report reads them — the engine's readable path (heap/holders.ts): the runtime's part
// before the program's first object collapsed, `(GC roots) → … → cache.js → buildReport() → reportCache` —
// so the diagnostics, the CLI, the Leaks view and the reports name a place the same way.
import { readablePath } from '../heap/holders';
import { pathsToRoot, type PathStep } from '../heap/paths';
import { hopsFromRoot } from '../heap/shortestPaths';
import type { HeapSnapshot } from '../heap/snapshot';

/** The shortest root path of a node, readable; '' when no root reaches it. */
export function rootPathOf(snapshot: HeapSnapshot, ordinal: number): string {
  if (snapshot.distances.get(ordinal) < 0 || ordinal === snapshot.graph.rootOrdinal) return '';
  return readablePath(snapshot, hopsFromRoot(snapshot, ordinal)).text;
}

/** The path steps themselves (for checks that a path passes through a node). */
export function rootPathOrdinals(snapshot: HeapSnapshot, ordinal: number): { ordinals: number[]; steps: PathStep[] } {
  // Every step: the caller walks consecutive pairs (a cut path would pair nodes no edge joins).
  const path = pathsToRoot(snapshot, { ordinal, maxPaths: 1, maxSteps: Infinity }).items[0];
  const steps = path?.steps ?? [];
  return { ordinals: steps.map((s) => s.node.ordinal), steps };
}
