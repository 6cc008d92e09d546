// Decodes the nodes and edges arrays on two helper threads while the loader keeps reading: the loader hands
// over byte ranges cut at number boundaries (see SnapshotTokenizer's NumberSink), the threads decode them into
// columns in SharedArrayBuffers. Range j starts where range j - 1 ended, which a thread learns from shared
// memory once the other has decoded j - 1 (helperThread.ts), so no range is counted twice.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Columns, EdgeColumns, NodeColumns } from './decodeNumbers';
import {
  EDGE_NAMES,
  encodeNameBlock,
  escapeColumns,
  NAME_BLOCK,
  nameBlocks,
  NODE_NAMES,
  PairList,
  type EdgeNameParts,
} from './edgeInfo';
import { HeapSnapshotError } from './errors';
import type { DecodeDone, HelperRequest } from './helperThread';
import type { Layout } from './meta';
import type { NumberSink } from './tokenizer';

const THREADS = 2;

/** The helper thread script next to this code (bundled), or the TypeScript entry under tsx (tests). */
export function helperThreadScript(): { path: string; eval: boolean } | undefined {
  const bundled = join(__dirname, 'heapHelper.js');
  if (existsSync(bundled)) return { path: bundled, eval: false };
  const source = join(__dirname, 'helperThread.ts');
  if (existsSync(source))
    return { path: `require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`, eval: true };
  return undefined;
}

/** Nice value helper threads set for themselves (see threadPriority.ts); undefined keeps the caller's. */
let helperNice: number | undefined;

/** The explorer's worker runs its helpers in the background (the CLI and benchmarks keep full priority). */
export function setHelperPriority(nice: number | undefined): void {
  helperNice = nice;
}

export function startHelper(): Worker | undefined {
  const script = helperThreadScript();
  if (!script || typeof SharedArrayBuffer !== 'function') return undefined;
  const worker = new Worker(script.path, { eval: script.eval, workerData: { nice: helperNice } });
  worker.unref();
  return worker;
}

/** A self size past 32 bits: the parallel columns cannot hold it; the loader starts over sequentially. */
export class WideValueFallback extends Error {}

