// The retainer explorer custom editor: one webview and one heap worker per editor. The webview is not kept
// alive while hidden (it restores itself from setState); the worker is, so showing the tab again is instant.
// Closing the editor ends the worker and frees the snapshot's memory.
import * as vscode from 'vscode';
import type { JoinParams } from '../../service/protocol';
import { createHeapWorker, type HeapWorkerClient } from '../../service/workerClient';
import type { JoinReport } from '../../join/joinSnapshot';
import type { ConfirmedSeverity, SnapshotRole, SnapshotStates } from '../../explorer/messages';
import { ExplorerSession } from '../../explorer/explorerSession';
import type { Logger } from '../../common/log';
import { openFinding, openFrame, openSource } from './goToSource';
import { pickLeakTriple, pickOtherSnapshot } from './pickSnapshots';
import { showWebviewPage } from './webviewPage';
import { RETAINER_EXPLORER_VIEW_TYPE } from '../contributions';

/** Rough share of the load each stage takes, for the progress notification. */
const STAGE_END: Record<string, number> = {
  read: 70,
  indexes: 78,
  flags: 82,
  'shallow sizes': 88,
  classes: 100, // the Summary answers from here; the explorer shows the rest computing
  distances: 100,
  dominators: 100,
  'retained sizes': 100,
  done: 100,
};

/** An explorer's snapshot, loaded in its worker. */
export interface LoadedSnapshot {
  uri: vscode.Uri;
  client: HeapWorkerClient;
  handle: string;
  /** Joins it with the workspace source in that worker; the explorer then marks findings and dead variables. */
  join(params: JoinParams, confirmedSeverity: ConfirmedSeverity): Promise<JoinReport>;
}

export class RetainerExplorerProvider implements vscode.CustomReadonlyEditorProvider {
  private readonly sessions = new Map<string, ExplorerSession>();
  private readonly pending = new Map<string, (session: ExplorerSession) => void>();
  private readonly loaded = new vscode.EventEmitter<LoadedSnapshot>();
  private readonly closed = new vscode.EventEmitter<vscode.Uri>();
  private readonly activeRequested = new vscode.EventEmitter<vscode.Uri>();
  /** The editor's active snapshot and those joined, so a page opened later learns where it stands. */
  private active: { snapshot?: string; joined: Set<string> } = { joined: new Set() };
  /** An explorer finished loading its snapshot (the join measures it in the same worker). */
  readonly onDidLoadSnapshot = this.loaded.event;
  /** An explorer closed: its worker and snapshot are gone. */
  readonly onDidCloseSnapshot = this.closed.event;
  /** The user asked, in an explorer, for its snapshot to drive the editor's lenses and confirmations. */
  readonly onDidRequestActive = this.activeRequested.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const { extensionUri } = this.context;
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    const webview = panel.webview;
    const label = document.uri.path.replace(/^.*\//, '');
    showWebviewPage(extensionUri, webview, { script: 'webview.js', style: 'explorer.css', title: label });

    const statusListeners = new Set<(s: SnapshotStates) => void>();
    // A child process, not a thread: the snapshot's memory stays out of the extension host (processWorker.ts).
    const client = createHeapWorker(vscode.Uri.joinPath(dist, 'heapWorker.js').fsPath, {
      process: true,
      log: this.log,
    });
    const session = new ExplorerSession(client, {
      post: (message) => {
        // A hidden webview drops messages (it asks for the status again when shown): nothing is lost.
        void webview
          .postMessage(message)
          .then(undefined, (error: unknown) => this.log.warn('posting to a hidden explorer webview', error));
      },
      log: this.log,
      saveReport: (markdown, suggestedName) => saveReport(markdown, suggestedName, document.uri),
      goToSource: (found) => openSource(found),
      openFinding: (target) => openFinding(target),
      openFrame: (frame) => openFrame(frame),
      pickCompare: async () =>
        (await pickOtherSnapshot('Compare with an older snapshot (the baseline)', document.uri))?.fsPath,
      pickLeaks: async () => {
        const picked = await pickLeakTriple();
        return picked && { baseline: picked.baseline.fsPath, target: picked.target.fsPath, final: picked.final.fsPath };
      },
      onStatus: (states) => {
        for (const listener of statusListeners) listener(states);
      },
      makeActive: () => this.activeRequested.fire(document.uri),
    });
    const key = document.uri.toString();
    this.sessions.set(key, session);
    session.setActive(this.active.snapshot === key, this.active.joined.has(key));
    const received = webview.onDidReceiveMessage((message: unknown) => session.receive(message));
    panel.onDidDispose(() => {
      received.dispose();
      this.sessions.delete(key);
      void session.dispose();
      this.closed.fire(document.uri);
    });

    const loaded = session.open('main', document.uri.fsPath, label);
    loaded.then(
      (state) => {
        if (state.phase === 'ready' && this.sessions.get(key) === session)
          this.loaded.fire({
            uri: document.uri,
            client,
            handle: state.handle,
            join: (params, severity) => session.join(state.handle, params, severity),
          });
      },
      (error: unknown) => this.log.error(`opening ${document.uri.fsPath} in the retainer explorer`, error),
    );
    void this.showProgress(session, 'main', label, statusListeners);
    this.pending.get(key)?.(session);
    this.pending.delete(key);
    await Promise.race([loaded, new Promise((resolve) => setTimeout(resolve, 0))]);
  }

