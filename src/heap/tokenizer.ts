// A hand-written streaming tokenizer for .heapsnapshot JSON. It never holds the file: numbers go straight
// into typed columns, strings into one byte buffer (see stringTable.ts), and only the small `snapshot` header
// is handed to JSON.parse. Chunks may split anything (numbers, escapes, UTF-8 sequences) at any byte.
import { LocationTable, LocationTableBuilder } from './locationTable';
import { HeapSnapshotError } from './errors';
import { Growable } from './growable';
import { headerCount, readLayout, type Layout, type SnapshotHeader } from './meta';
import { StringTableBuilder, type StringTable } from './stringTable';
import { TraceCollector, traceLayout, type RawTraces } from './traceCollector';
import type { EdgeColumns, NodeColumns } from './decodeNumbers';
import { EdgeNameEncoder, edgeWord, NODE_NAMES, type EdgeNameParts } from './edgeInfo';
import { SelfSizeColumn } from './selfSizeColumn';
import { checkHeader, checkTopLevelKey } from './validate';

/**
 * Byte sizes: 4 bytes each while the heap's sizes sum to less than 4 GiB (then no shallow size, folded
 * shallow size or retained size can overflow), 8 otherwise. V8 writes self sizes as size_t, so a single
 * native node may be larger than 4 GiB.
 */
export type SizeArray = Uint32Array | Float64Array;

export interface RawSnapshot {
  header: SnapshotHeader;
  layout: Layout;
  nodeCount: number;
  edgeCount: number;
  nodeType: Uint8Array;
  /** Node names as 16-bit codes (edgeInfo.ts NODE_NAMES): read them with `nodeNameAt`. */
  nodeName: Uint16Array;
  nodeNames: EdgeNameParts;
  nodeId: Uint32Array;
  /** Empty when `selfSizes` is given. */
  nodeSelfSize: SizeArray;
  /** The shallow sizes already compact (the parallel loader's threads write 2-byte codes: selfSizeColumn.ts). */
  selfSizes?: SelfSizeColumn;
  /** What the decode threads saw (parallel loader): checked instead of a pass over the columns. */
  bounds?: DecodedBounds;
  nodeEdgeCount: Uint32Array;
  /** DOM link state per node (0 unknown, 1 attached, 2 detached); all zero for 6-field snapshots. */
  nodeDetachedness: Uint8Array;
  /** Name code per edge (edgeInfo.ts). */
  edgeInfo: Uint16Array;
  /** What the names need besides the codes (edgeInfo.ts). */
  edgeNames: EdgeNameParts;
  /**
   * Type (top 3 bits) and target node ordinal (to_node divided by the node field count) per edge: edgeInfo.ts
   * EDGE_TYPE_SHIFT, EDGE_TARGET_MASK.
   */
  edgeTo: Uint32Array;
  /**
   * The `locations` records: compact already when the header came first (as V8 writes it), else the flat values
   * (graph.ts compacts them).
   */
  locations: Uint32Array | LocationTable;
  strings: StringTable;
  /** Allocation traces, when the snapshot was recorded with `trackAllocations` (see traceCollector.ts). */
  traces?: RawTraces;
}

/** The largest values the decode threads wrote, and the shallow sizes' sum (graph.ts validateReferences, validate.ts). */
export interface DecodedBounds {
  maxNodeName: number;
  /** Of the edges whose name is a string (not element or hidden), or of any edge cut between two ranges. */
  maxEdgeName: number;
  maxTarget: number;
  selfTotal: number;
}

export interface TokenizerOptions {
  /** Read allocation traces (default true); off, they are skipped like any unknown key. */
  traces?: boolean;
  /** Decodes the nodes and edges arrays elsewhere (only with totalBytes and the header's counts). */
  sink?: NumberSink;
}

/**
 * Takes over the nodes and edges arrays (parallelDecoder.ts): the tokenizer finds each array's extent and
 * hands over byte ranges that start and end at number boundaries; the sink decodes them into its own columns.
 */
