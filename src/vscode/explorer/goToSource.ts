// Go to source: open the workspace file a snapshot's script URL names, at the closure's (or constructor's)
// line; and the finding links, which open a static finding the join mapped an object to. Every path here
// came from a snapshot, so it goes through the trust boundary (src/common/workspaceFiles.ts): only a regular
// file whose real path is inside a workspace folder is opened. Outside the workspace a path is shown (the
// explorer says which), never opened, stat'ed or read.
import * as vscode from 'vscode';
import type { Range } from '../../analyzer/types';
import { WorkspaceFiles } from '../../common/workspaceFiles';
import type { FoundSource, MappedFrame } from '../../service/protocol';
import { sourceTarget } from './sourcePath';

/** The workspace folders on disk, as the boundary's roots. */
function workspaceFiles(): WorkspaceFiles {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return new WorkspaceFiles(folders.filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath));
}

/** Workspace files named `fileName` (glob characters matched literally), outside node_modules. */
async function findByName(fileName: string): Promise<string[]> {
  const name = fileName.replace(/[[\]{}*?]/g, '?');
  const found = await vscode.workspace.findFiles(`**/${name}`, '**/node_modules/**', 50);
  return found.filter((u) => u.scheme === 'file').map((u) => u.fsPath);
}

async function show(file: string, selection: vscode.Range): Promise<void> {
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(uri, { selection, viewColumn: columnFor(uri), preview: true });
}

/** The group already showing `uri` (the code a CodeLens was clicked in), else the one beside the explorer. */
function columnFor(uri: vscode.Uri): vscode.ViewColumn {
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  return visible?.viewColumn ?? vscode.ViewColumn.Beside;
}

/** Opens the location where the file is visible, else beside the explorer; false when no workspace file matches. */
export async function openSource(found: FoundSource): Promise<boolean> {
  const file = await sourceTarget(found.location.url, workspaceFiles(), findByName);
  if (!file) return false;
  const position = new vscode.Position(found.location.line, found.location.column);
  await show(file, new vscode.Range(position, position));
  return true;
}

/** Opens a static finding (or a declaration) the join mapped a snapshot object to, selecting its range. */
export async function openFinding(target: { file: string; range: Range }): Promise<boolean> {
  const checked = await workspaceFiles().check(target.file);
  if (!checked.ok) return false;
  const { start, end } = target.range;
  await show(checked.path, new vscode.Range(start.line, start.column, end.line, end.column));
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
