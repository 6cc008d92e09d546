// One capture with a cancellable progress notification: ask js-debug for its CDP proxy (or use the address
// the user gave), then let the vscode-free capture client stream the snapshot to disk.
import * as vscode from 'vscode';
import type { Logger } from '../../common/log';
import {
  CaptureError,
  captureFromAddress,
  isCaptureError,
  type CaptureProgress,
  type CdpProxyAddress,
} from '../../capture/index';
import { captureSettings } from '../settings';
import { progressMessage, progressPercent } from './captureMessages';
import type { CaptureTarget } from './chooseTarget';
import { sessionTitle } from './debugSessions';

const REQUEST_CDP_PROXY = 'extension.js-debug.requestCDPProxy';

export interface CaptureRequest {
  target: CaptureTarget;
  /** The final file; the client writes `<file>.<random>.partial` and renames it only on success. */
  file: string;
  /** The progress notification's title. */
  title: string;
  /** A second way to cancel, besides the notification's Cancel (tests, the find-leaks flow). */
  cancellation?: vscode.CancellationToken;
  log?: Logger;
}

/** How the user should hear of a target: "the debug session 'server.js'" or "the inspector at …". */
export function describeTarget(target: CaptureTarget): string {
  return target.kind === 'session'
    ? `the debug session '${sessionTitle(target.session)}'`
    : `the inspector at ${target.address}`;
}

export interface CapturedFile {
  file: string;
  bytes: number;
}

/** Resolves with the written file; rejects with a CaptureError (or EndpointError) and leaves no file. */
export function captureWithProgress(request: CaptureRequest): Promise<CapturedFile> {
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: request.title, cancellable: true },
      (progress, token) => capture(request, progress, token),
    ),
  );
}

async function capture(
  request: CaptureRequest,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<CapturedFile> {
  const abort = new AbortController();
  let sessionEnded = false;
  const disposables: vscode.Disposable[] = [
    token.onCancellationRequested(() => abort.abort()),
    ...(request.cancellation ? [request.cancellation.onCancellationRequested(() => abort.abort())] : []),
  ];
  if (request.target.kind === 'session') {
    // The proxy socket may outlive its target for a while; stop at once when the session ends.
    const watched = new Set([request.target.session.id, request.target.session.parentSession?.id]);
    disposables.push(
      vscode.debug.onDidTerminateDebugSession((ended) => {
        if (!watched.has(ended.id)) return;
        sessionEnded = true;
        abort.abort();
      }),
    );
  }
  if (token.isCancellationRequested || request.cancellation?.isCancellationRequested) abort.abort();

  const reporter = progressReporter(progress);
  try {
    reporter({ phase: 'preparing', done: 0 });
    const address =
      request.target.kind === 'session' ? await requestProxy(request.target.session) : request.target.address;
    if (abort.signal.aborted) throw new CaptureError('cancelled', 'capture cancelled');
    const settings = captureSettings();
    const result = await captureFromAddress(address, {
      output: request.file,
      collectGarbage: settings.collectGarbage,
      numericValues: settings.numericValues,
      inactivityTimeoutMs: settings.inactivityTimeoutMs,
      signal: abort.signal,
      onProgress: reporter,
      log: request.log,
    });
    return { file: result.file ?? request.file, bytes: result.bytes };
  } catch (error) {
    // When its target goes away, js-debug's proxy answers the pending takeHeapSnapshot with an error
    // ("Connection is closed") rather than closing our socket, a moment before the session ends: wait for
    // that end briefly, so the user hears "the session ended", not "the target refused".
    if (
      !sessionEnded &&
      request.target.kind === 'session' &&
      !isCaptureError(error, 'cancelled') &&
      !isCaptureError(error, 'write-failed')
    ) {
      sessionEnded = await endsWithin(request.target.session, SESSION_END_GRACE_MS);
    }
    if (sessionEnded && !isCaptureError(error, 'write-failed')) {
      throw new CaptureError('target-closed', 'the debug session ended during the capture', { cause: error });
    }
    throw error;
  } finally {
    for (const d of disposables) d.dispose();
  }
}

const SESSION_END_GRACE_MS = 2000;

/** True when the session (or its parent) terminates within `ms`. */
function endsWithin(session: vscode.DebugSession, ms: number): Promise<boolean> {
  const watched = new Set([session.id, session.parentSession?.id]);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(false);
    }, ms);
    const listener = vscode.debug.onDidTerminateDebugSession((ended) => {
      if (!watched.has(ended.id)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(true);
    });
  });
}

/** js-debug's CDP proxy for a session (Capture and Leak Watch connect through it). */
export async function requestProxy(session: vscode.DebugSession): Promise<CdpProxyAddress> {
  let proxy: unknown;
  try {
    proxy = await vscode.commands.executeCommand(REQUEST_CDP_PROXY, session.id);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CaptureError('unreachable', `the JavaScript debugger (js-debug) gave no CDP proxy (${detail})`, {
      cause: error,
    });
  }
  const address = proxy as Partial<CdpProxyAddress> | undefined;
  if (!address || typeof address.host !== 'string' || typeof address.port !== 'number') {
    throw new CaptureError(
      'unreachable',
      'the JavaScript debugger (js-debug) gave no CDP proxy for it; is the session still running?',
    );
  }
  return { host: address.host, port: address.port, path: address.path ?? '' };
}

/** Reports phases at once and byte counts at most ~8 times a second (each report crosses to the UI). */
export function progressReporter(
  progress: vscode.Progress<{ message?: string; increment?: number }>,
): (p: CaptureProgress) => void {
  let lastPhase: string | undefined;
  let lastAt = 0;
  let percent = 0;
  return (p) => {
    const now = Date.now();
    if (p.phase === lastPhase && now - lastAt < 125) return;
    lastPhase = p.phase;
    lastAt = now;
    const target = progressPercent(p);
    const increment = target !== undefined && target > percent ? target - percent : undefined;
    if (increment) percent += increment;
    progress.report({ message: progressMessage(p), increment });
  };
}
