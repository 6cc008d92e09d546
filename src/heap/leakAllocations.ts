// Where a leak group's objects were allocated: of the objects given (a group's members, or its samples),
// the most frequent allocation stack — from the allocating function (the innermost frame with a script) to
// the outermost caller. Kept apart from the triage itself (leaks.ts) so any grouping can ask it.
import { allocationIndex } from './allocationSites';
import type { AllocationFrame } from './allocationTraces';
import type { HeapSnapshot } from './snapshot';

export interface GroupAllocation {
  /** The allocating function: a function, not the allocating statement. */
  frame: AllocationFrame;
  /** The most frequent stack, allocating function first. */
  frames: AllocationFrame[];
  /** How many of the objects looked at have this stack, of how many with any stack. */
  count: number;
  of: number;
}

/** The most frequent allocation stack of some objects (ordinals); undefined without allocation stacks. */
export function groupAllocation(snapshot: HeapSnapshot, ordinals: Iterable<number>): GroupAllocation | undefined {
  const index = allocationIndex(snapshot);
  if (!index) return undefined;
  const counts = new Map<number, number>();
  let of = 0;
  for (const n of ordinals) {
    const t = index.traceOf[n];
    if (t < 0) continue;
    of++;
    const leaf = index.upLeaf[t];
    counts.set(leaf, (counts.get(leaf) ?? 0) + 1);
  }
  let best = -1,
    bestCount = 0;
  for (const [leaf, count] of counts)
    if (count > bestCount || (count === bestCount && leaf < best)) [best, bestCount] = [leaf, count];
  if (best < 0) return undefined;
  const frames: AllocationFrame[] = [];
  for (let b = best; b >= 0; b = index.upParent[b]) frames.push(index.traces.keyFrame(index.upKey[b]));
  frames.reverse();
  return { frame: frames[0], frames, count: bestCount, of };
}

/** The same for node ids (a group's sample ids). */
export function groupAllocationOfIds(snapshot: HeapSnapshot, ids: readonly number[]): GroupAllocation | undefined {
  const ordinals = ids.map((id) => snapshot.ordinalOfId(id)).filter((n) => n >= 0);
  return groupAllocation(snapshot, ordinals);
}
