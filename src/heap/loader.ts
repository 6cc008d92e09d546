// Entry points: load a snapshot from a file, from any (async) iterable of chunks, or chunk by chunk as CDP
// `HeapProfiler.addHeapSnapshotChunk` events arrive.
import { createReadStream, readSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { HeapSnapshotError, throwIfAborted } from './errors';
import { ParallelDecoder, WideValueFallback } from './parallelDecoder';
import { analyzeProgressively, analyzeSnapshot, type AnalyzeOptions, type HeapSnapshot } from './snapshot';
import { MAX_NUMBER_DIGITS, SnapshotTokenizer } from './tokenizer';

export { ENGINE_PROCESS_ENV } from './processEnv';

export interface LoadOptions extends AnalyzeOptions {
  /** Input size, when known: bounds allocations and lets progress report a fraction. */
  totalBytes?: number;
  /** Read allocation traces when the snapshot has them (default true). */
  allocationTraces?: boolean;
  /**
   * Decode the nodes and edges arrays on two helper threads while reading (file loads only). Default: for
   * files from PARALLEL_MIN_BYTES on, when the helper threads can run.
   */
  parallel?: boolean;
}

/** Below this, starting two threads costs more than it saves. */
export const PARALLEL_MIN_BYTES = 8 << 20;
/** Read size: one range per read for a thread to decode; its decoded values (~0.5 MB) stay in the CPU's cache. */
const READ_BYTES = 256 << 10;
/** Reads in flight or being decoded: enough to keep both threads busy while the loader reads ahead. */
const READ_BUFFERS = 24;

const PROGRESS_EVERY = 16 << 20;

/** Push-style loading: write chunks as they come, then `finish()` to index the graph. */
export class ChunkLoader {
  private readonly tokenizer: SnapshotTokenizer;
  private lastReport = 0;

  constructor(private readonly options: LoadOptions = {}) {
    this.tokenizer = new SnapshotTokenizer(options.totalBytes, { traces: options.allocationTraces });
  }

  write(chunk: Uint8Array | string): void {
    throwIfAborted(this.options.signal);
    this.tokenizer.write(chunk);
    const bytes = this.tokenizer.bytesRead;
    if (bytes - this.lastReport >= PROGRESS_EVERY) {
      this.lastReport = bytes;
      this.options.onProgress?.({ stage: 'read', bytes, totalBytes: this.options.totalBytes });
    }
  }

  /** Indexes the graph; resolves when everything is computed, or with `progressively`, when the Summary can answer. */
  async finish(progressively = false): Promise<HeapSnapshot> {
    this.options.onProgress?.({ stage: 'read', bytes: this.tokenizer.bytesRead, totalBytes: this.options.totalBytes });
    const raw = this.tokenizer.end();
    return progressively ? analyzeProgressively(raw, this.options) : analyzeSnapshot(raw, this.options);
  }
}

export async function loadSnapshotFromChunks(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: LoadOptions = {},
): Promise<HeapSnapshot> {
  const loader = new ChunkLoader(options);
  for await (const chunk of chunks) loader.write(chunk);
  return loader.finish();
}

/** Loads a file and resolves when everything is computed. */
export async function loadSnapshotFile(path: string, options: LoadOptions = {}): Promise<HeapSnapshot> {
  return (await openSnapshotFile(path, options)).ready;
}

/**
 * Loads a file and resolves as soon as the Summary can answer (classes, counts, shallow sizes); distances,
 * dominators and retained sizes follow (`snapshot.ready`).
 */
export async function openSnapshotFile(path: string, options: LoadOptions = {}): Promise<HeapSnapshot> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new HeapSnapshotError(`not a file: ${path}`);
    size = info.size;
  } catch (error) {
    if (error instanceof HeapSnapshotError) throw error;
    throw new HeapSnapshotError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (size === 0) throw new HeapSnapshotError(`not a V8 heap snapshot: ${path} is empty`);
  if (options.parallel ?? size >= PARALLEL_MIN_BYTES) {
    // Each read yields at most two ranges (the end of one array, the start of the next).
    const decoder = ParallelDecoder.start(2 * Math.ceil(size / (READ_BYTES - MAX_NUMBER_DIGITS)) + 8);
    if (decoder) {
      try {
        return await loadInParallel(path, size, decoder, options);
      } catch (error) {
        if (!(error instanceof WideValueFallback)) throw error;
        // A self size past 32 bits: the sequential loader widens its column; this is rare enough to read twice.
      } finally {
        void decoder.close();
      }
    }
  }
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    const loader = new ChunkLoader({ ...options, totalBytes: options.totalBytes ?? size });
    for await (const chunk of stream as AsyncIterable<Buffer>) loader.write(chunk);
    return await loader.finish(true);
  } finally {
    stream.destroy();
  }
}

