// The "Retainer Lens" output channel: every adapter logs here what it was doing when something failed, so a
// user who sees no diagnostics (or an empty CodeLens) can find out why ("Retainer Lens: Show log").
import * as vscode from 'vscode';
import { errorMessage, type Logger } from '../common/log';

export interface ExtensionLog extends Logger {
  readonly channel: vscode.LogOutputChannel;
}

export function createLog(context: vscode.ExtensionContext): ExtensionLog {
  const channel = vscode.window.createOutputChannel('Retainer Lens', { log: true });
  context.subscriptions.push(channel);
  return {
    channel,
    info: (message) => channel.info(message),
    warn: (doing, error) => channel.warn(error === undefined ? doing : `${doing}: ${errorMessage(error)}`),
    error: (doing, error) =>
      error instanceof Error
        ? channel.error(`${doing}: ${error.message}`, error)
        : channel.error(`${doing}: ${String(error)}`),
  };
}
