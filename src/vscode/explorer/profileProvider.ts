// The heap profile custom editor (`.heapprofile`): one webview and one service worker per editor, like the
// retainer explorer. The worker parses the profile and maps its frames into the workspace folders (source
// maps included); the page shows the top line, the trees and the flame chart.
import * as vscode from 'vscode';
import type { Logger } from '../../common/log';
import { ProfileSession } from '../../explorer/profileSession';
import { createHeapWorker } from '../../service/workerClient';
import { openFrame } from './goToSource';
import { showWebviewPage } from './webviewPage';

export class HeapProfileProvider implements vscode.CustomReadonlyEditorProvider {
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
    showWebviewPage(extensionUri, webview, {
      script: 'webview.js',
      style: 'explorer.css',
      title: label,
      app: 'profile',
    });
    const client = createHeapWorker(vscode.Uri.joinPath(dist, 'heapWorker.js').fsPath, { log: this.log });
    const session = new ProfileSession(
      client,
      {
        post: (message) => {
          void webview
            .postMessage(message)
            .then(undefined, (error: unknown) => this.log.warn('posting to a hidden heap profile webview', error));
        },
        log: this.log,
        openFrame: (frame) => openFrame(frame),
      },
      label,
    );
    const received = webview.onDidReceiveMessage((message: unknown) => session.receive(message));
    panel.onDidDispose(() => {
      received.dispose();
      void session.dispose();
    });
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    await session.open(document.uri.fsPath, {
      workspaceRoots: roots.map((f) => f.uri.fsPath),
      cwd: roots[0]?.uri.fsPath,
    });
  }
}
