// "Record allocations" and "Stop recording": one recording at a time, on a JavaScript debug session (through
// js-debug's CDP proxy) or an inspector address. While it runs, a status bar item shows the elapsed time and
// stops it when clicked; stopping streams the snapshot (or the sampling profile) to the capture folder with
// progress and cancel, then opens it. The recording itself is the vscode-free capture client's Recording.
import * as vscode from 'vscode';
import {
  CaptureError,
  connectToAddress,
  isCaptureError,
  Recording,
  type CdpConnection,
  type RecordingMode,
} from '../../capture/index';
import { Commands } from '../contributions';
import { captureSettings } from '../settings';
import { failureMessage } from './captureMessages';
import { targetLabel, type CaptureContext } from './captureCommand';
import { chooseTarget, type CaptureTarget } from './chooseTarget';
import { sessionTitle } from './debugSessions';
import { progressReporter, requestProxy } from './runCapture';
import { newSnapshotPath } from './snapshotPaths';

export const RECORD_TITLE = 'Retainer Lens: Record allocations';
/** Context key for menus: true while a recording runs. */
export const RECORDING_CONTEXT = 'retainerLens.recording';

export interface RecordCommandArgs {
  sessionId?: string;
  address?: string;
  /** 'allocations' (a stack per object) or 'sampling' (light); asked when absent. */
  mode?: RecordingMode;
  /** Sampling: average bytes between samples (V8's default 32768). */
  samplingInterval?: number;
}

export interface StopCommandArgs {
  /** true (default): open the result; false: only save it. */
  open?: boolean;
  cancellation?: vscode.CancellationToken;
}

export interface RecordingContext extends CaptureContext {
  /** Opens a finished recording: a snapshot in the explorer's Allocations view, a profile in its viewer. */
  openRecording(file: string, mode: RecordingMode): Thenable<unknown>;
}

interface Active {
  recording: Recording;
  connection: CdpConnection;
  target: CaptureTarget;
  item: vscode.StatusBarItem;
  timer: NodeJS.Timeout;
  disposables: vscode.Disposable[];
}

const MODES: (vscode.QuickPickItem & { mode: RecordingMode })[] = [
  {
    mode: 'allocations',
    label: '$(list-tree) Allocation stacks',
    description: 'every object, exact',
    detail:
      'V8 records the stack of every allocation. Stopping writes a heap snapshot whose objects name the function that allocated them. Slows the program down a lot while it runs.',
  },
  {
    mode: 'sampling',
    label: '$(pulse) Sampling (light)',
    description: 'live bytes by stack',
    detail:
      'V8 samples allocations (about one per 32 KB) and keeps those still alive. Stopping saves a .heapprofile: a tree and a flame view of live bytes by stack. Little overhead.',
  },
];

export class RecordingController implements vscode.Disposable {
  private active: Active | undefined;
  private starting = false;

  constructor(private readonly ctx: RecordingContext) {}

  get isRecording(): boolean {
    return this.active !== undefined;
  }

  async record(rawArgs: unknown): Promise<boolean> {
    const args = toRecordArgs(rawArgs);
    if (this.active || this.starting) {
      const stop = 'Stop recording';
      const choice = await vscode.window.showInformationMessage(
        'Retainer Lens is already recording allocations. Stop that recording first.',
        stop,
      );
      if (choice === stop) await this.stop({});
      return false;
    }
    this.starting = true;
    try {
      const target = await chooseTarget(this.ctx.tracker, args, RECORD_TITLE);
      if (!target) return false;
      const mode = args.mode ?? (await pickMode());
      if (!mode) return false;
      await this.start(target, mode, args.samplingInterval);
      return true;
    } catch (error) {
      void vscode.window.showErrorMessage(`Retainer Lens: ${recordFailure(error, 'the target')}`);
      return false;
    } finally {
      this.starting = false;
    }
  }

  private async start(target: CaptureTarget, mode: RecordingMode, samplingInterval?: number): Promise<void> {
    const address = target.kind === 'session' ? await requestProxy(target.session) : target.address;
    const { connection, endpoint } = await connectToAddress(address, { connectTimeoutMs: 10_000 });
    let recording: Recording;
    try {
      recording = await Recording.start(connection, {
        mode,
        samplingInterval,
        viaJsDebugProxy: endpoint.viaJsDebugProxy,
      });
    } catch (error) {
      await connection.close();
      throw error;
    }
    for (const note of recording.notes) this.ctx.log.info(`recording ${mode}: ${note}`);
    const item = vscode.window.createStatusBarItem('retainerLens.recording', vscode.StatusBarAlignment.Left, 11);
    item.name = 'Retainer Lens: Recording';
    item.command = { command: Commands.stopRecording, title: 'Stop recording' };
    item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    const what = mode === 'allocations' ? 'allocations' : 'a sampling heap profile';
    const where = target.kind === 'session' ? sessionTitle(target.session) : target.address;
    const render = (): void => {
      item.text = `$(debug-stop) Recording ${elapsed(recording.elapsedMs)} · Stop`;
      item.tooltip = `Retainer Lens is recording ${what} of ${where} for ${elapsed(recording.elapsedMs)}. Click to stop and save.`;
    };
    render();
    item.show();
    const disposables: vscode.Disposable[] = [];
    if (target.kind === 'session') {
      const watched = new Set([target.session.id, target.session.parentSession?.id]);
      disposables.push(
        vscode.debug.onDidTerminateDebugSession((ended) => {
          if (watched.has(ended.id) && this.active?.recording === recording) this.lost('the debug session ended');
        }),
      );
    }
    const offEnded = recording.onEnded((reason) => {
      if (this.active?.recording === recording) this.lost(`the target went away (${reason})`);
    });
    disposables.push({ dispose: offEnded });
    this.active = { recording, connection, target, item, timer: setInterval(render, 1000), disposables };
    void vscode.commands.executeCommand('setContext', RECORDING_CONTEXT, true);
  }

