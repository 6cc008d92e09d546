// The one leak triage over three snapshots (baseline, target, final), for the worker's `leaks` request and
// the CLI's `leaks` and `join` alike. Snapshots are given one at a time: each is matched against the previous
// one (by node id, or structurally when a new profiler session renumbered the objects), then only its keys,
// id set and collection sample are kept, so a caller that loads as it goes holds at most two full snapshots.
import {
  findAllGrowth,
  sampleCollections,
  withPaths,
  type CollectionSample,
  type GrowingCollection,
} from '../heap/growth';
import { groupAllocationOfIds } from '../heap/leakAllocations';
import { triageAllLeaks, type LeakGroup, type LeakParams, type LeakReport, type LeakTriage } from '../heap/leaks';
import { baseKeys, carryKeys } from '../heap/match';
import { IdSet } from '../heap/nodeIds';
import { page, type Page } from '../heap/queries';
import type { HeapSnapshot } from '../heap/snapshot';

/** Every suspect group and growing collection, ranked: what the pages are cut from (the worker caches it). */
export interface FullTriage {
  leaks: LeakTriage;
  growth: GrowingCollection[];
  /** 'structure' when node ids differed between the snapshots and objects were matched by retainer paths. */
  matchedBy: 'id' | 'structure';
  /** The final snapshot has allocation stacks (recorded): each group then names where it was allocated. */
  traced: boolean;
}

/** A leak group as a triage page serves it: `allocation` filled when the final snapshot has allocation stacks. */
export type TriageGroup = LeakGroup;

/** One page of a triage, as the `leaks` request and `retainer-lens leaks --format json` answer it. */
export interface TriagePage {
  leaks: Omit<LeakReport, 'groups'> & { groups: Page<TriageGroup> };
  growth: Page<GrowingCollection>;
}

export class ThreeSnapshotTriage {
  private previous: HeapSnapshot | undefined;
  private previousKeys: Float64Array;
  private readonly ids: IdSet[] = [];
  private readonly samples: CollectionSample[] = [];
  private byId = true;

  constructor(baseline: HeapSnapshot) {
    this.previous = baseline;
    this.previousKeys = baseKeys(baseline);
    this.ids.push(IdSet.of(baseline, this.previousKeys));
    this.samples.push(sampleCollections(baseline, this.previousKeys));
  }

  /** The target snapshot; the baseline is no longer referenced after this. */
  addTarget(target: HeapSnapshot): void {
    const keys = this.carry(target, 1);
    this.ids.push(IdSet.of(target, keys));
  }

  /** The final snapshot: the triage. */
  finish(final: HeapSnapshot, maxSuspects?: number): FullTriage {
    if (this.ids.length !== 2) throw new Error('the target snapshot must be added before the final one');
    const keys = this.carry(final, 2);
    this.previous = undefined;
    return {
      leaks: triageAllLeaks(this.ids[0], this.ids[1], final, maxSuspects, keys),
      growth: findAllGrowth(this.samples),
      matchedBy: this.byId ? 'id' : 'structure',
      traced: final.traces !== undefined,
    };
  }

  private carry(next: HeapSnapshot, step: number): Float64Array {
    const match = carryKeys(this.previous!, this.previousKeys, next, step);
    this.byId &&= match.byId;
    this.previous = next;
    this.previousKeys = match.keys;
    this.samples.push(sampleCollections(next, match.keys));
    return match.keys;
  }
}

/** Triage of three loaded snapshots. */
export function triageThree(
  baseline: HeapSnapshot,
  target: HeapSnapshot,
  final: HeapSnapshot,
  maxSuspects?: number,
): FullTriage {
  const triage = new ThreeSnapshotTriage(baseline);
  triage.addTarget(target);
  return triage.finish(final, maxSuspects);
}

/** A group as a caller may change it (the service adds each one's code), the cached one untouched. */
export function copyGroup(g: LeakGroup): LeakGroup {
  return { ...g, sampleIds: [...g.sampleIds], folded: g.folded.map(copyGroup) };
}

/** A copy of a group (as copyGroup) naming where it and each folded group were allocated, from their samples. */
function triageGroup(g: LeakGroup, final: HeapSnapshot): TriageGroup {
  const allocation = groupAllocationOfIds(final, g.sampleIds);
  return {
    ...g,
    sampleIds: [...g.sampleIds],
    folded: g.folded.map((f) => triageGroup(f, final)),
    ...(allocation ? { allocation } : {}),
  };
}

/** A page of groups and of growing collections (with their holders' paths in `final`); rows are copies. */
export function triagePage(all: FullTriage, final: HeapSnapshot, params: LeakParams): TriagePage {
  const groups = page(all.leaks.groups, params);
  const growth = page(all.growth, params);
  return {
    leaks: {
      suspects: all.leaks.suspects,
      untraced: all.leaks.untraced,
      // Where each group was allocated: the most frequent stack of its samples (leakAllocations.ts).
      groups: { ...groups, items: groups.items.map((g) => triageGroup(g, final)) },
    },
    growth: withPaths(final, {
      ...growth,
      items: growth.items.map((g) => ({ ...g, retainedSizes: [...g.retainedSizes] })),
    }),
  };
}
