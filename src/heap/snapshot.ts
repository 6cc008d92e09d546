// A fully indexed snapshot: the graph plus everything derived from it. Built by `analyzeSnapshot`, one stage
// at a time with progress and cancellation between stages; queries read the arrays directly.
import { AllocationTraces } from './allocationTraces';
import { computeClasses, type ClassTable } from './classes';
import { computeDominators } from './dominators';
import { computeDistances } from './distances';
import { propagateDomState } from './domState';
import { throwIfAborted } from './errors';
import { computeEssentialEdges, markPageOwned } from './essentialEdges';
import { HeapGraph } from './graph';
import { indexOfSorted } from './nodeIds';
import { buildDominatedNodes, computeRetainedSizes, type DominatedNodes } from './retainedSizes';
import { foldOwnedShallowSizes } from './shallowSizes';
import type { RawSnapshot, SizeArray } from './tokenizer';
import { WeakMapEdgeNames } from './weakMapEdges';

export type Stage =
  'read' | 'indexes' | 'flags' | 'shallow sizes' | 'distances' | 'dominators' | 'retained sizes' | 'classes' | 'done';

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
  constructor(
    readonly graph: HeapGraph,
    readonly distances: Int32Array,
    readonly dominator: Uint32Array,
    /** Retained sizes: 32-bit when the whole heap is under 4 GiB, else Float64 (see SizeArray). */
    readonly retainedSize: SizeArray,
    dominated: DominatedNodes | undefined,
    readonly classes: ClassTable,
    /** Nodes the dominator pass reached from the root over essential edges. */
    readonly reachableCount: number,
  ) {
    this.dominatedNodes = dominated;
  }

  private dominatedNodes?: DominatedNodes;

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

  /** Chrome's total: the root's retained size plus native bytes V8 reports outside the graph. */
  get totalSize(): number {
    const extra = this.graph.header.extra_native_bytes;
    return this.retainedSize[this.graph.rootOrdinal] + (typeof extra === 'number' ? extra : 0);
  }

  className(n: number): string {
    return this.classes.names[this.classes.classOf[n]];
  }

  private idsSorted?: boolean;
  private idIndex?: Map<number, number>;

  /** Node ordinal of a snapshot node id, or -1. */
  ordinalOfId(id: number): number {
    const ids = this.graph.nodeId;
    if (this.idsSorted === undefined) {
      // V8 writes ids in ascending order, so a binary search works; other writers get a map.
      let sorted = true;
      for (let i = 1; i < ids.length && sorted; i++) if (ids[i] <= ids[i - 1]) sorted = false;
      this.idsSorted = sorted;
      if (!sorted) {
        this.idIndex = new Map();
        for (let i = 0; i < ids.length; i++) if (!this.idIndex.has(ids[i])) this.idIndex.set(ids[i], i);
      }
    }
    return this.idsSorted ? indexOfSorted(ids, id) : (this.idIndex!.get(id) ?? -1);
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function analyzeSnapshot(raw: RawSnapshot, options: AnalyzeOptions = {}): Promise<HeapSnapshot> {
  const { signal, onProgress } = options;
  const stage = async (name: Stage): Promise<void> => {
    throwIfAborted(signal);
    onProgress?.({ stage: name });
    await tick(); // lets a worker see a cancel message between stages
    throwIfAborted(signal);
  };
  await stage('indexes');
  const graph = new HeapGraph(raw);
  // The per-node edge counts live on in firstEdge; their buffer serves as scratch for the dominator pass.
  const scratch = raw.nodeEdgeCount;
  (raw as { nodeEdgeCount?: Uint32Array }).nodeEdgeCount = undefined;
  await stage('flags');
  propagateDomState(graph);
  const weakMaps = new WeakMapEdgeNames(graph);
  const essential = computeEssentialEdges(graph, weakMaps, markPageOwned(graph));
  await stage('shallow sizes');
  if (!options.rawShallowSizes) foldOwnedShallowSizes(graph);
  await stage('distances');
  const queue = new Uint32Array(graph.nodeCount + 1);
  const distances = computeDistances(graph, weakMaps, queue);
  await stage('dominators');
  const doms = computeDominators(graph, essential, {
    scratch: [queue, scratch],
    wideSpare: !(graph.nodeSelfSize instanceof Uint32Array),
  });
  await stage('retained sizes');
  const retained = computeRetainedSizes(graph.nodeSelfSize, doms);
  await stage('classes');
  const classes = computeClasses(graph);
  const snapshot = new HeapSnapshot(
    graph,
    distances,
    doms.dominator,
    retained,
    undefined,
    classes,
    doms.reachedFromRoot,
  );
  if (raw.traces) snapshot.traces = new AllocationTraces(raw.traces, graph.strings, graph.nodeCount);
  onProgress?.({ stage: 'done' });
  return snapshot;
}
