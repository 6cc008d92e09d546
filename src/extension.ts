// Wiring only: every behaviour lives in src/vscode/ adapters over the vscode-free cores.
import * as vscode from 'vscode';
import { registerLanguageModelTools } from './vscode/agent/languageModelTools';
import { registerCaptureFeatures } from './vscode/capture/index';
import { registerCommands } from './vscode/commands';
import { Commands } from './vscode/contributions';
import { registerDiagnostics, type DiagnosticsFeature } from './vscode/diagnostics/index';
import { registerRetainerExplorer } from './vscode/explorer/index';
import { registerSnapshotJoin } from './vscode/join/index';
import type { SnapshotInsights } from './vscode/join/snapshotInsights';
import { createLog } from './vscode/log';
import { showRuleDocs } from './vscode/diagnostics/ruleDocs';
import { registerLeakWatch } from './vscode/watch/index';

/** What the extension hands to its tests and to other extensions. */
export interface RetainerLensApi {
  diagnostics: DiagnosticsFeature;
  /** What the snapshots open in the explorer say about the code, and which one is active. */
  insights: SnapshotInsights;
}

const isSnapshotUri = (value: unknown): boolean =>
  value instanceof vscode.Uri && /\.(heapsnapshot|heaptimeline)$/.test(value.path);

export function activate(context: vscode.ExtensionContext): RetainerLensApi {
  const log = createLog(context);
  const diagnostics = registerDiagnostics(context, log);
  const explorer = registerRetainerExplorer(context, log);
  const join = registerSnapshotJoin(context, diagnostics.controller, explorer, log);
  // Agent mode's tools (vscode.lm): the same answers as `retainer-lens mcp`.
  registerLanguageModelTools(context, {
    insights: join.insights,
    onDidLoadSnapshot: explorer.onDidLoadSnapshot,
    onDidCloseSnapshot: explorer.onDidCloseSnapshot,
    log,
  });
  const capture = registerCaptureFeatures(context, {
    openInRetainerExplorer: (uri) => vscode.commands.executeCommand(Commands.openInRetainerExplorer, uri),
    openLeaksView: (files) => explorer.openLeaksView(files),
    openRecording: (file, mode) =>
      mode === 'allocations'
        ? explorer.openAllocationsView(vscode.Uri.file(file))
        : explorer.openHeapProfile(vscode.Uri.file(file)),
    log,
  });
  const watch = registerLeakWatch(context, {
    tracker: capture.tracker,
    openLeaksView: (files) => explorer.openLeaksView(files),
    log,
  });
  registerCommands(context, {
    ...explorer.commands,
    ...watch,
    [Commands.captureHeapSnapshot]: capture[Commands.captureHeapSnapshot],
    [Commands.recordAllocations]: capture[Commands.recordAllocations],
    [Commands.stopRecording]: capture[Commands.stopRecording],
    // Three snapshot files selected in the Explorer: triage them. Otherwise: the guided three-capture flow.
    [Commands.findLeaks]: (first?: unknown, selected?: unknown) =>
      Array.isArray(selected) && selected.length === 3 && selected.every(isSnapshotUri)
        ? explorer.commands[Commands.findLeaks](first, selected)
        : capture[Commands.findLeaks](first),
    [Commands.scanWorkspace]: () => diagnostics.scanWorkspace(),
    [Commands.showLog]: () => log.channel.show(true),
    [Commands.chooseActiveSnapshot]: () => join.chooseActiveSnapshot(),
    [Commands.showRuleDocs]: (rule?: unknown) => showRuleDocs(context.extensionUri, rule),
  });
  return { diagnostics, insights: join.insights };
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
