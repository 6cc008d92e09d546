// Recording what a program allocates, over a CDP connection (a `node --inspect` target or js-debug's proxy).
//
// - `allocations`: HeapProfiler.startTrackingHeapObjects({ trackAllocations: true }). V8 then keeps a stack
//   for every allocation. Stopping calls stopTrackingHeapObjects, which writes a heap snapshot carrying those
//   stacks; it streams to disk like a capture (captureSnapshot.ts), with progress and cancel.
// - `sampling`: HeapProfiler.startSampling, the light mode: V8 samples one allocation every
//   `samplingInterval` bytes (on average) and keeps those still alive. Stopping saves the sampling profile as
//   a `.heapprofile` (DevTools' format: `{ head, samples }`).
//
// Cancelling a recording keeps nothing: HeapProfiler.disable ends tracking without writing a snapshot.
//
// A recording's snapshots leave numbers' values out, whatever `capture.numericValues` says. They come from one
// session, so leak triage matches their objects by id and needs no values. And with values V8 writes each boxed
// number field as an object of its own with the allocation's stack: a site that made 100 objects then counts 195.
//
// V8 loses an object's allocation stack when heap compaction moves it after it got a snapshot id (V8 moves
// the stack only with objects that have none yet, and the heap statistics V8 pushes every 50 ms while
// tracking give every live object an id). A long-lived object on a compacted page then shows no stack. In a
// Node target an allocation recording therefore turns compaction off (`--no-compact`) and back on when it
// ends; a target that cannot (a browser, an old Node) records as it is, and `notes` says so.
import { CdpError, type CdpConnection } from './cdpConnection';
import { CaptureError } from './captureError';
import {
  captureHeapSnapshot,
  subscribeHeapEventsOnce,
  type CaptureOptions,
  type CaptureProgress,
  type CaptureResult,
} from './captureSnapshot';
import { createFileSink, type SnapshotSink } from './snapshotSink';

export type RecordingMode = 'allocations' | 'sampling';

export interface RecordingOptions {
  mode: RecordingMode;
  /** The connection is js-debug's CDP proxy: subscribe to HeapProfiler events first. */
  viaJsDebugProxy?: boolean;
  /** Sampling mode: average bytes between samples (V8's default is 32768). */
  samplingInterval?: number;
  callTimeoutMs?: number;
  /** Allocation mode: leave V8's heap compaction on in a Node target (see above). Default false. */
  keepCompaction?: boolean;
}

export interface StopOptions {
  /** A file path (written through a `.partial` name), or a sink. */
  output: string | SnapshotSink;
  signal?: AbortSignal;
  onProgress?(progress: CaptureProgress): void;
  /** Sampling mode: collect garbage before reading the profile, so it holds only what is still alive (default true). */
  collectGarbage?: boolean;
}

/** Sampling heap profile, as CDP returns it and DevTools saves it. */
export interface SamplingHeapProfile {
  head: SamplingHeapProfileNode;
  samples?: { size: number; nodeId: number; ordinal: number }[];
}

export interface SamplingHeapProfileNode {
  callFrame: { functionName: string; scriptId: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  id: number;
  children: SamplingHeapProfileNode[];
}

export class Recording {
  private state: 'recording' | 'stopping' | 'done' = 'recording';
  private readonly offClose: () => void;
  private endedReason: string | undefined;
  /** Compaction was turned off in the target for this recording: turned on again when it ends. */
  private compactionOff = false;
  /** What the recording could not do as asked (one line each, for the log). */
  readonly notes: string[] = [];
  private readonly endedListeners = new Set<(reason: string) => void>();
  readonly startedAt = Date.now();

  private constructor(
    private readonly connection: CdpConnection,
    readonly options: RecordingOptions,
  ) {
    this.offClose = connection.onClose((reason) => {
      if (this.state !== 'recording') return;
      this.state = 'done';
      this.endedReason = reason;
      for (const listener of this.endedListeners) listener(reason);
    });
  }

