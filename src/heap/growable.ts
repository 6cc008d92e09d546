// Typed arrays that grow as data arrives. Sized from a hint (the header's counts) but capped by a limit the
// caller derives from the bytes actually available, so a hostile header cannot make us allocate gigabytes.
type TypedArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;
type Ctor<T extends TypedArray> = {
  new (length: number): T;
  new (buffer: SharedArrayBuffer, offset: number, length: number): T;
  BYTES_PER_ELEMENT: number;
};

export class Growable<T extends TypedArray> {
  data: T;
  length = 0;

  constructor(
    private readonly ctor: Ctor<T>,
    initialCapacity: number,
    /** In a SharedArrayBuffer: handed to helper threads as it is, no copy (whose source would linger as garbage). */
    private readonly shared = false,
  ) {
    this.data = this.allocate(Math.max(16, Math.floor(initialCapacity)));
  }

  private allocate(length: number): T {
    const { ctor } = this;
    return this.shared ? new ctor(new SharedArrayBuffer(length * ctor.BYTES_PER_ELEMENT), 0, length) : new ctor(length);
  }

  /** Makes room for at least `extra` more elements. */
  reserve(extra: number): T {
    const needed = this.length + extra;
    if (needed > this.data.length) {
      const next = this.allocate(Math.max(needed, Math.floor(this.data.length * 1.5) + 1024));
      next.set(this.data.subarray(0, this.length) as never);
      this.data = next;
    }
    return this.data;
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = value;
  }

  /** The filled part. Copies only when a lot of capacity would otherwise be wasted. */
  finish(): T {
    if (this.data.length - this.length > 4096 && this.length < this.data.length * 0.9) {
      return this.data.slice(0, this.length) as T;
    }
    return this.data.subarray(0, this.length) as T;
  }
}
