// Takes one heap snapshot over a CDP connection and streams it to a sink, never holding it in memory.
//
// V8 cannot abort a takeHeapSnapshot that is running. On cancel (or any failure) we stop listening, drop what
// was written, and return at once; the target still finishes its snapshot and sends the rest of the chunks,
// which nobody reads. Close the connection afterwards (captureFromAddress does) so those bytes go nowhere.
import { CdpError, type CdpConnection } from './cdpConnection';
import { CaptureError } from './captureError';
import type { Logger } from '../common/log';
import { createChunkSink, createFileSink, type SnapshotSink } from './snapshotSink';

/**
 * - `collecting-garbage`: HeapProfiler.collectGarbage is running (only with `collectGarbage`).
 * - `preparing`: takeHeapSnapshot was sent and V8 has not reported yet. This can be long and silent on a
 *   program with very large scripts; say "V8 is preparing the snapshot…".
 * - `building`: V8 walks the heap; `done`/`total` are V8's own counts.
 * - `writing`: chunks stream in; `done` is bytes written, `total` is unknown.
 * - `finishing`: every chunk is written; closing the file and renaming it.
 */
export type CapturePhase = 'collecting-garbage' | 'preparing' | 'building' | 'writing' | 'finishing';

export interface CaptureProgress {
  phase: CapturePhase;
  done: number;
  /** Known only while building; undefined where nobody can know it yet. */
  total?: number;
}

export interface CaptureOptions {
  /** A file path (written through a `.partial` name, renamed on success), a sink, or a chunk callback. */
  output: string | SnapshotSink | ((chunk: string) => void | Promise<void>);
  /** Run HeapProfiler.collectGarbage first, so the snapshot holds only what is retained. */
  collectGarbage?: boolean;
  /**
   * Ask V8 for the values of numbers (CDP `captureNumericValue`, DevTools' "Include numerical values"): each
   * number field gets a node with its value. Slightly larger snapshots; objects that hold only numbers can
   * then be told apart across snapshots whose node ids do not agree (leak triage's structural matching).
   */
  numericValues?: boolean;
  signal?: AbortSignal;
  onProgress?(progress: CaptureProgress): void;
  /** The connection is js-debug's CDP proxy: send `JsDebug.subscribe` so HeapProfiler events reach us. */
  viaJsDebugProxy?: boolean;
  /** Reply timeout for the short calls (enable, subscribe); takeHeapSnapshot itself has none. */
  callTimeoutMs?: number;
  /**
   * `stopTrackingHeapObjects` ends an allocation recording (recording.ts): V8 then writes its snapshot, with
   * every object's allocation stack, through the same chunk events. Default `takeHeapSnapshot`.
   */
  snapshotCommand?: 'takeHeapSnapshot' | 'stopTrackingHeapObjects';
  /** The connection has subscribed and enabled HeapProfiler already (a recording on it). */
  prepared?: boolean;
  /**
   * Give up when the target sends nothing (no chunk, no progress that moves) for this long while it takes the
   * snapshot; 0 waits forever. Default DEFAULT_INACTIVITY_TIMEOUT_MS.
   */
  inactivityTimeoutMs?: number;
  /** Where failures that do not end the capture (a throwing progress callback, a failing cleanup) are told. */
  log?: Logger;
}

/**
 * V8 can be silent for a long time inside one step of a snapshot: with a large script loaded it computes the
 * script's line ends before reporting again (8 s for typescript.js on a loaded 2-core machine, minutes for
 * larger ones). Five minutes of silence is a stuck target, not a slow one.
 */
export const DEFAULT_INACTIVITY_TIMEOUT_MS = 5 * 60_000;

export interface CaptureResult {
  /** The snapshot file, when the output was a path or a file sink. */
  file?: string;
  bytes: number;
  durationMs: number;
}

/** Pause the socket once this many chunk bytes wait for the sink; resume when the sink has caught up. */
const HIGH_WATER_BYTES = 8 * 1024 * 1024;