export interface NumberSink {
  /** `traceNodeIdAt`: the nodes' field to keep as the trace column (allocation traces), or -1. */
  begin(kind: 'nodes' | 'edges', layout: Layout, capacity: number, traceNodeIdAt: number): void;
  /** Numbers in bytes[start, end); `bytes` must stay unchanged until the sink releases its buffer. */
  take(bytes: Uint8Array, start: number, end: number): void;
  /** After every range is decoded: records per array, and the columns. */
  count(kind: 'nodes' | 'edges'): number;
  columnsOf(kind: 'nodes'): NodeColumns;
  columnsOf(kind: 'edges'): EdgeColumns;
  /** The names' bases and escapes (edgeInfo.ts) of `count` nodes or edges, once every range is decoded. */
  names(kind: 'nodes' | 'edges', count: number): EdgeNameParts;
  /** The shallow sizes of `count` nodes, once every range is decoded (see ParallelDecoder). */
  selfSizes(count: number): { codes: Uint16Array; big: Uint32Array; total: number };
  bounds(): Omit<DecodedBounds, 'selfTotal'>;
}

/** A number longer than this (in digits) cannot be valid (2^64 has 20); bounds what a range cut carries over. */
export const MAX_NUMBER_DIGITS = 64;

const enum S {
  Start,
  KeyOrEnd,
  Key,
  Colon,
  Value,
  Header,
  Nums,
  StrBetween,
  StrIn,
  Skip,
  Trace,
  Done,
}
const enum Target {
  Nodes,
  Edges,
  Locations,
}
// Node field roles, so the hot loop switches on a small integer rather than comparing offsets. Fields without a
// role are read and dropped: keeping one means a role here and in decodeNumbers.ts, and a column
// (`trace_node_id` has one when allocation traces are read).
const enum Role {
  Type,
  Name,
  Id,
  Self,
  EdgeCount,
  Detachedness,
  TraceNodeId,
  Other,
}

// The `snapshot` header V8 writes is about 2 kB and nests 4 deep; JSON.parse builds an object or array per
// level, so a header is refused past these bounds before it is parsed (16 MB of `[[[…` cost ~900 MB).
const MAX_HEADER_BYTES = 1 << 20;
const MAX_HEADER_DEPTH = 32;

export class SnapshotTokenizer {
  private state = S.Start;
  private pos = 0; // bytes consumed before the current chunk
  private key = '';
  private keyBytes: number[] = [];
  private readonly keys = new Set<string>();
  private headerBytes: Uint8Array[] = [];
  private headerLength = 0;
  private depth = 0;
  private inString = false;
  private escape = false;
  private header?: SnapshotHeader;
  private layout?: Layout;
  private target = Target.Nodes;
  private num = 0;
  private haveDigits = false;
  private field = 0;
  private roles: Role[] = [];
  private sawNodes = false;
  private sawEdges = false;
  private strEscaped = false;
  private nodeType!: Growable<Uint8Array>;
  private nodeName!: Growable<Uint16Array>;
  private readonly nodeNames = new EdgeNameEncoder(NODE_NAMES);
  private nodeId!: Growable<Uint32Array>;
  private nodeSelf!: Growable<Uint32Array>;
  /** Replaces nodeSelf once a size does not fit in 32 bits. */
  private nodeSelfWide?: Growable<Float64Array>;
  private selfTotal = 0;
  private nodeEdges!: Growable<Uint32Array>;
  private nodeDetached!: Growable<Uint8Array>;
  private edgeInfo!: Growable<Uint16Array>;
  private readonly edgeNames = new EdgeNameEncoder();
  /** The type and name of the edge being read, until its record is complete. */
  private edgeTypeNow = 0;
  private edgeNameNow = 0;
  private edgeTargetNow = 0;
  private edgeTo!: Growable<Uint32Array>;
  /** The locations as flat values: only when they come before the header (which says their field count). */
  private locations = new Growable(Uint32Array, 16);
  /** The locations compacted as they are read (locationTable.ts), once the header is known. */
  private locationTable?: LocationTableBuilder;
  private strings?: StringTableBuilder;
  /** Allocation traces: created when the header counts trace functions (traceCollector.ts). */
  private traces?: TraceCollector;
  private nodeTrace?: Growable<Uint32Array>;

  /** Set while a nodes or edges array goes to the sink. */
  private delegated = false;
  private readonly sunk = { nodes: false, edges: false };

  /** @param totalBytes the input size when known; bounds what a lying header can make us allocate. */
  constructor(
    private readonly totalBytes?: number,
    private readonly options: TokenizerOptions = {},
  ) {
    this.sink = options.sink;
  }

  private readonly sink: NumberSink | undefined;

  get bytesRead(): number {
    return this.pos;
  }

