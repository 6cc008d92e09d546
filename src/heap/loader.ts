// Entry points: load a snapshot from a file, from any (async) iterable of chunks, or chunk by chunk as CDP
// `HeapProfiler.addHeapSnapshotChunk` events arrive.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { HeapSnapshotError, throwIfAborted } from './errors';
import { analyzeSnapshot, type AnalyzeOptions, type HeapSnapshot } from './snapshot';
import { SnapshotTokenizer } from './tokenizer';

export interface LoadOptions extends AnalyzeOptions {
  /** Input size, when known: bounds allocations and lets progress report a fraction. */
  totalBytes?: number;
  /** Read allocation traces when the snapshot has them (default true). */
  allocationTraces?: boolean;
}

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

  async finish(): Promise<HeapSnapshot> {
    this.options.onProgress?.({ stage: 'read', bytes: this.tokenizer.bytesRead, totalBytes: this.options.totalBytes });
    const raw = this.tokenizer.end();
    return analyzeSnapshot(raw, this.options);
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

export async function loadSnapshotFile(path: string, options: LoadOptions = {}): Promise<HeapSnapshot> {
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
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    return await loadSnapshotFromChunks(stream as AsyncIterable<Buffer>, {
      ...options,
      totalBytes: options.totalBytes ?? size,
    });
  } finally {
    stream.destroy();
  }
}
