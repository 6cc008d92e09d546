// The loaded graph in typed columns, plus the two indexes every later stage needs: first-edge offsets and
// the reverse (retainer) index. Validation of cross-references happens here, once, so stages can trust them.
import {
  EDGE_NAMES,
  EDGE_TARGET_MASK,
  EDGE_TYPE_SHIFT,
  MAX_NODES,
  NAME_BLOCK_SHIFT,
  edgeNameAt,
  NODE_NAMES,
  nodeNameAt,
  type EdgeNameParts,
} from './edgeInfo';
import { HeapSnapshotError } from './errors';
import { FirstEdgeColumn, type FirstEdgeParts } from './firstEdgeColumn';
import { NodeIdColumn, type IdColumnParts } from './idColumn';
import { LocationTable } from './locationTable';
import { SelfSizeColumn } from './selfSizeColumn';
import type { Layout, SnapshotHeader } from './meta';
import type { StringTable } from './stringTable';
import { buildRetainerLists, forEachRetainerEdge, retainerCount, type RetainerLists } from './retainerIndex';
import type { DecodedBounds, RawSnapshot } from './tokenizer';
import { checkGraph } from './validate';

const OWNER_BLOCK = 32;

/** The reverse (retainer) index: built with the dominators, possibly on a helper thread (parallelAnalysis.ts). */
export interface RetainerIndex {
  retainers: RetainerLists;
  ownerBlock: Uint32Array;
}

/** What a graph is made of: the loaded columns and, when given, first-edge offsets built elsewhere. */
export type GraphParts = Omit<RawSnapshot, 'nodeEdgeCount'> & {
  nodeEdgeCount?: Uint32Array;
  firstEdge?: FirstEdgeParts;
  /** The ids already compacted (then `nodeId` is not read). */
  ids?: IdColumnParts;
};

export class HeapGraph {
  readonly header: SnapshotHeader;
  readonly layout: Layout;
  readonly strings: StringTable;
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly rootOrdinal: number;
  readonly nodeType: Uint8Array;
  /** Node names as 16-bit codes (edgeInfo.ts NODE_NAMES): read a node's string index with `nameOf`. */
  readonly nodeNameCode: Uint16Array;
  readonly nodeNames: EdgeNameParts;
  /** Node ids, compact (idColumn.ts): read them with `idOf`. */
  readonly nodeIds: NodeIdColumn;
  /** Shallow sizes (read them with `selfSizeOf`); Chrome's owner folding (shallowSizes.ts) rewrites them first. */
  readonly selfSizes: SelfSizeColumn;
  /**
   * DOM state per node (0 unknown, 1 attached, 2 detached) as loaded; propagateDomState rewrites it, then
   * `compactDetachedness` keeps only the nonzero states. Read it with `detachednessOf`.
   */
  nodeDetachedness: Uint8Array;
  /** Once compacted: the ordinals with a nonzero state, ascending, and their states. */
  private detachedOrdinals?: Uint32Array;
  private detachedStates?: Uint8Array;
  /** Bit per node: Chrome shows its name as "Detached <name>" (see domState.ts). */
  detachedName?: Uint8Array;
  /**
   * Name code of each edge in 16 bits (edgeInfo.ts): the name (a string index, or the element or hidden index) is
   * read with `edgeNameOf`.
   */
  readonly edgeInfo: Uint16Array;
  /** What edge names need besides their codes (edgeInfo.ts). */
  readonly edgeNames: EdgeNameParts;
  /**
   * Each edge's type and target in one word: `edgeTo[e] >>> EDGE_TYPE_SHIFT` is the type (`edgeTypeOf`),
   * `edgeTo[e] & EDGE_TARGET_MASK` the target node (`targetOf`).
   */
  readonly edgeTo: Uint32Array;
  /** The snapshot's `locations` records, compact (locationTable.ts). */
  readonly locations: LocationTable;
  /** Edges of node n are firstEdge.get(n) .. firstEdge.get(n + 1) - 1 (edge ordinals; firstEdgeColumn.ts). */
  readonly firstEdge: FirstEdgeColumn;
  /**
   * Retainers of each node: edge ordinals, compact (retainerIndex.ts); read them with `forEachRetainer`. Set by
   * `buildRetainerIndex` or `setRetainerIndex` (before that, only forward traversals work).
   */
  retainers!: RetainerLists;
  /** Owner of the first edge of each block of OWNER_BLOCK edges, plus a sentinel: narrows `edgeOwner`'s search. */
  ownerBlock!: Uint32Array;
  /** The columns live in SharedArrayBuffers: helper threads can work on this graph. */
  readonly shared: boolean;

