// The program's own inspector, in process: `node:inspector`'s Session speaks the same protocol as a debugger,
// with no port and no second process. One session serves a whole measurement: V8 keeps object ids stable for as
// long as the heap profiler stays enabled, which is what lets the triage tell new objects from old ones.
import { closeSync, openSync, writeSync } from 'node:fs';
import { Session } from 'node:inspector';

export class InspectorSession {
  private readonly session = new Session();
  private connected = false;

  open(): Promise<void> {
    this.session.connect();
    this.connected = true;
    return this.post('HeapProfiler.enable');
  }

  post<T = void>(method: string, params: object = {}): Promise<T> {
    return new Promise((resolve, reject) => {
      this.session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T)));
    });
  }

  on(event: string, listener: (message: never) => void): void {
    this.session.on(event, listener as (message: unknown) => void);
  }

  off(event: string, listener: (message: never) => void): void {
    this.session.off(event, listener as (message: unknown) => void);
  }

  collectGarbage(): Promise<void> {
    return this.post('HeapProfiler.collectGarbage');
  }

  /**
   * Writes a snapshot of this process's heap to `file`. V8 sends the chunks synchronously while it writes, on
   * this thread, so they go straight to disk and never pile up in the heap being measured.
   */
  async snapshot(file: string): Promise<void> {
    const fd = openSync(file, 'w');
    const onChunk = (message: { params: { chunk: string } }) => writeSync(fd, message.params.chunk);
    this.session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
    try {
      await this.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
    } finally {
      this.session.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
      closeSync(fd);
    }
  }

  /** Leaves nothing behind: the profiler off (its id map freed) and the session closed. */
  async close(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    try {
      await this.post('HeapProfiler.disable');
    } finally {
      this.session.disconnect();
    }
  }
}
