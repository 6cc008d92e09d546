// Reads the allocation traces a snapshot recorded with `trackAllocations` carries: `trace_function_infos` (a
// flat list of functions) and `trace_tree` (the call tree of allocations, nested arrays). The tokenizer hands
// it the bytes of those two arrays and, per node, the `trace_node_id` field. Field order comes from
// `snapshot.meta` (`trace_function_info_fields`, `trace_node_fields`), as for nodes and edges. A snapshot
// without traces costs nothing: the tokenizer only creates a collector when the header counts functions.
import { HeapSnapshotError } from './errors';
import { Growable } from './growable';
import type { SnapshotHeader } from './meta';

/** The traces as read, before any indexing (see allocationTraces.ts). Lines and columns as V8 writes them. */
export interface RawTraces {
  /** Field names of one function info record, from the meta. */
  functionFields: string[];
  /** Flat: `functionFields.length` values per function. */
  functionInfos: Uint32Array;
  /** Per trace tree node, in file order (a parent before its children). */
  treeId: Uint32Array;
  treeFunction: Uint32Array;
  /** Objects and bytes allocated there during the recording, live or not. */
  treeCount: Float64Array;
  treeSize: Float64Array;
  /** Index of the parent tree node, -1 for the top. */
  treeParent: Int32Array;
  /** Per heap node (ordinal): its trace tree node id, 0 when V8 recorded none. */
  nodeTraceId: Uint32Array;
}

interface TreeLayout {
  fieldCount: number;
  id: number;
  functionIndex: number;
  count: number;
  size: number;
  children: number;
}

/** The trace layout a header declares, or undefined when it has no traces we can read. */
export function traceLayout(
  header: SnapshotHeader | undefined,
): { functionFields: string[]; tree: TreeLayout } | undefined {
  const meta = header?.meta;
  const count = header?.trace_function_count;
  if (!meta || typeof count !== 'number' || count <= 0) return undefined;
  const functionFields = meta.trace_function_info_fields;
  const nodeFields = meta.trace_node_fields;
  if (!Array.isArray(functionFields) || !Array.isArray(nodeFields)) return undefined;
  if (![...functionFields, ...nodeFields].every((f) => typeof f === 'string')) return undefined;
  const fields = nodeFields as string[];
  const tree: TreeLayout = {
    fieldCount: fields.length,
    id: fields.indexOf('id'),
    functionIndex: fields.indexOf('function_info_index'),
    count: fields.indexOf('count'),
    size: fields.indexOf('size'),
    children: fields.indexOf('children'),
  };
  if (tree.id < 0 || tree.functionIndex < 0 || tree.children < 0) return undefined;
  return { functionFields: functionFields as string[], tree };
}

const enum Mode {
  Idle,
  Functions,
  Tree,
}

export class TraceCollector {
  private mode = Mode.Idle;
  private readonly tree: TreeLayout;
  private readonly functionFields: string[];
  private readonly functions = new Growable(Uint32Array, 1024);
  private readonly ids = new Growable(Uint32Array, 1024);
  private readonly fns = new Growable(Uint32Array, 1024);
  private readonly counts = new Growable(Float64Array, 1024);
  private readonly sizes = new Growable(Float64Array, 1024);
  private readonly parents = new Growable(Uint32Array, 1024); // parent index + 1 (0: the top)
  // Parsing state: the number being read, and per nesting level the field index and the record it fills.
  private num = 0;
  private have = false;
  private negative = false;
  private fieldStack: number[] = [];
  private recordStack: number[] = [];

  constructor(layout: { functionFields: string[]; tree: TreeLayout }) {
    this.tree = layout.tree;
    this.functionFields = layout.functionFields;
  }

  /** Whether the array being read has ended (the tokenizer then goes on with the next key). */
  get idle(): boolean {
    return this.mode === Mode.Idle;
  }

  /** Called with the key after its opening `[` was consumed. */
  begin(key: 'trace_function_infos' | 'trace_tree'): void {
    this.mode = key === 'trace_function_infos' ? Mode.Functions : Mode.Tree;
    this.num = 0;
    this.have = false;
    this.negative = false;
    this.fieldStack = [0];
    this.recordStack = [-1];
  }

  /** Consumes bytes of the current array from `i`; returns where it stopped (the chunk's end or past `]`). */
  write(buf: Uint8Array, i: number): number {
    return this.mode === Mode.Functions ? this.functionBytes(buf, i) : this.treeBytes(buf, i);
  }

