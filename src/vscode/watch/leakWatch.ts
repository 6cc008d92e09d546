// Leak Watch in the editor: connects the vscode-free HeapWatch (src/watch) to a JavaScript debug session
// through js-debug's CDP proxy (or to an inspector address), feeds the Memory view, ends with the session, and
// when baseline, target and final are captured opens the retainer explorer's Leaks view on them.
import * as vscode from 'vscode';
import { CdpConnection, resolveEndpoint } from '../../capture/index';
import { errorMessage, type Logger } from '../../common/log';
import { HeapWatch, type CapturedFiles, type CheckpointResult } from '../../watch/heapWatch';
import type { RoomCheck } from '../../watch/room';
import type { HeapMarker, HeapSample, ViewToHost, WatchStatus } from '../../watch/watchProtocol';
import { chooseTarget, type CaptureTarget } from '../capture/chooseTarget';
import { reportFailure, targetLabel } from '../capture/captureCommand';
import type { DebugSessionTracker } from '../capture/debugSessions';
import { describeTarget, requestProxy } from '../capture/runCapture';
import { newSnapshotPath } from '../capture/snapshotPaths';
import { WATCHING_CONTEXT_KEY } from '../contributions';
import { watchSettings } from '../settings';
import type { MemoryViewHost, MemoryViewProvider } from './memoryView';

const WATCH_TITLE = 'Retainer Lens: Leak Watch';

export interface LeakWatchDeps {
  tracker: DebugSessionTracker;
  globalStorage: vscode.Uri;
  openLeaksView(files: CapturedFiles): Thenable<unknown>;
  log: Logger;
}

/** What "Mark checkpoint" returns (tests and other extensions read it). */
export interface CheckpointAnswer {
  index: number;
  used: number;
  growth: string;
  steady: boolean;
  captured?: string;
  /** Set once baseline, target and final are all written (at the checkpoint that took the final). */
  files?: CapturedFiles;
}

function toArgs(value: unknown): { sessionId?: string; address?: string; label?: string } {
  if (!value || typeof value !== 'object' || value instanceof vscode.Uri) return {};
  const v = value as Record<string, unknown>;
  return {
    sessionId: typeof v.sessionId === 'string' ? v.sessionId : undefined,
    address: typeof v.address === 'string' ? v.address : undefined,
    label: typeof v.label === 'string' ? v.label : undefined,
  };
}

const IDLE: WatchStatus = { state: 'idle', growing: false, canCapture: false, checkpoints: 0 };

export class LeakWatchController implements MemoryViewHost, vscode.Disposable {
  private watch: HeapWatch | undefined;
  private view: MemoryViewProvider | undefined;
  private sessionListener: vscode.Disposable | undefined;
  private lastFiles: CapturedFiles | undefined;
  private offeredCapture = false;

  constructor(private readonly deps: LeakWatchDeps) {}

  attachView(view: MemoryViewProvider): void {
    this.view = view;
  }

  snapshot(): { samples: HeapSample[]; markers: HeapMarker[]; status: WatchStatus } {
    const watch = this.watch;
    return watch ? { ...watch.history, status: watch.status } : { samples: [], markers: [], status: IDLE };
  }

  get status(): WatchStatus {
    return this.watch?.status ?? IDLE;
  }

  onViewMessage(message: ViewToHost): void {
    switch (message?.type) {
      case 'pause':
        this.watch?.pause();
        break;
      case 'resume':
        this.watch?.resume();
        break;
      case 'checkpoint':
        void this.checkpoint();
        break;
      case 'capture':
        this.watch?.captureAtNextCheckpoints();
        break;
      default:
        this.deps.log.warn(`Leak Watch: the Memory view sent an unknown message ${JSON.stringify(message)}`);
    }
  }

