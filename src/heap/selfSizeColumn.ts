// Shallow sizes in 2 bytes per node: most objects are under 64 kB; the others keep their exact size in a map. A
// heap with many large objects keeps (or goes back to) a plain column.
import type { SizeArray } from './tokenizer';

/** A code meaning "in the map" (the parallel loader's threads write it too: decodeNumbers.ts). */
export const BIG_SIZE = 0xffff;
const BIG = BIG_SIZE;

export class SelfSizeColumn {
  readonly length: number;
  /** The sizes sum past 4 GiB: retained sizes need 8 bytes (SizeArray). */
  readonly wide: boolean;
  /** The plain column: as loaded until `compact`, or again when too many sizes are large. */
  private plain?: SizeArray;
  private codes: Uint16Array<ArrayBufferLike> = new Uint16Array(0);
  private big = new Map<number, number>();

  constructor(loaded: SizeArray) {
    this.plain = loaded;
    this.length = loaded.length;
    this.wide = !(loaded instanceof Uint32Array);
  }

  /**
   * Compact from the start (the parallel loader's threads write the codes; no 4-byte column is loaded): `big`
   * holds (node, size) pairs for the codes BIG; `wide` when the sizes sum to 4 GiB or more. Too many large sizes
   * and the column is plain, as `compact` would have left it.
   */
  static fromCodes(codes: Uint16Array, big: ArrayLike<number>, wide: boolean): SelfSizeColumn {
    const column = new SelfSizeColumn(wide ? new Float64Array(0) : new Uint32Array(0));
    (column as { length: number }).length = codes.length;
    column.plain = undefined;
    column.codes = codes;
    for (let i = 0; i < big.length; i += 2) column.big.set(big[i], big[i + 1]);
    if (column.big.size > column.limit) column.widen();
    return column;
  }

  get(n: number): number {
    const plain = this.plain;
    if (plain) return plain[n];
    const c = this.codes[n];
    return c === BIG ? this.big.get(n)! : c;
  }

  set(n: number, size: number): void {
    const plain = this.plain;
    if (plain) {
      plain[n] = size;
      return;
    }
    if (size < BIG) {
      if (this.codes[n] === BIG) this.big.delete(n);
      this.codes[n] = size;
      return;
    }
    this.codes[n] = BIG;
    if (this.big.set(n, size).size > this.limit) this.widen();
  }

  /**
   * Trades the loaded column for 2-byte codes, unless more than one node in 32 is 64 kB or larger; returns the
   * loaded column, now dead (its buffer may serve as scratch), or undefined when it stays.
   */
  compact(): SizeArray | undefined {
    const loaded = this.plain;
    if (!loaded) return undefined;
    let big = 0;
    for (let n = 0; n < loaded.length; n++) if (loaded[n] >= BIG && ++big > this.limit) return undefined;
    const codes = new Uint16Array(this.length);
    for (let n = 0; n < loaded.length; n++) {
      const size = loaded[n];
      if (size < BIG) codes[n] = size;
      else {
        codes[n] = BIG;
        this.big.set(n, size);
      }
    }
    this.codes = codes;
    this.plain = undefined;
    return loaded;
  }

  private get limit(): number {
    return Math.max(1024, this.length >> 5);
  }

  private widen(): void {
    const plain = this.wide ? new Float64Array(this.length) : new Uint32Array(this.length);
    for (let n = 0; n < this.length; n++) plain[n] = this.get(n);
    this.plain = plain;
    this.codes = new Uint16Array(0);
    this.big = new Map();
  }

  get byteLength(): number {
    return this.plain ? this.plain.byteLength : this.codes.byteLength + this.big.size * 16;
  }

  /** The array that holds the sizes (the codes once compact), for memory accounting. */
  get values(): Uint16Array | SizeArray {
    return this.plain ?? this.codes;
  }
}