  /** Turns recording on; rejects with a CaptureError when the target refuses or is gone. */
  static async start(connection: CdpConnection, options: RecordingOptions): Promise<Recording> {
    if (connection.closed) throw new CaptureError('target-closed', 'the connection to the target is already closed');
    const timeoutMs = options.callTimeoutMs ?? 30_000;
    const call = (method: string, params: object = {}) =>
      connection.send(method, params, { timeoutMs }).catch((error: unknown) => {
        throw toCaptureError(error, method);
      });
    if (options.viaJsDebugProxy)
      await subscribeHeapEventsOnce(connection, () => call('JsDebug.subscribe', { events: ['HeapProfiler.*'] }));
    await call('HeapProfiler.enable');
    const notes: string[] = [];
    const compactionOff =
      options.mode === 'allocations' && !options.keepCompaction && (await setCompaction(connection, false, notes));
    try {
      if (options.mode === 'allocations')
        await call('HeapProfiler.startTrackingHeapObjects', { trackAllocations: true });
      else await call('HeapProfiler.startSampling', { samplingInterval: options.samplingInterval ?? 32768 });
    } catch (error) {
      if (compactionOff) await setCompaction(connection, true, notes);
      throw error;
    }
    const recording = new Recording(connection, options);
    recording.compactionOff = compactionOff;
    recording.notes.push(...notes);
    return recording;
  }

  /** Compaction back on in the target, once (never throws: the target may be gone). */
  private async restoreCompaction(): Promise<void> {
    if (!this.compactionOff || this.connection.closed) return;
    this.compactionOff = false;
    await setCompaction(this.connection, true, this.notes);
  }

  get mode(): RecordingMode {
    return this.options.mode;
  }

  get elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  get active(): boolean {
    return this.state === 'recording';
  }

