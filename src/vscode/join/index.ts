import * as vscode from 'vscode';
import { setting } from '../settings';
import type { Logger } from '../../common/log';
import type { LoadedSnapshot } from '../explorer/explorerProvider';
import { ANALYZED_LANGUAGES, COMPONENT_FILES, InternalCommands } from '../contributions';
import type { DiagnosticsController } from '../diagnostics/diagnosticsController';
import { confirmationLookup } from './confirmedDiagnostics';
import { RetentionLensProvider, type RevealArgs } from './retentionLenses';
import { SnapshotInsights } from './snapshotInsights';

/** What the join needs from the retainer explorer. */
export interface ExplorerHooks {
  /** Fires when an explorer finished loading its snapshot, with the worker that holds it. */
  onDidLoadSnapshot: vscode.Event<LoadedSnapshot>;
  onDidCloseSnapshot: vscode.Event<vscode.Uri>;
  /** Opens the explorer on `uri` showing these objects. */
  reveal(uri: vscode.Uri, nodeIds: number[], title: string, count?: number): Promise<void>;
}

/**
 * Snapshot → source: the most recent snapshot opened in the explorer is joined with the code; lines retaining
 * memory get a CodeLens, and static findings it confirms say so (src/join does the measuring, in the worker).
 */
export function registerSnapshotJoin(
  context: vscode.ExtensionContext,
  diagnostics: DiagnosticsController,
  explorer: ExplorerHooks,
  log: Logger,
): SnapshotInsights {
  const insights = new SnapshotInsights();
  const lenses = new RetentionLensProvider(insights);
  diagnostics.setConfirmations(confirmationLookup(insights));
  context.subscriptions.push(
    insights,
    vscode.languages.registerCodeLensProvider(
      [
        ...ANALYZED_LANGUAGES.map((language) => ({ language, scheme: 'file' })),
        { pattern: COMPONENT_FILES, scheme: 'file' },
      ],
      lenses,
    ),
    insights.onDidChange(() => diagnostics.refreshAll()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('retainerLens.join')) diagnostics.refreshAll();
    }),
    explorer.onDidLoadSnapshot(({ uri, join }) => {
      const severity = setting('join.confirmedSeverity', uri);
      insights
        .update(uri, (params) => join(params, severity))
        .catch((error: unknown) => {
          // The explorer works without the join; say why the lenses are missing without interrupting.
          log.error(`joining ${uri.fsPath} with the workspace source (no CodeLens or confirmations)`, error);
        });
    }),
    explorer.onDidCloseSnapshot((uri) => insights.clear(uri)),
    vscode.commands.registerCommand(InternalCommands.revealRetainedObjects, (args: RevealArgs) =>
      explorer.reveal(vscode.Uri.parse(args.snapshot), args.nodeIds, args.title, args.count),
    ),
  );
  return insights;
}
