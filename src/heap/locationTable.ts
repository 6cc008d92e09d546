// The snapshot's `locations` (per record: object index, script id, line, column) compact: each value as a zigzag
// varint of its difference from the same field of the previous record (neighbouring records mostly share a
// script and sit a few lines apart; they are not in object order: a third step back on a real program's
// snapshot, so sourceLocation.ts sorts its own index), with each block of 16 records starting afresh so one
// record is read by decoding at most 15 before it. About 6 bytes per record instead of 16.
const BLOCK = 16;

const zigzag = (d: number): number => (d >= 0 ? 2 * d : -2 * d - 1);

function varintLength(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** What a LocationTableBuilder saw, for the checks the flat values would get (validate.ts). */
export interface LoadedLocations {
  /** Values read (a last incomplete record's included). */
  values: number;
  /** The largest object_index, and whether any is not a multiple of the node field count. */
  maxObjectIndex: number;
  misaligned: boolean;
}

export class LocationTable {
  /** Set by a LocationTableBuilder. */
  loaded?: LoadedLocations;
  /** Records. */
  readonly count: number;
  /** Values per record (the header's location_fields). */
  readonly fields: number;
  private readonly bytes: Uint8Array;
  /** Where each block of BLOCK records starts in `bytes`. */
  private readonly blockAt: Uint32Array;

  /** Use `from` or a LocationTableBuilder. */
  constructor(count: number, fields: number, bytes: Uint8Array, blockAt: Uint32Array) {
    this.count = count;
    this.fields = fields;
    this.bytes = bytes;
    this.blockAt = blockAt;
  }

  /** From the file's flat array of `fields` values per record (any values below 2^32). */
  static from(values: Uint32Array, fields: number): LocationTable {
    const count = fields > 0 ? Math.floor(values.length / fields) : 0;
    // Record by record, field by field (no division per value): this runs before the first rows.
    let size = 0;
    for (let r = 0, k = 0; r < count; r++) {
      const fresh = r % BLOCK === 0;
      for (let f = 0; f < fields; f++, k++) size += varintLength(zigzag(values[k] - (fresh ? 0 : values[k - fields])));
    }
    const bytes = new Uint8Array(size);
    const blockAt = new Uint32Array(Math.ceil(count / BLOCK) + 1);
    let p = 0;
    for (let r = 0, k = 0; r < count; r++) {
      const fresh = r % BLOCK === 0;
      if (fresh) blockAt[r / BLOCK] = p;
      for (let f = 0; f < fields; f++, k++) {
        let v = zigzag(values[k] - (fresh ? 0 : values[k - fields]));
        while (v >= 0x80) {
          bytes[p++] = (v % 0x80) | 0x80;
          v = Math.floor(v / 0x80);
        }
        bytes[p++] = v;
      }
    }
    blockAt[blockAt.length - 1] = p;
    return new LocationTable(count, fields, bytes, blockAt);
  }

  /** Bytes this table holds (the benchmark's accounting). */
  get byteLength(): number {
    return this.bytes.byteLength + this.blockAt.byteLength;
  }

  /** Calls `visit(i, values)` for each record in order; `values` holds record i's fields and is reused. */
  forEach(visit: (i: number, values: Float64Array) => void): void {
    const values = new Float64Array(this.fields);
    let p = 0;
    for (let i = 0; i < this.count; i++) {
      if (i % BLOCK === 0) values.fill(0);
      p = this.decode(p, values);
      visit(i, values);
    }
  }

  /** Record i's fields, into `out` (a new array when not given). */
  read(i: number, out = new Float64Array(this.fields)): Float64Array {
    const first = i - (i % BLOCK);
    let p = this.blockAt[first / BLOCK];
    out.fill(0);
    for (let r = first; r <= i; r++) p = this.decode(p, out);
    return out;
  }

  /** Adds the next record's differences at byte p to `values`; returns the byte after it. */
  private decode(p: number, values: Float64Array): number {
    const { bytes } = this;
    for (let f = 0; f < this.fields; f++) {
      let b = bytes[p++];
      let v = b & 0x7f;
      for (let scale = 0x80; b & 0x80; scale *= 0x80) {
        b = bytes[p++];
        v += (b & 0x7f) * scale;
      }
      values[f] += v % 2 === 0 ? v / 2 : -(v + 1) / 2;
    }
    return p;
  }
}

/** Bytes per chunk while building. */
const CHUNK = 1 << 20;

/**
 * The same table built value by value as the file is read: the flat array of every value (16 bytes a record, grown
 * by copies whose garbage outlived the load) is never held. A last record left incomplete is dropped, as `from` does.
 */
export class LocationTableBuilder {
  private readonly record: Float64Array;
  private readonly previous: Float64Array;
  private field = 0;
  private count = 0;
  /** Full chunks, then the one being written (`at` bytes of it). */
  private readonly chunks: Uint8Array[] = [];
  private chunk = new Uint8Array(CHUNK);
  private at = 0;
  private written = 0;
  private blockAt = new Uint32Array(64);
  private blocks = 0;

  private values = 0;
  private maxObjectIndex = -1;
  private misaligned = false;

  /** `objectAt`: the object_index field (-1: none); `nodeFields`: values per node. */
  constructor(
    readonly fields: number,
    private readonly objectAt: number,
    private readonly nodeFields: number,
  ) {
    this.record = new Float64Array(fields);
    this.previous = new Float64Array(fields);
  }

  push(value: number): void {
    const { fields, record } = this;
    this.values++;
    if (fields === 0) return;
    record[this.field++] = value;
    if (this.field < fields) return;
    this.field = 0;
    if (this.objectAt >= 0) {
      const index = record[this.objectAt];
      if (index > this.maxObjectIndex) this.maxObjectIndex = index;
      if (index % this.nodeFields !== 0) this.misaligned = true;
    }
    // Room for the record's varints (5 bytes at most each) in this chunk.
    if (this.at + 5 * fields > this.chunk.length) {
      this.chunks.push(this.chunk.subarray(0, this.at));
      this.written += this.at;
      this.chunk = new Uint8Array(Math.max(CHUNK, 5 * fields));
      this.at = 0;
    }
    const fresh = this.count % BLOCK === 0;
    if (fresh) {
      if (this.blocks === this.blockAt.length) {
        const grown = new Uint32Array(this.blocks * 2);
        grown.set(this.blockAt);
        this.blockAt = grown;
      }
      this.blockAt[this.blocks++] = this.written + this.at;
    }
    const { chunk, previous } = this;
    let p = this.at;
    for (let f = 0; f < fields; f++) {
      let v = zigzag(record[f] - (fresh ? 0 : previous[f]));
      previous[f] = record[f];
      while (v >= 0x80) {
        chunk[p++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
      chunk[p++] = v;
    }
    this.at = p;
    this.count++;
  }

  finish(): LocationTable {
    const bytes = new Uint8Array(this.written + this.at);
    let p = 0;
    for (const c of [...this.chunks, this.chunk.subarray(0, this.at)]) {
      bytes.set(c, p);
      p += c.length;
    }
    const blockAt = new Uint32Array(this.blocks + 1);
    blockAt.set(this.blockAt.subarray(0, this.blocks));
    blockAt[this.blocks] = p;
    this.chunks.length = 0;
    this.chunk = new Uint8Array(0);
    const table = new LocationTable(this.count, this.fields, bytes, blockAt);
    table.loaded = { values: this.values, maxObjectIndex: this.maxObjectIndex, misaligned: this.misaligned };
    return table;
  }
}