export async function captureHeapSnapshot(connection: CdpConnection, options: CaptureOptions): Promise<CaptureResult> {
  const started = performance.now();
  const { signal } = options;
  if (signal?.aborted) throw new CaptureError('cancelled', 'capture cancelled before it started');
  if (connection.closed) throw new CaptureError('target-closed', 'the connection to the target is already closed');

  const sink = toSink(options.output, options.log);
  const report = (progress: CaptureProgress) => {
    try {
      options.onProgress?.(progress);
    } catch (error) {
      // A progress callback must not break the capture.
      options.log?.warn('reporting heap snapshot progress', error);
    }
  };

  // Everything that can end the capture early funnels into `fail`, which settles `failure` once.
  let failed: CaptureError | undefined;
  let rejectFailure!: (error: CaptureError) => void;
  const failure = new Promise<never>((_, reject) => {
    rejectFailure = reject;
  });
  failure.catch(() => undefined);
  const fail = (error: CaptureError) => {
    if (failed) return;
    failed = error;
    rejectFailure(error);
  };

  // The target is alive while chunks arrive or its progress moves (a flood of identical reports is not life).
  let lastActivity = performance.now();
  const touch = () => {
    lastActivity = performance.now();
  };
  const malformed = (event: string, what: string) =>
    fail(new CaptureError('protocol', `the target broke the protocol: a ${event} event ${what}`));

  // Chunks are written strictly in order through one promise chain; queued bytes drive back-pressure.
  let bytes = 0;
  let queuedBytes = 0;
  let tail: Promise<void> = Promise.resolve();
  const onChunk = (params: { chunk?: unknown }) => {
    if (failed) return;
    const { chunk } = params;
    if (typeof chunk !== 'string')
      return malformed('HeapProfiler.addHeapSnapshotChunk', `has no chunk string (${typeof chunk})`);
    touch();
    const size = Buffer.byteLength(chunk);
    queuedBytes += size;
    if (queuedBytes > HIGH_WATER_BYTES) connection.pause();
    tail = tail.then(async () => {
      if (failed) return;
      try {
        await sink.write(chunk);
      } catch (error) {
        fail(new CaptureError('write-failed', `could not write the snapshot: ${messageOf(error)}`, { cause: error }));
        return;
      }
      touch();
      queuedBytes -= size;
      bytes += size;
      if (queuedBytes <= HIGH_WATER_BYTES / 2) connection.resume();
      report({ phase: 'writing', done: bytes });
    });
  };
  let lastDone = -1;
  const onBuildProgress = (params: { done?: unknown; total?: unknown; finished?: unknown }) => {
    if (failed) return;
    const { done, total, finished } = params;
    if (!isCount(done) || !isCount(total))
      return malformed('HeapProfiler.reportHeapSnapshotProgress', 'has no numeric done and total');
    if (done !== lastDone || finished === true) touch();
    lastDone = done;
    report({ phase: 'building', done, total });
  };
  const onAbort = () => fail(new CaptureError('cancelled', 'capture cancelled'));

  const offEvents = [
    connection.on('HeapProfiler.addHeapSnapshotChunk', onChunk),
    connection.on('HeapProfiler.reportHeapSnapshotProgress', onBuildProgress),
  ];
  const offClose = connection.onClose((reason, error) =>
    fail(
      error
        ? new CaptureError('protocol', error.message, { cause: error })
        : new CaptureError('target-closed', `the target went away during the capture: ${reason}`),
    ),
  );
  signal?.addEventListener('abort', onAbort, { once: true });

  // Checks for silence while the snapshot is taken: at the earliest moment the limit could be reached.
  const inactivityMs = options.inactivityTimeoutMs ?? DEFAULT_INACTIVITY_TIMEOUT_MS;
  let watchdog: NodeJS.Timeout | undefined;
  const watchInactivity = (): NodeJS.Timeout | undefined => {
    if (!(inactivityMs > 0)) return undefined;
    const check = () => {
      // Chunks waiting for our own sink (back-pressure) are our delay, not the target's silence.
      if (queuedBytes > 0) touch();
      const silent = performance.now() - lastActivity;
      if (silent >= inactivityMs) {
        fail(
          new CaptureError(
            'protocol',
            `the target sent nothing for ${Math.round(silent / 1000)} s while taking the snapshot (no chunk, no progress); gave up`,
          ),
        );
        return;
      }
      watchdog = setTimeout(check, inactivityMs - silent);
    };
    return setTimeout(check, inactivityMs);
  };

  const step = <T>(promise: Promise<T>): Promise<T> => {
    promise.catch(() => undefined); // it may lose the race; its error then means nothing
    return Promise.race([promise, failure]);
  };
  const call = (method: string, params: object = {}, timeoutMs = options.callTimeoutMs ?? 30_000) =>
    step(
      connection.send(method, params, { timeoutMs }).catch((error: unknown) => {
        throw toCaptureError(error, method);
      }),
    );

  try {
    try {
      await step(sink.open());
    } catch (error) {
      if (error instanceof CaptureError) throw error;
      throw new CaptureError('write-failed', `cannot create the snapshot file: ${messageOf(error)}`, { cause: error });
    }
    // A recording being stopped has subscribed and enabled already. js-debug adds up subscriptions: a second
    // subscribe on the same connection delivers every chunk twice (a corrupt file), so a connection that
    // captures again (Leak Watch's three, a capture after a recording) subscribes once.
    const stopping = options.snapshotCommand === 'stopTrackingHeapObjects';
    const prepared = stopping || options.prepared === true;
    if (options.viaJsDebugProxy && !prepared)
      await subscribeHeapEventsOnce(connection, () => call('JsDebug.subscribe', { events: ['HeapProfiler.*'] }));
    if (!prepared) await call('HeapProfiler.enable');
    if (options.collectGarbage) {
      report({ phase: 'collecting-garbage', done: 0 });
      await call('HeapProfiler.collectGarbage', {}, 5 * 60_000);
    }
    report({ phase: 'preparing', done: 0 });
    touch();
    watchdog = watchInactivity();
    await call(
      stopping ? 'HeapProfiler.stopTrackingHeapObjects' : 'HeapProfiler.takeHeapSnapshot',
      { reportProgress: true, captureNumericValue: options.numericValues === true },
      0,
    );
    // The reply comes after the last chunk: from here the target may go away without harm.
    offClose();
    await step(tail);
    report({ phase: 'finishing', done: bytes });
  } catch (error) {
    const captureError = failed ?? toCaptureError(error, 'capture');
    failed ??= captureError;
    // Also when open failed or lost a race with cancel: abort waits for a half-opened file and removes it.
    await sink.abort();
    throw captureError;
  } finally {
    clearTimeout(watchdog);
    offClose();
    for (const off of offEvents) off();
    signal?.removeEventListener('abort', onAbort);
    connection.resume();
  }
  // Not raced with cancel: once the data is complete and being published, a late cancel is ignored.
  let file: string | undefined;
  try {
    ({ file } = await sink.commit());
  } catch (error) {
    await sink.abort();
    throw new CaptureError('write-failed', `could not finish the snapshot file: ${messageOf(error)}`, { cause: error });
  }
  return { file, bytes, durationMs: Math.round(performance.now() - started) };
}

