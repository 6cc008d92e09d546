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

export class LocationTable {
  /** Records. */
  readonly count: number;
  /** Values per record (the header's location_fields). */
  readonly fields: number;
  private readonly bytes: Uint8Array;
  /** Where each block of BLOCK records starts in `bytes`. */
  private readonly blockAt: Uint32Array;

  private constructor(count: number, fields: number, bytes: Uint8Array, blockAt: Uint32Array) {
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
