// Collections that keep growing: the same Map, Set or Array (matched by node id) whose retained size rises
// in every one of N snapshots. A compact per-snapshot sample lets callers drop each snapshot after reading.
import { indexOfSorted } from './nodeIds';
import { page, type Page, type PageParams } from './queries';
import type { HeapSnapshot } from './snapshot';

const COLLECTIONS = new Set(['Map', 'Set', 'Array', 'WeakMap', 'WeakSet']);

export interface CollectionSample {
  /** Sorted node ids of the collections in one snapshot, with their class and retained size. */
  ids: Uint32Array;
  retained: Float64Array;
  classNames: string[];
}

export function sampleCollections(snapshot: HeapSnapshot): CollectionSample {
  const g = snapshot.graph;
  const picked: number[] = [];
  for (let n = 0; n < g.nodeCount; n++) {
    if (g.nodeType[n] === g.layout.nodeType.object && COLLECTIONS.has(snapshot.className(n))) picked.push(n);
  }
  picked.sort((a, b) => g.nodeId[a] - g.nodeId[b]);
  return {
    ids: Uint32Array.from(picked, (n) => g.nodeId[n]),
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
}

export function findGrowth(samples: CollectionSample[], params: PageParams = {}): Page<GrowingCollection> {
  const found: GrowingCollection[] = [];
  if (samples.length >= 2) {
    const last = samples[samples.length - 1];
    for (let i = 0; i < last.ids.length; i++) {
      const id = last.ids[i];
      const sizes: number[] = [];
      for (const s of samples) {
        const k = indexOfSorted(s.ids, id);
        if (k < 0) break;
        sizes.push(s.retained[k]);
      }
      if (sizes.length !== samples.length) continue;
      if (!sizes.every((size, k) => k === 0 || size > sizes[k - 1])) continue;
      found.push({ id, className: last.classNames[i], retainedSizes: sizes, growth: sizes[sizes.length - 1] - sizes[0] });
    }
  }
  found.sort((a, b) => b.growth - a.growth || a.id - b.id);
  return page(found, params);
}
