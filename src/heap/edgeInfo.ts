// An edge's name in a 16-bit code (2 bytes per edge instead of 4); its type sits in the top 3 bits of its target's
// word (`edgeTo`: node ordinals stay below 2^29). A name is a string index for most types, the element or hidden
// index for those two. Code c < DIRECT is
// the name itself; DIRECT <= c < ESCAPE is `base + c - DIRECT`, with one base per block of NAME_BLOCK edges, chosen
// so that most of the block's larger names fit (V8 numbers strings in first-use order, so an object's own property
// names sit close together, as do an array's element indices); ESCAPE: the exact name is kept aside, sorted by edge.
// With 13-bit codes (the type beside them) 4% of the edges escaped on the generated 800 MB snapshot and 13% on a
// real one (8 bytes each); with 16 bits, measured: 0.87% and 2.7%. Node names use the same codes (NODE_NAMES).
/** Edge e's type is `edgeTo[e] >>> EDGE_TYPE_SHIFT`, its target node `edgeTo[e] & EDGE_TARGET_MASK`. */
export const EDGE_TYPE_SHIFT = 29;
export const EDGE_TARGET_MASK = (1 << EDGE_TYPE_SHIFT) - 1;
/** Edge types a word can hold (V8 has 7, the loader adds 'invisible'). */
export const MAX_EDGE_TYPES = 8;
/** Nodes a snapshot may have: every target (and EDGE_TARGET_MASK, what a larger one becomes) is then checkable. */
export const MAX_NODES = EDGE_TARGET_MASK;

/** The word of an edge of type `type` to node `node` (a node past MAX_NODES becomes an invalid target). */
export function edgeWord(type: number, node: number): number {
  return type * (EDGE_TARGET_MASK + 1) + Math.min(node, EDGE_TARGET_MASK);
}
/** Edges (or nodes) per base. */
export const NAME_BLOCK = 32;
export const NAME_BLOCK_SHIFT = 5;
const BLOCK_SHIFT = NAME_BLOCK_SHIFT;

/** How a 16-bit word holds a name code: below `direct` a code is the name itself; `escape` means kept aside. */
export interface NameCodec {
  direct: number;
  escape: number;
}

export const EDGE_NAMES: NameCodec = { direct: 0x8000, escape: 0xffff };
export const NODE_NAMES = EDGE_NAMES;
/** Edge name codes below this are the name itself. */
export const DIRECT = EDGE_NAMES.direct;

/** What names need besides the 16-bit words. */
export interface EdgeNameParts {
  /** Per block of NAME_BLOCK edges (or nodes): the name of code `direct`. */
  base: Uint32Array;
  /** Edges (or nodes) whose name is kept aside, ascending, and their names. */
  escapeEdges: Uint32Array;
  escapeNames: Uint32Array;
  /** Per ESCAPE_SPAN edges (or nodes), where their escapes start: a lookup searches a few dozen, not all. */
  escapeIndex: Uint32Array;
}

const ESCAPE_SPAN_SHIFT = 10;

/** Where escaped names are collected, as (edge, name) pairs. */
export interface NamePairs {
  push(edge: number, name: number): void;
}

/** Bases needed for `edgeCount` edges. */
export function nameBlocks(edgeCount: number): number {
  return Math.ceil(edgeCount / NAME_BLOCK) + 1;
}

const high = new Float64Array(NAME_BLOCK);

/** The start of the window of SPAN values that holds most of the names from `direct` on (the first such). */
function widestWindow(names: ArrayLike<number>, count: number, direct: number, span: number): number {
  let h = 0;
  for (let k = 0; k < count; k++) {
    const v = names[k];
    if (v < direct) continue;
    // Insertion sort: a block holds at most NAME_BLOCK names.
    let j = h++;
    while (j > 0 && high[j - 1] > v) {
      high[j] = high[j - 1];
      j--;
    }
    high[j] = v;
  }
  let base = 0;
  for (let i = 0, j = 0, best = 0; i < h; i++) {
    while (high[i] - high[j] >= span) j++;
    if (i - j + 1 > best) {
      best = i - j + 1;
      base = high[j];
    }
  }
  return base;
}

