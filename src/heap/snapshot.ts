// A fully indexed snapshot: the graph plus everything derived from it. Built by `analyzeSnapshot`, one stage
// at a time with progress and cancellation between stages; queries read the arrays directly.
import { AllocationTraces } from './allocationTraces';
import { computeClasses, type ClassTable } from './classes';
import { computeDominators, type DominatorResult } from './dominators';
import type { DistanceColumn } from './distanceColumn';
import { distanceSearch } from './distances';
import { propagateDomState } from './domState';
import { throwIfAborted } from './errors';
import { emptyEdgeBits, essentialEdgesOf, markPageOwned } from './essentialEdges';
import { HeapGraph } from './graph';
import { buildDominatedNodes, computeRetainedSizes, type DominatedNodes } from './retainedSizes';
import { foldOwnedShallowSizes } from './shallowSizes';
import type { RawSnapshot, SizeArray } from './tokenizer';
import { WeakMapEdgeNames } from './weakMapEdges';
import { analyzeOnHelper, releaseHandoff, type Handoff } from './parallelAnalysis';
import type { Worker } from 'node:worker_threads';

/** Stages in the order they start: the Summary can answer after 'classes', everything else after 'done'. */
export type Stage =
  'read' | 'indexes' | 'flags' | 'shallow sizes' | 'classes' | 'distances' | 'dominators' | 'retained sizes' | 'done';

export interface Progress {
  stage: Stage;
  /** Bytes read so far (stage 'read'). */
  bytes?: number;
  totalBytes?: number;
}

export interface AnalyzeOptions {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /**
   * Keep V8's raw shallow sizes. By default, like Chrome, an internal array or hidden object owned by one
   * object has its size folded into that owner (see shallowSizes.ts).
   */
  rawShallowSizes?: boolean;
}

export class HeapSnapshot {
  /** Distance from the roots per node (`distances.get(n)`); set by the analysis (before `ready`, it may be missing). */
  distances!: DistanceColumn;
  /** Immediate dominator per node; set when `complete`. */
  dominator!: Uint32Array;
  /** Retained sizes: 32-bit when the whole heap is under 4 GiB, else Float64 (see SizeArray). Set when `complete`. */
  retainedSize!: SizeArray;
  /** Nodes the dominator pass reached from the root over essential edges. Set when `complete`. */
  reachableCount = 0;
  /** Distances, dominators and retained sizes are in (queries other than the Summary wait for it: see `ready`). */
  complete = false;
  /** Resolves when `complete`; rejects if the analysis failed. */
  ready: Promise<HeapSnapshot> = Promise.resolve(this);

  constructor(
    readonly graph: HeapGraph,
    readonly classes: ClassTable,
    parts?: { distances: DistanceColumn; dominator: Uint32Array; retainedSize: SizeArray; reachableCount: number },
  ) {
    if (parts) this.finish(parts.distances, parts.dominator, parts.retainedSize, parts.reachableCount);
  }

  finish(distances: DistanceColumn, dominator: Uint32Array, retainedSize: SizeArray, reachableCount: number): void {
    this.distances = distances;
    this.dominator = dominator;
    this.retainedSize = retainedSize;
    this.reachableCount = reachableCount;
    this.complete = true;
  }

  private dominatedNodes?: DominatedNodes;

  /** The helper thread's steps, when it computed the dominators: [step, ms since the epoch at its end]. */
  helperTimeline?: [string, number][];

  /** Allocation stacks, when the snapshot was recorded with allocation tracking (allocationTraces.ts). */
  traces?: AllocationTraces;

  /** Children lists of the dominator tree, built on first use (8 bytes per node, not needed to load). */
  get dominated(): DominatedNodes {
    this.dominatedNodes ??= buildDominatedNodes(this.dominator, this.graph.rootOrdinal);
    return this.dominatedNodes;
  }

  get nodeCount(): number {
    return this.graph.nodeCount;
  }

  get edgeCount(): number {
    return this.graph.edgeCount;
  }

