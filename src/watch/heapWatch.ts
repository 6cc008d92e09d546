// Leak Watch's core, editor-free: over one CDP connection to a running program it samples the used heap about
// once a second (one `Runtime.getHeapUsage` at a time, never queued, so a busy or paused target is never
// flooded), marks garbage collections (a drop in used heap) and checkpoints (a forced GC, then a read), judges
// growth on the post-GC heap at checkpoints, and when it is steady takes baseline, target and final snapshots
// at the next three checkpoints (on its own, or once asked). It leaves nothing running in the target.
import { captureHeapSnapshot, type CdpConnection } from '../capture/index';
import type { Logger } from '../common/log';
import { formatBytes, exactBytes } from '../common/units';
import { judgeGrowth, type GrowthSettings, type GrowthVerdict } from './growth';
import { roomForSnapshots, type RoomCheck } from './room';
import type { AutoCapture, HeapMarker, HeapSample, WatchState, WatchStatus } from './watchProtocol';
import { dirname } from 'node:path';

export type CaptureStep = 'baseline' | 'target' | 'final';
export type CapturedFiles = Record<CaptureStep, string>;

export interface HeapWatchListener {
  sample?(sample: HeapSample): void;
  marker?(marker: HeapMarker): void;
  status?(status: WatchStatus): void;
  /** Baseline, target and final are written: time for the triage. */
  captured?(files: CapturedFiles): void;
  /** Not enough memory or disk for the snapshots: nothing was captured. */
  roomShort?(check: RoomCheck): void;
}

export interface HeapWatchOptions {
  connection: CdpConnection;
  /** The connection is js-debug's CDP proxy (captures subscribe to HeapProfiler events first). */
  viaJsDebugProxy: boolean;
  intervalMs: number;
  growth: GrowthSettings;
  autoCapture: AutoCapture;
  /** Where the snapshot of each step goes. */
  snapshotFile(step: CaptureStep): Promise<string>;
  /** Room for three snapshots of this heap; by default memory and the snapshot folder's disk. */
  checkRoom?(usage: HeapSample, file: string): Promise<RoomCheck>;
  listener: HeapWatchListener;
  log: Logger;
  /** The debug session's name, for the view. */
  session?: string;
  /** Samples kept for the chart (an hour at one a second). */
  maxSamples?: number;
}

export interface CheckpointResult {
  index: number;
  /** Used heap after the forced GC. */
  used: number;
  growth: GrowthVerdict;
  /** The snapshot taken at this checkpoint, if any. */
  captured?: CaptureStep;
}

interface HeapUsage {
  usedSize: number;
  totalSize: number;
}

const STEPS: CaptureStep[] = ['baseline', 'target', 'final'];
/** A drop in used heap of at least this share (and this many bytes) between two samples reads as a GC. */
const GC_DROP_SHARE = 0.05;
const GC_DROP_BYTES = 256 * 1024;

export class HeapWatch {
  private readonly samples: HeapSample[] = [];
  private readonly markers: HeapMarker[] = [];
  private postGc: number[] = [];
  private checkpointCount = 0;
  private state: WatchState = 'watching';
  private paused = false;
  private timer: NodeJS.Timeout | undefined;
  private reading = false;
  private capturing = false;
  /** Steps still to take at the next checkpoints. */
  private pending: CaptureStep[] = [];
  private files: Partial<CapturedFiles> = {};
  private growth: GrowthVerdict | undefined;
  private offered = false;
  private plan: string | undefined;
  private problem: string | undefined;
  private skipRoomCheck = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly offClose: () => void;

  constructor(private readonly options: HeapWatchOptions) {
    this.offClose = options.connection.onClose((reason) => this.stop(`the connection closed (${reason})`));
  }

  get history(): { samples: HeapSample[]; markers: HeapMarker[] } {
    return { samples: [...this.samples], markers: [...this.markers] };
  }

  get status(): WatchStatus {
    return {
      state: this.capturing ? 'capturing' : this.paused && this.state === 'watching' ? 'paused' : this.state,
      session: this.options.session,
      growth: this.growth?.text,
      growing: this.growth?.steady ?? false,
      plan: this.plan,
      canCapture: this.state === 'watching' && this.pending.length === 0,
      checkpoints: this.checkpointCount,
      problem: this.problem,
    };
  }

  get ended(): boolean {
    return this.state === 'ended';
  }

  start(): void {
    this.schedule(0);
    this.emitStatus();
  }

  /** Stops sampling the chart (checkpoints still work). */
  pause(): void {
    this.paused = true;
    this.emitStatus();
  }

  resume(): void {
    this.paused = false;
    this.emitStatus();
    this.schedule(0);
  }

  /** Baseline, target and final at the next three checkpoints, whatever the growth says. */
  captureAtNextCheckpoints(options: { skipRoomCheck?: boolean } = {}): void {
    if (this.state !== 'watching' || this.pending.length) return;
    this.skipRoomCheck = options.skipRoomCheck ?? false;
    this.pending = [...STEPS];
    this.files = {};
    this.offered = false;
    this.problem = undefined;
    this.plan = 'capturing the baseline at the next checkpoint';
    this.emitStatus();
  }

