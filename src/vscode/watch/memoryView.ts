// The Memory view: a webview view in its own panel (next to the Debug Console) that draws what Leak Watch sends. It is not kept alive
// while hidden; when it is shown again it says `ready` and gets the whole history in one `reset`.
import * as vscode from 'vscode';
import type { Logger } from '../../common/log';
import type { HeapMarker, HeapSample, HostToView, ViewToHost, WatchStatus } from '../../watch/watchProtocol';
import { MEMORY_VIEW_ID } from '../contributions';
import { showWebviewPage } from '../explorer/webviewPage';

/** The document title of the view's page (the editor tests find the webview by it). */
export const MEMORY_VIEW_TITLE = 'Leak Watch';

export interface MemoryViewHost {
  /** What to draw when the view (re)appears. */
  snapshot(): { samples: HeapSample[]; markers: HeapMarker[]; status: WatchStatus };
  /** A button in the view. */
  onViewMessage(message: ViewToHost): void;
}

export class MemoryViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: MemoryViewHost,
    private readonly log: Logger,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    const webview = view.webview;
    showWebviewPage(this.extensionUri, webview, {
      script: 'watchView.js',
      style: 'watch.css',
      title: MEMORY_VIEW_TITLE,
    });
    this.view = view;
    this.ready = false;
    webview.onDidReceiveMessage((message: ViewToHost) => {
      if (message?.type === 'ready') {
        this.ready = true;
        this.post({ type: 'reset', ...this.host.snapshot() });
      } else this.host.onViewMessage(message);
    });
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
  }

  /** Shows the view (it then asks for the history). */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${MEMORY_VIEW_ID}.focus`, { preserveFocus: true });
  }

  post(message: HostToView): void {
    const view = this.view;
    if (!view || !this.ready) return;
    // A hidden view drops messages; it gets everything again in `reset` when shown.
    view.webview.postMessage(message).then(undefined, (error: unknown) => {
      this.log.warn('Leak Watch: posting to the Memory view', error);
    });
  }
}
