// Streams a synthetic but valid V8 heap snapshot of any size, chunk by chunk, never holding it whole: the
// meta is copied from a real Node 20 snapshot (7 node fields), the shape is simple enough that every count,
// distance, dominator and retained size is known by construction.
//
//   root ─shortcut global─▶ global ─holder<h>─▶ Holder h ─chain─▶ ChainNode 0 ─next─▶ ChainNode 1 ─next─▶ …
//   root ─element─▶ (GC roots) ─element─▶ global                     Holder h ─shared─▶ Shared h
//   every ChainNode: ─payload─▶ its own Payload (which points back by a weak `owner` edge),
//                    ─shared─▶ its holder's Shared, ─map (internal)─▶ one "system / Map" shared by all.

/** `snapshot.meta` exactly as Node 20's `v8.writeHeapSnapshot` writes it. */
export const REAL_META = {
  node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
  node_types: [
    [
      'hidden',
      'array',
      'string',
      'object',
      'code',
      'closure',
      'regexp',
      'number',
      'native',
      'synthetic',
      'concatenated string',
      'sliced string',
      'symbol',
      'bigint',
      'object shape',
      'wasm object',
    ],
    'string',
    'number',
    'number',
    'number',
    'number',
    'number',
  ],
  edge_fields: ['type', 'name_or_index', 'to_node'],
  edge_types: [
    ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'],
    'string_or_number',
    'node',
  ],
  trace_function_info_fields: ['function_id', 'name', 'script_name', 'script_id', 'line', 'column'],
  trace_node_fields: ['id', 'function_info_index', 'count', 'size', 'children'],
  sample_fields: ['timestamp_us', 'last_assigned_id'],
  location_fields: ['object_index', 'script_id', 'line', 'column'],
};

const NT = { hidden: 0, object: 3, synthetic: 9 };
const ET = { element: 1, property: 2, internal: 3, shortcut: 5, weak: 6 };
const FIELDS = 7;

export const SIZES = { global: 50, map: 40, holder: 100, shared: 64, chain: 32, payload: 16 };

export interface ScaleShape {
  holders: number;
  /** Chain nodes per holder (each with its payload: two nodes per link). */
  chainLength: number;
  /** Extra strings appended to the strings table, each `stringLength` bytes, to pad the file. */
  padStrings?: number;
  stringLength?: number;
}

/** Ordinals and expected values, by construction. */
export class ScaleLayout {
  readonly root = 0;
  readonly gcRoots = 1;
  readonly global = 2;
  readonly map = 3;
  constructor(readonly shape: ScaleShape) {}
  holder(h: number): number {
    return 4 + h;
  }
  shared(h: number): number {
    return 4 + this.shape.holders + h;
  }
  chain(h: number, j: number): number {
    return 4 + 2 * this.shape.holders + 2 * (h * this.shape.chainLength + j);
  }
  payload(h: number, j: number): number {
    return this.chain(h, j) + 1;
  }
  get nodeCount(): number {
    return 4 + 2 * this.shape.holders + 2 * this.shape.holders * this.shape.chainLength;
  }
  get edgeCount(): number {
    const { holders, chainLength } = this.shape;
    // root 2, (GC roots) 1, global one per holder, holder 2, chain links 4 (the last has no `next`), payload 1.
    return 2 + 1 + holders + 2 * holders + holders * (5 * chainLength - 1);
  }
  chainRetained(j: number): number {
    return (this.shape.chainLength - j) * (SIZES.chain + SIZES.payload);
  }
  holderRetained(): number {
    return SIZES.holder + SIZES.shared + this.chainRetained(0);
  }
  globalRetained(): number {
    return SIZES.global + SIZES.map + this.shape.holders * this.holderRetained();
  }
}

const STRINGS = [
  '',
  '(GC roots)',
  'global',
  'Object',
  'system / Map',
  'Holder',
  'Shared',
  'ChainNode',
  'Payload',
  'next',
  'payload',
  'shared',
  'map',
  'owner',
  'chain',
];
const S = Object.fromEntries(STRINGS.map((s, i) => [s, i])) as Record<string, number>;

/** Writes ASCII and unsigned integers into fixed-size chunks. */
class ChunkWriter {
  private buf: Buffer;
  private at = 0;
  readonly out: Buffer[] = [];
  bytes = 0;
  constructor(private readonly size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }
  /** Room for at least `n` more bytes; full chunks move to `out`. */
  room(n: number): void {
    if (this.at + n <= this.size) return;
    this.flush();
  }
  flush(): void {
    if (this.at === 0) return;
    this.out.push(this.buf.subarray(0, this.at));
    this.bytes += this.at;
    this.buf = Buffer.allocUnsafe(this.size);
    this.at = 0;
  }
  ascii(s: string): void {
    for (let from = 0; from < s.length;) {
      if (this.at === this.size) this.flush();
      const n = Math.min(s.length - from, this.size - this.at);
      this.at += this.buf.write(s.slice(from, from + n), this.at, 'latin1');
      from += n;
    }
  }
  uint(n: number): void {
    const b = this.buf;
    if (n < 10) {
      b[this.at++] = 48 + n;
      return;
    }
    // Values stay below 2^31 here, so `| 0` divides exactly.
    const digits =
      n < 100
        ? 2
        : n < 1e3
          ? 3
          : n < 1e4
            ? 4
            : n < 1e5
              ? 5
              : n < 1e6
                ? 6
                : n < 1e7
                  ? 7
                  : n < 1e8
                    ? 8
                    : n < 1e9
                      ? 9
                      : 10;
    let i = this.at + digits;
    this.at = i;
    while (n >= 10) {
      const q = (n / 10) | 0;
      b[--i] = 48 + (n - q * 10);
      n = q;
    }
    b[i - 1] = 48 + n;
  }
  comma(): void {
    this.buf[this.at++] = 44;
  }
  /** The record separator V8 writes: a newline, then the comma. */
  newRecord(): void {
    this.buf[this.at++] = 10;
    this.buf[this.at++] = 44;
  }
}

