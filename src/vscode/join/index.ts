import * as vscode from 'vscode';
import { setting } from '../settings';
import type { Logger } from '../../common/log';
import type { LoadedSnapshot } from '../explorer/explorerProvider';
import { ANALYZED_LANGUAGES, COMPONENT_FILES, InternalCommands } from '../contributions';
import type { DiagnosticsController } from '../diagnostics/diagnosticsController';
import { chooseActiveSnapshot, createActiveSnapshotStatusBarItem } from './activeSnapshot';
import { confirmationLookup } from './confirmedDiagnostics';
import { RetentionLensProvider, type RevealArgs } from './retentionLenses';
import { SnapshotInsights } from './snapshotInsights';

/** What the join needs from the retainer explorer. */
export interface ExplorerHooks {
  /** Fires when an explorer finished loading its snapshot, with the worker that holds it. */
  onDidLoadSnapshot: vscode.Event<LoadedSnapshot>;
  onDidCloseSnapshot: vscode.Event<vscode.Uri>;
  /** The user asked, in an explorer, for its snapshot to drive the editor's lenses and confirmations. */
  onDidRequestActive: vscode.Event<vscode.Uri>;
  /** Tells every explorer whether its snapshot is the active one (`joined`: the snapshots that could be). */
  markActive(snapshot: vscode.Uri | undefined, joined: vscode.Uri[]): void;
  /** Opens the explorer on `uri` showing these objects, beside the active editor (or where it already is). */
  reveal(uri: vscode.Uri, nodeIds: number[], title: string, count?: number): Promise<void>;
}

export interface SnapshotJoin {
  /** What the snapshots open in the explorer say about the code, and which one is active. */
  insights: SnapshotInsights;
  /** Handler of "Choose the snapshot for lenses and confirmations". */
  chooseActiveSnapshot(): Promise<vscode.Uri | undefined>;
}

/**
 * Snapshot → source: every snapshot opened in the explorer is joined with the code; the active one (the newest,
 * unless the user picks another in the status bar) puts CodeLenses on the lines it confirms or that retain
 * memory, and confirms static findings (src/join does the measuring, in the explorer's worker).
 */
export function registerSnapshotJoin(
  context: vscode.ExtensionContext,
  diagnostics: DiagnosticsController,
  explorer: ExplorerHooks,
  log: Logger,
): SnapshotJoin {
  const insights = new SnapshotInsights();
  const lenses = new RetentionLensProvider(insights);
  diagnostics.setConfirmations(confirmationLookup(insights), () =>
    (insights.active?.report.confirmed ?? []).map((c) => ({ file: c.file, finding: c.finding })),
  );
  context.subscriptions.push(
    insights,
    vscode.languages.registerCodeLensProvider(
      [
        ...ANALYZED_LANGUAGES.map((language) => ({ language, scheme: 'file' })),
        { pattern: COMPONENT_FILES, scheme: 'file' },
      ],
      lenses,
    ),
    createActiveSnapshotStatusBarItem(insights),
    insights.onDidChange((active) => {
      explorer.markActive(
        active?.snapshot,
        insights.insights.map((i) => i.snapshot),
      );
      diagnostics.refreshAll();
    }),
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
    explorer.onDidRequestActive((uri) => {
      if (!insights.setActive(uri))
        void vscode.window.showInformationMessage(
          'Retainer Lens: this snapshot is still being joined with the workspace source; try again in a moment.',
        );
    }),
    vscode.commands.registerCommand(InternalCommands.revealRetainedObjects, (args: RevealArgs) =>
      explorer.reveal(vscode.Uri.parse(args.snapshot), args.nodeIds, args.title, args.count),
    ),
  );
  return { insights, chooseActiveSnapshot: () => chooseActiveSnapshot(insights) };
}
