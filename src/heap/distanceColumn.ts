// Distances from the roots in 2 bytes per node instead of 4. Chrome's values are small (user distances stay in the
// tens, system ones are SYSTEM_DISTANCE plus a few); the rare value outside both ranges is kept exactly in a map,
// and a graph with many such values (long chains) widens the whole column to 4 bytes.
export const NO_DISTANCE = -5;
export const SYSTEM_DISTANCE = 100_000_000;

/** Stored codes: 0..SYSTEM_CODE - 1 as is, SYSTEM_CODE + k for SYSTEM_DISTANCE + k, then the two markers. */
const SYSTEM_CODE = 0x8000;
const WIDE_CODE = 0xfffe;
const NO_CODE = 0xffff;

export class DistanceColumn {
  /** The codes, one per node: NO_DISTANCE until set (empty once widened). */
  codes: Uint16Array;
  /** Distances whose code is WIDE_CODE, by node. */
  private wide = new Map<number, number>();
  /** Every distance, once too many are wide. */
  private plain?: Int32Array;

  constructor(readonly length: number) {
    this.codes = new Uint16Array(length).fill(NO_CODE);
  }

  get(n: number): number {
    if (this.plain) return this.plain[n];
    const c = this.codes[n];
    if (c < SYSTEM_CODE) return c;
    if (c < WIDE_CODE) return SYSTEM_DISTANCE + (c - SYSTEM_CODE);
    return c === NO_CODE ? NO_DISTANCE : this.wide.get(n)!;
  }

  isSet(n: number): boolean {
    return this.plain ? this.plain[n] !== NO_DISTANCE : this.codes[n] !== NO_CODE;
  }

  set(n: number, d: number): void {
    if (this.plain) {
      this.plain[n] = d;
      return;
    }
    const c = codeOf(d);
    this.codes[n] = c;
    if (c !== WIDE_CODE) this.wide.delete(n);
    else if (this.wide.set(n, d).size >= Math.max(1024, this.length >> 6)) this.widen();
  }

  /** The values the 4-byte column holds (its own array once widened). */
  get values(): Uint16Array | Int32Array {
    return this.plain ?? this.codes;
  }

  private widen(): void {
    this.plain = this.toArray();
    this.codes = new Uint16Array(0);
    this.wide = new Map();
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
}

/** The code for distance d (WIDE_CODE: keep d in the map). */
function codeOf(d: number): number {
  if (d >= 0 && d < SYSTEM_CODE) return d;
  if (d === NO_DISTANCE) return NO_CODE;
  const k = d - SYSTEM_DISTANCE;
  return k >= 0 && k < WIDE_CODE - SYSTEM_CODE ? SYSTEM_CODE + k : WIDE_CODE;
}
