// Asks (only when it must) which program to capture: the one JavaScript debug session, a pick among several,
// or, with none, an inspector address or a new debug session.
import * as vscode from 'vscode';
import { EndpointError, isNonLoopbackAddress, parseHostPort } from '../../capture/index';
import { programOf, sessionTitle, type DebugSessionTracker } from './debugSessions';

export type CaptureTarget = { kind: 'session'; session: vscode.DebugSession } | { kind: 'address'; address: string };

export interface TargetArgs {
  sessionId?: string;
  address?: string;
}

const ATTACH_LABEL = 'Attach to an inspector address…';
const START_DEBUGGING_LABEL = 'Start debugging…';

/** Why `text` is not an inspector address we accept, or undefined when it is fine. */
function addressProblem(text: string): string | undefined {
  const value = text.trim();
  if (!value) return 'Type host:port (e.g. 127.0.0.1:9229) or a ws:// URL.';
  let host: string;
  if (/^wss?:\/\//i.test(value)) {
    try {
      host = new URL(value).hostname;
    } catch {
      // Input validation: the answer is this message, shown under the input box.
      return `'${value}' is not a valid WebSocket URL.`;
    }
  } else {
    try {
      host = parseHostPort(value).host;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  // An inspector runs any code it is sent, without authentication: reach remote ones through a tunnel. A name
  // is resolved when the capture starts, and refused there unless it resolves to loopback only.
  if (isNonLoopbackAddress(host))
    return `${host} is not a loopback address. Forward the inspector port (e.g. ssh -L 9229:127.0.0.1:9229) and use 127.0.0.1.`;
  return undefined;
}

/** Resolves to undefined when the user backs out (or chose to start debugging first). */
export async function chooseTarget(
  tracker: DebugSessionTracker,
  args: TargetArgs,
  title: string,
): Promise<CaptureTarget | undefined> {
  if (args.address !== undefined) {
    const problem = addressProblem(args.address);
    if (problem) throw new EndpointError('invalid-address', problem);
    return { kind: 'address', address: args.address.trim() };
  }
  if (args.sessionId !== undefined) {
    const session = tracker.byId(args.sessionId);
    if (!session)
      throw new EndpointError('unknown-target', `no running JavaScript debug session has the id ${args.sessionId}`);
    return { kind: 'session', session };
  }
  const sessions = tracker.capturable();
  if (sessions.length === 1) return { kind: 'session', session: sessions[0] };
  if (sessions.length > 1) return pickSession(sessions, title);
  return pickWithoutSession(title);
}

async function pickSession(sessions: vscode.DebugSession[], title: string): Promise<CaptureTarget | undefined> {
  const items = sessions.map((session) => ({
    label: sessionTitle(session),
    description: session.type,
    detail: programOf(session),
    session,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Which debug session’s heap?',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked && { kind: 'session', session: picked.session };
}

async function pickWithoutSession(title: string): Promise<CaptureTarget | undefined> {
  const items: (vscode.QuickPickItem & { action: 'attach' | 'start' })[] = [
    {
      label: `$(plug) ${ATTACH_LABEL}`,
      detail: 'A Node.js or Chrome process started with --inspect: host:port or a ws:// URL (loopback only)',
      action: 'attach',
    },
    {
      label: `$(debug-alt) ${START_DEBUGGING_LABEL}`,
      detail: 'Start a JavaScript debug session; then capture from it (status bar: Capture heap)',
      action: 'start',
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'No JavaScript debug session is running',
  });
  if (!picked) return undefined;
  if (picked.action === 'start') {
    await vscode.commands.executeCommand('workbench.action.debug.start');
    return undefined;
  }
  const address = await vscode.window.showInputBox({
    title,
    prompt: 'Inspector address of a program started with --inspect (loopback only)',
    placeHolder: '127.0.0.1:9229 or ws://127.0.0.1:9229/<id>',
    value: '127.0.0.1:9229',
    ignoreFocusOut: true,
    validateInput: (text) => addressProblem(text),
  });
  return address === undefined ? undefined : { kind: 'address', address: address.trim() };
}
