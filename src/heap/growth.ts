// Collections that keep growing: the same Map, Set or Array (matched by node id) whose retained size rises
// in every one of N snapshots. A compact per-snapshot sample lets callers drop each snapshot after reading.
import { holderOf, readablePath, type LeakHolder } from './holders';
import type { SourceLocation } from './sourceLocation';
import { indexOfSorted } from './idColumn';
import { isRuntimeScript } from './objectNames';
import { hopsFromRoot } from './shortestPaths';
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

/** `Array.prototype` and kin: a class's prototype is no collection. */
function isPrototype(g: HeapSnapshot['graph'], n: number): boolean {
  let found = false;
  g.forEachRetainer(n, (e) => {
    if (g.edgeHasStringName(e) && g.edgeNameString(e) === 'prototype') found = true;
    return !found;
  });
  return found;
}

/** The collections of one snapshot; `keys` (one per node, see match.ts) identify them across snapshots. */
export function sampleCollections(snapshot: HeapSnapshot, keys?: Float64Array): CollectionSample {
  const g = snapshot.graph;
  const picked: number[] = [];
  for (let n = 0; n < g.nodeCount; n++) {
    if (g.nodeType[n] === g.layout.nodeType.object && COLLECTIONS.has(snapshot.className(n)) && !isPrototype(g, n))
      picked.push(n);
  }
  const key = (n: number): number => (keys ? keys[n] : g.idOf(n));
  picked.sort((a, b) => key(a) - key(b));
  return {
    ids: Uint32Array.from(picked, (n) => g.idOf(n)),
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
  /** Shortest retainer path in the last snapshot, as a user reads it: `(GC roots) → … → cache.js → buildReport() → reportCache` (see `withPaths`). */
  path?: string;
  /** What holds the collection: `variable \`reportCache\` captured by buildReport()`. */
  holder?: LeakHolder;
  /** The program's function whose scope holds it (where to look in the code). */
  location?: SourceLocation;
}

/** Adds each collection's holder and shortest root path in the last snapshot. */
export function withPaths(last: HeapSnapshot, found: Page<GrowingCollection>): Page<GrowingCollection> {
  for (const c of found.items) {
    const ordinal = last.ordinalOfId(c.id);
    if (ordinal < 0) continue;
    const hops = hopsFromRoot(last, ordinal);
    c.path = readablePath(last, hops).text;
    c.holder = holderOf(last, hops);
    const at = c.holder.function?.location;
    if (at && !isRuntimeScript(at.url)) c.location = at;
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