/** Connections to js-debug's proxy already subscribed to HeapProfiler events. */
const subscribedToJsDebug = new WeakSet<CdpConnection>();

/** Sends `JsDebug.subscribe` for HeapProfiler events once per connection (js-debug adds subscriptions up). */
export async function subscribeHeapEventsOnce(
  connection: CdpConnection,
  subscribe: () => Promise<unknown>,
): Promise<void> {
  if (subscribedToJsDebug.has(connection)) return;
  await subscribe();
  subscribedToJsDebug.add(connection);
}

function toSink(output: CaptureOptions['output'], log: Logger | undefined): SnapshotSink {
  if (typeof output === 'string') return createFileSink(output);
  if (typeof output === 'function') return createChunkSink(output, { log });
  return output;
}

const TARGET_CLOSED_MESSAGE = /\b(connection|session|target) (is |was |has been )?closed\b/i;

function toCaptureError(error: unknown, method: string): CaptureError {
  if (error instanceof CaptureError) return error;
  if (error instanceof CdpError) {
    if (error.kind === 'closed')
      return new CaptureError('target-closed', `the target went away during the capture (${error.message})`, {
        cause: error,
      });
    if (error.kind === 'timeout')
      return new CaptureError('protocol', `the target did not answer: ${error.message}`, { cause: error });
    // js-debug's CDP proxy answers a pending call with this error when its target dies, and keeps the socket.
    if (error.kind === 'protocol' && TARGET_CLOSED_MESSAGE.test(error.protocolMessage ?? error.message)) {
      return new CaptureError(
        'target-closed',
        `the target went away during the capture (${error.protocolMessage ?? error.message})`,
        { cause: error },
      );
    }
    return new CaptureError('protocol', `the target refused ${error.method ?? method}: ${error.message}`, {
      cause: error,
    });
  }
  return new CaptureError('protocol', `${method} failed: ${messageOf(error)}`, { cause: error });
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
