import * as vscode from 'vscode';
import { Commands, type CommandId } from './contributions';

/** Registers every contributed command: the record's type makes a missing handler a compile error. */
export function registerCommands(
  context: vscode.ExtensionContext,
  handlers: Record<CommandId, (...args: unknown[]) => unknown>,
): void {
  for (const id of Object.values(Commands))
    context.subscriptions.push(vscode.commands.registerCommand(id, handlers[id]));
}
