// "Find leaks (baseline, target, final)": three captures of one program with the user acting in between,
// then the retainer explorer's Leaks view on them (the triage runs in the explorer's worker, off the extension
// host thread; "Export report" there writes it as Markdown).
import * as vscode from 'vscode';
import { CaptureError } from '../../capture/index';
import { chooseTarget, type CaptureTarget } from './chooseTarget';
import { reportFailure, targetLabel, type CaptureContext } from './captureCommand';
import { captureWithProgress, describeTarget } from './runCapture';
import { newSnapshotPath } from './snapshotPaths';

const FIND_LEAKS_TITLE = 'Retainer Lens: Find leaks';
const BASELINE_DONE =
  'Baseline captured. Now exercise the suspected leak (e.g. repeat the action 5–10 times), then press Capture target.';
const TARGET_DONE =
  'Target captured. Now undo the action or return to the starting state (close what you opened, go back), then press Capture final.';
const CAPTURE_TARGET = 'Capture target';
const CAPTURE_FINAL = 'Capture final';

export interface FindLeaksArgs {
  sessionId?: string;
  address?: string;
  cancellation?: vscode.CancellationToken;
}

export interface FindLeaksResult {
  files: [string, string, string];
}

export interface FindLeaksContext extends CaptureContext {
  openLeaksView(files: { baseline: string; target: string; final: string }): Thenable<unknown>;
}

type Step = 'baseline' | 'target' | 'final';

function toArgs(value: unknown): FindLeaksArgs {
  if (!value || typeof value !== 'object' || value instanceof vscode.Uri) return {};
  const v = value as Record<string, unknown>;
  const token = v.cancellation as vscode.CancellationToken | undefined;
  return {
    sessionId: typeof v.sessionId === 'string' ? v.sessionId : undefined,
    address: typeof v.address === 'string' ? v.address : undefined,
    cancellation: typeof token?.onCancellationRequested === 'function' ? token : undefined,
  };
}

export async function runFindLeaks(ctx: FindLeaksContext, rawArgs: unknown): Promise<FindLeaksResult | undefined> {
  const args = toArgs(rawArgs);
  let target: CaptureTarget | undefined;
  try {
    target = await chooseTarget(ctx.tracker, args, FIND_LEAKS_TITLE);
  } catch (error) {
    reportFailure(ctx.log, error, 'the target');
    return undefined;
  }
  if (!target) return undefined;
  const program = targetLabel(target);
  const files: string[] = [];
  const capture = async (step: Step) => {
    const file = await newSnapshotPath(ctx.globalStorage, program, step);
    const { file: written } = await captureWithProgress({
      target,
      file,
      title: `${FIND_LEAKS_TITLE}: capturing ${step} (${files.length + 1} of 3)`,
      cancellation: args.cancellation,
    });
    files.push(written);
  };
  try {
    await capture('baseline');
    if (!(await waitForUser(BASELINE_DONE, CAPTURE_TARGET, args.cancellation)))
      throw new CaptureError('cancelled', 'find leaks cancelled');
    await capture('target');
    if (!(await waitForUser(TARGET_DONE, CAPTURE_FINAL, args.cancellation)))
      throw new CaptureError('cancelled', 'find leaks cancelled');
    await capture('final');
  } catch (error) {
    reportFailure(ctx.log, error, describeTarget(target));
    if (files.length)
      void vscode.window.showInformationMessage(
        `Retainer Lens: the snapshots already taken are kept: ${files.map((f) => vscode.workspace.asRelativePath(f)).join(', ')}`,
      );
    return undefined;
  }
  const [baseline, targetFile, final] = files;
  await ctx.openLeaksView({ baseline, target: targetFile, final });
  return { files: [baseline, targetFile, final] };
}

/** A modal-less prompt: resolves true when the user presses `button`, false on Cancel, dismissal or cancellation. */
async function waitForUser(message: string, button: string, cancellation?: vscode.CancellationToken): Promise<boolean> {
  const answer = Promise.resolve(vscode.window.showInformationMessage(`Retainer Lens: ${message}`, button, 'Cancel'));
  if (!cancellation) return (await answer) === button;
  const cancelled = new Promise<undefined>((resolve) => {
    if (cancellation.isCancellationRequested) resolve(undefined);
    cancellation.onCancellationRequested(() => resolve(undefined));
  });
  return (await Promise.race([answer, cancelled])) === button;
}