/**
 * Writes the name codes of edges first .. first + count - 1 (a block, or the last block's part) into `info`;
 * `names[k]` is edge first + k's name. Returns the block's base; escaped names go to `escapes` in edge order. Both loaders call this, so their columns are equal.
 */
export function encodeNameBlock(
  info: Uint16Array,
  first: number,
  names: ArrayLike<number>,
  count: number,
  escapes: NamePairs,
  { direct: DIRECT, escape: ESCAPE }: NameCodec = EDGE_NAMES,
): number {
  const SPAN = ESCAPE - DIRECT;
  // The common case: the block's larger names all fit one window from the smallest of them (no sort).
  let min = Infinity,
    max = -1;
  for (let k = 0; k < count; k++) {
    const v = names[k];
    if (v < DIRECT) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  let base = max < 0 ? 0 : min;
  if (max - min >= SPAN) base = widestWindow(names, count, DIRECT, SPAN);
  for (let k = 0; k < count; k++) {
    const v = names[k];
    let code: number;
    if (v < DIRECT) code = v;
    else if (v >= base && v - base < SPAN) code = DIRECT + (v - base);
    else {
      code = ESCAPE;
      escapes.push(first + k, v);
    }
    info[first + k] = code;
  }
  return base;
}

const EDGE_DIRECT = EDGE_NAMES.direct;
const EDGE_ESCAPE = EDGE_NAMES.escape;

/** Edge e's name (see the top of this file). */
export function edgeNameAt(info: Uint16Array, parts: EdgeNameParts, e: number): number {
  const c = info[e];
  if (c < EDGE_DIRECT) return c;
  if (c !== EDGE_ESCAPE) return parts.base[e >>> BLOCK_SHIFT] + (c - EDGE_DIRECT);
  return escapedName(parts, e);
}

const NODE_DIRECT = NODE_NAMES.direct;
const NODE_ESCAPE = NODE_NAMES.escape;

/** Node n's name (a string index) from its 16-bit code. */
export function nodeNameAt(codes: Uint16Array, parts: EdgeNameParts, n: number): number {
  const c = codes[n];
  if (c < NODE_DIRECT) return c;
  if (c !== NODE_ESCAPE) return parts.base[n >>> BLOCK_SHIFT] + (c - NODE_DIRECT);
  return escapedName(parts, n);
}

function escapedName(parts: EdgeNameParts, e: number): number {
  const edges = parts.escapeEdges;
  const span = e >>> ESCAPE_SPAN_SHIFT;
  let lo = parts.escapeIndex[span],
    hi = parts.escapeIndex[span + 1] - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < e) lo = mid + 1;
    else hi = mid;
  }
  return parts.escapeNames[lo];
}

/** Bytes the names hold besides the words (the benchmark's accounting). */
export function edgeNameBytes(parts: EdgeNameParts): number {
  return (
    parts.base.byteLength + parts.escapeEdges.byteLength + parts.escapeNames.byteLength + parts.escapeIndex.byteLength
  );
}

/** Pairs in a growing Uint32Array (no JS array of millions of numbers while a large snapshot loads). */
export class PairList implements NamePairs {
  data: Uint32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Uint32Array(capacity);
  }

  push(a: number, b: number): void {
    if (this.length + 2 > this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
  }
}

/**
 * The escapes of `ranges` (each ascending, over disjoint ranges of edges, in any order) and of `spread` (ascending,
 * anywhere) as sorted columns, merged in one pass; in shared memory when asked (the dominator thread reads them).
 */