function shared<T>(
  ctor: { new (buffer: SharedArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new ctor(new SharedArrayBuffer(Math.max(1, length) * ctor.BYTES_PER_ELEMENT), 0, length);
}

export class ParallelDecoder implements NumberSink {
  private readonly workers: Worker[];
  private readonly ready: Int32Array;
  private readonly ends: Float64Array;
  private nextJob = 0;
  private firstOfArray = false;
  private slot = -1;
  private pending = 0;
  private readonly columns: Columns[] = [];
  private readonly lastJob: number[] = [];
  private failure: Error | undefined;
  /** The range whose error `failure` is (-1: a thread failed). */
  private failureJob = Infinity;
  private idle: (() => void) | undefined;
  /** Called when a range is handed over and when it is decoded, with its buffer (the loader reuses buffers). */
  onTake: (buffer: ArrayBufferLike) => void = () => undefined;
  onRelease: (buffer: ArrayBufferLike) => void = () => undefined;
  private readonly jobs = new Map<number, { buffer: ArrayBufferLike; slot: number }>();
  /** Escaped edge names by range (each ascending), and names of blocks no range held whole. */
  private readonly escapes: Uint32Array[][] = [[], []];
  private readonly pendingNames: Uint32Array[][] = [[], []];
  /** Per array (decodeNumbers.ts RangeOut): the largest name and edge target, the sizes' sum, the large sizes. */
  private readonly maxName = [-1, -1];
  private maxTarget = -1;
  private selfTotal = 0;
  private bigSizes: Uint32Array[] = [];

  private constructor(workers: Worker[], maxJobs: number) {
    this.workers = workers;
    this.ready = shared(Int32Array, maxJobs);
    this.ends = shared(Float64Array, maxJobs);
    for (const w of workers) {
      w.on('message', (m: DecodeDone) => this.done(m));
      w.on('error', (error) => this.fail(new HeapSnapshotError(`decode thread failed: ${error.message}`)));
      this.post(w, { kind: 'setup', ready: this.ready, ends: this.ends });
    }
  }

  /** Two decode threads, or undefined when they cannot run here (no helper script, no SharedArrayBuffer). */
  static start(maxJobs: number): ParallelDecoder | undefined {
    const workers: Worker[] = [];
    for (let i = 0; i < THREADS; i++) {
      const w = startHelper();
      if (!w) break;
      workers.push(w);
    }
    if (workers.length < THREADS) {
      for (const w of workers) void w.terminate();
      return undefined;
    }
    return new ParallelDecoder(workers, maxJobs);
  }

  /**
   * The failure, once no earlier range is still being decoded: a range misread before it (a stray character
   * splitting a number) shifts the fields of the ranges after it, whose errors may arrive first but only follow.
   */
  get error(): Error | undefined {
    if (this.failure) for (const job of this.jobs.keys()) if (job < this.failureJob) return undefined;
    return this.failure;
  }

  begin(kind: 'nodes' | 'edges', layout: Layout, capacity: number, traceNodeIdAt: number): void {
    let columns: Columns;
    if (kind === 'nodes') {
      const n = layout.node;
      const roles = layout.nodeFields.map((_, f) =>
        f === n.type
          ? 0
          : f === n.name
            ? 1
            : f === n.id
              ? 2
              : f === n.selfSize
                ? 3
                : f === n.edgeCount
                  ? 4
                  : f === n.detachedness
                    ? 5
                    : f === traceNodeIdAt
                      ? 6
                      : 7,
      );
      columns = {
        kind,
        fieldCount: layout.nodeFieldCount,
        roles,
        typeLimit: layout.nodeTypes.length,
        capacity,
        type: shared(Uint8Array, capacity),
        name: shared(Uint16Array, capacity),
        nameBase: shared(Uint32Array, nameBlocks(capacity)),
        // + 1: once compacted (idColumn.ts), reused as the analysis's queue of nodeCount + 1 (snapshot.ts)
        id: shared(Uint32Array, capacity + 1),
        // Straight in 2-byte codes (selfSizeColumn.ts): no 4-byte column of shallow sizes is ever loaded.
        self: shared(Uint16Array, capacity),
        // + 1: reused as a scratch array of nodeCount + 1 (snapshot.ts)
        edgeCount: shared(Uint32Array, capacity + 1),
        // + 1: once compacted (graph.ts), reused as a byte per node of nodeCount + 1 by the dominator pass
        detachedness: shared(Uint8Array, layout.node.detachedness >= 0 ? capacity + 1 : 0),
        trace: shared(Uint32Array, traceNodeIdAt >= 0 ? capacity : 0),
      } satisfies NodeColumns;
    } else {
      columns = {
        kind,
        fieldCount: layout.edgeFieldCount,
        typeAt: layout.edge.type,
        nameAt: layout.edge.nameOrIndex,
        toAt: layout.edge.toNode,
        nodeFieldCount: layout.nodeFieldCount,
        typeLimit: layout.edgeTypes.length,
        elementType: layout.edgeType.element,
        hiddenType: layout.edgeType.hidden,
        capacity,
        info: shared(Uint16Array, capacity),
        nameBase: shared(Uint32Array, nameBlocks(capacity)),
        to: shared(Uint32Array, capacity),
      } satisfies EdgeColumns;
    }
    this.slot = kind === 'nodes' ? 0 : 1;
    this.columns[this.slot] = columns;
    this.firstOfArray = true;
    for (const w of this.workers) this.post(w, { kind: 'columns', slot: this.slot, columns });
  }

  take(bytes: Uint8Array, start: number, end: number): void {
    if (this.nextJob >= this.ready.length) throw new HeapSnapshotError('corrupt heap snapshot: too many number ranges');
    const job = this.nextJob++;
    this.lastJob[this.slot] = job;
    this.pending++;
    this.jobs.set(job, { buffer: bytes.buffer, slot: this.slot });
    this.onTake(bytes.buffer);
    const message: HelperRequest = { kind: 'job', job, first: this.firstOfArray, slot: this.slot, bytes, start, end };
    this.firstOfArray = false;
    this.post(this.workers[job % THREADS], message);
  }

  /** How many records of `kind` were decoded (after `drain`), checked against the field count. */
  count(kind: 'nodes' | 'edges'): number {
    const slot = kind === 'nodes' ? 0 : 1;
    const columns = this.columns[slot];
    const fields = this.ends[this.lastJob[slot]];
    if (fields % columns.fieldCount !== 0)
      throw new HeapSnapshotError(
        `corrupt heap snapshot: the ${kind} array is not a multiple of ${columns.fieldCount} fields`,
      );
    return fields / columns.fieldCount;
  }

  /** Encodes the pending blocks' names of `count` nodes or edges (after `drain`) and gathers every escape. */
  names(kind: 'nodes' | 'edges', count: number): EdgeNameParts {
    const slot = kind === 'nodes' ? 0 : 1;
    const c = this.columns[slot];
    const [codes, nameBase, codec] =
      c.kind === 'nodes' ? [c.name, c.nameBase, NODE_NAMES] : [c.info, c.nameBase, EDGE_NAMES];
    // The pending names, by record (a few per range, the pairs of each range ascending).
    let total = 0;
    for (const p of this.pendingNames[slot]) total += p.length;
    const pending = new Uint32Array(total);
    total = 0;
    for (const p of this.pendingNames[slot]) {
      pending.set(p, total);
      total += p.length;
    }
    this.pendingNames[slot] = [];
    const byRecord = new Uint32Array(pending.length >> 1);
    for (let i = 0; i < byRecord.length; i++) byRecord[i] = i;
    byRecord.sort((a, b) => pending[2 * a] - pending[2 * b]);
    const names = new Float64Array(NAME_BLOCK);
    const escapes = new PairList();
    for (let i = 0; i < byRecord.length;) {
      const start = pending[2 * byRecord[i]] & ~(NAME_BLOCK - 1);
      const size = Math.min(NAME_BLOCK, count - start);
      for (let k = 0; k < size; k++, i++) {
        const r = i < byRecord.length ? pending[2 * byRecord[i]] : -1;
        if (r !== start + k)
          throw new HeapSnapshotError(`corrupt heap snapshot: ${kind} record ${start + k} was not decoded`);
        names[k] = pending[2 * byRecord[i] + 1];
      }
      nameBase[start / NAME_BLOCK] = encodeNameBlock(codes, start, names, size, escapes, codec);
    }
    const ranges = this.escapes[slot].filter((l) => l !== undefined);
    this.escapes[slot] = [];
    return {
      base: nameBase.subarray(0, nameBlocks(count)),
      ...escapeColumns(ranges, escapes.data.subarray(0, escapes.length), true, count),
    };
  }

  /** The shallow sizes of `count` nodes (after `drain`): codes, (node, size) pairs of the large ones, their sum. */
  selfSizes(count: number): { codes: Uint16Array; big: Uint32Array; total: number } {
    const c = this.columns[0] as NodeColumns;
    let length = 0;
    for (const b of this.bigSizes) length += b.length;
    const big = new Uint32Array(length);
    length = 0;
    for (const b of this.bigSizes) {
      big.set(b, length);
      length += b.length;
    }
    this.bigSizes = [];
    return { codes: c.self.subarray(0, count), big, total: this.selfTotal };
  }

  /** The largest node name, edge name (of the types named by strings) and edge target decoded (after `drain`). */
  bounds(): { maxNodeName: number; maxEdgeName: number; maxTarget: number } {
    return { maxNodeName: this.maxName[0], maxEdgeName: this.maxName[1], maxTarget: this.maxTarget };
  }

  columnsOf(kind: 'nodes'): NodeColumns;
  columnsOf(kind: 'edges'): EdgeColumns;
  columnsOf(kind: 'nodes' | 'edges'): Columns {
    return this.columns[kind === 'nodes' ? 0 : 1];
  }

  /** Resolves when every range handed over is decoded; rejects with the first error. */
  drain(): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const error = this.error;
        if (error) reject(error);
        else if (this.pending === 0) resolve();
        else this.idle = check;
      };
      check();
    });
  }

  close(): Promise<unknown> {
    return Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }

  /** Ends the decoding: one thread is handed over (for the analysis), the others end. */
  keepOne(): Worker | undefined {
    const kept = this.workers.shift();
    this.columns.length = 0; // the loader has taken them: not held here past their use
    kept?.removeAllListeners('message').removeAllListeners('error');
    void this.close();
    return kept;
  }

  private post(worker: Worker, message: HelperRequest): void {
    worker.postMessage(message);
  }

  private done(m: DecodeDone): void {
    this.pending--;
    const job = this.jobs.get(m.job);
    this.jobs.delete(m.job);
    if (m.error && m.job < this.failureJob) {
      this.failureJob = m.job;
      const array = job?.slot === 1 ? 'edges' : 'nodes';
      this.failure =
        m.error === 'wide self size'
          ? new WideValueFallback(m.error)
          : m.errorAt !== undefined
            ? new HeapSnapshotError(`corrupt heap snapshot: ${m.error} in the ${array} array`)
            : new HeapSnapshotError(
                `corrupt heap snapshot: the ${array} array ${m.error.startsWith('holds') ? '' : 'has '}${m.error}`,
              );
    }
    const slot = job?.slot ?? 0;
    if (m.escapes) this.escapes[slot][m.job] = m.escapes;
    if (m.pending) this.pendingNames[slot].push(m.pending);
    if (m.big) this.bigSizes.push(m.big);
    this.selfTotal += m.selfTotal ?? 0;
    this.maxName[slot] = Math.max(this.maxName[slot], m.maxName ?? -1);
    this.maxTarget = Math.max(this.maxTarget, m.maxTarget ?? -1);
    if (job) this.onRelease(job.buffer);
    const idle = this.idle;
    this.idle = undefined;
    idle?.();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.failureJob = -1; // a thread failed: its ranges never finish, so nothing earlier is waited for
    const idle = this.idle;
    this.idle = undefined;
    idle?.();
  }
}