  /** The target went away mid-recording: nothing can be saved. */
  private lost(why: string): void {
    const active = this.active;
    if (!active) return;
    this.clear();
    void active.connection.close();
    void vscode.window.showWarningMessage(`Retainer Lens: the recording stopped because ${why}. Nothing was saved.`);
  }

  private clear(): Active | undefined {
    const active = this.active;
    if (!active) return undefined;
    this.active = undefined;
    clearInterval(active.timer);
    active.item.dispose();
    for (const d of active.disposables) d.dispose();
    void vscode.commands.executeCommand('setContext', RECORDING_CONTEXT, false);
    return active;
  }

  /** Stops and saves; resolves with the file written (undefined when nothing was). */
  async stop(rawArgs: unknown): Promise<string | undefined> {
    const args = toStopArgs(rawArgs);
    const active = this.clear();
    if (!active) {
      void vscode.window.showInformationMessage('Retainer Lens is not recording. Run "Record allocations" first.');
      return undefined;
    }
    const { recording, connection, target } = active;
    const mode = recording.mode;
    try {
      const file = await newSnapshotPath(
        this.ctx.globalStorage,
        targetLabel(target),
        mode === 'allocations' ? 'allocations' : 'sampled',
        mode === 'allocations' ? '.heapsnapshot' : '.heapprofile',
      );
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Retainer Lens: saving the ${mode === 'allocations' ? 'allocation recording' : 'sampling profile'} of ${
            target.kind === 'session' ? sessionTitle(target.session) : target.address
          }`,
          cancellable: true,
        },
        async (progress, token) => {
          const abort = new AbortController();
          const subs = [
            token.onCancellationRequested(() => abort.abort()),
            ...(args.cancellation ? [args.cancellation.onCancellationRequested(() => abort.abort())] : []),
          ];
          try {
            return await recording.stop({
              output: file,
              signal: abort.signal,
              onProgress: progressReporter(progress),
              collectGarbage: captureSettings().collectGarbage,
            });
          } finally {
            for (const s of subs) s.dispose();
            // What stop could not restore (compaction in the target), logged once.
            for (const note of recording.notes.splice(0)) this.ctx.log.info(`recording ${mode}: ${note}`);
          }
        },
      );
      const saved = result.file ?? file;
      if (args.open !== false) await this.ctx.openRecording(saved, mode);
      return saved;
    } catch (error) {
      const message = `Retainer Lens: ${recordFailure(error, target.kind === 'session' ? `the debug session '${sessionTitle(target.session)}'` : `the inspector at ${target.address}`)}`;
      if (isCaptureError(error, 'cancelled')) void vscode.window.showInformationMessage(message);
      else void vscode.window.showErrorMessage(message);
      return undefined;
    } finally {
      // After a cancel V8 may still be sending; closing drops it at the socket.
      await connection.close();
    }
  }

  dispose(): void {
    const active = this.clear();
    if (active) void active.recording.cancel().finally(() => active.connection.close());
  }
}

function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return s >= 3600
    ? `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`
    : `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

async function pickMode(): Promise<RecordingMode | undefined> {
  const picked = await vscode.window.showQuickPick(MODES, {
    title: RECORD_TITLE,
    placeHolder: 'What to record',
    matchOnDetail: true,
  });
  return picked?.mode;
}

function recordFailure(error: unknown, what: string): string {
  if (error instanceof CaptureError && error.reason === 'cancelled')
    return 'Saving the recording was cancelled. Nothing was saved.';
  return failureMessage(error, what).replace(/heap snapshot/g, 'recording');
}

function toRecordArgs(value: unknown): RecordCommandArgs {
  if (!value || typeof value !== 'object' || value instanceof vscode.Uri) return {};
  const v = value as Record<string, unknown>;
  return {
    sessionId: typeof v.sessionId === 'string' ? v.sessionId : undefined,
    address: typeof v.address === 'string' ? v.address : undefined,
    mode: v.mode === 'allocations' || v.mode === 'sampling' ? v.mode : undefined,
    samplingInterval:
      typeof v.samplingInterval === 'number' && Number.isInteger(v.samplingInterval) && v.samplingInterval > 0
        ? v.samplingInterval
        : undefined,
  };
}

function toStopArgs(value: unknown): StopCommandArgs {
  if (!value || typeof value !== 'object' || value instanceof vscode.Uri) return {};
  const v = value as Record<string, unknown>;
  const token = v.cancellation as vscode.CancellationToken | undefined;
  return {
    open: typeof v.open === 'boolean' ? v.open : undefined,
    cancellation: token && typeof token.onCancellationRequested === 'function' ? token : undefined,
  };
}
