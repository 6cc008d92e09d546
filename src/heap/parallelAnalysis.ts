// The dominator half of the analysis on a helper thread: retainer index, page ownership, essential edges and
// Lengauer–Tarjan over the shared columns, while the engine's thread folds shallow sizes, names classes (the
// Summary can answer then) and measures distances. Results come back as transferred buffers, not copies.
import type { Worker } from 'node:worker_threads';
import { computeDominators, type DominatorResult } from './dominators';
import { emptyEdgeBits, essentialEdgesOf, markPageOwned } from './essentialEdges';
import { HeapGraph, type GraphParts, type RetainerIndex } from './graph';
import { StringTable, type StringTableParts } from './stringTable';
import { WeakMapEdgeNames } from './weakMapEdges';

export interface AnalysisRequest {
  kind: 'analyze';
  parts: Omit<GraphParts, 'strings'> & { strings: StringTableParts };
  wideSpare: boolean;
  /** A dead array of nodeCount + 1 elements in shared memory (the loaded shallow sizes), used as scratch. */
  scratch?: Uint32Array;
  /** Another (the loaded edge counts): the retainer index's cursor, then the dominators' `semi`. */
  walk?: Uint32Array;
  /**
   * The engine thread's distance queue (nodeCount + 1 elements, shared) and a flag it sets once the distances
   * are done: from then on the queue is dead there, and the dominator pass's second half may use it.
   */
  handoff?: Handoff;
}

export interface Handoff {
  queue: Uint32Array;
  /**
   * The loaded DOM states (a byte per node, nodeCount + 1 of them, shared): dead once the engine's thread has
   * compacted them (graph.ts compactDetachedness), which [1] of `free` then says.
   */
  states?: Uint8Array;
  /** [0] is 1 once `queue` is free; [1] is 1 when `states` is dead too. */
  free: Int32Array;
}

/** Marks the handed-off queue free (on the engine's thread, after the distances), and the states when `statesDead`. */
export function releaseHandoff(handoff: Handoff | undefined, statesDead = false): void {
  if (!handoff) return;
  if (statesDead) Atomics.store(handoff.free, 1, 1);
  Atomics.store(handoff.free, 0, 1);
  Atomics.notify(handoff.free, 0);
}

/**
 * On the helper thread: waits for the handed-off queue. The dominator pass's second half holds four arrays of 4
 * bytes per node; taking the queue instead of a fifth keeps the peak where it was, and the engine thread's
 * distances usually end before the helper gets there anyway. A failed analysis ends the helper meanwhile.
 */
function takeHandoff(handoff: Handoff): Uint32Array[] {
  while (Atomics.load(handoff.free, 0) !== 1) Atomics.wait(handoff.free, 0, 0, 100);
  return [handoff.queue];
}

/** After `takeHandoff`: the dead DOM states' bytes, when they are. */
function takeStates(handoff: Handoff | undefined): Uint8Array | undefined {
  return handoff?.states && Atomics.load(handoff.free, 1) === 1 ? handoff.states : undefined;
}

export interface AnalysisResult {
  kind: 'analyzed';
  index: RetainerIndex;
  doms: DominatorResult;
  /** When each step ended (ms since the epoch, comparable across threads): the benchmark's per-thread timeline. */
  timeline?: [string, number][];
  error?: string;
}

/** Now in ms since the epoch: performance.now() alone counts from each thread's own start. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/** On the helper thread. */
export function runAnalysis(request: AnalysisRequest): { result: AnalysisResult; transfer: ArrayBuffer[] } {
  const timeline: [string, number][] = [['start', epochNow()]];
  const mark = (step: string): void => void timeline.push([step, epochNow()]);
  const graph = new HeapGraph({ ...request.parts, strings: StringTable.fromParts(request.parts.strings) });
  // Two arrays serve the retainer index's build, the ownership walk, then the dominator pass.
  const scratch = request.scratch ?? new Uint32Array(graph.nodeCount + 1);
  const walk = request.walk ?? new Uint32Array(graph.nodeCount + 1);
  mark('graph');
  const index = graph.buildRetainerIndex(scratch, walk);
  mark('retainer index');
  const weakMaps = new WeakMapEdgeNames(graph);
  const essential = emptyEdgeBits(graph);
  const essentialOf = essentialEdgesOf(graph, weakMaps, markPageOwned(graph, walk), essential);
  mark('page owned');
  const { handoff } = request;
  const doms = computeDominators(graph, essential, {
    essentialOf,
    scratch: [scratch, walk],
    wideSpare: request.wideSpare,
    lateScratch: () => (handoff ? takeHandoff(handoff) : []),
    lateBytes: () => takeStates(handoff),
    mark,
  });
  const transfer = new Set<ArrayBuffer>();
  const { blockStart, length, bytes } = index.retainers;
  for (const a of [blockStart, length, bytes, index.ownerBlock, doms.dominator, doms.preorder.low, doms.preorder.high])
    if (!(a.buffer instanceof SharedArrayBuffer)) transfer.add(a.buffer as ArrayBuffer);
  if (!(doms.spare instanceof SharedArrayBuffer)) transfer.add(doms.spare as ArrayBuffer);
  return { result: { kind: 'analyzed', index, doms, timeline }, transfer: [...transfer] };
}

/** On the engine's thread: hands the graph to `helper` and resolves with its retainer index and dominators. */
export function analyzeOnHelper(
  helper: Worker,
  graph: HeapGraph,
  handoff?: Handoff,
  scratch?: Uint32Array,
  walk?: Uint32Array,
): Promise<{ index: RetainerIndex; doms: DominatorResult; timeline?: [string, number][] }> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: AnalysisResult): void => {
      if (m.kind !== 'analyzed') return;
      cleanup();
      if (m.error) reject(new Error(m.error));
      else resolve({ index: m.index, doms: m.doms, timeline: m.timeline });
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number): void => onError(new Error(`analysis thread exited with code ${code}`));
    const cleanup = (): void => {
      helper.off('message', onMessage);
      helper.off('error', onError);
      helper.off('exit', onExit);
    };
    helper.on('message', onMessage);
    helper.on('error', onError);
    helper.on('exit', onExit);
    const { header, layout, nodeCount, edgeCount, nodeType, nodeNameCode, nodeNames } = graph;
    const request: AnalysisRequest = {
      kind: 'analyze',
      parts: {
        header,
        layout,
        nodeCount,
        edgeCount,
        nodeType,
        nodeName: nodeNameCode,
        nodeNames,
        nodeId: new Uint32Array(0),
        ids: graph.nodeIds.parts(),
        nodeSelfSize: new Uint32Array(0), // not read there (and compact here: selfSizeColumn.ts)
        nodeDetachedness: new Uint8Array(0), // not read there
        edgeInfo: graph.edgeInfo,
        edgeNames: graph.edgeNames,
        edgeTo: graph.edgeTo,
        locations: new Uint32Array(0),
        firstEdge: graph.firstEdge.parts(),
        strings: graph.strings.parts(),
      },
      wideSpare: graph.selfSizes.wide,
      handoff,
      scratch,
      walk,
    };
    helper.postMessage(request);
  });
}