  write(chunk: Uint8Array | string): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const consumed = this.feed(buf);
    if (consumed < buf.length) throw new Error('write() with a number sink: use feed()');
  }

  /**
   * Consumes `buf` and returns how many bytes it took: all of them, except while a sink takes an array, where
   * the digits of a number cut by the end of `buf` are left for the caller to pass again, ahead of what follows.
   */
  feed(buf: Uint8Array): number {
    let i = 0;
    const len = buf.length;
    while (i < len) {
      switch (this.state) {
        case S.Nums:
          if (this.delegated) {
            const next = this.handOver(buf, i);
            if (next < 0) {
              const consumed = -next - 1;
              this.pos += consumed;
              return consumed;
            }
            i = next;
            break;
          }
          i =
            this.target === Target.Edges
              ? this.edges(buf, i)
              : this.target === Target.Nodes
                ? this.nodes(buf, i)
                : this.plainNums(buf, i);
          break;
        case S.StrIn:
        case S.StrBetween:
          i = this.stringsBody(buf, i);
          break;
        case S.Trace:
          i = this.traces!.write(buf, i);
          if (this.traces!.idle) this.state = S.KeyOrEnd;
          break;
        default:
          i = this.structural(buf, i);
          break;
      }
    }
    this.pos += len;
    return len;
  }

  /**
   * Hands the sink the numbers from `i` up to the array's end (then returns the index after `]`) or up to the
   * last complete number in `buf` (then returns -(that index) - 1: the rest is the caller's to pass again).
   */
  private handOver(buf: Uint8Array, i: number): number {
    const close = buf.indexOf(93, i);
    if (close >= 0) {
      this.sink!.take(buf, i, close);
      this.delegated = false;
      this.state = S.KeyOrEnd;
      return close + 1;
    }
    let cut = buf.length;
    while (cut > i && buf[cut - 1] >= 48 && buf[cut - 1] <= 57) cut--;
    if (buf.length - cut > MAX_NUMBER_DIGITS)
      this.fail(`corrupt heap snapshot: a number in the ${this.key} array is too long`, cut);
    if (cut > i) this.sink!.take(buf, i, cut);
    return -cut - 1;
  }

  end(): RawSnapshot {
    if (this.state !== S.Done)
      throw new HeapSnapshotError(`truncated heap snapshot: ended inside ${this.where()} at byte ${this.pos}`);
    if (!this.header || !this.layout) throw new HeapSnapshotError('not a V8 heap snapshot: missing snapshot.meta');
    if (!this.sawNodes || !this.sawEdges)
      throw new HeapSnapshotError(`not a V8 heap snapshot: missing the ${this.sawNodes ? 'edges' : 'nodes'} array`);
    if (!this.strings) throw new HeapSnapshotError('not a V8 heap snapshot: missing the strings array');
    const raw: RawSnapshot = {
      header: this.header,
      layout: this.layout,
      ...this.nodeColumns(),
      ...this.edgeColumns(),
      locations: this.locationTable?.finish() ?? this.locations.finish(),
      // With a sink the columns are shared with helper threads: so are the strings.
      strings: this.strings.finish(this.sink !== undefined),
      traces: this.traces?.finish(this.traceColumn()),
    };
    // The caller owns the columns now; a loader kept alive through indexing must not pin a second copy.
    const self = this as unknown as Record<string, unknown>;
    for (const key of [
      'nodeType',
      'nodeName',
      'nodeId',
      'nodeSelf',
      'nodeSelfWide',
      'nodeEdges',
      'nodeDetached',
      'edgeInfo',
      'edgeTo',
      'locations',
      'locationTable',
      'strings',
      'traces',
      'nodeTrace',
    ])
      self[key] = undefined;
    return raw;
  }

  private nodeColumns(): Pick<
    RawSnapshot,
    | 'nodeCount'
    | 'nodeType'
    | 'nodeName'
    | 'nodeNames'
    | 'nodeId'
    | 'nodeSelfSize'
    | 'selfSizes'
    | 'bounds'
    | 'nodeEdgeCount'
    | 'nodeDetachedness'
  > {
    if (this.sunk.nodes) {
      const count = this.sink!.count('nodes');
      const c = this.sink!.columnsOf('nodes');
      const self = this.sink!.selfSizes(count);
      return {
        nodeCount: count,
        nodeType: c.type.subarray(0, count),
        nodeNames: this.sink!.names('nodes', count),
        nodeName: c.name.subarray(0, count),
        nodeId: c.id.subarray(0, count),
        nodeSelfSize: new Uint32Array(0),
        // Wide when the sizes sum past 32 bits (retained sizes then need 8 bytes: SizeArray).
        selfSizes: SelfSizeColumn.fromCodes(self.codes, self.big, self.total >= 2 ** 32),
        bounds: { ...this.sink!.bounds(), selfTotal: self.total },
        nodeEdgeCount: c.edgeCount.subarray(0, count),
        nodeDetachedness:
          this.layout!.node.detachedness >= 0 ? c.detachedness.subarray(0, count) : new Uint8Array(count),
      };
    }
    return {
      nodeCount: this.nodeType.length,
      nodeType: this.nodeType.finish(),
      nodeNames: this.nodeNames.finish(this.nodeName.data, this.nodeName.length),
      nodeName: this.nodeName.finish(),
      nodeId: this.nodeId.finish(),
      nodeSelfSize: this.selfSizes(),
      nodeEdgeCount: this.nodeEdges.finish(),
      nodeDetachedness:
        this.layout!.node.detachedness >= 0 ? this.nodeDetached.finish() : new Uint8Array(this.nodeType.length),
    };
  }

  /** Each node's trace_node_id (only when the traces are read). */
  private traceColumn(): Uint32Array {
    if (!this.sunk.nodes) return this.nodeTrace!.finish();
    return this.sink!.columnsOf('nodes').trace.subarray(0, this.sink!.count('nodes'));
  }

  private edgeColumns(): Pick<RawSnapshot, 'edgeCount' | 'edgeInfo' | 'edgeNames' | 'edgeTo'> {
    if (this.sunk.edges) {
      const count = this.sink!.count('edges');
      const c = this.sink!.columnsOf('edges');
      return {
        edgeCount: count,
        edgeInfo: c.info.subarray(0, count),
        edgeNames: this.sink!.names('edges', count),
        edgeTo: c.to.subarray(0, count),
      };
    }
    return {
      edgeCount: this.edgeTo.length,
      edgeNames: this.edgeNames.finish(this.edgeInfo.data, this.edgeInfo.length),
      edgeInfo: this.edgeInfo.finish(),
      edgeTo: this.edgeTo.finish(),
    };
  }

  private selfSizes(): SizeArray {
    if (this.nodeSelfWide) return this.nodeSelfWide.finish();
    const narrow = this.nodeSelf.finish();
    return this.selfTotal < 2 ** 32 ? narrow : Float64Array.from(narrow);
  }

  private pushSelfSize(num: number): void {
    this.selfTotal += num;
    if (!this.nodeSelfWide && num > 0xffffffff) {
      const narrow = this.nodeSelf.finish();
      this.nodeSelfWide = new Growable(Float64Array, this.nodeSelf.data.length);
      this.nodeSelfWide.data.set(narrow);
      this.nodeSelfWide.length = narrow.length;
    }
    if (this.nodeSelfWide) this.nodeSelfWide.push(num);
    else this.nodeSelf.push(num);
  }

  private where(): string {
    switch (this.state) {
      case S.Start:
        return 'the top-level object (no data)';
      case S.Header:
        return 'the snapshot header';
      case S.Nums:
        return `the ${this.key} array`; // only nodes, edges or locations
      case S.StrBetween:
      case S.StrIn:
        return 'the strings array';
      case S.Trace:
        return `the ${this.key} array`;
      case S.Skip:
      case S.Value:
      case S.Colon:
        return JSON.stringify(this.key.length > 40 ? this.key.slice(0, 40) + '…' : this.key);
      default:
        return 'the top-level object';
    }
  }

  private fail(what: string, at: number): never {
    throw new HeapSnapshotError(`${what} at byte ${this.pos + at}`);
  }

  private unexpected(buf: Uint8Array, i: number): never {
    const c = buf[i];
    const shown = c >= 32 && c < 127 ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16)}`;
    if (this.state === S.Start)
      throw new HeapSnapshotError(`not a V8 heap snapshot: starts with ${shown}, not a JSON object`);
    this.fail(`corrupt heap snapshot: unexpected ${shown} in ${this.where()}`, i);
  }

  /** Everything outside the big arrays: top-level keys, the header, values we skip. */
  private structural(buf: Uint8Array, i: number): number {
    const c = buf[i];
    const ws = c === 32 || c === 10 || c === 13 || c === 9;
    switch (this.state) {
      case S.Start:
        if (ws) return i + 1;
        if (c === 123) {
          this.state = S.KeyOrEnd;
          return i + 1;
        }
        return this.unexpected(buf, i);
      case S.KeyOrEnd:
        if (ws || c === 44) return i + 1;
        if (c === 34) {
          this.state = S.Key;
          this.keyBytes = [];
          return i + 1;
        }
        if (c === 125) {
          this.state = S.Done;
          return i + 1;
        }
        return this.unexpected(buf, i);
      case S.Key:
        if (c === 34) {
          this.key = Buffer.from(this.keyBytes).toString('utf8');
          checkTopLevelKey(this.keys, this.key); // validate.ts hook 1
          this.state = S.Colon;
          return i + 1;
        }
        if (this.keyBytes.length > 1024) this.fail('not a V8 heap snapshot: a top-level key is too long', i);
        this.keyBytes.push(c);
        return i + 1;
      case S.Colon:
        if (ws) return i + 1;
        if (c === 58) {
          this.state = S.Value;
          return i + 1;
        }
        return this.unexpected(buf, i);
      case S.Value:
        if (ws) return i + 1;
        return this.startValue(buf, i);
      case S.Header:
        return this.headerBody(buf, i);
      case S.Skip:
        return this.skipBody(buf, i);
      case S.Done:
        if (ws) return i + 1;
        return this.fail('corrupt heap snapshot: data after the end of the top-level object', i);
    }
    return this.unexpected(buf, i);
  }

  private startValue(buf: Uint8Array, i: number): number {
    const c = buf[i];
    const key = this.key;
    if (key === 'snapshot') {
      if (c !== 123) this.fail('not a V8 heap snapshot: "snapshot" is not an object', i);
      this.state = S.Header;
      this.depth = 0;
      this.inString = false;
      this.escape = false;
      return i; // headerBody consumes the opening brace too
    }
    if (key === 'nodes' || key === 'edges' || key === 'locations' || key === 'strings') {
      if (c !== 91) this.fail(`not a V8 heap snapshot: "${key}" is not an array`, i);
      if (key === 'strings') {
        if (this.strings) this.fail('corrupt heap snapshot: a second strings array', i);
        const remaining = this.totalBytes !== undefined ? Math.max(0, this.totalBytes - this.pos - i) : 1 << 24;
        this.strings = new StringTableBuilder(
          Math.min(remaining, 1 << 28),
          Math.min(Math.floor(remaining / 3), 1 << 26),
          this.sink !== undefined,
        );
        this.state = S.StrBetween;
        return i + 1;
      }
      this.beginNumbers(key, i);
      return i + 1;
    }
    if ((key === 'trace_function_infos' || key === 'trace_tree') && this.traces) {
      if (c !== 91) this.fail(`not a V8 heap snapshot: "${key}" is not an array`, i);
      this.traces.begin(key);
      this.state = S.Trace;
      return i + 1;
    }
    // Anything else is skipped as a generic JSON value, without storing it: `samples` included (and the traces
    // when options.traces is false). To keep one, give its key a branch above, as `locations` has.
    this.state = S.Skip;
    this.depth = 0;
    this.inString = false;
    this.escape = false;
    return i;
  }

  private beginNumbers(key: string, i: number): void {
    if (key !== 'locations' && !this.layout)
      this.fail(`not a V8 heap snapshot: "${key}" comes before snapshot.meta`, i);
    const layout = this.layout!;
    const remaining = this.totalBytes !== undefined ? Math.max(0, this.totalBytes - this.pos - i) : Infinity;
    const delegate = (
      kind: 'nodes' | 'edges',
      count: number | undefined,
      fieldCount: number,
      traceNodeIdAt = -1,
    ): boolean => {
      if (!this.sink || count === undefined || remaining === Infinity) return false;
      // Trusted as far as the bytes can back it; a longer array is an error the sink reports.
      this.sink.begin(kind, layout, Math.min(count, Math.floor(remaining / (2 * fieldCount)) + 1), traceNodeIdAt);
      this.sunk[kind] = this.delegated = true;
      this.state = S.Nums;
      return true;
    };
    if (key === 'nodes') {
      if (this.sawNodes) this.fail('corrupt heap snapshot: a second nodes array', i);
      this.sawNodes = true;
      this.target = Target.Nodes;
      // Only a snapshot that recorded allocations gets a trace id column; any other skips the field.
      const traces = this.options.traces !== false ? traceLayout(this.header) : undefined;
      const traceAt = traces ? layout.nodeFields.indexOf('trace_node_id') : -1;
      if (traces && traceAt >= 0) this.traces = new TraceCollector(traces);
      if (delegate('nodes', headerCount(this.header?.node_count), layout.nodeFieldCount, traceAt)) return;
      // Each node takes at least two bytes per field ("0,"): never reserve more than the rest of the input can hold.
      // With the input's size known, the header's count is trusted as far as the bytes can back it: one
      // exact allocation, no growth copies (which at a billion bytes would briefly double the columns).
      const cap = Math.min(
        headerCount(this.header?.node_count) ?? 1 << 16,
        remaining / (2 * layout.nodeFieldCount),
        remaining === Infinity ? 1 << 22 : Infinity,
      );
      this.nodeType = new Growable(Uint8Array, cap);
      this.nodeName = new Growable(Uint16Array, cap);
      this.nodeId = new Growable(Uint32Array, cap);
      this.nodeSelf = new Growable(Uint32Array, cap);
      this.nodeEdges = new Growable(Uint32Array, cap + 1); // + 1: reused as a scratch array of nodeCount + 1 (snapshot.ts)
      this.nodeDetached = new Growable(Uint8Array, layout.node.detachedness >= 0 ? cap : 0);
      const n = layout.node;
      if (this.traces) this.nodeTrace = new Growable(Uint32Array, cap);
      this.roles = layout.nodeFields.map((_, f) =>
        f === n.type
          ? Role.Type
          : f === n.name
            ? Role.Name
            : f === n.id
              ? Role.Id
              : f === n.selfSize
                ? Role.Self
                : f === n.edgeCount
                  ? Role.EdgeCount
                  : f === n.detachedness
                    ? Role.Detachedness
                    : f === traceAt
                      ? Role.TraceNodeId
                      : Role.Other,
      );
    } else if (key === 'edges') {
      if (this.sawEdges) this.fail('corrupt heap snapshot: a second edges array', i);
      this.sawEdges = true;
      this.target = Target.Edges;
      if (delegate('edges', headerCount(this.header?.edge_count), layout.edgeFieldCount)) return;
      const cap = Math.min(
        headerCount(this.header?.edge_count) ?? 1 << 16,
        remaining / (2 * layout.edgeFieldCount),
        remaining === Infinity ? 1 << 24 : Infinity,
      );
      this.edgeInfo = new Growable(Uint16Array, cap);
      this.edgeTo = new Growable(Uint32Array, cap);
    } else {
      this.target = Target.Locations;
      // Decided at the first locations array (a second one continues it, as it does the flat values).
      if (this.layout && this.locations.length === 0)
        this.locationTable ??= new LocationTableBuilder(
          this.layout.locationFields.length,
          this.layout.location.objectIndex,
          this.layout.nodeFieldCount,
        );
    }
    this.field = 0;
    this.num = 0;
    this.haveDigits = false;
    this.state = S.Nums;
  }

  private headerBody(buf: Uint8Array, i: number): number {
    const start = i;
    const len = buf.length;
    for (; i < len; i++) {
      const c = buf[i];
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) this.inString = false;
      } else if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) {
        if (++this.depth > MAX_HEADER_DEPTH) this.fail('not a V8 heap snapshot: the snapshot header nests too deep', i);
      } else if (c === 125 || c === 93) {
        if (--this.depth === 0) {
          i++;
          break;
        }
      }
    }
    this.headerBytes.push(buf.slice(start, i));
    this.headerLength += i - start;
    if (this.headerLength > MAX_HEADER_BYTES) this.fail('not a V8 heap snapshot: the snapshot header is too large', i);
    if (this.depth === 0) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(this.headerBytes).toString('utf8'));
      } catch {
        this.fail('not a V8 heap snapshot: the snapshot header is not valid JSON', i);
      }
      this.layout = readLayout(parsed);
      this.header = parsed as SnapshotHeader;
      checkHeader(this.header, this.layout); // validate.ts hook 2
      this.headerBytes = [];
      this.state = S.KeyOrEnd;
    }
    return i;
  }

  private skipBody(buf: Uint8Array, i: number): number {
    const len = buf.length;
    for (; i < len; i++) {
      const c = buf[i];
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) {
          this.inString = false;
          if (this.depth === 0) {
            this.state = S.KeyOrEnd;
            return i + 1;
          }
        }
      } else if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        if (this.depth === 0) {
          this.state = S.KeyOrEnd;
          return i;
        } // end of a scalar at the top level
        if (--this.depth === 0) {
          this.state = S.KeyOrEnd;
          return i + 1;
        }
      } else if (c === 44 && this.depth === 0) {
        this.state = S.KeyOrEnd;
        return i;
      }
    }
    return i;
  }

  /** Node records: each number goes to its column by the field's role, written directly (no push per value). */
  private nodes(buf: Uint8Array, i: number): number {
    const len = buf.length;
    const roles = this.roles;
    const fieldCount = roles.length;
    const typeLimit = this.layout!.nodeTypes.length;
    let num = this.num,
      have = this.haveDigits,
      field = this.field;
    // Fields come in record order, so when a record is complete all columns hold `count` values; within a
    // record, a column already written for it holds one more.
    const typeCol = this.nodeType,
      nameCol = this.nodeName,
      idCol = this.nodeId,
      edgeCol = this.nodeEdges;
    let types = typeCol.data,
      names = nameCol.data,
      ids = idCol.data,
      edges = edgeCol.data;
    let ti = typeCol.length,
      ni = nameCol.length,
      ii = idCol.length,
      ei = edgeCol.length;
    for (; i < len; i++) {
      const c = buf[i];
      if (c >= 48 && c <= 57) {
        num = num * 10 + (c - 48);
        have = true;
        continue;
      }
      if (have) {
        const role = roles[field];
        if (num > 0xffffffff && role !== Role.Self) {
          this.saveNodes(num, have, field, ti, ni, ii, ei);
          this.fail(`corrupt heap snapshot: node field value ${num} out of range`, i);
        }
        if (role === Role.Type) {
          if (num >= typeLimit) {
            this.saveNodes(num, have, field, ti, ni, ii, ei);
            this.fail(`corrupt heap snapshot: node type index ${num} out of range`, i);
          }
          if (ti === types.length) {
            typeCol.length = ti;
            types = typeCol.reserve(1);
          }
          types[ti++] = num;
        } else if (role === Role.Name) {
          if (ni === names.length) {
            nameCol.length = ni;
            names = nameCol.reserve(1);
          }
          this.nodeNames.add(names, ni++, num);
        } else if (role === Role.Id) {
          if (ii === ids.length) {
            idCol.length = ii;
            ids = idCol.reserve(1);
          }
          ids[ii++] = num;
        } else if (role === Role.EdgeCount) {
          if (ei === edges.length) {
            edgeCol.length = ei;
            edges = edgeCol.reserve(1);
          }
          edges[ei++] = num;
        } else if (role === Role.Self) this.pushSelfSize(num);
        else if (role === Role.Detachedness) this.nodeDetached.push(num > 2 ? 0 : num);
        else if (role === Role.TraceNodeId) this.nodeTrace!.push(num);
        if (++field === fieldCount) field = 0;
        num = 0;
        have = false;
      }
      if (c === 44 || c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (c === 93) {
        if (field !== 0) {
          this.saveNodes(num, have, field, ti, ni, ii, ei);
          this.fail(`corrupt heap snapshot: the nodes array is not a multiple of ${fieldCount} fields`, i);
        }
        i++;
        this.state = S.KeyOrEnd;
        break;
      }
      this.saveNodes(num, have, field, ti, ni, ii, ei);
      return this.unexpected(buf, i);
    }
    this.saveNodes(num, have, field, ti, ni, ii, ei);
    return i;
  }

  private saveNodes(num: number, have: boolean, field: number, ti: number, ni: number, ii: number, ei: number): void {
    this.num = num;
    this.haveDigits = have;
    this.field = field;
    this.nodeType.length = ti;
    this.nodeName.length = ni;
    this.nodeId.length = ii;
    this.nodeEdges.length = ei;
  }

  private saveEdges(
    num: number,
    have: boolean,
    field: number,
    type: number,
    name: number,
    ii: number,
    oi: number,
    target = this.edgeTargetNow,
  ): void {
    this.num = num;
    this.haveDigits = have;
    this.field = field;
    this.edgeTypeNow = type;
    this.edgeNameNow = name;
    this.edgeTargetNow = target;
    this.edgeInfo.length = ii;
    this.edgeTo.length = oi;
  }

  private edges(buf: Uint8Array, i: number): number {
    const len = buf.length;
    const layout = this.layout!;
    const { type: typeAt, nameOrIndex: nameAt, toNode: toAt } = layout.edge;
    const fieldCount = layout.edgeFieldCount;
    const nodeFieldCount = layout.nodeFieldCount;
    const typeLimit = layout.edgeTypes.length;
    let num = this.num,
      have = this.haveDigits,
      field = this.field,
      type = this.edgeTypeNow,
      name = this.edgeNameNow,
      target = this.edgeTargetNow;
    // Columns written directly (no push per value); each column's fill is written back on every exit. A
    // record's fields are held until it is complete, then written: its type and target as one word, its name's code
    // once its block of edges is complete (edgeInfo.ts).
    const infoCol = this.edgeInfo,
      toCol = this.edgeTo;
    let infos = infoCol.data,
      tos = toCol.data;
    let ii = infoCol.length,
      oi = toCol.length;
    for (; i < len; i++) {
      const c = buf[i];
      if (c >= 48 && c <= 57) {
        num = num * 10 + (c - 48);
        have = true;
        continue;
      }
      if (have) {
        if (num > 0xffffffff) {
          this.saveEdges(num, have, field, type, name, ii, oi, target);
          this.fail(`corrupt heap snapshot: edge field value ${num} out of range`, i);
        }
        if (field === typeAt) {
          if (num >= typeLimit) {
            this.saveEdges(num, have, field, type, name, ii, oi, target);
            this.fail(`corrupt heap snapshot: edge type index ${num} out of range`, i);
          }
          type = num;
        } else if (field === nameAt) name = num;
        else if (field === toAt) {
          const to = num / nodeFieldCount;
          if (to !== Math.floor(to)) {
            this.saveEdges(num, have, field, type, name, ii, oi, target);
            this.fail(`corrupt heap snapshot: edge to_node ${num} is not a multiple of ${nodeFieldCount}`, i);
          }
          target = to;
        }
        if (++field === fieldCount) {
          field = 0;
          if (oi === tos.length) {
            toCol.length = oi;
            tos = toCol.reserve(1);
          }
          tos[oi++] = edgeWord(type, target);
          if (ii === infos.length) {
            infoCol.length = ii;
            infos = infoCol.reserve(1);
          }
          this.edgeNames.add(infos, ii++, name);
        }
        num = 0;
        have = false;
      }
      if (c === 44 || c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (c === 93) {
        if (field !== 0) {
          this.saveEdges(num, have, field, type, name, ii, oi, target);
          this.fail(`corrupt heap snapshot: the edges array is not a multiple of ${fieldCount} fields`, i);
        }
        i++;
        this.state = S.KeyOrEnd;
        break;
      }
      this.saveEdges(num, have, field, type, name, ii, oi, target);
      return this.unexpected(buf, i);
    }
    this.saveEdges(num, have, field, type, name, ii, oi, target);
    return i;
  }

  private plainNums(buf: Uint8Array, i: number): number {
    const len = buf.length;
    let num = this.num,
      have = this.haveDigits;
    for (; i < len; i++) {
      const c = buf[i];
      if (c >= 48 && c <= 57) {
        num = num * 10 + (c - 48);
        have = true;
        continue;
      }
      if (have) {
        if (num > 0xffffffff) this.fail(`corrupt heap snapshot: location value ${num} out of range`, i);
        if (this.locationTable) this.locationTable.push(num);
        else this.locations.push(num);
        num = 0;
        have = false;
      }
      if (c === 44 || c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (c === 93) {
        i++;
        this.state = S.KeyOrEnd;
        break;
      }
      this.num = num;
      this.haveDigits = have;
      return this.unexpected(buf, i);
    }
    this.num = num;
    this.haveDigits = have;
    return i;
  }

  /**
   * The strings array, between and inside strings, in one pass: raw bytes (escapes kept) are copied straight
   * into the table's buffer. One byte loop beats a native search per string: most strings are a few bytes.
   */
  private stringsBody(buf: Uint8Array, i: number): number {
    const table = this.strings!;
    const bytes = table.bytes;
    const len = buf.length;
    // A chunk adds at most its own length; the hint (the rest of the input, when known) usually covers it.
    const data = bytes.length + (len - i) > bytes.data.length ? bytes.reserve(len - i) : bytes.data;
    let at = bytes.length;
    let inString = this.state === S.StrIn,
      escape = this.escape,
      escaped = this.strEscaped;
    for (; i < len; i++) {
      const c = buf[i];
      if (inString) {
        if (c === 34 && !escape) {
          inString = false;
          bytes.length = at;
          table.endString(escaped);
          continue;
        }
        data[at++] = c;
        if (escape) escape = false;
        else if (c === 92) escape = escaped = true;
        continue;
      }
      if (c === 34) {
        inString = true;
        escaped = false;
        continue;
      }
      if (c === 44 || c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (c === 93) {
        i++;
        this.state = S.KeyOrEnd;
        bytes.length = at;
        return i;
      }
      bytes.length = at;
      this.state = S.StrBetween;
      return this.unexpected(buf, i);
    }
    bytes.length = at;
    this.state = inString ? S.StrIn : S.StrBetween;
    this.escape = escape;
    this.strEscaped = escaped;
    return i;
  }
}
