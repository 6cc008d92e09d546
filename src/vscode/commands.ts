import * as vscode from 'vscode';
import { Commands, commandTitles, type CommandId } from './contributions';

/**
 * Registers every contributed command. A command whose feature has not landed yet still exists (so the
 * palette, keybindings and tests see it) and says so plainly instead of failing.
 */
export function registerCommands(
  context: vscode.ExtensionContext,
  implemented: Partial<Record<CommandId, (...args: unknown[]) => unknown>>,
): void {
  for (const id of Object.values(Commands)) {
    const handler = implemented[id] ?? (() => notAvailableYet(id));
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }
}

async function notAvailableYet(id: CommandId): Promise<void> {
  await vscode.window.showInformationMessage(
    `Retainer Lens: "${commandTitles[id]}" is not available yet in this version.`,
  );
}