export function escapeColumns(
  ranges: ArrayLike<number>[],
  spread: ArrayLike<number>,
  shared: boolean,
  count: number,
): { escapeEdges: Uint32Array; escapeNames: Uint32Array; escapeIndex: Uint32Array } {
  let total = spread.length >> 1;
  for (const l of ranges) total += l.length >> 1;
  const make = (): Uint32Array =>
    shared ? new Uint32Array(new SharedArrayBuffer(Math.max(1, total) * 4), 0, total) : new Uint32Array(total);
  const escapeEdges = make();
  const escapeNames = make();
  const sorted = ranges.filter((l) => l.length > 0).sort((a, b) => a[0] - b[0]);
  let k = 0;
  let s = 0;
  for (const l of sorted) {
    for (let i = 0; i < l.length; i += 2) {
      while (s < spread.length && spread[s] < l[i]) {
        escapeEdges[k] = spread[s];
        escapeNames[k++] = spread[s + 1];
        s += 2;
      }
      escapeEdges[k] = l[i];
      escapeNames[k++] = l[i + 1];
    }
  }
  for (; s < spread.length; s += 2) {
    escapeEdges[k] = spread[s];
    escapeNames[k++] = spread[s + 1];
  }
  for (let i = 1; i < total; i++)
    if (escapeEdges[i] <= escapeEdges[i - 1]) throw new Error('edge name escapes out of order'); // a loader bug
  const spans = (count >>> ESCAPE_SPAN_SHIFT) + 2;
  const escapeIndex = shared ? new Uint32Array(new SharedArrayBuffer(spans * 4), 0, spans) : new Uint32Array(spans);
  for (let i = 0, span = 0; span < spans; span++) {
    while (i < total && escapeEdges[i] >>> ESCAPE_SPAN_SHIFT < span) i++;
    escapeIndex[span] = i;
  }
  return { escapeEdges, escapeNames, escapeIndex };
}

/** Encodes names edge by edge, a block at a time (the sequential loader, and graphs built in code). */
export class EdgeNameEncoder {
  private readonly names = new Float64Array(NAME_BLOCK);
  private bases = new Uint32Array(64);
  readonly escapes = new PairList();

  constructor(private readonly codec: NameCodec = EDGE_NAMES) {}

  /** Edge e's name; edges come in order. */
  add(info: Uint16Array, e: number, name: number): void {
    const k = e & (NAME_BLOCK - 1);
    this.names[k] = name;
    if (k === NAME_BLOCK - 1) this.flush(info, e - k, NAME_BLOCK);
  }

  /** After the last of `count` edges. */
  finish(info: Uint16Array, count: number): EdgeNameParts {
    const rest = count & (NAME_BLOCK - 1);
    if (rest > 0) this.flush(info, count - rest, rest);
    const base = new Uint32Array(nameBlocks(count));
    base.set(this.bases.subarray(0, Math.min(base.length, this.bases.length)));
    return { base, ...escapeColumns([], this.escapes.data.subarray(0, this.escapes.length), false, count) };
  }

  private flush(info: Uint16Array, first: number, count: number): void {
    const b = first >>> BLOCK_SHIFT;
    if (b >= this.bases.length) {
      const grown = new Uint32Array(this.bases.length * 2);
      grown.set(this.bases);
      this.bases = grown;
    }
    this.bases[b] = encodeNameBlock(info, first, this.names, count, this.escapes, this.codec);
  }
}

/** Node names as 16-bit codes (graphs built in code, tests). */
export function encodeNodeNames(names: ArrayLike<number>): { codes: Uint16Array; parts: EdgeNameParts } {
  const codes = new Uint16Array(names.length);
  const encoder = new EdgeNameEncoder(NODE_NAMES);
  for (let n = 0; n < names.length; n++) encoder.add(codes, n, names[n]);
  return { codes, parts: encoder.finish(codes, names.length) };
}

/** Encodes whole columns: edge e of type types[e] named names[e] to node targets[e] (graphs built in code, tests). */
export function encodeEdges(
  types: ArrayLike<number>,
  names: ArrayLike<number>,
  targets: ArrayLike<number>,
): { edgeInfo: Uint16Array; edgeNames: EdgeNameParts; edgeTo: Uint32Array } {
  const info = new Uint16Array(types.length);
  const edgeTo = new Uint32Array(types.length);
  const encoder = new EdgeNameEncoder();
  for (let e = 0; e < types.length; e++) {
    edgeTo[e] = edgeWord(types[e], targets[e]);
    encoder.add(info, e, names[e]);
  }
  return { edgeInfo: info, edgeNames: encoder.finish(info, types.length), edgeTo };
}
