// The allocation traces of a snapshot, indexed: each object's allocation stack and the frames it names. V8
// records a stack per allocation (with `trackAllocations`); each frame is a *function* — its name, script and
// start position (where its parameters begin) — not the statement that allocated. Positions here are 0-based
// like the rest of the engine (V8 writes them 1-based, 0 for "unknown"); -1 means unknown (built-ins).
import { HeapSnapshotError } from './errors';
import type { StringTable } from './stringTable';
import type { RawTraces } from './traceCollector';

export interface AllocationFrame {
  /** The function's name; '' for an anonymous function. */
  name: string;
  /** Script URL or file name; '' for V8 built-ins and native code. */
  url: string;
  scriptId: number;
  /** The function's start, 0-based; -1 when V8 knows none (built-ins). */
  line: number;
  column: number;
}

export class AllocationTraces {
  /** Trace tree nodes with no live object anywhere below still count in `treeCount` (all allocations). */
  readonly treeCount: Float64Array;
  readonly treeSize: Float64Array;
  readonly treeParent: Int32Array;
  readonly treeFunction: Uint32Array;
  /** Per function info: a dense key shared by infos naming the same function (name, script, position). */
  readonly functionKey: Uint32Array;
  /** Per key: one function info index that has it. */
  readonly keyFunction: Uint32Array;
  /** Per trace node: the nearest node (itself or a caller) whose function has a script: the allocating function. */
  readonly siteNode: Int32Array;
  private readonly nodeTraceId: Uint32Array;
  private readonly idToIndex: Int32Array | Map<number, number>;
  private readonly frames: AllocationFrame[];

  constructor(raw: RawTraces, strings: StringTable, nodeCount: number) {
    if (raw.nodeTraceId.length !== nodeCount)
      throw new HeapSnapshotError(
        `corrupt heap snapshot: ${raw.nodeTraceId.length} trace node ids for ${nodeCount} nodes`,
      );
    this.nodeTraceId = raw.nodeTraceId;
    this.treeCount = raw.treeCount;
    this.treeSize = raw.treeSize;
    this.treeParent = raw.treeParent;
    this.treeFunction = raw.treeFunction;
    this.frames = readFrames(raw, strings);
    const functionCount = this.frames.length;
    for (let t = 0; t < raw.treeFunction.length; t++) {
      if (raw.treeFunction[t] >= functionCount)
        throw new HeapSnapshotError(
          `corrupt heap snapshot: trace node ${raw.treeId[t]} names function ${raw.treeFunction[t]} of ${functionCount}`,
        );
    }
    [this.functionKey, this.keyFunction] = functionKeys(this.frames);
    this.idToIndex = idIndex(raw.treeId);
    // The allocating function is the innermost frame with a script: an allocation inside a built-in (`push`,
    // `Map.prototype.set`, `JSON.parse`) belongs to the code that called it. Parents come before their
    // children in the file, so one forward pass finds each node's nearest scripted frame.
    const scripted = new Int32Array(raw.treeFunction.length);
    this.siteNode = new Int32Array(raw.treeFunction.length);
    for (let t = 0; t < scripted.length; t++) {
      const parent = this.treeParent[t];
      const frame = this.frames[this.treeFunction[t]];
      scripted[t] = frame.url !== '' || frame.scriptId !== 0 ? t : parent >= 0 && parent < t ? scripted[parent] : -1;
      this.siteNode[t] = scripted[t] >= 0 ? scripted[t] : t;
    }
  }

  get traceNodeCount(): number {
    return this.treeParent.length;
  }

  get functionKeyCount(): number {
    return this.keyFunction.length;
  }

  /** The frame a trace node stands for. */
  frameOf(traceNode: number): AllocationFrame {
    return this.frames[this.treeFunction[traceNode]];
  }

  /** The frame of a function key. */
  keyFrame(key: number): AllocationFrame {
    return this.frames[this.keyFunction[key]];
  }

  /** The function key of a trace node. */
  keyOf(traceNode: number): number {
    return this.functionKey[this.treeFunction[traceNode]];
  }

