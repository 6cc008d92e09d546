// Which debug sessions we can capture from. VS Code has no "list all sessions" API, so we follow them from
// activation (the extension activates onDebug, before the first session starts).
import { basename } from 'node:path';
import * as vscode from 'vscode';

/** Debug types served by js-debug (the built-in JavaScript debugger), whose sessions offer a CDP proxy. */
const JS_DEBUG_TYPES: ReadonlySet<string> = new Set([
  'pwa-node',
  'node',
  'pwa-chrome',
  'chrome',
  'pwa-msedge',
  'msedge',
  'pwa-extensionHost',
  'node-terminal',
]);

function isJsDebugSession(session: vscode.DebugSession): boolean {
  return JS_DEBUG_TYPES.has(session.type);
}

/** js-debug marks the sessions of real targets (a process, a page, a worker) with `__pendingTargetId`. */
function isTargetSession(session: vscode.DebugSession): boolean {
  return Boolean((session.configuration as { __pendingTargetId?: unknown }).__pendingTargetId);
}

export class DebugSessionTracker implements vscode.Disposable {
  private readonly sessions = new Map<string, vscode.DebugSession>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  /** Fires when a JavaScript session starts or ends. */
  readonly onDidChange = this.changed.event;

  constructor() {
    const active = vscode.debug.activeDebugSession;
    if (active && isJsDebugSession(active)) this.sessions.set(active.id, active);
    this.subscriptions = [
      vscode.debug.onDidStartDebugSession((session) => {
        if (!isJsDebugSession(session)) return;
        this.sessions.set(session.id, session);
        this.changed.fire();
      }),
      vscode.debug.onDidTerminateDebugSession((session) => {
        if (this.sessions.delete(session.id)) this.changed.fire();
      }),
      this.changed,
    ];
  }

  get hasSessions(): boolean {
    return this.sessions.size > 0;
  }

  byId(id: string): vscode.DebugSession | undefined {
    return this.sessions.get(id);
  }

  isRunning(session: vscode.DebugSession): boolean {
    return this.sessions.has(session.id);
  }

  /**
   * The sessions worth offering: js-debug's target sessions, plus any session that has no target child (a
   * parent that launched a process is only a launcher; its heap is the child's).
   */
  capturable(): vscode.DebugSession[] {
    const all = [...this.sessions.values()];
    const parents = new Set(all.map((s) => s.parentSession?.id).filter((id): id is string => Boolean(id)));
    return all.filter((s) => isTargetSession(s) || !parents.has(s.id));
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.sessions.clear();
  }
}

/** A short name for a session's program, for quick picks and file names. */
export function programOf(session: vscode.DebugSession): string | undefined {
  // js-debug's target sessions carry no `program`: it is on the launch configuration of a parent.
  for (let s: vscode.DebugSession | undefined = session; s; s = s.parentSession) {
    const config = s.configuration as { program?: unknown; url?: unknown; command?: unknown };
    for (const value of [config.program, config.url, config.command]) {
      if (typeof value === 'string' && value.trim()) return value.trim();
    }
  }
  return undefined;
}

/** The word a snapshot file is named after: the program's base name, else the session's name. */
export function programLabel(session: vscode.DebugSession): string {
  const program = programOf(session);
  if (program && !/^https?:/i.test(program)) return basename(program).replace(/\.[cm]?[jt]sx?$/i, '');
  if (program) {
    try {
      return new URL(program).hostname || session.name;
    } catch {
      // not a URL after all
    }
  }
  return session.name;
}

/** The launch configuration's name first (what the user chose), then js-debug's name for the target. */
export function sessionTitle(session: vscode.DebugSession): string {
  const parent = session.parentSession;
  // js-debug often names a target "<process> « <configuration>" already.
  return parent && !session.name.includes(parent.name) ? `${parent.name} (${session.name})` : session.name;
}
