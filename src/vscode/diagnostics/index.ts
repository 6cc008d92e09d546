import * as vscode from 'vscode';
import { AnalyzerClient } from './analyzerClient';
import { RetentionCodeActions } from './codeActions';
import { DiagnosticsController } from './diagnosticsController';
import { scanWorkspace, type ScanSummary } from './workspaceScan';
import type { Logger } from '../../common/log';
import { ANALYZED_LANGUAGES, COMPONENT_FILES } from '../contributions';

export interface DiagnosticsFeature {
  controller: DiagnosticsController;
  /** Handler of "Scan workspace for retention risks". */
  scanWorkspace(): Promise<ScanSummary>;
}

const selector: vscode.DocumentSelector = [
  ...ANALYZED_LANGUAGES.flatMap((language) => [
    { language, scheme: 'file' },
    { language, scheme: 'untitled' },
  ]),
  { pattern: COMPONENT_FILES, scheme: 'file' },
];

/** Inline diagnostics, quick fixes and the workspace scan, over the analyzer running in a worker thread. */
export function registerDiagnostics(context: vscode.ExtensionContext, log: Logger): DiagnosticsFeature {
  const client = new AnalyzerClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'analyzerWorker.js').fsPath);
  const controller = new DiagnosticsController(client, context.extensionUri, log);
  context.subscriptions.push(
    { dispose: () => client.dispose() },
    controller,
    vscode.languages.registerCodeActionsProvider(selector, new RetentionCodeActions(controller, context.extensionUri), {
      providedCodeActionKinds: RetentionCodeActions.kinds,
    }),
  );
  return {
    controller,
    async scanWorkspace() {
      const summary = await scanWorkspace(client, controller, log);
      const what = `${summary.findings} retention risk${summary.findings === 1 ? '' : 's'} in ${summary.files} file${summary.files === 1 ? '' : 's'}`;
      const unparsable = summary.unparsable
        ? ` (${summary.unparsable} file${summary.unparsable === 1 ? '' : 's'} could not be parsed)`
        : '';
      const message = summary.cancelled
        ? `Retainer Lens: scan cancelled after ${what}.`
        : `Retainer Lens: found ${what}${unparsable}.`;
      // Not awaited: the command is done when the scan is, not when the user dismisses the message.
      void vscode.window
        .showInformationMessage(message, ...(summary.findings ? ['Show Problems'] : []))
        .then((choice) => {
          if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
        });
      return summary;
    },
  };
}
