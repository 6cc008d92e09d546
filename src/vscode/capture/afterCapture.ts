// What to do with a fresh snapshot: it opens in the retainer explorer (retainerLens.capture.openAfterCapture), or
// a notification offers the explorer, any editor for .heapsnapshot, or the file in the Explorer view.
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

/** The snapshot is already open in the explorer: say where it was saved, with a way to find the file. */
export async function announceSaved(file: string, bytes: number | undefined, log?: Logger): Promise<void> {
  const uri = vscode.Uri.file(file);
  const size = bytes === undefined ? '' : ` (${formatBytes(bytes)})`;
  const choice = await vscode.window.showInformationMessage(
    `Heap snapshot saved: ${basename(file)}${size}, opened in the retainer explorer.`,
    REVEAL,
  );
  try {
    if (choice === REVEAL) await reveal(uri);
  } catch (error) {
    log?.error(`revealing the snapshot ${file}`, error);
  }
}

async function reveal(uri: vscode.Uri): Promise<void> {
  // The Explorer view shows only workspace files; a snapshot saved elsewhere goes to the OS file manager.
  if (vscode.workspace.getWorkspaceFolder(uri)) await vscode.commands.executeCommand('revealInExplorer', uri);
  else await vscode.commands.executeCommand('revealFileInOS', uri);
}
