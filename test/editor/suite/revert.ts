// Undoing a test's edits: every document with unsaved changes is reverted by its URI (the revert command without
// one acts on whatever editor the workbench thinks is active, which left edits behind to be saved by a later
// close). A document still dirty afterwards fails the test that left it.
import * as vscode from 'vscode';

export async function revertAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty || doc.isClosed) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert', doc.uri);
    if (doc.isDirty) throw new Error(`${doc.fileName} still has unsaved edits after the revert`);
  }
}