  /** The trace node index of a trace node id, or -1. */
  indexOfId(id: number): number {
    if (id === 0) return -1;
    if (this.idToIndex instanceof Map) return this.idToIndex.get(id) ?? -1;
    return id < this.idToIndex.length ? this.idToIndex[id] : -1;
  }

  /** The trace node an object was allocated at, or -1 when V8 recorded none (allocated before recording). */
  traceNodeOf(ordinal: number): number {
    return this.indexOfId(this.nodeTraceId[ordinal]);
  }

  /** Trace node indices from the allocating frame up to the outermost caller (the synthetic `(root)` left out). */
  stackOf(traceNode: number): number[] {
    const out: number[] = [];
    for (let t = traceNode, guard = 0; t >= 0 && guard <= this.treeParent.length; t = this.treeParent[t], guard++) {
      if (this.treeParent[t] < 0 && this.frameOf(t).name === '(root)') break;
      out.push(t);
    }
    return out;
  }

  /** The frames of an object's allocation stack, allocating frame first; empty without a trace. */
  framesOf(ordinal: number): AllocationFrame[] {
    const t = this.traceNodeOf(ordinal);
    return t < 0 ? [] : this.stackOf(t).map((s) => this.frameOf(s));
  }
}

function readFrames(raw: RawTraces, strings: StringTable): AllocationFrame[] {
  const f = raw.functionFields;
  const width = f.length;
  const at = {
    name: f.indexOf('name'),
    scriptName: f.indexOf('script_name'),
    scriptId: f.indexOf('script_id'),
    line: f.indexOf('line'),
    column: f.indexOf('column'),
  };
  const stringCount = strings.fileCount;
  const text = (index: number, i: number): string => {
    if (index < 0) return '';
    const s = raw.functionInfos[i + index];
    if (s >= stringCount)
      throw new HeapSnapshotError(`corrupt heap snapshot: a trace function names string ${s} of ${stringCount}`);
    return strings.get(s);
  };
  const frames: AllocationFrame[] = [];
  for (let i = 0; i + width <= raw.functionInfos.length; i += width) {
    const line = at.line >= 0 ? raw.functionInfos[i + at.line] : 0;
    const column = at.column >= 0 ? raw.functionInfos[i + at.column] : 0;
    frames.push({
      name: text(at.name, i),
      url: text(at.scriptName, i),
      scriptId: at.scriptId >= 0 ? raw.functionInfos[i + at.scriptId] : 0,
      line: line > 0 ? line - 1 : -1,
      column: line > 0 && column > 0 ? column - 1 : -1,
    });
  }
  return frames;
}

function functionKeys(frames: AllocationFrame[]): [Uint32Array, Uint32Array] {
  const keys = new Uint32Array(frames.length);
  const byText = new Map<string, number>();
  const first: number[] = [];
  frames.forEach((fr, i) => {
    const text = `${fr.name}\u0000${fr.url}\u0000${fr.url ? '' : fr.scriptId}\u0000${fr.line}\u0000${fr.column}`;
    let key = byText.get(text);
    if (key === undefined) {
      key = first.length;
      byText.set(text, key);
      first.push(i);
    }
    keys[i] = key;
  });
  return [keys, Uint32Array.from(first)];
}

function idIndex(ids: Uint32Array): Int32Array | Map<number, number> {
  let max = 0;
  for (let t = 0; t < ids.length; t++) if (ids[t] > max) max = ids[t];
  // V8 numbers trace nodes densely from 1: a direct table; anything sparser gets a map.
  if (max <= 4 * ids.length + 1024) {
    const table = new Int32Array(max + 1).fill(-1);
    for (let t = 0; t < ids.length; t++) if (table[ids[t]] < 0) table[ids[t]] = t;
    return table;
  }
  const map = new Map<number, number>();
  for (let t = 0; t < ids.length; t++) if (!map.has(ids[t])) map.set(ids[t], t);
  return map;
}
