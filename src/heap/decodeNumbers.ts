// The inner loops of the parallel loader (parallelDecoder.ts): a byte range of the nodes or edges array,
// cut at a number boundary, decoded into a scratch list, then scattered into the shared columns from the
// field index where the range starts. Both run in the decode threads (helperThread.ts).

import {
  EDGE_NAMES,
  EDGE_TARGET_MASK,
  EDGE_TYPE_SHIFT,
  edgeWord,
  encodeNameBlock,
  NAME_BLOCK,
  NODE_NAMES,
  type PairList,
} from './edgeInfo';
import { BIG_SIZE } from './selfSizeColumn';

/** Where a decoded range goes: the shared columns of one array and what a valid value looks like. */
export interface NodeColumns {
  kind: 'nodes';
  fieldCount: number;
  /**
   * Role of each field: 0 type, 1 name, 2 id, 3 self size, 4 edge count, 5 detachedness, 6 trace node id (kept
   * only when allocation traces are read), 7 other (dropped).
   */
  roles: number[];
  typeLimit: number;
  /** Capacity in records (the header's count). */
  capacity: number;
  type: Uint8Array;
  /** Name codes (edgeInfo.ts NODE_NAMES): as for edges, blocks a range holds whole are encoded there. */
  name: Uint16Array;
  nameBase: Uint32Array;
  id: Uint32Array;
  /** Shallow sizes as 2-byte codes (selfSizeColumn.ts): BIG_SIZE stands for a size the range hands back (`big`). */
  self: Uint16Array;
  edgeCount: Uint32Array;
  detachedness: Uint8Array;
  /** trace_node_id per node; empty when allocation traces are not read. */
  trace: Uint32Array;
}

export interface EdgeColumns {
  kind: 'edges';
  fieldCount: number;
  typeAt: number;
  nameAt: number;
  toAt: number;
  nodeFieldCount: number;
  typeLimit: number;
  /** The edge types whose name is an index, not a string (their names are not checked against the strings). */
  elementType: number;
  hiddenType: number;
  capacity: number;
  /**
   * Name code per edge (edgeInfo.ts). Blocks of NAME_BLOCK edges that one range holds whole get their codes there;
   * the others' names go back as `pending` (the loader encodes them once every range is decoded).
   */
  info: Uint16Array;
  /** Per block of edges, the names' base (edgeInfo.ts). */
  nameBase: Uint32Array;
  /** Type and target per edge (edgeInfo.ts edgeWord); zeroed, so a cut record's two parts can be OR-ed in. */
  to: Uint32Array;
}

export type Columns = NodeColumns | EdgeColumns;

export interface DecodeResult {
  count: number;
  /** Byte offset (within the range's buffer) and message of the first error, if any. */
  errorAt?: number;
  error?: string;
}

/**
 * Decodes the ASCII numbers in bytes[start, end) into `out` (grown as needed; returned in `scratch.out`).
 * Separators are commas and JSON whitespace; anything else is an error.
 */
