// Where snapshot chunks go: a file written under a temporary name and renamed only on success, or a callback
// (the extension host can feed the heap engine directly). Both honour back-pressure by returning a promise.
import { createWriteStream, type WriteStream } from 'node:fs';
import { lstat, rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../common/log';

export interface SnapshotSink {
  /** Prepares the output before V8 starts (so a bad path fails before a long snapshot). */
  open(): Promise<void>;
  /** Takes one chunk in order. A returned promise means "wait before sending more"; a throw fails the capture. */
  write(chunk: string): void | Promise<void>;
  /** Everything arrived: flush and publish. Resolves with the final file, if any. */
  commit(): Promise<{ file?: string }>;
  /** The capture failed: drop everything written so far. Never throws. */
  abort(): Promise<void>;
}

/** The name a file sink writes to until it succeeds: beside the target, so the rename stays on one disk. */
export function partialPathFor(file: string): string {
  return join(dirname(file), `${basename(file)}.${randomBytes(4).toString('hex')}.partial`);
}

/**
 * Refuses an output path that exists and is not a regular file: a rename would replace a device node (as root,
 * `-o /dev/full` became a regular file), a symbolic link (not what it points to) or fail on a directory only
 * after the whole capture. Rejects with an Error saying what is there; resolves when the path is free or a file.
 */
export async function checkOutputPath(file: string): Promise<void> {
  let info;
  try {
    info = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (info.isFile()) return;
  const what = info.isDirectory()
    ? 'a directory'
    : info.isSymbolicLink()
      ? 'a symbolic link'
      : info.isCharacterDevice()
        ? 'a character device'
        : info.isBlockDevice()
          ? 'a block device'
          : info.isFIFO()
            ? 'a FIFO'
            : info.isSocket()
              ? 'a socket'
              : 'not a regular file';
  throw new Error(`${file} exists and is ${what}, not a regular file; choose another output path`);
}

class FileSink implements SnapshotSink {
  private stream: WriteStream | undefined;
  private error: Error | undefined;
  readonly partial: string;

  constructor(readonly file: string) {
    this.partial = partialPathFor(file);
  }

  private opening: Promise<void> | undefined;
  private aborted = false;

  open(): Promise<void> {
    this.opening ??= this.create();
    return this.opening;
  }

  private async create(): Promise<void> {
    await checkOutputPath(this.file);
    if (this.aborted) throw new Error('the capture was abandoned before its file was created');
    await new Promise<void>((resolve, reject) => {
      // 'wx': never follow or reuse something already at the temporary name.
      const stream = createWriteStream(this.partial, { flags: 'wx', highWaterMark: 1024 * 1024 });
      this.stream = stream;
      stream.once('ready', () => resolve());
      stream.on('error', (error) => {
        this.error ??= error;
        reject(error);
      });
    });
  }

  write(chunk: string): void | Promise<void> {
    const stream = this.stream;
    if (!stream) throw new Error('file sink is not open');
    if (this.error) throw this.error;
    if (stream.write(chunk)) return;
    return new Promise((resolve, reject) => {
      const onDrain = () => {
        stream.off('error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        stream.off('drain', onDrain);
        reject(error);
      };
      stream.once('drain', onDrain);
      stream.once('error', onError);
    });
  }

  async commit(): Promise<{ file: string }> {
    const stream = this.stream;
    if (!stream) throw new Error('file sink is not open');
    if (this.error) throw this.error;
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(() => resolve());
    });
    await closed(stream);
    if (this.error) throw this.error;
    await checkOutputPath(this.file); // again: something may have appeared there during the capture
    await rename(this.partial, this.file);
    return { file: this.file };
  }

  async abort(): Promise<void> {
    this.aborted = true;
    await this.opening?.catch(() => undefined); // a file still being created is removed too, once it exists
    const stream = this.stream;
    if (stream && !stream.closed) {
      stream.destroy();
      await closed(stream);
    }
    await unlink(this.partial).catch(() => undefined); // absent already, or never created
  }
}

function closed(stream: WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}

/** Streams into `file` through `<file>.<random>.partial`; the final name appears only when the capture succeeds. */
export function createFileSink(file: string): SnapshotSink {
  return new FileSink(file);
}

export interface ChunkSinkHooks {
  /** Called once after the last chunk. */
  onEnd?(): void | Promise<void>;
  /** Called once if the capture fails after open, so the consumer can drop what it has. */
  onAbort?(): void | Promise<void>;
  /** Where a failing onAbort is told: the capture's own error is the one reported to the user. */
  log?: Logger;
}

/** Hands each chunk to a callback (e.g. the heap engine's loader). Return a promise from onChunk to slow the feed. */
export function createChunkSink(
  onChunk: (chunk: string) => void | Promise<void>,
  hooks: ChunkSinkHooks = {},
): SnapshotSink {
  return {
    open: async () => undefined,
    write: (chunk) => onChunk(chunk),
    commit: async () => {
      await hooks.onEnd?.();
      return {};
    },
    abort: async () => {
      try {
        await hooks.onAbort?.();
      } catch (error) {
        // The capture is already failing; its error is the one to report.
        hooks.log?.warn('dropping a failed capture', error);
      }
    },
  };
}
