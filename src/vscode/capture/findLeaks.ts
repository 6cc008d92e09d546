// "Find leaks (baseline, target, final)": three captures of one program with the user acting in between,
// then the engine's leak triage (off the extension host thread) as a Markdown report.
import * as vscode from 'vscode';
import { CaptureError } from '../../capture/index';
import { chooseTarget, type CaptureTarget } from './chooseTarget';
import { reportFailure, targetLabel, type CaptureContext } from './captureCommand';
import { leakReportMarkdown } from './leakReport';
import { runLeakTriage, TriageError } from './leakTriage';
import { captureWithProgress, describeTarget } from './runCapture';
import { newSnapshotPath } from './snapshotPaths';

export const FIND_LEAKS_TITLE = 'Retainer Lens: Find leaks';
export const BASELINE_DONE =
  'Baseline captured. Now exercise the suspected leak (e.g. repeat the action 5–10 times), then press Capture target.';
export const TARGET_DONE =
  'Target captured. Now undo the action or return to the starting state (close what you opened, go back), then press Capture final.';
export const CAPTURE_TARGET = 'Capture target';
export const CAPTURE_FINAL = 'Capture final';

export interface FindLeaksArgs {
  sessionId?: string;
  address?: string;
  /** false: do not open the report (it is still returned). */
  open?: boolean;
  /** 'markdown': the Markdown report even when the explorer's leaks view is available. */
  report?: 'markdown' | 'explorer';
  cancellation?: vscode.CancellationToken;
}

export interface FindLeaksResult {
  files: [string, string, string];
  /** The Markdown report (absent when the explorer's leaks view showed the triage instead). */
  report?: string;
}

export interface FindLeaksContext extends CaptureContext {
  extensionPath: string;
  openLeaksView?(files: { baseline: string; target: string; final: string }): Thenable<unknown>;
}

type Step = 'baseline' | 'target' | 'final';

function toArgs(value: unknown): FindLeaksArgs {
  if (!value || typeof value !== 'object' || value instanceof vscode.Uri) return {};
  const v = value as Record<string, unknown>;
  const token = v.cancellation as vscode.CancellationToken | undefined;
  return {
    sessionId: typeof v.sessionId === 'string' ? v.sessionId : undefined,
    address: typeof v.address === 'string' ? v.address : undefined,
    open: typeof v.open === 'boolean' ? v.open : undefined,
    report: v.report === 'markdown' || v.report === 'explorer' ? v.report : undefined,
    cancellation: typeof token?.onCancellationRequested === 'function' ? token : undefined,
  };
}

export async function runFindLeaks(ctx: FindLeaksContext, rawArgs: unknown): Promise<FindLeaksResult | undefined> {
  const args = toArgs(rawArgs);
  let target: CaptureTarget | undefined;
  try {
    target = await chooseTarget(ctx.tracker, args, FIND_LEAKS_TITLE);
  } catch (error) {
    reportFailure(error, 'the target');
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
    reportFailure(error, describeTarget(target));
    if (files.length)
      void vscode.window.showInformationMessage(
        `Retainer Lens: the snapshots already taken are kept: ${files.map((f) => vscode.workspace.asRelativePath(f)).join(', ')}`,
      );
    return undefined;
  }
  const triple = files as [string, string, string];
  if (ctx.openLeaksView && args.report !== 'markdown') {
    // The explorer runs the triage in its own heap worker and shows it interactively.
    const [baseline, targetFile, final] = triple;
    await ctx.openLeaksView({ baseline, target: targetFile, final });
    return { files: triple };
  }
  try {
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `${FIND_LEAKS_TITLE}: comparing the three snapshots…`,
        cancellable: true,
      },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        args.cancellation?.onCancellationRequested(() => abort.abort());
        return runLeakTriage(triple, { extensionPath: ctx.extensionPath, signal: abort.signal });
      },
    );
    const report = leakReportMarkdown(program, triple, result);
    if (args.open !== false) await showReport(report);
    return { files: triple, report };
  } catch (error) {
    const message = error instanceof TriageError ? error.message : String(error);
    const cancelled = error instanceof TriageError && error.cancelled;
    void (cancelled ? vscode.window.showInformationMessage : vscode.window.showErrorMessage)(
      `Retainer Lens: ${cancelled ? 'Leak triage cancelled' : `Leak triage failed: ${message}`}. The three snapshots are kept.`,
    );
    return undefined;
  }
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

async function showReport(markdown: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { preview: false });
  // The rendered view when the built-in Markdown extension is there; the source stays open either way.
  await vscode.commands.executeCommand('markdown.showPreviewToSide', document.uri).then(undefined, () => undefined);
}
