// Go to source: open the workspace file a snapshot's script URL names, at the closure's (or constructor's)
// line. Absolute paths that exist are opened as they are; otherwise the workspace file sharing the longest
// path suffix with the URL wins (bundler URLs like webpack://app/./src/a.js).
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import type { Range } from '../../analyzer/types';
import type { FoundSource, MappedFrame } from '../../service/protocol';
import { bestMatch, parseScriptUrl } from './sourcePath';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) !== 0;
  } catch {
    return false; // stat failing is the answer: there is no such file (the caller says so to the user)
  }
}

async function resolveScript(url: string | undefined): Promise<vscode.Uri | undefined> {
  const script = parseScriptUrl(url);
  if (!script) return undefined;
  if (script.absolute) {
    const uri = vscode.Uri.file(script.absolute);
    if (await exists(uri)) return uri;
  }
  const name = script.segments[script.segments.length - 1].replace(/[[\]{}*?]/g, '?');
  const found = await vscode.workspace.findFiles(`**/${name}`, '**/node_modules/**', 50);
  const best = bestMatch(
    script,
    found.map((u) => u.path),
  );
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

/**
 * Opens a static finding (or a declaration) the join mapped a snapshot object to, selecting its range. Only a
 * file inside a workspace folder is opened: the path came from a snapshot's script URL, however mapped.
 */
export async function openFinding(target: { file: string; range: Range }): Promise<boolean> {
  if (typeof target.file !== 'string' || !isAbsolute(target.file)) return false;
  const uri = vscode.Uri.file(target.file);
  if (!vscode.workspace.getWorkspaceFolder(uri) || !(await exists(uri))) return false;
  const { start, end } = target.range;
  await vscode.window.showTextDocument(uri, {
    selection: new vscode.Range(start.line, start.column, end.line, end.column),
    viewColumn: vscode.ViewColumn.Beside,
    preview: true,
  });
  return true;
}

/**
 * Opens an allocation frame's function: at the workspace position the join mapped it to (the `.ts` line of a
 * bundle; opened only inside a workspace folder), else where its script URL resolves, like Go to source.
 */
export async function openFrame(frame: MappedFrame): Promise<boolean> {
  if (frame.source) {
    const { file, line, column } = frame.source;
    if (await openFinding({ file, range: { start: { line, column }, end: { line, column } } })) return true;
  }
  if (!frame.url || frame.line < 0) return false;
  return openSource({
    location: { scriptId: frame.scriptId, url: frame.url, line: frame.line, column: Math.max(0, frame.column) },
    nodeId: 0,
    via: 'allocation',
    functionName: frame.name,
  });
}
