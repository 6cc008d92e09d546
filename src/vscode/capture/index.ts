// The capture features of the editor: "Capture heap snapshot", "Find leaks (baseline, target, final)" and the
// status bar item. Returns the two command handlers for registerCommands (which owns every command id).
import * as vscode from 'vscode';
import type { Logger } from '../../common/log';
import { Commands, type CommandId } from '../contributions';
import { openInRetainerExplorer } from './afterCapture';
import { runCaptureCommand, type CaptureContext } from './captureCommand';
import { DebugSessionTracker } from './debugSessions';
import { runFindLeaks } from './findLeaks';
import { RecordingController } from './recordCommand';
import { createCaptureStatusBarItem } from './statusBar';

export type { CaptureCommandArgs } from './captureCommand';
export type { FindLeaksArgs, FindLeaksResult } from './findLeaks';

export interface CaptureDeps {
  /** How "Open in Retainer Explorer" opens a file; by default the explorer's custom editor (vscode.openWith). */
  openInRetainerExplorer?(uri: vscode.Uri): Thenable<unknown>;
  /** The retainer explorer's leaks view for three files ("Find leaks" ends there). */
  openLeaksView(files: { baseline: string; target: string; final: string }): Thenable<unknown>;
  /** Opens a finished recording (a snapshot with allocation stacks, or a .heapprofile). */
  openRecording?(file: string, mode: 'allocations' | 'sampling'): Thenable<unknown>;
  log: Logger;
}

export type CaptureHandlers = Pick<
  Record<CommandId, (...args: unknown[]) => unknown>,
  | typeof Commands.captureHeapSnapshot
  | typeof Commands.findLeaks
  | typeof Commands.recordAllocations
  | typeof Commands.stopRecording
>;

export function registerCaptureFeatures(
  context: vscode.ExtensionContext,
  deps: CaptureDeps,
): CaptureHandlers & { tracker: DebugSessionTracker } {
  const tracker = new DebugSessionTracker();
  context.subscriptions.push(tracker, createCaptureStatusBarItem(tracker));
  const ctx: CaptureContext = {
    tracker,
    globalStorage: context.globalStorageUri,
    openInRetainerExplorer: deps.openInRetainerExplorer ?? openInRetainerExplorer,
    log: deps.log,
  };
  const recordings = new RecordingController({
    ...ctx,
    openRecording:
      deps.openRecording ?? ((file) => (deps.openInRetainerExplorer ?? openInRetainerExplorer)(vscode.Uri.file(file))),
  });
  context.subscriptions.push(recordings);
  return {
    tracker,
    [Commands.recordAllocations]: (args?: unknown) => recordings.record(args),
    [Commands.stopRecording]: (args?: unknown) => recordings.stop(args),
    [Commands.captureHeapSnapshot]: (args?: unknown) => runCaptureCommand(ctx, args),
    [Commands.findLeaks]: (args?: unknown) =>
      runFindLeaks({ ...ctx, openLeaksView: (files) => deps.openLeaksView(files) }, args),
  };
}
