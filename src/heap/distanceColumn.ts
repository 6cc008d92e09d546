// Distances from the roots in 1 byte per node (2 when they need it) instead of 4. Chrome's values are small (user distances stay in the
// tens, system ones are SYSTEM_DISTANCE plus a few); the rare value outside both ranges is kept exactly in a map,
// and a graph with many such values (long chains) widens the whole column to 4 bytes.
export const NO_DISTANCE = -5;
export const SYSTEM_DISTANCE = 100_000_000;

/**
 * Codes of one byte while they serve (a Node.js program's distances stay under 128 and SYSTEM_DISTANCE + 126),
 * then of two; at each width: 0..SYSTEM - 1 as is, SYSTEM + k for SYSTEM_DISTANCE + k, then the two markers.
 */
const CODES = [
  { SYSTEM: 0x80, WIDE: 0xfe, NONE: 0xff },
  { SYSTEM: 0x8000, WIDE: 0xfffe, NONE: 0xffff },
];

export class DistanceColumn {
  /** The codes, one per node: NO_DISTANCE until set (empty once widened to plain values). */
  codes: Uint8Array | Uint16Array;
  /** Distances whose code is `wideCode`, by node. */
  private wide = new Map<number, number>();
  /** Every distance, once too many are wide at two bytes. */
  private plain?: Int32Array;
  private system = CODES[0].SYSTEM;
  private wideCode = CODES[0].WIDE;
  private none = CODES[0].NONE;

  constructor(readonly length: number) {
    this.codes = new Uint8Array(length).fill(this.none);
  }

  get(n: number): number {
    if (this.plain) return this.plain[n];
    const c = this.codes[n];
    if (c < this.system) return c;
    if (c < this.wideCode) return SYSTEM_DISTANCE + (c - this.system);
    return c === this.none ? NO_DISTANCE : this.wide.get(n)!;
  }

  isSet(n: number): boolean {
    return this.plain ? this.plain[n] !== NO_DISTANCE : this.codes[n] !== this.none;
  }

  set(n: number, d: number): void {
    if (this.plain) {
      this.plain[n] = d;
      return;
    }
    const c = this.codeOf(d);
    this.codes[n] = c;
    if (c !== this.wideCode) {
      if (this.wide.size > 0) this.wide.delete(n);
    } else if (this.wide.set(n, d).size >= Math.max(1024, this.length >> 6)) this.widen();
  }

  /** The values the 4-byte column holds (its own array once widened). */
  get values(): Uint8Array | Uint16Array | Int32Array {
    return this.plain ?? this.codes;
  }

  /** From one byte to two (the map keeps only what two cannot code), or from two to plain values. */
  private widen(): void {
    if (this.codes instanceof Uint16Array) {
      this.plain = this.toArray();
      this.codes = new Uint8Array(0);
      this.wide = new Map();
      return;
    }
    const values = this.toArray();
    ({ SYSTEM: this.system, WIDE: this.wideCode, NONE: this.none } = CODES[1]);
    this.codes = new Uint16Array(this.length);
    this.wide = new Map();
    for (let n = 0; n < this.length; n++) this.set(n, values[n]);
  }

  /** Every distance as Chrome's plain array holds it (for comparisons; 4 bytes per node). */
  toArray(): Int32Array {
    const out = new Int32Array(this.length);
    for (let n = 0; n < this.length; n++) out[n] = this.get(n);
    return out;
  }

  get byteLength(): number {
    return this.plain ? this.plain.byteLength : this.codes.byteLength + this.wide.size * 16;
  }

  /** The code for distance d (`wideCode`: keep d in the map). */
  private codeOf(d: number): number {
    if (d >= 0 && d < this.system) return d;
    if (d === NO_DISTANCE) return this.none;
    const k = d - SYSTEM_DISTANCE;
    return k >= 0 && k < this.wideCode - this.system ? this.system + k : this.wideCode;
  }
}
