// The host side of the worker: typed `request(method, params)` calls that resolve with the result, reject
// with a HeapWorkerError, report progress, and cancel through an AbortSignal.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../common/log';
import { ProcessWorker, type WorkerLike } from './processWorker';
import type { HeapErrorCode, HeapMethod, HeapParams, HeapResult, HeapWorkerMessage, Progress } from './protocol';

export class HeapWorkerError extends Error {
  constructor(
    readonly code: HeapErrorCode,
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (p: Progress) => void;
}

export interface RequestOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export class HeapWorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly worker: WorkerLike,
    private readonly log?: Logger,
  ) {
    worker.on('message', (message: HeapWorkerMessage) => this.receive(message));
    worker.on('error', (error) => {
      this.log?.error('the heap worker failed', error);
      this.failAll(error);
    });
    worker.on('exit', (code) => {
      this.exited = new Error(`heap worker exited with code ${code}`);
      this.failAll(this.exited);
    });
  }

  /** Set once the worker is gone: later requests fail at once instead of waiting for a reply that never comes. */
  private exited: Error | undefined;

  request<M extends HeapMethod>(
    method: M,
    params: HeapParams<M>,
    options: RequestOptions = {},
  ): Promise<HeapResult<M>> {
    const id = this.nextId++;
    return new Promise<HeapResult<M>>((resolve, reject) => {
      if (this.exited) {
        reject(this.exited);
        return;
      }
      if (options.signal?.aborted) {
        reject(new HeapWorkerError('cancelled', 'cancelled before it started'));
        return;
      }
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: options.onProgress });
      options.signal?.addEventListener(
        'abort',
        () => {
          this.worker.postMessage({ id: this.nextId++, method: 'cancel', params: { requestId: id } });
        },
        { once: true },
      );
      this.worker.postMessage({ id, method, params });
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private receive(message: HeapWorkerMessage): void {
    if ('event' in message) {
      if (message.event === 'log') {
        if (message.level === 'info') this.log?.info(message.line);
        else this.log?.[message.level](message.line, undefined);
      } else this.pending.get(message.id)?.onProgress?.(message.progress);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return; // e.g. the reply to a cancel request
    this.pending.delete(message.id);
    if ('error' in message) pending.reject(new HeapWorkerError(message.error.code, message.error.message));
    else pending.resolve(message.result);
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}

/**
 * Starts the engine in a worker thread, or with `process`, in a child process (see processWorker.ts: the
 * explorer keeps snapshots out of the extension host's memory). By default it uses the bundled `heapWorker.js`
 * next to this code, and when running from TypeScript sources (tests) the `worker.ts` entry through tsx.
 */
export function createHeapWorker(
  workerPath?: string,
  options: { process?: boolean; log?: Logger } = {},
): HeapWorkerClient {
  const { log } = options;
  const path =
    workerPath ??
    (existsSync(join(__dirname, 'heapWorker.js')) ? join(__dirname, 'heapWorker.js') : join(__dirname, 'worker.ts'));
  if (options.process)
    return new HeapWorkerClient(new ProcessWorker(path, path.endsWith('.ts') ? ['--import', 'tsx'] : []), log);
  if (!path.endsWith('.ts')) return new HeapWorkerClient(new Worker(path), log);
  // Node 20 refuses a .ts worker entry even with tsx in execArgv: register tsx's require hook, then load it.
  const bootstrap = `require('tsx/cjs/api').register(); require(${JSON.stringify(path)});`;
  return new HeapWorkerClient(new Worker(bootstrap, { eval: true }), log);
}
