// Go to source: open the workspace file a snapshot's script URL names, at the closure's (or constructor's)
// line. Absolute paths that exist are opened as they are; otherwise the workspace file sharing the longest
// path suffix with the URL wins (bundler URLs like webpack://app/./src/a.js).
import * as vscode from 'vscode';
import type { FoundSource } from '../../webview/sourceLookup';
import { bestMatch, parseScriptUrl } from './sourcePath';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

export async function resolveScript(url: string | undefined): Promise<vscode.Uri | undefined> {
  const script = parseScriptUrl(url);
  if (!script) return undefined;
  if (script.absolute) {
    const uri = vscode.Uri.file(script.absolute);
    if (await exists(uri)) return uri;
  }
  const name = script.segments[script.segments.length - 1].replace(/[[\]{}*?]/g, '?');
  const found = await vscode.workspace.findFiles(`**/${name}`, '**/node_modules/**', 50);
  const best = bestMatch(script, found.map((u) => u.path));
  return found.find((u) => u.path === best);
}

/** Opens the location beside the explorer; false when no workspace file matches. */
export async function openSource(found: FoundSource): Promise<boolean> {
  const uri = await resolveScript(found.location.url);
  if (!uri) return false;
  const position = new vscode.Position(found.location.line, found.location.column);
  await vscode.window.showTextDocument(uri, {
    selection: new vscode.Range(position, position),
    viewColumn: vscode.ViewColumn.Beside,
    preview: true,
  });
  return true;
}
