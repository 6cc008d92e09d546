// Fills a webview (an editor panel or a view) with one of our pages: scripts on, resources only from dist/ and
// media/, the CSP'd shell of webviewHtml.ts pointing at that page's bundle and style sheet.
import * as vscode from 'vscode';
import { explorerHtml, makeNonce, type ExplorerHtmlOptions } from './webviewHtml';

export interface WebviewPage {
  /** The bundle in dist/ (`webview.js`, `watchView.js`). */
  script: string;
  /** The style sheet in media/ (`explorer.css`, `watch.css`). */
  style: string;
  title: string;
  app?: ExplorerHtmlOptions['app'];
}

export function showWebviewPage(extensionUri: vscode.Uri, webview: vscode.Webview, page: WebviewPage): void {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  const media = vscode.Uri.joinPath(extensionUri, 'media');
  webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
  webview.html = explorerHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, page.script)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, page.style)).toString(),
    codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicon.css')).toString(),
    title: page.title,
    ...(page.app ? { app: page.app } : {}),
  });
}
