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
import { pickLeakTriple, pickSnapshot } from './pickSnapshots';
import { explorerHtml, makeNonce } from './webviewHtml';

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
  /** An explorer finished loading its snapshot (the join measures it in the same worker). */
  readonly onDidLoadSnapshot = this.loaded.event;
  /** An explorer closed: its worker and snapshot are gone. */
  readonly onDidCloseSnapshot = this.closed.event;

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
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    const label = document.uri.path.replace(/^.*\//, '');
    webview.html = explorerHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'explorer.css')).toString(),
      codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicon.css')).toString(),
      title: label,
    });

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
      pickCompare: async () => (await pickSnapshot('Compare with which heap snapshot?', document.uri))?.fsPath,
      pickLeaks: async () => {
        const picked = await pickLeakTriple();
        return picked && { baseline: picked.baseline.fsPath, target: picked.target.fsPath, final: picked.final.fsPath };
      },
      onStatus: (states) => {
        for (const listener of statusListeners) listener(states);
      },
    });
    const key = document.uri.toString();
    this.sessions.set(key, session);
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

  /** Runs `action` on the explorer of `uri`, opening it first if needed. */
  async withExplorer(uri: vscode.Uri, action: (session: ExplorerSession) => void): Promise<void> {
    const existing = this.sessions.get(uri.toString());
    if (!existing) this.pending.set(uri.toString(), action);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'retainerLens.retainerExplorer');
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