  /** Called once if the target goes away while recording (the recording is then lost). */
  onEnded(listener: (reason: string) => void): () => void {
    if (this.endedReason !== undefined) listener(this.endedReason);
    else this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  /** Ends the recording and writes it: a heap snapshot with allocation stacks, or a sampling profile. */
  async stop(options: StopOptions): Promise<CaptureResult> {
    if (this.state !== 'recording')
      throw new CaptureError(
        this.endedReason !== undefined ? 'target-closed' : 'protocol',
        this.endedReason !== undefined
          ? `the target went away during the recording: ${this.endedReason}`
          : 'this recording was already stopped',
      );
    this.state = 'stopping';
    try {
      if (this.options.mode === 'allocations') {
        const capture: CaptureOptions = {
          output: options.output,
          signal: options.signal,
          onProgress: options.onProgress,
          viaJsDebugProxy: this.options.viaJsDebugProxy,
          callTimeoutMs: this.options.callTimeoutMs,
          snapshotCommand: 'stopTrackingHeapObjects',
        };
        return await captureHeapSnapshot(this.connection, capture);
      }
      return await this.saveSamplingProfile(options);
    } finally {
      this.state = 'done';
      this.offClose();
      await this.restoreCompaction();
    }
  }

  /**
   * A snapshot while recording goes on (allocation mode): its objects allocated since the recording began
   * carry their stacks too — a baseline and a target for leak triage, with the final from `stop`.
   */
  async takeSnapshot(options: StopOptions & { collectGarbage?: boolean }): Promise<CaptureResult> {
    if (this.state !== 'recording' || this.options.mode !== 'allocations')
      throw new CaptureError('protocol', 'a snapshot during a recording needs an active allocation recording');
    return captureHeapSnapshot(this.connection, {
      output: options.output,
      signal: options.signal,
      onProgress: options.onProgress,
      collectGarbage: options.collectGarbage,
      viaJsDebugProxy: this.options.viaJsDebugProxy,
      callTimeoutMs: this.options.callTimeoutMs,
      prepared: true,
    });
  }

  /** Ends the recording and keeps nothing. Never throws (the target may be gone already). */
  async cancel(): Promise<void> {
    if (this.state !== 'recording') return;
    this.state = 'done';
    this.offClose();
    if (this.connection.closed) return;
    await this.connection
      .send('HeapProfiler.disable', {}, { timeoutMs: 10_000 })
      .catch((error: unknown) => this.notes.push(`HeapProfiler.disable failed: ${messageOf(error)}`));
    await this.restoreCompaction();
  }

  private async saveSamplingProfile(options: StopOptions): Promise<CaptureResult> {
    const started = performance.now();
    const { signal } = options;
    const report = (progress: CaptureProgress) => {
      try {
        options.onProgress?.(progress);
      } catch (error) {
        // a progress callback must not break the recording; say what it threw
        this.notes.push(`a progress callback failed: ${messageOf(error)}`);
      }
    };
    const cancelled = () => new CaptureError('cancelled', 'recording cancelled');
    const call = async <T>(method: string, params: object = {}, timeoutMs = 5 * 60_000): Promise<T> => {
      if (signal?.aborted) throw cancelled();
      try {
        return (await this.connection.send(method, params, { timeoutMs })) as T;
      } catch (error) {
        throw toCaptureError(error, method);
      }
    };
    if (options.collectGarbage !== false) {
      report({ phase: 'collecting-garbage', done: 0 });
      await call('HeapProfiler.collectGarbage');
    }
    report({ phase: 'preparing', done: 0 });
    const { profile } = await call<{ profile: SamplingHeapProfile }>('HeapProfiler.getSamplingProfile');
    // The profile is in hand: a failed stop only leaves sampling on in the target, which the note says.
    await call('HeapProfiler.stopSampling').catch((error: unknown) =>
      this.notes.push(`HeapProfiler.stopSampling failed: ${messageOf(error)}`),
    );
    if (signal?.aborted) throw cancelled();
    if (!profile?.head) throw new CaptureError('protocol', 'the target returned no sampling profile');
    const sink = typeof options.output === 'string' ? createFileSink(options.output) : options.output;
    const text = JSON.stringify(profile);
    try {
      await sink.open();
      await sink.write(text);
      report({ phase: 'writing', done: Buffer.byteLength(text) });
      if (signal?.aborted) throw cancelled();
      report({ phase: 'finishing', done: Buffer.byteLength(text) });
      const { file } = await sink.commit();
      return { file, bytes: Buffer.byteLength(text), durationMs: Math.round(performance.now() - started) };
    } catch (error) {
      await sink.abort();
      if (error instanceof CaptureError) throw error;
      throw new CaptureError('write-failed', `could not write the profile: ${messageOf(error)}`, { cause: error });
    }
  }
}

/**
 * Evaluated in the target: sets V8's `--compact` flag through node:v8, unless the program was started with
 * `--no-compact` itself (then it stays as the user chose). Answers what it did.
 */
const SET_COMPACTION = (on: boolean): string => `(() => {
  const p = globalThis.process;
  if (!p || typeof p.getBuiltinModule !== 'function') return 'not a Node target with process.getBuiltinModule';
  const given = [...p.execArgv, ...String(p.env.NODE_OPTIONS ?? '').split(/\\s+/)];
  if (given.some((a) => a === '--no-compact' || a === '--nocompact')) return 'started with --no-compact';
  p.getBuiltinModule('node:v8').setFlagsFromString('${on ? '--compact' : '--no-compact'}');
  return 'ok';
})()`;

/** Turns compaction on or off in a Node target; true when it did. Failures become notes, never errors. */
async function setCompaction(connection: CdpConnection, on: boolean, notes: string[]): Promise<boolean> {
  const what = `turning heap compaction ${on ? 'back on' : 'off'}`;
  try {
    // Short: a target paused at a breakpoint answers only when it resumes.
    const reply = (await connection.send(
      'Runtime.evaluate',
      { expression: SET_COMPACTION(on), returnByValue: true, silent: true },
      { timeoutMs: 5_000 },
    )) as { result?: { value?: unknown }; exceptionDetails?: { text?: string } };
    const value = reply.result?.value;
    if (value === 'ok') return true;
    notes.push(`${what}: ${typeof value === 'string' ? value : (reply.exceptionDetails?.text ?? 'no answer')}`);
  } catch (error) {
    notes.push(`${what} failed: ${messageOf(error)}`);
  }
  return false;
}

function toCaptureError(error: unknown, method: string): CaptureError {
  if (error instanceof CaptureError) return error;
  if (error instanceof CdpError) {
    if (error.kind === 'closed')
      return new CaptureError('target-closed', `the target went away (${error.message})`, { cause: error });
    if (error.kind === 'timeout')
      return new CaptureError('protocol', `the target did not answer ${method}: ${error.message}`, { cause: error });
    return new CaptureError('protocol', `the target refused ${error.method ?? method}: ${error.message}`, {
      cause: error,
    });
  }
  return new CaptureError('protocol', `${method} failed: ${messageOf(error)}`, { cause: error });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