/**
 * The snapshot as a lazy sequence of chunks (`chunkSize` bytes each, the last shorter). Each chunk is a fresh
 * buffer, so consumers may keep them.
 */
export function* scaleSnapshotChunks(shape: ScaleShape, chunkSize = 1 << 20): Generator<Buffer> {
  const L = new ScaleLayout(shape);
  const { holders, chainLength } = shape;
  const w = new ChunkWriter(chunkSize);
  const drain = function* (): Generator<Buffer> {
    while (w.out.length) yield w.out.shift()!;
  };
  const header = { meta: REAL_META, node_count: L.nodeCount, edge_count: L.edgeCount, trace_function_count: 0 };
  w.ascii(`{"snapshot":${JSON.stringify(header)},\n"nodes":[`);
  let first = true;
  let id = 1;
  const node = (type: number, name: number, size: number, edges: number): void => {
    w.room(64);
    if (!first) w.newRecord(); // V8 writes one record per line, the comma leading
    first = false;
    w.uint(type);
    w.comma();
    w.uint(name);
    w.comma();
    w.uint(id);
    w.comma();
    w.uint(size);
    w.comma();
    w.uint(edges);
    w.comma();
    w.uint(0);
    w.comma();
    w.uint(0);
    id += 2;
  };
  node(NT.synthetic, S[''], 0, 2);
  node(NT.synthetic, S['(GC roots)'], 0, 1);
  node(NT.object, S.Object, SIZES.global, holders);
  node(NT.hidden, S['system / Map'], SIZES.map, 0);
  for (let h = 0; h < holders; h++) node(NT.object, S.Holder, SIZES.holder, 2);
  for (let h = 0; h < holders; h++) node(NT.object, S.Shared, SIZES.shared, 0);
  for (let h = 0; h < holders; h++) {
    for (let j = 0; j < chainLength; j++) {
      node(NT.object, S.ChainNode, SIZES.chain, j < chainLength - 1 ? 4 : 3);
      node(NT.object, S.Payload, SIZES.payload, 1);
      if (w.out.length) yield* drain();
    }
  }
  w.ascii('],\n"edges":[');
  first = true;
  const edge = (type: number, name: number, to: number): void => {
    w.room(48);
    if (!first) w.newRecord();
    first = false;
    w.uint(type);
    w.comma();
    w.uint(name);
    w.comma();
    w.uint(to * FIELDS);
  };
  edge(ET.element, 1, L.gcRoots);
  edge(ET.shortcut, S.global, L.global);
  edge(ET.element, 1, L.global);
  const holderNames: number[] = [];
  for (let h = 0; h < holders; h++) {
    holderNames.push(STRINGS.length + h);
    edge(ET.property, STRINGS.length + h, L.holder(h));
  }
  for (let h = 0; h < holders; h++) {
    edge(ET.property, S.chain, L.chain(h, 0));
    edge(ET.property, S.shared, L.shared(h));
  }
  for (let h = 0; h < holders; h++) {
    for (let j = 0; j < chainLength; j++) {
      const c = L.chain(h, j);
      if (j < chainLength - 1) edge(ET.property, S.next, L.chain(h, j + 1));
      edge(ET.property, S.payload, c + 1);
      edge(ET.property, S.shared, L.shared(h));
      edge(ET.internal, S.map, L.map);
      edge(ET.weak, S.owner, c);
      if (w.out.length) yield* drain();
    }
  }
  w.ascii('],\n"trace_function_infos":[],\n"trace_tree":[],\n"samples":[],\n"locations":[],\n"strings":[');
  const all = [...STRINGS, ...holderNames.map((_, h) => `holder${h}`)];
  w.ascii(all.map((s) => JSON.stringify(s)).join(',\n'));
  const pad = shape.padStrings ?? 0;
  const filler = 'x'.repeat(Math.max(0, (shape.stringLength ?? 100) - 12));
  for (let i = 0; i < pad; i++) {
    w.ascii(`,\n"pad ${String(i).padStart(6, '0')} ${filler}"`);
    if (w.out.length) yield* drain();
  }
  w.ascii(']}\n');
  w.flush();
  yield* drain();
}