  /**
   * Chrome's total: the root's retained size plus native bytes V8 reports outside the graph. Every node hangs
   * under the root in the dominator tree, so before it is built the shallow sizes' sum is the same number (the
   * classes' sums: no pass over the nodes before the first rows).
   */
  get totalSize(): number {
    const extra = this.graph.header.extra_native_bytes;
    let heap = 0;
    if (this.complete) heap = this.retainedSize[this.graph.rootOrdinal];
    else for (const size of this.classes.shallow) heap += size;
    return heap + (typeof extra === 'number' ? extra : 0);
  }

  className(n: number): string {
    return this.classes.names[this.classes.classOf[n]];
  }

  /** Node ordinal of a snapshot node id, or -1. */
  ordinalOfId(id: number): number {
    return this.graph.nodeIds.ordinalOf(id);
  }
}

/** A view of `length` elements over a dead array's buffer, when it has room for them. */
function roomFor(dead: Uint32Array, length: number): Uint32Array | undefined {
  return dead.buffer.byteLength - dead.byteOffset >= 4 * length
    ? new Uint32Array(dead.buffer, dead.byteOffset, length)
    : undefined;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** How long the distances' search runs before the engine's thread looks at its requests again. */
const DISTANCE_SLICE_MS = 20;

export async function analyzeSnapshot(raw: RawSnapshot, options: AnalyzeOptions = {}): Promise<HeapSnapshot> {
  return (await analyzeProgressively(raw, options)).ready;
}

/**
 * Builds the graph, then the Summary's part first: DOM state, shallow sizes and classes. Resolves with a
 * snapshot whose Summary answers (counts and shallow sizes); `ready` resolves once distances, dominators and
 * retained sizes are in. With `helper` (a helper thread, and the columns in shared memory) the dominator half
 * runs there meanwhile.
 */
export async function analyzeProgressively(
  raw: RawSnapshot,
  options: AnalyzeOptions & { helper?: Worker } = {},
): Promise<HeapSnapshot> {
  const { signal, onProgress, helper } = options;
  const stage = async (name: Stage): Promise<void> => {
    throwIfAborted(signal);
    onProgress?.({ stage: name });
    await tick(); // lets a worker see a cancel message between stages
    throwIfAborted(signal);
  };
  await stage('indexes');
  const graph = new HeapGraph(raw);
  // The loader's id column and locations are compacted in the graph (idColumn.ts, locationTable.ts): let them go.
  const deadIds = graph.nodeIds.parts().plain ? undefined : raw.nodeId;
  raw.nodeId = new Uint32Array(0);
  raw.locations = new Uint32Array(0);
  // The per-node edge counts became firstEdge (firstEdgeColumn.ts): their buffer is dominator scratch.
  const deadCounts = roomFor(raw.nodeEdgeCount, graph.nodeCount + 1);
  (raw as { nodeEdgeCount?: Uint32Array }).nodeEdgeCount = undefined;
  // Shallow sizes in 2 bytes per node (selfSizeColumn.ts); the loaded column's buffer becomes dominator scratch.
  const deadSizes = graph.selfSizes.compact();
  if (deadSizes) raw.nodeSelfSize = new Uint32Array(0);
  const sizesScratch = deadSizes instanceof Uint32Array ? roomFor(deadSizes, graph.nodeCount + 1) : undefined;
  // One buffer of nodeCount + 1: the fold's owners, then the distances' queue, then the dominators' scratch
  // (with a helper thread, in shared memory, handed over once the distances are done).
  const parallel = helper !== undefined && graph.shared;
  // The dead id column's buffer when it has room (the parallel loader leaves it): already resident, and not
  // lingering next to a new array until a collection frees it.
  const reused = deadIds && roomFor(deadIds, graph.nodeCount + 1);
  // The loaded DOM states, once compacted (at 'flags'), are the dominator pass's high bytes (the parallel loader
  // leaves room for nodeCount + 1 of them).
  const loadedStates = raw.nodeDetachedness;
  const statesRoom = loadedStates.buffer.byteLength - loadedStates.byteOffset >= graph.nodeCount + 1;
  const handoff: Handoff | undefined = parallel
    ? {
        queue:
          reused?.buffer instanceof SharedArrayBuffer
            ? reused
            : new Uint32Array(new SharedArrayBuffer(4 * (graph.nodeCount + 1))),
        states:
          loadedStates.buffer instanceof SharedArrayBuffer && statesRoom
            ? new Uint8Array(loadedStates.buffer, loadedStates.byteOffset, graph.nodeCount + 1)
            : undefined,
        free: new Int32Array(new SharedArrayBuffer(8)),
      }
    : undefined;
  const queue = handoff?.queue ?? reused ?? new Uint32Array(graph.nodeCount + 1);
  const onHelper = parallel
    ? analyzeOnHelper(
        helper,
        graph,
        handoff,
        sizesScratch?.buffer instanceof SharedArrayBuffer ? sizesScratch : undefined,
        deadCounts?.buffer instanceof SharedArrayBuffer ? deadCounts : undefined,
      )
    : undefined;
  // Settled later; never an unhandled rejection meanwhile.
  onHelper?.catch(() => undefined);
  // Checked while the helper starts (its critical path is the longer one): a bad reference fails the load here,
  // whatever the helper makes of it meanwhile (it only reads, bounded by the edge counts, and its result is dropped).
  graph.validateReferences(raw.bounds);
  await stage('flags');
  // The queue is dead until the fold (and then until the distances): its buffer serves as scratch meanwhile.
  propagateDomState(graph, queue);
  graph.compactDetachedness();
  raw.nodeDetachedness = graph.nodeDetachedness; // the loader's column, when compacted, is free
  await stage('shallow sizes');
  if (!options.rawShallowSizes) foldOwnedShallowSizes(graph, queue);
  await stage('classes');
  const snapshot = new HeapSnapshot(graph, computeClasses(graph, queue));
  if (raw.traces) snapshot.traces = new AllocationTraces(raw.traces, graph.strings, graph.nodeCount);
  snapshot.ready = (async () => {
    await stage('distances');
    const weakMaps = new WeakMapEdgeNames(graph);
    // In slices: a request that arrives meanwhile (the Summary's first page, right after the open) is answered
    // between two, not after the whole search.
    const search = distanceSearch(graph, weakMaps, queue);
    do {
      await tick();
      throwIfAborted(signal);
    } while (!search.step(performance.now() + DISTANCE_SLICE_MS));
    snapshot.distances = search.distances;
    releaseHandoff(handoff, graph.nodeDetachedness !== loadedStates);
    let doms: DominatorResult;
    if (onHelper) {
      onProgress?.({ stage: 'dominators' });
      const done = await onHelper;
      // Its work is done: ending it now frees the dominator pass's dead arrays (its heap is not collected while idle).
      void helper?.terminate();
      graph.setRetainerIndex(done.index);
      doms = done.doms;
      snapshot.helperTimeline = done.timeline;
      throwIfAborted(signal);
    } else {
      await stage('dominators');
      const walk = sizesScratch ?? new Uint32Array(graph.nodeCount + 1);
      graph.buildRetainerIndex(queue, walk);
      const essential = emptyEdgeBits(graph);
      doms = computeDominators(graph, essential, {
        essentialOf: essentialEdgesOf(graph, weakMaps, markPageOwned(graph, walk), essential),
        scratch: deadCounts ? [deadCounts, queue, walk] : [queue, walk],
        wideSpare: graph.selfSizes.wide,
      });
    }
    await stage('retained sizes');
    const retained = computeRetainedSizes(graph.selfSizes, doms);
    snapshot.finish(snapshot.distances, doms.dominator, retained, doms.reachedFromRoot);
    onProgress?.({ stage: 'done' });
    return snapshot;
  })();
  // Whoever awaits `ready` sees a failure; nobody awaiting it must not make it an unhandled rejection.
  snapshot.ready.catch(() => undefined);
  return snapshot;
}