  /**
   * Checks the root and builds first-edge offsets (unless given). References are checked by
   * `validateReferences`, the retainer index built by `buildRetainerIndex`: `fromRaw` does all three.
   */
  constructor(raw: GraphParts) {
    this.header = raw.header;
    this.layout = raw.layout;
    this.strings = raw.strings;
    this.nodeCount = raw.nodeCount;
    this.edgeCount = raw.edgeCount;
    this.nodeType = raw.nodeType;
    this.nodeNameCode = raw.nodeName;
    this.nodeNames = raw.nodeNames;
    this.selfSizes = raw.selfSizes ?? new SelfSizeColumn(raw.nodeSelfSize);
    this.nodeDetachedness = raw.nodeDetachedness;
    this.edgeInfo = raw.edgeInfo;
    this.edgeNames = raw.edgeNames;
    this.edgeTo = raw.edgeTo;
    if (this.nodeCount === 0) throw new HeapSnapshotError('corrupt heap snapshot: no nodes');
    if (this.nodeCount > MAX_NODES)
      throw new HeapSnapshotError(
        `heap snapshot too large: ${this.nodeCount} nodes (at most ${MAX_NODES} are supported)`,
      );
    // validate.ts hook 3, once: a helper thread's copy (given firstEdge) was checked on the main side.
    if (!raw.firstEdge) checkGraph(raw);
    this.nodeIds = raw.ids ? NodeIdColumn.fromParts(raw.ids) : NodeIdColumn.from(raw.nodeId, raw.nodeCount);
    this.locations =
      raw.locations instanceof LocationTable
        ? raw.locations
        : LocationTable.from(raw.locations, this.layout.locationFields.length);
    const rootIndex = raw.header.root_index ?? 0;
    if (
      typeof rootIndex !== 'number' ||
      rootIndex % this.layout.nodeFieldCount !== 0 ||
      rootIndex / this.layout.nodeFieldCount >= this.nodeCount
    ) {
      throw new HeapSnapshotError(`corrupt heap snapshot: root_index ${String(rootIndex)} is not a node`);
    }
    this.rootOrdinal = rootIndex / this.layout.nodeFieldCount;
    this.shared = raw.edgeTo.buffer instanceof SharedArrayBuffer;
    // The edge counts are dead after this (the loaders' column is scratch for the dominator pass: snapshot.ts).
    this.firstEdge = raw.firstEdge
      ? FirstEdgeColumn.fromParts(raw.firstEdge)
      : FirstEdgeColumn.fromCounts(raw.nodeEdgeCount!, this.nodeCount, this.edgeCount, this.shared);
  }

  /** The whole graph in this thread: offsets, checks and the retainer index. */
  static fromRaw(raw: RawSnapshot): HeapGraph {
    const graph = new HeapGraph(raw);
    graph.validateReferences();
    graph.buildRetainerIndex();
    return graph;
  }

  /** `scratch`, `cursor`: dead arrays of at least nodeCount and nodeCount + 1 elements, used while building. */
  buildRetainerIndex(scratch?: Uint32Array, cursor?: Uint32Array): RetainerIndex {
    this.retainers = buildRetainerLists(this.nodeCount, this.firstEdge, this.edgeTo, scratch, cursor);
    this.ownerBlock = this.buildOwnerBlocks();
    return { retainers: this.retainers, ownerBlock: this.ownerBlock };
  }

  setRetainerIndex(index: RetainerIndex): void {
    this.retainers = index.retainers;
    this.ownerBlock = index.ownerBlock;
  }

  /** Calls `visit(edge, from)` for each edge pointing at node n, in edge order; stops when it returns false. */
  forEachRetainer(n: number, visit: (e: number, from: number) => boolean | void): void {
    forEachRetainerEdge(this.retainers, this.firstEdge, n, (e) => visit(e, this.edgeOwner(e)));
  }

