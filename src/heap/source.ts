// Where an object was defined in source: a closure's own location, or for any other object its
// constructor's (`__proto__.constructor`, else the `constructor` of its map, up the map's `back_pointer`
// transition chain). Walked over the graph in one call, so the explorer asks once per selection. In a
// snapshot recorded with allocation stacks, any other object (an array, a string, a Map entry) has one too:
// the function that allocated it.
import { resolveNode, type NodeRef } from './edges';
import { location, type SourceLocation } from './location';
import { nodeRow } from './queries';
import type { HeapSnapshot } from './snapshot';

export interface FoundSource {
  location: SourceLocation;
  /** The node whose location it is (the closure itself, the constructor, or the object for an allocation). */
  nodeId: number;
  via: 'closure' | 'constructor' | 'allocation';
  /** Name of the function at that location. */
  functionName: string;
}

/** How far up a map's transition chain the constructor is looked for. */
const MAX_MAP_STEPS = 16;

function child(snapshot: HeapSnapshot, n: number, name: string): number {
  const g = snapshot.graph;
  if (n < 0) return -1;
  for (let e = g.firstEdge.get(n); e < g.firstEdge.get(n + 1); e++) {
    if (g.edgeHasStringName(e) && g.edgeNameString(e) === name) return g.targetOf(e);
  }
  return -1;
}

function isClosure(snapshot: HeapSnapshot, n: number): boolean {
  return n >= 0 && snapshot.graph.nodeType[n] === snapshot.graph.layout.nodeType.closure;
}

/** `__proto__.constructor`, else the root map's `constructor` up the map's transition (back_pointer) chain. */
function constructorOf(snapshot: HeapSnapshot, n: number): number {
  const viaProto = child(snapshot, child(snapshot, n, '__proto__'), 'constructor');
  if (isClosure(snapshot, viaProto)) return viaProto;
  let map = child(snapshot, n, 'map');
  for (let steps = 0; map >= 0 && steps < MAX_MAP_STEPS; steps++) {
    const ctor = child(snapshot, map, 'constructor');
    if (ctor >= 0) return isClosure(snapshot, ctor) ? ctor : -1;
    map = child(snapshot, map, 'back_pointer');
  }
  return -1;
}

export function sourceOf(snapshot: HeapSnapshot, ref: NodeRef): FoundSource | null {
  const g = snapshot.graph;
  const n = resolveNode(snapshot, ref);
  const found = isClosure(snapshot, n)
    ? { at: n, via: 'closure' as const }
    : g.nodeType[n] === g.layout.nodeType.object
      ? { at: constructorOf(snapshot, n), via: 'constructor' as const }
      : undefined;
  const where = found && found.at >= 0 ? location(snapshot, { ordinal: found.at }) : null;
  if (!found || found.at < 0 || !where) return allocatedAt(snapshot, n);
  return {
    location: where,
    nodeId: g.idOf(found.at),
    via: found.via,
    functionName: nodeRow(snapshot, found.at).name,
  };
}

/** The allocating function of an object, from allocation stacks (the innermost frame with a script). */
function allocatedAt(snapshot: HeapSnapshot, n: number): FoundSource | null {
  const traces = snapshot.traces;
  const t = traces ? traces.traceNodeOf(n) : -1;
  if (!traces || t < 0) return null;
  const frame = traces.frameOf(traces.siteNode[t]);
  if (!frame.url || frame.line < 0) return null;
  return {
    location: { scriptId: frame.scriptId, url: frame.url, line: frame.line, column: Math.max(0, frame.column) },
    nodeId: snapshot.graph.idOf(n),
    via: 'allocation',
    functionName: frame.name,
  };
}
