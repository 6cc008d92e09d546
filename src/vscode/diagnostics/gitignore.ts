import * as vscode from 'vscode';
import { gitignoreToGlobs } from './gitignorePatterns';

/** Every .gitignore in the workspace folder (outside node_modules), as exclude globs scoped to its folder. */
export async function gitignoreGlobs(
  folder: vscode.WorkspaceFolder,
  token?: vscode.CancellationToken,
): Promise<string[]> {
  const files = await vscode.workspace.findFiles(
    new vscode.RelativePattern(folder, '**/.gitignore'),
    '**/node_modules/**',
    1000,
    token,
  );
  const globs: string[] = [];
  for (const file of files) {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      const dir = vscode.workspace.asRelativePath(vscode.Uri.joinPath(file, '..'), false);
      globs.push(...gitignoreToGlobs(text, dir === vscode.workspace.asRelativePath(folder.uri, false) ? '' : dir));
    } catch {
      // unreadable: nothing to exclude from it
    }
  }
  return globs;
}