  /** How many edges point at node n (weak ones included). */
  retainerCount(n: number): number {
    return retainerCount(this.retainers, n);
  }

  private buildOwnerBlocks(): Uint32Array {
    const { nodeCount, edgeCount, firstEdge } = this;
    const blocks = Math.ceil(edgeCount / OWNER_BLOCK);
    const owner = new Uint32Array(blocks + 1);
    let b = 0;
    for (let n = 0; n < nodeCount && b < blocks; n++) {
      const end = firstEdge.get(n + 1);
      while (b < blocks && b * OWNER_BLOCK < end) owner[b++] = n;
    }
    owner[blocks] = nodeCount - 1;
    return owner;
  }

  selfSizeOf(n: number): number {
    return this.selfSizes.get(n);
  }

  /** The node whose edge `e` is: a binary search over firstEdge within the edge's block. */
  edgeOwner(e: number): number {
    const fe = this.firstEdge;
    const block = (e / OWNER_BLOCK) | 0;
    let lo = this.ownerBlock[block];
    if (fe.get(lo + 1) > e) return lo;
    let hi = this.ownerBlock[block + 1];
    // Invariant: fe(lo) <= e < fe(hi + 1); find the last n with fe(n) <= e.
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (fe.get(mid) <= e) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * `bounds`: what the decode threads saw (tokenizer.ts DecodedBounds); when they are in range, so is every
   * reference, and no pass is needed. Otherwise (or without them) the pass finds the first bad one.
   */
  validateReferences(bounds?: DecodedBounds): void {
    const { nodeCount, edgeCount, edgeTo, edgeInfo, edgeNames, nodeNameCode, nodeNames } = this;
    const stringCount = this.strings.fileCount;
    if (bounds && bounds.maxTarget < nodeCount && bounds.maxEdgeName < stringCount && bounds.maxNodeName < stringCount)
      return;
    // One pass over the edges; a target out of range is reported before a name out of range, wherever it is.
    // Names are checked on their codes (edgeInfo.ts); the escaped ones after the pass.
    const { element, hidden } = this.layout.edgeType;
    const stringNamed = (e: number): boolean => {
      const t = edgeTo[e] >>> EDGE_TYPE_SHIFT;
      return t !== element && t !== hidden;
    };
    let badName = -1;
    for (let e = 0; e < edgeCount; e++) {
      const to = edgeTo[e] & EDGE_TARGET_MASK;
      if (to >= nodeCount) {
        // A target past MAX_NODES was kept as EDGE_TARGET_MASK (edgeInfo.ts edgeWord).
        const shown = to === EDGE_TARGET_MASK ? `${to} or more` : String(to);
        throw new HeapSnapshotError(`corrupt heap snapshot: edge ${e} points to node ${shown} of ${nodeCount}`);
      }
      const code = edgeInfo[e];
      if (badName >= 0 || (code < EDGE_NAMES.direct && code < stringCount) || code === EDGE_NAMES.escape) continue;
      const name =
        code < EDGE_NAMES.direct ? code : edgeNames.base[e >>> NAME_BLOCK_SHIFT] + (code - EDGE_NAMES.direct);
      if (name >= stringCount && stringNamed(e)) badName = e;
    }
    const { escapeEdges, escapeNames } = edgeNames;
    for (let i = 0; i < escapeEdges.length && (badName < 0 || escapeEdges[i] < badName); i++) {
      if (escapeNames[i] >= stringCount && stringNamed(escapeEdges[i])) badName = escapeEdges[i];
    }
    if (badName >= 0) {
      throw new HeapSnapshotError(
        `corrupt heap snapshot: edge ${badName} names string ${this.edgeNameOf(badName)} of ${stringCount}`,
      );
    }
    let badNode = -1;
    for (let n = 0; n < nodeCount && badNode < 0; n++) {
      const code = nodeNameCode[n];
      if (
        code < NODE_NAMES.direct
          ? code >= stringCount
          : code !== NODE_NAMES.escape &&
            nodeNames.base[n >>> NAME_BLOCK_SHIFT] + (code - NODE_NAMES.direct) >= stringCount
      )
        badNode = n;
    }
    for (let i = 0; i < nodeNames.escapeEdges.length && (badNode < 0 || nodeNames.escapeEdges[i] < badNode); i++) {
      if (nodeNames.escapeNames[i] >= stringCount) badNode = nodeNames.escapeEdges[i];
    }
    if (badNode >= 0) {
      throw new HeapSnapshotError(
        `corrupt heap snapshot: node ${badNode} names string ${this.nameOf(badNode)} of ${stringCount}`,
      );
    }
  }

  /** Node n's DOM state: 0 unknown, 1 attached, 2 detached. */
  detachednessOf(n: number): number {
    const ordinals = this.detachedOrdinals;
    if (!ordinals) return this.nodeDetachedness[n];
    let lo = 0,
      hi = ordinals.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (ordinals[mid] === n) return this.detachedStates![mid];
      if (ordinals[mid] < n) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /**
   * Keeps only the nonzero DOM states when they are few (Node.js snapshots have a handful; a browser's DOM
   * nodes may be many): a byte per node becomes 5 bytes per stated node.
   */
  compactDetachedness(): void {
    const column = this.nodeDetachedness;
    if (this.detachedOrdinals || column.length === 0) return;
    let count = 0;
    for (let n = 0; n < column.length; n++) if (column[n] !== 0) count++;
    if (count * 5 > column.length / 4) return;
    const ordinals = new Uint32Array(count);
    const states = new Uint8Array(count);
    for (let n = 0, k = 0; n < column.length; n++) {
      if (column[n] === 0) continue;
      ordinals[k] = n;
      states[k++] = column[n];
    }
    this.detachedOrdinals = ordinals;
    this.detachedStates = states;
    this.nodeDetachedness = new Uint8Array(0);
  }

  /** Bytes the DOM states hold (the benchmark's accounting). */
  get detachednessBytes(): number {
    return (
      this.nodeDetachedness.byteLength +
      (this.detachedOrdinals?.byteLength ?? 0) +
      (this.detachedStates?.byteLength ?? 0)
    );
  }

  /** Node n's snapshot id (the @id Chrome shows). */
  idOf(n: number): number {
    return this.nodeIds.get(n);
  }

  nodeTypeName(n: number): string {
    return this.layout.nodeTypes[this.nodeType[n]] ?? 'unknown';
  }

  /** Edge e's type (an index into layout.edgeTypes). */
  edgeTypeOf(e: number): number {
    return this.edgeTo[e] >>> EDGE_TYPE_SHIFT;
  }

  /** Edge e's target node (ordinal). */
  targetOf(e: number): number {
    return this.edgeTo[e] & EDGE_TARGET_MASK;
  }

  /** Edge e's name_or_index: a string index, or the element or hidden index. */
  edgeNameOf(e: number): number {
    return edgeNameAt(this.edgeInfo, this.edgeNames, e);
  }

  edgeTypeName(e: number): string {
    return this.layout.edgeTypes[this.edgeTypeOf(e)] ?? 'unknown';
  }

  /** Node n's name: a string index. */
  nameOf(n: number): number {
    return nodeNameAt(this.nodeNameCode, this.nodeNames, n);
  }

  /** Raw node name (the string, not the class). */
  nodeNameString(n: number): string {
    return this.strings.get(this.nameOf(n));
  }

  /** The name Chrome shows: the raw name, with "Detached " for detached DOM (embedder) nodes. */
  displayName(n: number): string {
    const name = this.nodeNameString(n);
    return this.isDetachedName(n) ? 'Detached ' + name : name;
  }

  isDetachedName(n: number): boolean {
    const bits = this.detachedName;
    return bits !== undefined && (bits[n >> 3] & (1 << (n & 7))) !== 0;
  }

  /** An edge's name: a string for most types, the numeric index for element and hidden edges. */
  edgeNameString(e: number): string {
    const t = this.edgeTypeOf(e);
    const { element, hidden } = this.layout.edgeType;
    return t === element || t === hidden ? String(this.edgeNameOf(e)) : this.strings.get(this.edgeNameOf(e));
  }

  edgeHasStringName(e: number): boolean {
    const t = this.edgeTypeOf(e);
    return t !== this.layout.edgeType.element && t !== this.layout.edgeType.hidden;
  }
}