  /** A forced garbage collection and a read of the heap; runs one at a time, in the order asked. */
  checkpoint(label?: string): Promise<CheckpointResult> {
    const run = this.queue.then(() => this.runCheckpoint(label));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Ends the watch: no timer, no call in flight, the profiler off and the connection closed. */
  stop(reason = 'stopped'): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.plan = reason === 'stopped' ? undefined : `watch ended: ${reason}`;
    this.pending = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.offClose();
    const { connection } = this.options;
    if (!connection.closed) {
      void connection
        .send('HeapProfiler.disable', {}, { timeoutMs: 2000 })
        .catch((error: unknown) =>
          this.options.log.info(`Leak Watch: HeapProfiler.disable at the end: ${String(error)}`),
        )
        .finally(() => connection.close());
    }
    this.emitStatus();
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.state === 'ended' || this.paused) return;
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (this.state === 'ended' || this.paused) return;
    // One read at a time and none during a capture: a slow target is skipped, never queued up.
    if (!this.reading && !this.capturing) {
      const usage = await this.read().catch((error: unknown) => this.readFailed(error));
      if (usage) this.addSample(usage);
    }
    this.schedule(this.options.intervalMs);
  }

  private async read(): Promise<HeapSample> {
    this.reading = true;
    try {
      const timeoutMs = Math.max(5000, 5 * this.options.intervalMs);
      const usage = await this.options.connection.send<HeapUsage>('Runtime.getHeapUsage', {}, { timeoutMs });
      return { t: Date.now(), used: usage.usedSize, total: usage.totalSize };
    } finally {
      this.reading = false;
    }
  }

  private readFailed(error: unknown): undefined {
    if (this.options.connection.closed) this.stop('the program ended');
    else if (!this.problem) {
      this.problem = `cannot read the heap: ${error instanceof Error ? error.message : String(error)}`;
      this.options.log.warn('Leak Watch: reading the heap', error);
      this.emitStatus();
    }
    return undefined;
  }

  private addSample(sample: HeapSample): void {
    const previous = this.samples[this.samples.length - 1];
    if (previous) {
      const drop = previous.used - sample.used;
      if (drop >= GC_DROP_BYTES && drop >= GC_DROP_SHARE * previous.used)
        this.addMarker({
          t: sample.t,
          kind: 'gc',
          used: sample.used,
          label: 'GC',
          detail: `garbage collected: ${formatBytes(previous.used)} → ${formatBytes(sample.used)} (−${exactBytes(drop)})`,
        });
    }
    this.samples.push(sample);
    if (this.samples.length > (this.options.maxSamples ?? 3600)) this.samples.shift();
    this.options.listener.sample?.(sample);
  }

  private addMarker(marker: HeapMarker): void {
    this.markers.push(marker);
    if (this.markers.length > 2000) this.markers.shift();
    this.options.listener.marker?.(marker);
  }

  private async runCheckpoint(label?: string): Promise<CheckpointResult> {
    if (this.state === 'ended') throw new Error('Leak Watch has ended');
    const { connection } = this.options;
    await connection.send('HeapProfiler.collectGarbage', {}, { timeoutMs: 120_000 });
    const sample = await this.read();
    const index = ++this.checkpointCount;
    this.postGc.push(sample.used);
    this.addSample(sample);
    this.addMarker({
      t: sample.t,
      kind: 'checkpoint',
      used: sample.used,
      label: `#${index}`,
      detail: `checkpoint ${index}${label ? ` (${label})` : ''}: ${formatBytes(sample.used)} after a forced GC (${exactBytes(sample.used)})`,
    });
    let captured: CaptureStep | undefined;
    if (this.pending.length) captured = await this.captureStep(sample);
    else this.judge();
    this.emitStatus();
    return { index, used: sample.used, growth: this.growth ?? judgeGrowth(this.postGc, this.options.growth), captured };
  }

  private judge(): void {
    this.growth = judgeGrowth(this.postGc, this.options.growth);
    if (!this.growth.steady || this.offered) return;
    if (this.options.autoCapture === 'auto') {
      this.captureAtNextCheckpoints();
      this.plan = `growth detected: capturing the baseline at the next checkpoint`;
    } else if (this.options.autoCapture === 'ask') {
      this.offered = true;
      this.plan = 'growth detected: Capture takes baseline, target and final at the next three checkpoints';
    }
  }

  private async captureStep(usage: HeapSample): Promise<CaptureStep | undefined> {
    const step = this.pending[0];
    const file = await this.options.snapshotFile(step);
    if (step === 'baseline' && !this.skipRoomCheck) {
      const room = await (this.options.checkRoom ?? ((u, f) => roomForSnapshots(u.total, u.used, dirname(f))))(
        usage,
        file,
      );
      if (!room.ok) {
        this.pending = [];
        this.problem = `not enough room for snapshots: ${room.problems.join('; ')}`;
        this.plan = undefined;
        this.options.listener.roomShort?.(room);
        return undefined;
      }
    }
    this.capturing = true;
    this.plan = `capturing the ${step}…`;
    this.emitStatus();
    try {
      await captureHeapSnapshot(this.options.connection, {
        output: file,
        collectGarbage: false, // the checkpoint just did
        viaJsDebugProxy: this.options.viaJsDebugProxy,
      });
    } catch (error) {
      this.pending = [];
      this.problem = `the ${step} snapshot failed: ${error instanceof Error ? error.message : String(error)}`;
      this.plan = undefined;
      this.options.log.error(`Leak Watch: capturing the ${step}`, error);
      return undefined;
    } finally {
      this.capturing = false;
    }
    this.files[step] = file;
    this.pending.shift();
    this.addMarker({
      t: Date.now(),
      kind: 'capture',
      used: usage.used,
      label: step,
      detail: `${step} snapshot: ${file}`,
    });
    const next = this.pending[0];
    if (next) {
      this.plan = `${step} captured; the ${next} at the next checkpoint`;
    } else {
      this.plan = 'baseline, target and final captured: the leak triage opens in the Leaks view';
      // Growth is judged afresh from here: the same growth does not trigger another capture.
      this.postGc = [];
      this.growth = undefined;
      this.offered = false;
      this.options.listener.captured?.(this.files as CapturedFiles);
    }
    return step;
  }

  private emitStatus(): void {
    this.options.listener.status?.(this.status);
  }
}