export function decodeRange(
  bytes: Uint8Array,
  start: number,
  end: number,
  scratch: { out: Float64Array },
): DecodeResult {
  let out = scratch.out;
  // Every number takes at least two bytes ("0,") except the last: this bound never needs a grow in the loop.
  const bound = ((end - start) >> 1) + 1;
  if (out.length < bound) out = scratch.out = new Float64Array(bound);
  let count = 0,
    num = 0,
    have = false;
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c >= 48 && c <= 57) {
      num = num * 10 + (c - 48);
      have = true;
      continue;
    }
    if (have) {
      out[count++] = num;
      num = 0;
      have = false;
    }
    if (c === 44 || c === 10 || c === 32 || c === 13 || c === 9) continue;
    const shown = c >= 32 && c < 127 ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16)}`;
    return { count, errorAt: i, error: `unexpected ${shown}` };
  }
  if (have) out[count++] = num;
  return { count };
}

/**
 * What a range hands back besides its columns: names (escaped ones, edgeInfo.ts, and those of blocks it does not
 * hold whole), shallow sizes of BIG_SIZE and more as (node, size) pairs, and what the loader checks once every range
 * is in instead of another pass over the columns (graph.ts validateReferences): the sizes' sum, the largest string
 * index a name can be (for edges, of the types named by strings) and the largest edge target.
 */
export interface RangeOut {
  escapes: PairList;
  pending: PairList;
  big: PairList;
  selfTotal: number;
  maxName: number;
  maxTarget: number;
}

export function resetRangeOut(out: RangeOut): void {
  out.escapes.length = out.pending.length = out.big.length = 0;
  out.selfTotal = 0;
  out.maxName = out.maxTarget = -1;
}

/**
 * Writes `count` decoded values that start at global field index `base` into the columns. Returns an error or
 * undefined. Edge names go to `out` as (edge, name) pairs where the range cannot encode them.
 */
export function scatter(
  columns: Columns,
  values: Float64Array,
  count: number,
  base: number,
  out: RangeOut,
): string | undefined {
  const f = columns.fieldCount;
  if (base + count > columns.capacity * f) return 'holds more values than the header counts';
  let record = Math.floor(base / f);
  let field = base - record * f;
  // Value by value up to the first record boundary, whole records in a tight loop, then value by value again.
  let k = 0;
  while (field !== 0 && k < count) {
    const error = scatterOne(columns, values[k++], record, field, out);
    if (error) return error;
    if (++field === f) {
      field = 0;
      record++;
    }
  }
  const whole = k + Math.floor((count - k) / f) * f;
  const error =
    columns.kind === 'nodes'
      ? nodeRecords(columns, values, k, whole, record, out)
      : edgeRecords(columns, values, k, whole, record, out);
  if (error) return error;
  record += (whole - k) / f;
  for (k = whole; k < count; k++) {
    const error = scatterOne(columns, values[k], record, field++, out);
    if (error) return error;
  }
  return undefined;
}

const blockNames = new Float64Array(NAME_BLOCK);

/**
 * Files record's name `nm` in its block (encoded once the block's last record is in) when the range holds the block
 * whole, else hands it back as pending.
 */
function fileName(
  record: number,
  nm: number,
  wholeFrom: number,
  wholeTo: number,
  codes: Uint16Array,
  nameBase: Uint32Array,
  codec: typeof NODE_NAMES | typeof EDGE_NAMES,
  out: RangeOut,
): void {
  if (record < wholeFrom || record >= wholeTo) {
    out.pending.push(record, nm);
    return;
  }
  const b = record & (NAME_BLOCK - 1);
  blockNames[b] = nm;
  if (b === NAME_BLOCK - 1) {
    const start = record - b;
    nameBase[start / NAME_BLOCK] = encodeNameBlock(codes, start, blockNames, NAME_BLOCK, out.escapes, codec);
  }
}

/** The records [first, end) of a range: the blocks of names it holds whole, [from, to) (see RangeOut). */
function wholeBlocks(first: number, end: number): [number, number] {
  const from = Math.ceil(first / NAME_BLOCK) * NAME_BLOCK;
  return [from, Math.max(from, Math.floor(end / NAME_BLOCK) * NAME_BLOCK)];
}

function nodeRecords(
  c: NodeColumns,
  values: Float64Array,
  from: number,
  to: number,
  record: number,
  out: RangeOut,
): string | undefined {
  const { roles, typeLimit, type, name, nameBase, id, self, edgeCount, detachedness, trace, fieldCount } = c;
  const [wholeFrom, wholeTo] = wholeBlocks(record, record + (to - from) / fieldCount);
  const at = (role: number): number => roles.indexOf(role);
  const [typeAt, nameAt, idAt, selfAt, edgesAt, detachedAt, traceAt] = [0, 1, 2, 3, 4, 5, 6].map(at);
  let total = 0,
    maxName = out.maxName;
  for (let k = from; k < to; k += fieldCount, record++) {
    const t = values[k + typeAt],
      nm = values[k + nameAt],
      i = values[k + idAt],
      sz = values[k + selfAt],
      ec = values[k + edgesAt];
    if (t >= typeLimit || nm > 0xffffffff || i > 0xffffffff || sz > 0xffffffff || ec > 0xffffffff) {
      for (let g = 0; g < fieldCount; g++) {
        const error = scatterOne(c, values[k + g], record, g, out);
        if (error) return error;
      }
    }
    type[record] = t;
    fileName(record, nm, wholeFrom, wholeTo, name, nameBase, NODE_NAMES, out);
    if (nm > maxName) maxName = nm;
    id[record] = i;
    total += sz;
    if (sz < BIG_SIZE) self[record] = sz;
    else {
      self[record] = BIG_SIZE;
      out.big.push(record, sz);
    }
    edgeCount[record] = ec;
    if (detachedAt >= 0) {
      const d = values[k + detachedAt];
      detachedness[record] = d > 2 ? 0 : d;
    }
    if (traceAt >= 0) {
      const v = values[k + traceAt];
      if (v > 0xffffffff) return `node field value ${v} out of range`;
      trace[record] = v;
    }
  }
  out.selfTotal += total;
  out.maxName = maxName;
  // Fields with no role only need their range checked.
  for (let g = 0; g < fieldCount; g++) {
    if (roles[g] !== 7) continue;
    for (let k = from + g; k < to; k += fieldCount)
      if (values[k] > 0xffffffff) return `node field value ${values[k]} out of range`;
  }
  return undefined;
}

function edgeRecords(
  c: EdgeColumns,
  values: Float64Array,
  from: number,
  to: number,
  record: number,
  out: RangeOut,
): string | undefined {
  const { typeAt, nameAt, toAt, nodeFieldCount, typeLimit, info, nameBase, fieldCount, elementType, hiddenType } = c;
  const target = c.to;
  const [wholeFrom, wholeTo] = wholeBlocks(record, record + (to - from) / fieldCount);
  let maxName = out.maxName,
    maxTarget = out.maxTarget;
  for (let k = from; k < to; k += fieldCount, record++) {
    const t = values[k + typeAt],
      nm = values[k + nameAt],
      v = values[k + toAt];
    const node = v / nodeFieldCount;
    if (t >= typeLimit || nm > 0xffffffff || v > 0xffffffff || node !== Math.floor(node)) {
      for (let g = 0; g < fieldCount; g++) {
        const error = scatterOne(c, values[k + g], record, g, out);
        if (error) return error;
      }
    }
    target[record] = edgeWord(t, node);
    if (node > maxTarget) maxTarget = node;
    if (nm > maxName && t !== elementType && t !== hiddenType) maxName = nm;
    fileName(record, nm, wholeFrom, wholeTo, info, nameBase, EDGE_NAMES, out);
  }
  out.maxName = maxName;
  out.maxTarget = maxTarget;
  return undefined;
}

/** One value, checked: the slow path for partial records and for the record that holds an error. */
function scatterOne(columns: Columns, v: number, record: number, field: number, out: RangeOut): string | undefined {
  if (columns.kind === 'nodes') {
    const { roles, typeLimit, type, id, self, edgeCount, detachedness, trace } = columns;
    switch (roles[field]) {
      case 0:
        if (v >= typeLimit) return `node type index ${v} out of range`;
        type[record] = v;
        return undefined;
      case 3:
        if (v > 0xffffffff) return 'wide self size';
        out.selfTotal += v;
        if (v < BIG_SIZE) self[record] = v;
        else {
          self[record] = BIG_SIZE;
          out.big.push(record, v);
        }
        return undefined;
      case 5:
        detachedness[record] = v > 2 ? 0 : v;
        return undefined;
    }
    if (v > 0xffffffff) return `node field value ${v} out of range`;
    if (roles[field] === 1) {
      out.pending.push(record, v);
      if (v > out.maxName) out.maxName = v;
    } else if (roles[field] === 2) id[record] = v;
    else if (roles[field] === 4) edgeCount[record] = v;
    else if (roles[field] === 6) trace[record] = v;
    return undefined;
  }
  const { typeAt, nameAt, toAt, nodeFieldCount, typeLimit, to } = columns;
  if (v > 0xffffffff) return `edge field value ${v} out of range`;
  // A cut record's fields may be decoded by two threads: its type and target are OR-ed into the zeroed word, the
  // name waits for its block (pending).
  if (field === typeAt) {
    if (v >= typeLimit) return `edge type index ${v} out of range`;
    Atomics.or(to, record, v << EDGE_TYPE_SHIFT);
  } else if (field === nameAt) {
    out.pending.push(record, v);
    // The type may be in the other part of a cut record: every name counts (a false alarm only costs the full check).
    if (v > out.maxName) out.maxName = v;
  } else if (field === toAt) {
    const node = v / nodeFieldCount;
    if (node !== Math.floor(node)) return `edge to_node ${v} is not a multiple of ${nodeFieldCount}`;
    if (node > out.maxTarget) out.maxTarget = node;
    Atomics.or(to, record, Math.min(node, EDGE_TARGET_MASK));
  }
  return undefined;
}