  /** Tells each explorer whether its snapshot is the one the editor's lenses and confirmations come from. */
  markActive(snapshot: vscode.Uri | undefined, joined: vscode.Uri[]): void {
    this.active = { snapshot: snapshot?.toString(), joined: new Set(joined.map((u) => u.toString())) };
    for (const [key, session] of this.sessions)
      session.setActive(key === this.active.snapshot, this.active.joined.has(key));
  }

  /**
   * Runs `action` on the explorer of `uri`, opening it first if needed: in the active group, or with `beside`
   * next to the active editor without taking the focus (a CodeLens must not hide the line it was clicked on).
   * An explorer already open is shown where it is.
   */
  async withExplorer(
    uri: vscode.Uri,
    action: (session: ExplorerSession) => void,
    options: { beside?: boolean } = {},
  ): Promise<void> {
    const existing = this.sessions.get(uri.toString());
    if (!existing) this.pending.set(uri.toString(), action);
    await vscode.commands.executeCommand(
      'vscode.openWith',
      uri,
      RETAINER_EXPLORER_VIEW_TYPE,
      showOptions(uri, options),
    );
    if (existing) action(existing);
  }

  /** Mirrors a load in a cancellable progress notification (the webview shows its own progress too). */
  private showProgress(
    session: ExplorerSession,
    role: SnapshotRole,
    label: string,
    listeners: Set<(s: SnapshotStates) => void>,
  ): Thenable<void> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Retainer Lens: loading ${label}`, cancellable: true },
      (progress, token) =>
        new Promise<void>((resolve) => {
          let reported = 0;
          const listener = (states: SnapshotStates): void => {
            const state = states[role];
            if (!state || state.phase !== 'loading') {
              listeners.delete(listener);
              resolve();
              return;
            }
            const at =
              state.stage === 'read'
                ? (state.fraction ?? 0) * STAGE_END.read
                : (STAGE_END[state.stage ?? ''] ?? reported);
            if (at > reported) {
              progress.report({ increment: at - reported, message: state.stage });
              reported = at;
            }
          };
          listeners.add(listener);
          token.onCancellationRequested(() => session.cancel(role));
          listener(session.snapshots);
        }),
    );
  }
}

/**
 * Where to show the explorer of `uri`: with `beside`, never in the group of the active text editor (the code a
 * CodeLens was clicked in stays in view), else where a tab already has it, else the active group.
 */
function showOptions(uri: vscode.Uri, options: { beside?: boolean }): vscode.TextDocumentShowOptions | undefined {
  const group = vscode.window.tabGroups.all.find((g) =>
    g.tabs.some(
      (t) =>
        t.input instanceof vscode.TabInputCustom &&
        t.input.viewType === RETAINER_EXPLORER_VIEW_TYPE &&
        t.input.uri.toString() === uri.toString(),
    ),
  );
  if (!options.beside) return group && { viewColumn: group.viewColumn };
  const code = vscode.window.activeTextEditor?.viewColumn;
  if (group && group.viewColumn !== code) return { viewColumn: group.viewColumn, preserveFocus: true };
  return { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true };
}

/** "Export report": asks where (next to the snapshot by default), then writes the Markdown there. */
async function saveReport(markdown: string, suggestedName: string, near: vscode.Uri): Promise<boolean> {
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(near, '..', suggestedName),
    filters: { Markdown: ['md'] },
    title: 'Retainer Lens: export the leak report',
  });
  if (!target) return false;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(markdown));
  return true;
}
