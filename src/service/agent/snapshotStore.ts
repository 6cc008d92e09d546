// Snapshots the agent tools loaded themselves: one heap worker process holds them (the MCP protocol loop or
// the extension host never parses or computes), each under a short handle (`s1`, `s2`…) and its real path.
// A snapshot stays loaded across calls and is released on request or after `idleMs` without use.
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Logger } from '../../common/log';
import type { Progress } from '../protocol';
import { createHeapWorker, type HeapWorkerClient } from '../workerClient';
import { NoSnapshotError, type LoadedSnapshot, type ToolRun } from './agentTools';
import { plain } from './answer';
import { ToolInputError } from './toolInput';

interface Entry extends LoadedSnapshot {
  lastUsed: number;
  /** Resolves when the worker has it (a second call for the same file waits for the first load). */
  ready: Promise<unknown>;
  /** Set once loaded: a snapshot still loading is never idle. */
  loaded?: boolean;
}

export class SnapshotStore {
  private client: HeapWorkerClient | undefined;
  private readonly byPath = new Map<string, Entry>();
  private next = 1;
  private latest: Entry | undefined;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    /** Where relative paths start (a function: the editor's workspace can change). */
    private readonly base: () => string,
    private readonly idleMs: number,
    private readonly log: Logger,
    /** Told when a snapshot is released, so what was learned about it goes too. */
    private readonly onRelease: (path: string) => void,
    /** The bundled heapWorker.js (default: next to this code, see createHeapWorker). */
    private readonly workerPath?: string,
  ) {
    this.sweeper = setInterval(() => void this.sweep(), Math.max(1000, Math.min(idleMs / 4, 60_000)));
    this.sweeper.unref();
  }

  service(): HeapWorkerClient {
    // A child process: the snapshots' memory is not the protocol loop's, and a crash there is not the server's.
    this.client ??= createHeapWorker(this.workerPath, { process: true, log: this.log });
    return this.client;
  }

  private find(ref: string): Entry | undefined {
    for (const e of this.byPath.values()) if (e.handle === ref) return e;
    return this.byPath.get(this.realPath(ref, false) ?? '');
  }

  private realPath(ref: string, must: boolean): string | undefined {
    const path = isAbsolute(ref) ? ref : resolve(this.base(), ref);
    try {
      if (!statSync(path).isFile()) throw new ToolInputError(`${plain(ref, 300)} is not a file`);
      return realpathSync(path);
    } catch (error) {
      if (error instanceof ToolInputError) throw error;
      if (must)
        throw new ToolInputError(`no snapshot file ${plain(ref, 300)} (${(error as NodeJS.ErrnoException).code})`);
      return undefined;
    }
  }

  /** The loaded snapshot of this file, if any (without loading it). */
  loadedFile(path: string): LoadedSnapshot | undefined {
    return this.byPath.get(this.realPath(path, false) ?? '');
  }

  /** The snapshot a handle or path names (loading it), or the latest one used. */
  async get(ref: string | undefined, run: ToolRun): Promise<LoadedSnapshot> {
    let entry: Entry | undefined;
    if (ref === undefined) {
      entry = this.latest;
      if (!entry) throw new NoSnapshotError('no snapshot is loaded: pass snapshot (a .heapsnapshot file path)');
    } else entry = this.find(ref) ?? this.load(this.realPath(ref, true)!, run);
    try {
      await entry.ready;
    } catch (error) {
      this.byPath.delete(entry.path);
      if (this.latest === entry) this.latest = undefined;
      throw error;
    }
    entry.lastUsed = Date.now();
    this.latest = entry;
    return entry;
  }

  private load(path: string, run: ToolRun): Entry {
    const handle = `s${this.next++}`;
    const service = this.service();
    let lastStage = '';
    let lastDecile = -1;
    const onProgress = (p: Progress): void => {
      const decile = p.totalBytes ? Math.floor((10 * (p.bytes ?? 0)) / p.totalBytes) : -1;
      if (p.stage === lastStage && decile === lastDecile) return;
      lastStage = p.stage;
      lastDecile = decile;
      run.progress?.(`loading ${handle}: ${p.stage}${decile >= 0 && p.stage === 'read' ? ` ${decile * 10}%` : ''}`);
    };
    const entry: Entry = {
      service,
      handle,
      path,
      lastUsed: Date.now(),
      ready: service.request('open', { path, snapshot: handle }, { signal: run.signal, onProgress }),
    };
    entry.ready.then(
      () => (entry.loaded = true),
      () => undefined, // get() reports it to the caller that asked
    );
    this.byPath.set(path, entry);
    return entry;
  }

  /** Releases a snapshot by handle or path; says what it did. */
  async release(ref: string): Promise<string> {
    const entry = this.find(ref);
    if (!entry) return `No loaded snapshot is named ${plain(ref, 300)}; nothing to release.`;
    await this.drop(entry);
    return `Released ${entry.handle} (${plain(entry.path, 300)}).`;
  }

  private async drop(entry: Entry): Promise<void> {
    this.byPath.delete(entry.path);
    if (this.latest === entry) this.latest = undefined;
    this.onRelease(entry.path);
    try {
      await entry.service.request('close', { snapshot: entry.handle });
    } catch (error) {
      this.log.warn(`releasing ${entry.path}`, error);
    }
  }

  /** Releases what was unused for the idle time as of `now` (the timer calls it; tests pass a later time). */
  async sweep(now = Date.now()): Promise<void> {
    for (const entry of [...this.byPath.values()]) {
      if (!entry.loaded || now - entry.lastUsed < this.idleMs) continue;
      this.log.info(`releasing ${entry.handle} (${entry.path}) after ${Math.round(this.idleMs / 1000)} s unused`);
      await this.drop(entry);
    }
  }

  async dispose(): Promise<void> {
    clearInterval(this.sweeper);
    await this.client?.terminate();
    this.client = undefined;
  }
}
