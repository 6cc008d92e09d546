// The `strings` array can be hundreds of megabytes: we keep each string as its raw (still JSON-escaped)
// UTF-8 bytes in one buffer and decode on demand, caching only what callers ask for repeatedly. Where each string
// starts costs 1.5 bytes per string, not 4: a start per block of 8 strings and each string's byte length in a
// byte (strings of 255 bytes or more keep theirs in a map).
import { Growable } from './growable';

/** Block starts: 32-bit while the strings' bytes stay under 4 GiB (always, for files that size), else 64-bit. */
export type StringOffsets = Uint32Array | Float64Array;

/** Strings per block of `blockStart`. */
const BLOCK = 8;
/** A length byte meaning "in `long`". */
const LONG = 255;

export interface StringTableParts {
  bytes: Uint8Array;
  /** Where strings k·BLOCK .. k·BLOCK + BLOCK - 1 start in `bytes`. */
  blockStart: StringOffsets;
  /** Byte length of each string, or LONG: then it is `long.get(i)`. */
  length: Uint8Array;
  long: Map<number, number>;
  escaped: Uint8Array;
  fileCount: number;
}

export class StringTable {
  private readonly decoder = new TextDecoder('utf-8');
  private cache = new Map<number, string>();
  /** Strings appended after loading (e.g. Chrome's synthetic class names). */
  private readonly extra: string[] = [];

  private readonly bytes: Uint8Array;
  private readonly blockStart: StringOffsets;
  private readonly length: Uint8Array;
  private readonly long: Map<number, number>;
  /** Bit i set when string i contains a backslash escape and needs JSON decoding. */
  private readonly escaped: Uint8Array;
  readonly fileCount: number;

  constructor(parts: StringTableParts) {
    ({
      bytes: this.bytes,
      blockStart: this.blockStart,
      length: this.length,
      long: this.long,
      escaped: this.escaped,
      fileCount: this.fileCount,
    } = parts);
  }

  /** The file's strings as stored, to rebuild this table in another thread (strings added later stay here). */
  parts(): StringTableParts {
    const { bytes, blockStart, length, long, escaped, fileCount } = this;
    return { bytes, blockStart, length, long, escaped, fileCount };
  }

  static fromParts(parts: StringTableParts): StringTable {
    return new StringTable(parts);
  }

  /** Where string i (< fileCount) starts in `bytes`. */
  private start(i: number): number {
    const from = i - (i % BLOCK);
    let p = this.blockStart[from / BLOCK];
    for (let k = from; k < i; k++) p += this.storedLength(k);
    return p;
  }

  private storedLength(i: number): number {
    const l = this.length[i];
    return l === LONG ? this.long.get(i)! : l;
  }

  get count(): number {
    return this.fileCount + this.extra.length;
  }

  /** Byte length of string i as stored (a cheap upper bound on its length in characters). */
  rawLength(i: number): number {
    return i < this.fileCount ? this.storedLength(i) : this.extra[i - this.fileCount].length;
  }

  /** True when string i starts with an ASCII digit: a cheap pre-filter before decoding. */
  startsWithDigit(i: number): boolean {
    if (i >= this.fileCount) return /^\d/.test(this.extra[i - this.fileCount] ?? '');
    if (this.storedLength(i) === 0) return false;
    const c = this.bytes[this.start(i)];
    return c >= 48 && c <= 57;
  }

  get(i: number): string {
    if (i >= this.fileCount) return this.extra[i - this.fileCount] ?? '';
    const cached = this.cache.get(i);
    if (cached !== undefined) return cached;
    const value = this.decode(i, Infinity);
    if (value.length < 256) {
      if (this.cache.size > 200_000) this.cache = new Map();
      this.cache.set(i, value);
    }
    return value;
  }

  /** String i cut to `max` characters, without decoding megabytes to show a thousand characters. */
  getTruncated(i: number, max: number): { text: string; truncated: boolean } {
    if (i >= this.fileCount) {
      const s = this.extra[i - this.fileCount] ?? '';
      return { text: s.slice(0, max), truncated: s.length > max };
    }
    // V8 writes non-ASCII characters as \uXXXX: up to six raw bytes per UTF-16 unit.
    const budget = max * 6 + 16;
    const text = this.decode(i, budget);
    return { text: text.slice(0, max), truncated: text.length > max || this.rawLength(i) > budget };
  }

  /**
   * The file strings equal to one of `texts` (at most 31), each with bit k set when it equals texts[k]: lets hot
   * loops compare names as integers. A map of the few matches, not a byte per string (megabytes, alive while the
   * dominator pass peaks). Only strings whose stored length could match are decoded.
   */
  flagsFor(texts: readonly string[]): Map<number, number> {
    const flags = new Map<number, number>();
    // A string stored without escapes is its text's UTF-8 bytes: only those of a text's length (and the escaped
    // ones, few) are decoded and compared.
    const lengths = new Set(texts.map((t) => new TextEncoder().encode(t).length));
    for (let i = 0; i < this.fileCount; i++) {
      if (!lengths.has(this.storedLength(i)) && !(this.escaped[i >> 3] & (1 << (i & 7)))) continue;
      const value = this.decode(i, Infinity);
      for (let k = 0; k < texts.length; k++) if (value === texts[k]) flags.set(i, (flags.get(i) ?? 0) | (1 << k));
    }
    return flags;
  }

