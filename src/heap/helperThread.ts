// Entry of the engine's helper threads (bundled to dist/heapHelper.js). A decode thread turns byte ranges of
// the nodes and edges arrays into shared columns (parallelDecoder.ts); afterwards one of them computes the
// dominator tree over the shared graph while the engine's own thread answers first queries (parallelAnalysis.ts).
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { decodeRange, resetRangeOut, scatter, type Columns, type RangeOut } from './decodeNumbers';
import { PairList } from './edgeInfo';
import { runAnalysis, type AnalysisRequest } from './parallelAnalysis';
import { lowerThreadPriority } from './threadPriority';

export interface DecodeSetup {
  kind: 'setup';
  /** Per job: 1 once its end (in `ends`) is published. */
  ready: Int32Array;
  /** Per job: the global field index after its last value. */
  ends: Float64Array;
}
export interface DecodeColumns {
  kind: 'columns';
  slot: number;
  columns: Columns;
}
export interface DecodeJob {
  kind: 'job';
  job: number;
  /** First range of its array: starts at field 0 (otherwise where job - 1 ended). */
  first: boolean;
  slot: number;
  bytes: Uint8Array;
  start: number;
  end: number;
}
export interface DecodeDone {
  kind: 'done';
  job: number;
  error?: string;
  /** Byte offset of the error within `bytes`, when the bytes themselves are wrong. */
  errorAt?: number;
  /** (edge, name) pairs: names kept aside (edgeInfo.ts). */
  escapes?: Uint32Array;
  /** (edge, name) pairs of blocks of edges this range did not hold whole: the loader encodes them. */
  pending?: Uint32Array;
  /** (node, size) pairs: shallow sizes too large for their 2-byte column (decodeNumbers.ts BIG_SIZE). */
  big?: Uint32Array;
  /** What the loader checks (decodeNumbers.ts RangeOut). */
  selfTotal?: number;
  maxName?: number;
  maxTarget?: number;
}
export type HelperRequest = DecodeSetup | DecodeColumns | DecodeJob | AnalysisRequest;

function serve(port: NonNullable<typeof parentPort>): void {
  let setup: DecodeSetup | undefined;
  const columns: Columns[] = [];
  const scratch = { out: new Float64Array(1 << 16) };
  port.on('message', (message: HelperRequest) => {
    if (message.kind === 'setup') setup = message;
    else if (message.kind === 'columns') columns[message.slot] = message.columns;
    else if (message.kind === 'job') {
      const done = decodeJob(message, setup!, columns, scratch);
      // The pairs go as typed arrays (copied: a few kB), not JS arrays that would grow both threads' heaps.
      port.postMessage(done);
    } else if (message.kind === 'analyze') {
      // Decoding is over: the columns no longer need this thread's references (the loader compacts some).
      columns.length = 0;
      try {
        const { result, transfer } = runAnalysis(message);
        port.postMessage(result, transfer);
      } catch (error) {
        port.postMessage({ kind: 'analyzed', error: error instanceof Error ? error.message : String(error) });
      }
    }
  });
}

const names: RangeOut = {
  escapes: new PairList(),
  pending: new PairList(),
  big: new PairList(),
  selfTotal: 0,
  maxName: -1,
  maxTarget: -1,
};

function decodeJob(job: DecodeJob, setup: DecodeSetup, columns: Columns[], scratch: { out: Float64Array }): DecodeDone {
  const { ready, ends } = setup;
  const result = decodeRange(job.bytes, job.start, job.end, scratch);
  let base = 0;
  if (!job.first) {
    // Ranges of one array are numbered in order and dealt to the threads in turn, so the previous one is
    // decoded by now or soon: its end is where this one starts.
    while (Atomics.load(ready, job.job - 1) === 0) Atomics.wait(ready, job.job - 1, 0, 1000);
    base = ends[job.job - 1];
  }
  ends[job.job] = base + result.count;
  Atomics.store(ready, job.job, 1);
  Atomics.notify(ready, job.job);
  if (result.error) return { kind: 'done', job: job.job, error: result.error, errorAt: result.errorAt };
  // One pair of lists per thread, emptied per range: growing fresh ones per range churned the thread's memory.
  const out = names;
  resetRangeOut(out);
  const error = scatter(columns[job.slot], scratch.out, result.count, base, out);
  if (error) return { kind: 'done', job: job.job, error };
  const done: DecodeDone = {
    kind: 'done',
    job: job.job,
    selfTotal: out.selfTotal,
    maxName: out.maxName,
    maxTarget: out.maxTarget,
  };
  // Exact copies: a view would send its whole (doubled) buffer.
  if (out.escapes.length > 0) done.escapes = out.escapes.data.slice(0, out.escapes.length);
  if (out.pending.length > 0) done.pending = out.pending.data.slice(0, out.pending.length);
  if (out.big.length > 0) done.big = out.big.data.slice(0, out.big.length);
  return done;
}

if (!isMainThread && parentPort) {
  const nice = (workerData as { nice?: number } | null)?.nice;
  if (nice !== undefined) lowerThreadPriority(nice);
  serve(parentPort);
}
