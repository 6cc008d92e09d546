import * as vscode from 'vscode';

/** Globs never analyzed, whatever the settings say: dependencies and build output are not the user's code. */
export const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];

export function isExcluded(uri: vscode.Uri, extraGlobs: readonly string[]): boolean {
  const globs = [...ALWAYS_EXCLUDED, ...extraGlobs];
  // languages.match understands glob patterns the same way the rest of VS Code does.
  return globs.some(
    (pattern) => vscode.languages.match({ pattern }, { uri, languageId: '' } as vscode.TextDocument) > 0,
  );
}