  add(value: string): number {
    this.extra.push(value);
    return this.count - 1;
  }

  private decode(i: number, maxBytes: number): string {
    const start = this.start(i);
    let end = start + this.storedLength(i);
    const cut = end - start > maxBytes;
    if (cut) end = start + maxBytes;
    const raw =
      end - start <= 64
        ? (shortString(this.bytes, start, end) ?? this.decoder.decode(this.bytes.subarray(start, end)))
        : this.decoder.decode(this.bytes.subarray(start, end));
    if (!(this.escaped[i >> 3] & (1 << (i & 7)))) return raw;
    try {
      return JSON.parse('"' + (cut ? trimEscape(raw) : raw) + '"') as string;
    } catch {
      return raw; // a malformed escape in a hostile file: show it raw rather than fail the whole query
    }
  }
}

/** Short ASCII strings (V8 escapes everything else) without TextDecoder's per-call cost; undefined if not ASCII. */
function shortString(bytes: Uint8Array, start: number, end: number): string | undefined {
  let s = '';
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c >= 0x80) return undefined;
    s += String.fromCharCode(c);
  }
  return s;
}

/** Drops a dangling partial escape left by cutting a raw string in the middle. */
function trimEscape(raw: string): string {
  const bs = raw.lastIndexOf('\\');
  return bs >= 0 && bs > raw.length - 6 ? raw.slice(0, bs) : raw;
}

export class StringTableBuilder {
  readonly bytes: Growable<Uint8Array>;
  /** 4 bytes per block until the bytes pass 4 GiB, then widened to 8. */
  private blockStart: Growable<Uint32Array> | Growable<Float64Array>;
  private readonly length: Growable<Uint8Array>;
  private readonly long = new Map<number, number>();
  readonly escaped: Growable<Uint8Array>;
  /** Where the string being read started. */
  private stringStart = 0;

  /**
   * `shared`: the table will go to a helper thread (parallelAnalysis.ts). Its bytes are then read into shared memory
   * from the start: the hint (the bytes left in the file) bounds them, so they are never copied, and the capacity
   * past them is never touched (not resident).
   */
  constructor(byteHint: number, countHint: number, shared = false) {
    this.bytes = new Growable(Uint8Array, byteHint, shared);
    this.blockStart = new Growable(Uint32Array, countHint / BLOCK + 1);
    this.length = new Growable(Uint8Array, countHint);
    this.escaped = new Growable(Uint8Array, (countHint >> 3) + 1);
  }

  appendBytes(chunk: Uint8Array, from: number, to: number): void {
    if (to <= from) return;
    const data = this.bytes.reserve(to - from);
    data.set(chunk.subarray(from, to), this.bytes.length);
    this.bytes.length += to - from;
  }

  endString(hadEscape: boolean): void {
    const index = this.length.length;
    const start = this.stringStart;
    const end = this.bytes.length;
    this.stringStart = end;
    if (index % BLOCK === 0) {
      if (start > 0xffffffff && this.blockStart.data instanceof Uint32Array) {
        const wide = new Growable(Float64Array, this.blockStart.data.length);
        wide.data.set(this.blockStart.data.subarray(0, this.blockStart.length));
        wide.length = this.blockStart.length;
        this.blockStart = wide;
      }
      this.blockStart.push(start);
    }
    const size = end - start;
    if (size >= LONG) this.long.set(index, size);
    this.length.push(size >= LONG ? LONG : size);
    const byte = index >> 3;
    while (this.escaped.length <= byte) this.escaped.push(0);
    if (hadEscape) this.escaped.data[byte] |= 1 << (index & 7);
  }

  /**
   * `shared`: the table goes to a helper thread (parallelAnalysis.ts); in shared memory it is read there in place
   * instead of being copied into the thread for the whole dominator pass.
   */
  finish(shared = false): StringTable {
    // Shared: one copy of the filled part (Growable.finish might copy first, to trim), unless already shared.
    const done = <T extends Uint8Array | StringOffsets>(g: Growable<T>): T =>
      !shared
        ? g.finish()
        : g.data.buffer instanceof SharedArrayBuffer
          ? (g.data.subarray(0, g.length) as T)
          : inSharedMemory(g.data.subarray(0, g.length) as T);
    return new StringTable({
      bytes: done(this.bytes),
      blockStart: done<StringOffsets>(this.blockStart),
      length: done(this.length),
      long: this.long,
      escaped: done(this.escaped),
      fileCount: this.length.length,
    });
  }
}

/** A copy of `a` in a SharedArrayBuffer of its exact length (the Growable's spare capacity is left behind). */
function inSharedMemory<T extends Uint8Array | StringOffsets>(a: T): T {
  const ctor = a.constructor as { new (buffer: SharedArrayBuffer, offset: number, length: number): T };
  const copy = new ctor(new SharedArrayBuffer(Math.max(1, a.byteLength)), 0, a.length);
  copy.set(a as never);
  return copy;
}