  private functionBytes(buf: Uint8Array, i: number): number {
    const len = buf.length;
    const out = this.functions;
    let num = this.num,
      have = this.have;
    for (; i < len; i++) {
      const c = buf[i];
      if (c >= 48 && c <= 57) {
        num = num * 10 + (c - 48);
        have = true;
        continue;
      }
      if (have) {
        // A negative value (no line) is stored as 0, which V8 itself writes for "unknown".
        out.push(this.negative || num > 0xffffffff ? 0 : num);
        num = 0;
        have = false;
        this.negative = false;
      }
      if (c === 44 || c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (c === 45) {
        this.negative = true;
        continue;
      }
      if (c === 93) {
        if (out.length % this.functionFields.length !== 0)
          throw new HeapSnapshotError(
            `corrupt heap snapshot: trace_function_infos is not a multiple of ${this.functionFields.length} fields`,
          );
        this.mode = Mode.Idle;
        return i + 1;
      }
      throw new HeapSnapshotError(`corrupt heap snapshot: unexpected byte 0x${c.toString(16)} in trace_function_infos`);
    }
    this.num = num;
    this.have = have;
    return i;
  }

  private treeBytes(buf: Uint8Array, i: number): number {
    const len = buf.length;
    const t = this.tree;
    const fields = this.fieldStack;
    const records = this.recordStack;
    let num = this.num,
      have = this.have;
    for (; i < len; i++) {
      const c = buf[i];
      if (c >= 48 && c <= 57) {
        num = num * 10 + (c - 48);
        have = true;
        continue;
      }
      const depth = fields.length - 1;
      if (have) {
        const field = fields[depth];
        if (field === 0) this.startRecord(depth);
        const at = this.ids.length - 1;
        const value = this.negative ? 0 : num;
        if (field === t.id) this.ids.data[at] = value > 0xffffffff ? 0 : value;
        else if (field === t.functionIndex) this.fns.data[at] = value > 0xffffffff ? 0 : value;
        else if (field === t.count) this.counts.data[at] = value;
        else if (field === t.size) this.sizes.data[at] = value;
        else if (field === t.children) this.fail('a number where children belong');
        fields[depth] = field + 1 === t.fieldCount ? 0 : field + 1;
        num = 0;
        have = false;
        this.negative = false;
      }
      if (c === 44 || c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (c === 45) {
        this.negative = true;
        continue;
      }
      if (c === 91) {
        // A children array: its records' parent is the record this level is filling.
        if (fields[depth] !== t.children) this.fail('a nested array outside the children field');
        if (fields[depth] === 0) this.startRecord(depth);
        if (fields.length > 100_000) this.fail('trace tree nested too deep');
        records.push(this.ids.length - 1);
        fields.push(0);
        continue;
      }
      if (c === 93) {
        if (fields[depth] !== 0) this.fail(`a trace node with fewer than ${t.fieldCount} fields`);
        fields.pop();
        records.pop();
        if (fields.length === 0) {
          this.mode = Mode.Idle;
          this.num = 0;
          this.have = false;
          return i + 1;
        }
        const up = fields.length - 1;
        fields[up] = fields[up] + 1 === t.fieldCount ? 0 : fields[up] + 1;
        continue;
      }
      this.fail(`unexpected byte 0x${c.toString(16)}`);
    }
    this.num = num;
    this.have = have;
    return i;
  }

  /** Opens a record at nesting level `depth` (its first field is about to be stored). */
  private startRecord(depth: number): void {
    const parent = this.recordStack[depth];
    this.ids.push(0);
    this.fns.push(0);
    this.counts.push(0);
    this.sizes.push(0);
    this.parents.push(parent + 1);
  }

  private fail(what: string): never {
    throw new HeapSnapshotError(`corrupt heap snapshot: ${what} in trace_tree`);
  }

  /** The traces, given the per-node trace ids the tokenizer gathered. */
  finish(nodeTraceId: Uint32Array): RawTraces {
    if (this.mode !== Mode.Idle) throw new HeapSnapshotError('truncated heap snapshot: ended inside the traces');
    const parents = this.parents.finish();
    const treeParent = new Int32Array(parents.length);
    for (let k = 0; k < parents.length; k++) treeParent[k] = parents[k] - 1;
    return {
      functionFields: this.functionFields,
      functionInfos: this.functions.finish(),
      treeId: this.ids.finish(),
      treeFunction: this.fns.finish(),
      treeCount: this.counts.finish(),
      treeSize: this.sizes.finish(),
      treeParent,
      nodeTraceId,
    };
  }
}
