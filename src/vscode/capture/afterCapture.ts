// What to do with a fresh snapshot: open it in the retainer explorer, in any editor for .heapsnapshot, or
// show it in the Explorer view.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { RETAINER_EXPLORER_VIEW_TYPE } from '../contributions';
import type { Logger } from '../../common/log';
import { formatBytes } from '../../common/units';

const OPEN_IN_EXPLORER = 'Open in Retainer Explorer';
const OPEN_WITH = 'Open With…';
const REVEAL = 'Reveal in Explorer';

/** Opening in the explorer is opening with its custom editor: it works as soon as that editor is registered. */
export function openInRetainerExplorer(uri: vscode.Uri): Thenable<unknown> {
  return vscode.commands.executeCommand('vscode.openWith', uri, RETAINER_EXPLORER_VIEW_TYPE);
}

export async function offerToOpen(
  file: string,
  bytes: number | undefined,
  open: (uri: vscode.Uri) => Thenable<unknown> = openInRetainerExplorer,
  log?: Logger,
): Promise<void> {
  const uri = vscode.Uri.file(file);
  const size = bytes === undefined ? '' : ` (${formatBytes(bytes)})`;
  const choice = await vscode.window.showInformationMessage(
    `Heap snapshot saved: ${basename(file)}${size}`,
    OPEN_IN_EXPLORER,
    OPEN_WITH,
    REVEAL,
  );
  try {
    if (choice === OPEN_IN_EXPLORER) await open(uri);
    // The editor picker for this file (the explorer's "Open With…"), so any .heapsnapshot editor will do.
    else if (choice === OPEN_WITH) await vscode.commands.executeCommand('explorer.openWith', uri);
    else if (choice === REVEAL) await reveal(uri);
  } catch (error) {
    log?.error(`opening the snapshot ${file}`, error);
    void vscode.window.showErrorMessage(
      `Could not open ${basename(file)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function reveal(uri: vscode.Uri): Promise<void> {
  // The Explorer view shows only workspace files; a snapshot saved elsewhere goes to the OS file manager.
  if (vscode.workspace.getWorkspaceFolder(uri)) await vscode.commands.executeCommand('revealInExplorer', uri);
  else await vscode.commands.executeCommand('revealFileInOS', uri);
}
