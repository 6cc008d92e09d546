// "Capture heap snapshot": choose a target, stream its snapshot to the capture folder, offer to open it.
// Returns the written path (undefined when nothing was written), so automation can chain on it.
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../common/log';
import { isCaptureError } from '../../capture/index';
import { announceSaved, offerToOpen } from './afterCapture';
import { captureSettings } from '../settings';
import { failureMessage } from './captureMessages';
import { chooseTarget, type CaptureTarget } from './chooseTarget';
import { programLabel, sessionTitle, type DebugSessionTracker } from './debugSessions';
import { captureWithProgress, describeTarget } from './runCapture';
import { newSnapshotPath, snapshotFolder } from './snapshotPaths';

export interface CaptureCommandArgs {
  /** A running JavaScript debug session (`vscode.DebugSession.id`); skips the pick. */
  sessionId?: string;
  /** An inspector address (`host:port` or `ws://…`, loopback only) instead of a debug session. */
  address?: string;
  /** The file to write (relative paths from the capture folder). */
  output?: string;
  /**
   * true: open in the retainer explorer at once; false: no follow-up; unset: as `retainerLens.capture.openAfterCapture`
   * says (open it, or offer choices in a notification).
   */
  open?: boolean;
  /** Cancels like the notification's Cancel (only from code in this extension host: tokens do not serialize). */
  cancellation?: vscode.CancellationToken;
}

export interface CaptureContext {
  tracker: DebugSessionTracker;
  globalStorage: vscode.Uri;
  openInRetainerExplorer(uri: vscode.Uri): Thenable<unknown>;
  log: Logger;
}

const CAPTURE_TITLE = 'Retainer Lens: Capture heap snapshot';

/** Menus and keybindings may pass a URI or nothing; only a plain object with our keys counts as arguments. */
function toCaptureArgs(value: unknown): CaptureCommandArgs {
  if (!value || typeof value !== 'object' || value instanceof vscode.Uri) return {};
  const v = value as Record<string, unknown>;
  return {
    sessionId: typeof v.sessionId === 'string' ? v.sessionId : undefined,
    address: typeof v.address === 'string' ? v.address : undefined,
    output: typeof v.output === 'string' ? v.output : undefined,
    open: typeof v.open === 'boolean' ? v.open : undefined,
    cancellation: isToken(v.cancellation) ? v.cancellation : undefined,
  };
}

function isToken(value: unknown): value is vscode.CancellationToken {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as vscode.CancellationToken).onCancellationRequested === 'function'
  );
}

export function targetLabel(target: CaptureTarget): string {
  return target.kind === 'session'
    ? programLabel(target.session)
    : `inspector-${target.address.replace(/^wss?:\/\//i, '')}`;
}

export async function runCaptureCommand(ctx: CaptureContext, rawArgs: unknown): Promise<string | undefined> {
  const args = toCaptureArgs(rawArgs);
  let target: CaptureTarget | undefined;
  try {
    target = await chooseTarget(ctx.tracker, args, CAPTURE_TITLE);
  } catch (error) {
    ctx.log.error('choosing the target of a heap snapshot', error);
    void vscode.window.showErrorMessage(failureMessage(error, 'the target'));
    return undefined;
  }
  if (!target) return undefined;
  try {
    const file = args.output
      ? await prepareOutput(
          isAbsolute(args.output) ? args.output : resolve(snapshotFolder(ctx.globalStorage), args.output),
        )
      : await newSnapshotPath(ctx.globalStorage, targetLabel(target));
    const captured = await captureWithProgress({
      target,
      file,
      title: `Retainer Lens: heap snapshot of ${target.kind === 'session' ? sessionTitle(target.session) : target.address}`,
      cancellation: args.cancellation,
      log: ctx.log,
    });
    const open = args.open ?? (captureSettings().openAfterCapture ? true : undefined);
    if (open === true) {
      await ctx.openInRetainerExplorer(vscode.Uri.file(captured.file));
      if (args.open === undefined) void announceSaved(captured.file, captured.bytes, ctx.log);
    } else if (open === undefined)
      void offerToOpen(captured.file, captured.bytes, (uri) => ctx.openInRetainerExplorer(uri), ctx.log);
    return captured.file;
  } catch (error) {
    reportFailure(ctx.log, error, describeTarget(target));
    return undefined;
  }
}

export function reportFailure(log: Logger, error: unknown, what: string): void {
  const message = `Retainer Lens: ${failureMessage(error, what)}`;
  if (isCaptureError(error, 'cancelled')) log.info(`capture of ${what} cancelled`);
  else log.error(`capturing a heap snapshot of ${what}`, error);
  if (isCaptureError(error, 'cancelled')) void vscode.window.showInformationMessage(message);
  else void vscode.window.showErrorMessage(message);
}

async function prepareOutput(file: string): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  return file;
}
