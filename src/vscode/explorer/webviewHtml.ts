// The explorer's HTML page. vscode-free so the Chromium tests serve exactly this page, CSP included.
// Nothing from a snapshot is ever put into this HTML: the page is a static shell and the app fills it
// with text nodes. The CSP allows only our own bundle (by nonce), our CSS and font, and no network.
import { randomBytes } from 'node:crypto';

export interface ExplorerHtmlOptions {
  /** `webview.cspSource`: the origin our resources are served from. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconsUri: string;
  title: string;
  /** Which app the bundle starts: the retainer explorer (default) or the heap profile view. */
  app?: 'explorer' | 'profile';
}

export function makeNonce(): string {
  return randomBytes(18)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Escapes our own values (URIs, the editor title) for an attribute or text position. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function explorerHtml(options: ExplorerHtmlOptions): string {
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy(options.cspSource, options.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${e(options.codiconsUri)}">
<link rel="stylesheet" href="${e(options.styleUri)}">
<title>${e(options.title)}</title>
</head>
<body>
<div id="app" data-app="${options.app ?? 'explorer'}" aria-busy="true"></div>
<script nonce="${e(options.nonce)}" src="${e(options.scriptUri)}"></script>
</body>
</html>`;
}