  /** "Watch memory of the debug session": resolves with the watched session's title, or undefined. */
  async start(rawArgs?: unknown): Promise<{ session: string } | undefined> {
    const args = toArgs(rawArgs);
    let target: CaptureTarget | undefined;
    try {
      target = await chooseTarget(this.deps.tracker, args, WATCH_TITLE);
    } catch (error) {
      reportFailure(this.deps.log, error, 'the target');
      return undefined;
    }
    if (!target) return undefined;
    this.stop();
    const name = target.kind === 'session' ? target.session.name : target.address;
    this.view?.post({ type: 'status', status: { ...IDLE, state: 'connecting', session: name } });
    await this.view?.reveal();
    let connection: CdpConnection;
    let viaJsDebugProxy: boolean;
    try {
      const endpoint = await resolveEndpoint(
        target.kind === 'session' ? await requestProxy(target.session) : target.address,
      );
      connection = await CdpConnection.connect(endpoint.url, { addresses: endpoint.addresses });
      viaJsDebugProxy = endpoint.viaJsDebugProxy;
    } catch (error) {
      this.deps.log.error(`Leak Watch: connecting to ${describeTarget(target)}`, error);
      void vscode.window.showErrorMessage(
        `Retainer Lens: cannot watch ${describeTarget(target)}: ${errorMessage(error)}`,
      );
      this.view?.post({ type: 'status', status: { ...IDLE, problem: `cannot connect: ${errorMessage(error)}` } });
      return undefined;
    }
    const settings = watchSettings();
    const program = targetLabel(target);
    const watch: HeapWatch = new HeapWatch({
      connection,
      viaJsDebugProxy,
      intervalMs: settings.intervalMs,
      growth: settings.growth,
      autoCapture: settings.autoCapture,
      snapshotFile: (step) => newSnapshotPath(this.deps.globalStorage, program, step),
      log: this.deps.log,
      session: name,
      listener: {
        sample: (sample) => this.view?.post({ type: 'sample', sample }),
        marker: (marker) => this.view?.post({ type: 'marker', marker }),
        status: (status) => this.onStatus(watch, status, settings.autoCapture),
        captured: (files) => this.onCaptured(files),
        roomShort: (room) => this.onRoomShort(watch, room),
      },
    });
    this.watch = watch;
    this.lastFiles = undefined;
    this.offeredCapture = false;
    if (target.kind === 'session') {
      const ids = new Set([target.session.id, target.session.parentSession?.id].filter(Boolean));
      this.sessionListener = vscode.debug.onDidTerminateDebugSession((ended) => {
        if (ids.has(ended.id)) watch.stop('the debug session ended');
      });
    }
    watch.start();
    this.deps.log.info(`Leak Watch: watching ${describeTarget(target)} every ${settings.intervalMs} ms`);
    return { session: name };
  }

  /** "Mark checkpoint": a forced GC and a read; undefined (with a message) when nothing is watched. */
  async checkpoint(rawArgs?: unknown): Promise<CheckpointAnswer | undefined> {
    const watch = this.watch;
    if (!watch || watch.ended) {
      void vscode.window.showInformationMessage(
        'Retainer Lens: Leak Watch is not running. Start it with "Watch memory of the debug session".',
      );
      return undefined;
    }
    let result: CheckpointResult;
    try {
      result = await watch.checkpoint(toArgs(rawArgs).label);
    } catch (error) {
      this.deps.log.error('Leak Watch: marking a checkpoint', error);
      void vscode.window.showErrorMessage(`Retainer Lens: the checkpoint failed: ${errorMessage(error)}`);
      return undefined;
    }
    const files = result.captured === 'final' ? this.lastFiles : undefined;
    return {
      index: result.index,
      used: result.used,
      growth: result.growth.text,
      steady: result.growth.steady,
      captured: result.captured,
      files,
    };
  }

  /** Ends the watch (the session's end does too): nothing is left running in the target. */
  stop(): void {
    this.sessionListener?.dispose();
    this.sessionListener = undefined;
    this.watch?.stop();
  }

  dispose(): void {
    this.stop();
  }

  private onStatus(watch: HeapWatch, status: WatchStatus, autoCapture: string): void {
    if (watch !== this.watch) return;
    this.view?.post({ type: 'status', status });
    const live = status.state !== 'ended' && status.state !== 'idle';
    void vscode.commands.executeCommand('setContext', WATCHING_CONTEXT_KEY, live);
    if (status.state === 'ended') {
      this.sessionListener?.dispose();
      this.sessionListener = undefined;
    }
    // "Ask" mode: one notification per detected growth, with the one click that captures.
    if (autoCapture === 'ask' && status.growing && status.canCapture && !this.offeredCapture) {
      this.offeredCapture = true;
      void vscode.window
        .showWarningMessage(`Retainer Lens: the heap keeps growing (${status.growth}).`, 'Capture')
        .then((answer) => {
          if (answer === 'Capture') watch.captureAtNextCheckpoints();
        });
    }
  }

  private onCaptured(files: CapturedFiles): void {
    this.lastFiles = files;
    this.offeredCapture = false;
    this.deps.log.info(`Leak Watch: captured ${files.baseline}, ${files.target}, ${files.final}; opening the triage`);
    Promise.resolve(this.deps.openLeaksView(files)).then(undefined, (error: unknown) => {
      this.deps.log.error('Leak Watch: opening the Leaks view', error);
      void vscode.window.showErrorMessage(`Retainer Lens: cannot open the leak triage: ${errorMessage(error)}`);
    });
  }

  private onRoomShort(watch: HeapWatch, room: RoomCheck): void {
    this.deps.log.warn(`Leak Watch: not capturing: ${room.problems.join('; ')}`);
    void vscode.window
      .showWarningMessage(
        `Retainer Lens: not enough room for three heap snapshots: ${room.problems.join('; ')}.`,
        'Capture anyway',
      )
      .then((answer) => {
        if (answer === 'Capture anyway') watch.captureAtNextCheckpoints({ skipRoomCheck: true });
      });
  }
}
