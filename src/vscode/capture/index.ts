// The capture features of the editor: "Capture heap snapshot", "Find leaks (baseline, target, final)" and the
// status bar item. Returns the two command handlers for registerCommands (which owns every command id).
import type * as vscode from 'vscode';
import type { Logger } from '../../common/log';
import { Commands, type CommandId } from '../contributions';
import { openInRetainerExplorer } from './afterCapture';
import { runCaptureCommand, type CaptureContext } from './captureCommand';
import { DebugSessionTracker } from './debugSessions';
import { runFindLeaks } from './findLeaks';
import { createCaptureStatusBarItem } from './statusBar';

export type { CaptureCommandArgs } from './captureCommand';
export type { FindLeaksArgs, FindLeaksResult } from './findLeaks';

export interface CaptureDeps {
  /** How "Open in Retainer Explorer" opens a file; by default the explorer's custom editor (vscode.openWith). */
  openInRetainerExplorer?(uri: vscode.Uri): Thenable<unknown>;
  /** The retainer explorer's leaks view for three files ("Find leaks" ends there). */
  openLeaksView(files: { baseline: string; target: string; final: string }): Thenable<unknown>;
  log: Logger;
}

export type CaptureHandlers = Pick<
  Record<CommandId, (...args: unknown[]) => unknown>,
  typeof Commands.captureHeapSnapshot | typeof Commands.findLeaks
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
  return {
    tracker,
    [Commands.captureHeapSnapshot]: (args?: unknown) => runCaptureCommand(ctx, args),
    [Commands.findLeaks]: (args?: unknown) =>
      runFindLeaks({ ...ctx, openLeaksView: (files) => deps.openLeaksView(files) }, args),
  };
}
