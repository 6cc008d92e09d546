// Collections that keep growing: the same Map, Set or Array (matched by node id) whose retained size rises
// in every one of N snapshots. A compact per-snapshot sample lets callers drop each snapshot after reading.
import { indexOfSorted } from './nodeIds';
import { pathsToRoot } from './paths';
import { page, type Page, type PageParams } from './queries';
import type { HeapSnapshot } from './snapshot';

const COLLECTIONS = new Set(['Map', 'Set', 'Array', 'WeakMap', 'WeakSet']);

export interface CollectionSample {
  /** Node ids of the collections in one snapshot, in the order of `keys`, with their class and retained size. */
  ids: Uint32Array;
  /** Sorted identity keys: the node ids, or the keys match.ts carried over when ids were not comparable. */
  keys: Float64Array;
  retained: Float64Array;
  classNames: string[];
}

/** The collections of one snapshot; `keys` (one per node, see match.ts) identify them across snapshots. */
export function sampleCollections(snapshot: HeapSnapshot, keys?: Float64Array): CollectionSample {
  const g = snapshot.graph;
  const picked: number[] = [];
  for (let n = 0; n < g.nodeCount; n++) {
    if (g.nodeType[n] === g.layout.nodeType.object && COLLECTIONS.has(snapshot.className(n))) picked.push(n);
  }
  const key = (n: number): number => (keys ? keys[n] : g.nodeId[n]);
  picked.sort((a, b) => key(a) - key(b));
  return {
    ids: Uint32Array.from(picked, (n) => g.nodeId[n]),
    keys: Float64Array.from(picked, key),
    retained: Float64Array.from(picked, (n) => snapshot.retainedSize[n]),
    classNames: picked.map((n) => snapshot.className(n)),
  };
}

export interface GrowingCollection {
  id: number;
  className: string;
  /** Retained size in each snapshot, oldest first. */
  retainedSizes: number[];
  growth: number;
  /** Shortest retainer path in the last snapshot, e.g. `…buildReport{context}->reportCache` (see `withPaths`). */
  path?: string;
}

/** Adds each collection's shortest root path in the last snapshot, which names the holding variable. */
export function withPaths(last: HeapSnapshot, found: Page<GrowingCollection>): Page<GrowingCollection> {
  for (const c of found.items) {
    const ordinal = last.ordinalOfId(c.id);
    if (ordinal >= 0) c.path = pathsToRoot(last, { ordinal, maxPaths: 1 }).items[0]?.text;
  }
  return found;
}

export function findGrowth(samples: CollectionSample[], params: PageParams = {}): Page<GrowingCollection> {
  return page(findAllGrowth(samples), params);
}

/** Every growing collection, largest growth first (what `findGrowth` pages through). */
export function findAllGrowth(samples: CollectionSample[]): GrowingCollection[] {
  const found: GrowingCollection[] = [];
  if (samples.length >= 2) {
    const last = samples[samples.length - 1];
    for (let i = 0; i < last.keys.length; i++) {
      const id = last.ids[i];
      const sizes: number[] = [];
      for (const s of samples) {
        const k = indexOfSorted(s.keys, last.keys[i]);
        if (k < 0) break;
        sizes.push(s.retained[k]);
      }
      if (sizes.length !== samples.length) continue;
      if (!sizes.every((size, k) => k === 0 || size > sizes[k - 1])) continue;
      found.push({
        id,
        className: last.classNames[i],
        retainedSizes: sizes,
        growth: sizes[sizes.length - 1] - sizes[0],
      });
    }
  }
  found.sort((a, b) => b.growth - a.growth || a.id - b.id);
  return found;
}
