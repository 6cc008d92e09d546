import * as vscode from 'vscode';
import { GitignoreMatcher } from '../../common/gitignore';
import type { Logger } from '../../common/log';

/** Every .gitignore in the workspace folder (outside node_modules) in the matcher `retainer-lens scan` uses. */
export async function workspaceGitignore(
  folder: vscode.WorkspaceFolder,
  log: Logger,
  token?: vscode.CancellationToken,
): Promise<GitignoreMatcher> {
  const files = await vscode.workspace.findFiles(
    new vscode.RelativePattern(folder, '**/.gitignore'),
    '**/node_modules/**',
    1000,
    token,
  );
  const matcher = new GitignoreMatcher();
  for (const file of files) {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      matcher.add(vscode.Uri.joinPath(file, '..').fsPath, text);
    } catch (error) {
      log.warn(`reading ${file.fsPath} (nothing is excluded by it)`, error);
    }
  }
  return matcher;
}
