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
import { CdpError, type CdpConnection } from './cdpConnection';
import { CaptureError } from './captureError';
import { captureHeapSnapshot, type CaptureOptions, type CaptureProgress, type CaptureResult } from './captureSnapshot';
import { createFileSink, type SnapshotSink } from './snapshotSink';

export type RecordingMode = 'allocations' | 'sampling';

export interface RecordingOptions {
  mode: RecordingMode;
  /** The connection is js-debug's CDP proxy: subscribe to HeapProfiler events first. */
  viaJsDebugProxy?: boolean;
  /** Sampling mode: average bytes between samples (V8's default is 32768). */
  samplingInterval?: number;
  callTimeoutMs?: number;
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
    if (options.viaJsDebugProxy) await call('JsDebug.subscribe', { events: ['HeapProfiler.*'] });
    await call('HeapProfiler.enable');
    if (options.mode === 'allocations') await call('HeapProfiler.startTrackingHeapObjects', { trackAllocations: true });
    else await call('HeapProfiler.startSampling', { samplingInterval: options.samplingInterval ?? 32768 });
    return new Recording(connection, options);
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
    await this.connection.send('HeapProfiler.disable', {}, { timeoutMs: 10_000 }).catch(() => undefined);
  }

  private async saveSamplingProfile(options: StopOptions): Promise<CaptureResult> {
    const started = performance.now();
    const { signal } = options;
    const report = (progress: CaptureProgress) => {
      try {
        options.onProgress?.(progress);
      } catch {
        // a progress callback must not break the recording
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
    await call('HeapProfiler.stopSampling').catch(() => undefined); // the profile is in hand
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