async function loadInParallel(
  path: string,
  size: number,
  decoder: ParallelDecoder,
  options: LoadOptions,
): Promise<HeapSnapshot> {
  const tokenizer = new SnapshotTokenizer(size, { traces: options.allocationTraces, sink: decoder });
  // Read buffers in shared memory, reused once the ranges cut from them are decoded.
  const free: Uint8Array[] = [];
  const inUse = new Map<ArrayBufferLike, number>();
  let wake: (() => void) | undefined;
  const release = (buffer: ArrayBufferLike): void => {
    const refs = (inUse.get(buffer) ?? 1) - 1;
    if (refs > 0) {
      inUse.set(buffer, refs);
      return;
    }
    inUse.delete(buffer);
    free.push(Buffer.from(buffer));
    const w = wake;
    wake = undefined;
    w?.();
  };
  decoder.onRelease = release;
  decoder.onTake = (buffer) => inUse.set(buffer, (inUse.get(buffer) ?? 0) + 1);
  // Buffers (over shared memory): the tokenizer's search for an array's end is then a native memchr.
  for (let i = 0; i < READ_BUFFERS; i++) free.push(Buffer.from(new SharedArrayBuffer(READ_BYTES)));
  const acquire = async (): Promise<Uint8Array> => {
    while (free.length === 0) {
      if (decoder.error) throw decoder.error;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    const buf = free.pop()!;
    inUse.set(buf.buffer, 1); // the loader's own reference, while it reads and cuts
    return buf;
  };
  // Reads are synchronous: from the page cache a read is a copy, cheaper than a trip through libuv's thread
  // pool competing with the decode threads for the cores; this runs off the extension host anyway.
  const file = await open(path, 'r');
  try {
    let position = 0;
    let previous: Uint8Array | undefined;
    let carryFrom = 0,
      carryTo = 0;
    let lastReport = 0;
    for (;;) {
      throwIfAborted(options.signal);
      if (decoder.error) throw decoder.error;
      const buf = await acquire();
      const carry = carryTo - carryFrom;
      if (carry > 0) buf.set(previous!.subarray(carryFrom, carryTo), 0);
      if (previous) release(previous.buffer);
      previous = undefined;
      const bytesRead = readSync(file.fd, buf, carry, buf.length - carry, position);
      position += bytesRead;
      const length = carry + bytesRead;
      if (bytesRead === 0) {
        // The end. A number cut there belongs to an array that never closed, which end() reports.
        release(buf.buffer);
        break;
      }
      const consumed = tokenizer.feed(buf.subarray(0, length));
      previous = buf;
      [carryFrom, carryTo] = [consumed, length];
      if (position - lastReport >= PROGRESS_EVERY) {
        lastReport = position;
        options.onProgress?.({ stage: 'read', bytes: position, totalBytes: size });
      }
    }
    options.onProgress?.({ stage: 'read', bytes: position, totalBytes: size });
    await decoder.drain();
  } finally {
    await file.close();
  }
  const raw = tokenizer.end();
  // One decode thread stays for the dominator half of the analysis; it ends with it.
  const helper = decoder.keepOne();
  try {
    const snapshot = await analyzeProgressively(raw, { ...options, helper });
    void snapshot.ready.finally(() => helper?.terminate());
    return snapshot;
  } catch (error) {
    void helper?.terminate();
    throw error;
  }
}
