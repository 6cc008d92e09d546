// Wiring only: every behaviour lives in src/vscode/ adapters over the vscode-free cores.
import type * as vscode from 'vscode';
import { registerCommands } from './vscode/commands';

export function activate(context: vscode.ExtensionContext): void {
  registerCommands(context, {});
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
