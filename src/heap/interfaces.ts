// Chrome names popular shapes of plain `Object`s by their properties, e.g. `{x, y}` (HeapSnapshot.ts
// inferInterfaceDefinitions / applyInterfaceDefinitions). We follow it so class names match the Summary view.
import { EDGE_TYPE_SHIFT } from './edgeInfo';
import type { HeapGraph } from './graph';

const MIN_PROPERTY_COUNT = 1;
const MAX_NAME_LENGTH = 120;
const MIN_OBJECTS_PER_INTERFACE = 2;
const MIN_PROPORTION_PER_INTERFACE = 1000;

interface Definition {
  name: string;
  properties: string[];
  count: number;
}
interface MatchInfo {
  name: string;
  propertyCount: number;
  index: number;
}
interface TreeNode {
  next: Map<string, TreeNode>;
  match: MatchInfo | null;
  greatestNext: string | null;
}

function formatPropertyName(name: string): string {
  if (/[,'"{}]/.test(name)) {
    const json = JSON.stringify({ [name]: 0 });
    return json.substring(1, json.length - 3);
  }
  return name;
}

function isPlainObject(graph: HeapGraph, n: number, objectName: number): boolean {
  return graph.nodeType[n] === graph.layout.nodeType.object && graph.nameOf(n) === objectName;
}

/**
 * Plain objects by shape: their property names' string indices in edge order. Objects of one shape get the same
 * definition and the same interface, so each shape's names are decoded, formatted and matched once (a real heap
 * has hundreds of shapes over hundreds of thousands of plain objects).
 */
class ShapeMemo<T> {
  private readonly buckets = new Map<number, { names: number[]; value: T }[]>();
  private node = -1;
  private hash = 0;

  constructor(
    private readonly graph: HeapGraph,
    private readonly property: number,
  ) {}

  /**
   * The value kept for node n's shape, or undefined (then `set` keeps one for it). Hashed and compared on the edges
   * themselves: no list per object (most objects have a shape seen before).
   */
  get(n: number): T | undefined {
    const { graph, property } = this;
    const { firstEdge, edgeTo } = graph;
    const from = firstEdge.get(n),
      end = firstEdge.get(n + 1);
    let hash = 0,
      count = 0;
    for (let e = from; e < end; e++) {
      if (edgeTo[e] >>> EDGE_TYPE_SHIFT !== property) continue;
      hash = (Math.imul(hash, 31) + graph.edgeNameOf(e)) | 0;
      count++;
    }
    this.node = n;
    this.hash = hash;
    const bucket = this.buckets.get(hash);
    if (!bucket) return undefined;
    for (const shape of bucket) {
      const names = shape.names;
      if (names.length !== count) continue;
      let i = 0;
      for (let e = from; e < end && i < count; e++) {
        if (edgeTo[e] >>> EDGE_TYPE_SHIFT !== property) continue;
        if (names[i] !== graph.edgeNameOf(e)) break;
        i++;
      }
      if (i === count) return shape.value;
    }
    return undefined;
  }

  /** Keeps `value` for the shape of the node `get` was last asked about. */
  set(value: T): void {
    const { graph, property } = this;
    const { firstEdge, edgeTo } = graph;
    const names: number[] = [];
    for (let e = firstEdge.get(this.node), end = firstEdge.get(this.node + 1); e < end; e++)
      if (edgeTo[e] >>> EDGE_TYPE_SHIFT === property) names.push(graph.edgeNameOf(e));
    const bucket = this.buckets.get(this.hash);
    if (bucket) bucket.push({ names, value });
    else this.buckets.set(this.hash, [{ names, value }]);
  }
}

/** The string index of "Object" (V8 deduplicates strings, so there is at most one), or -1. */
export function findObjectNameIndex(graph: HeapGraph): number {
  const objectType = graph.layout.nodeType.object;
  for (let n = 0; n < graph.nodeCount; n++) {
    if (
      graph.nodeType[n] === objectType &&
      graph.strings.rawLength(graph.nameOf(n)) === 6 &&
      graph.nodeNameString(n) === 'Object'
    )
      return graph.nameOf(n);
  }
  return -1;
}

function inferDefinitions(graph: HeapGraph, objectName: number): Definition[] {
  const property = graph.layout.edgeType.property;
  const candidates = new Map<string, Definition>();
  const shapes = new ShapeMemo<Definition | null>(graph, property);
  let total = 0;
  for (let n = 0; n < graph.nodeCount; n++) {
    if (!isPlainObject(graph, n, objectName)) continue;
    total++;
    let candidate = shapes.get(n);
    if (candidate === undefined) {
      candidate = candidateOf(graph, n, candidates);
      shapes.set(candidate);
    }
    if (candidate) candidate.count++;
  }
  const sorted = [...candidates.values()].sort((a, b) => b.count - a.count);
  const minCount = Math.max(MIN_OBJECTS_PER_INTERFACE, total / MIN_PROPORTION_PER_INTERFACE);
  const result: Definition[] = [];
  for (const c of sorted) {
    if (c.count < minCount) break;
    result.push(c);
  }
  return result;
}

/** Node n's candidate definition (shared by every shape with the same name; count 0 when new), or null. */
function candidateOf(graph: HeapGraph, n: number, candidates: Map<string, Definition>): Definition | null {
  const { firstEdge, edgeTo } = graph;
  const property = graph.layout.edgeType.property;
  let name = '{';
  const properties: string[] = [];
  for (let e = firstEdge.get(n); e < firstEdge.get(n + 1); e++) {
    if (edgeTo[e] >>> EDGE_TYPE_SHIFT !== property) continue;
    const edgeName = graph.edgeNameString(e);
    if (edgeName === '__proto__') continue;
    const formatted = formatPropertyName(edgeName);
    if (name.length > MIN_PROPERTY_COUNT && name.length + formatted.length > MAX_NAME_LENGTH) break;
    if (name.length !== 1) name += ', ';
    name += formatted;
    properties.push(edgeName);
  }
  if (properties.length === 0) return null;
  name += '}';
  let candidate = candidates.get(name);
  if (!candidate) candidates.set(name, (candidate = { name, properties, count: 0 }));
  return candidate;
}

function better(a: MatchInfo, b: MatchInfo | null): MatchInfo {
  if (!b || a.propertyCount > b.propertyCount) return a;
  if (b.propertyCount > a.propertyCount) return b;
  return a.index <= b.index ? a : b;
}

/**
 * Names plain objects by interface: `(n) => name`, the interface name that replaces "Object" as node n's class, or
 * undefined (n keeps its own name); only ever asked about plain objects (type object, named "Object"). Each shape is
 * matched once; no entry per node is kept.
 */
export function inferInterfaceNames(graph: HeapGraph, objectName: number): (n: number) => string | undefined {
  const none = (): undefined => undefined;
  if (objectName < 0) return none;
  const definitions = inferDefinitions(graph, objectName);
  if (definitions.length === 0) return none;
  const tree: TreeNode = { next: new Map(), match: null, greatestNext: null };
  definitions.forEach((definition, index) => {
    const properties = [...definition.properties].sort();
    let current = tree;
    for (const p of properties) {
      let next = current.next.get(p);
      if (!next) {
        next = { next: new Map(), match: null, greatestNext: null };
        current.next.set(p, next);
        if (current.greatestNext === null || current.greatestNext < p) current.greatestNext = p;
      }
      current = next;
    }
    if (!current.match) current.match = { name: definition.name, propertyCount: properties.length, index };
  });
  const initial: MatchInfo = { name: 'Object', propertyCount: 0, index: Infinity };
  const { firstEdge, edgeTo } = graph;
  const property = graph.layout.edgeType.property;
  const shapes = new ShapeMemo<string | null>(graph, property);
  return (n: number): string | undefined => {
    const known = shapes.get(n);
    if (known !== undefined) return known ?? undefined;
    const properties: string[] = [];
    for (let e = firstEdge.get(n); e < firstEdge.get(n + 1); e++)
      if (edgeTo[e] >>> EDGE_TYPE_SHIFT === property) properties.push(graph.edgeNameString(e));
    properties.sort();
    const states = new Set<TreeNode>([tree]);
    let match = better(initial, tree.match);
    for (const p of properties) {
      for (const state of [...states]) {
        if (state.greatestNext === null || p >= state.greatestNext) states.delete(state);
        const next = state.next.get(p);
        if (next) {
          states.add(next);
          match = better(match, next.match);
        }
      }
    }
    shapes.set(match !== initial ? match.name : null);
    return match !== initial ? match.name : undefined;
  };
}
