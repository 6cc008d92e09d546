import * as vscode from 'vscode';
import type { AnalyzerClient } from './analyzerClient';
import { analyzerSettings } from '../settings';
import { ALWAYS_EXCLUDED } from './excludes';
import { workspaceGitignore } from './gitignore';
import { logNotes, logRuleErrors } from '../../analyzer/ruleErrors';
import { SOURCE_FILES } from '../contributions';
import type { Logger } from '../../common/log';
import type { DiagnosticsController } from './diagnosticsController';
import type { WorkspaceFacts } from '../../analyzer/types';

export interface ScanSummary {
  files: number;
  findings: number;
  unparsable: number;
  cancelled: boolean;
}

/**
 * "Scan workspace for retention risks": every JavaScript/TypeScript file and Vue/Svelte component in the workspace, minus
 * files.exclude, .gitignore, node_modules and the user's extra globs, analyzed in the worker with progress
 * and cancel, each with the facts the workspace pass (src/analyzer/workspace) found about it in the others. The findings of each file's text on disk become its workspace result in the controller: the
 * Problems panel keeps them until the next scan (an open document shows its live analysis meanwhile).
 */
export async function scanWorkspace(
  client: AnalyzerClient,
  controller: DiagnosticsController,
  log: Logger,
): Promise<ScanSummary> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'Retainer Lens: scanning for retention risks',
      cancellable: true,
    },
    async (progress, token) => {
      const summary: ScanSummary = { files: 0, findings: 0, unparsable: 0, cancelled: false };
      const before = controller.beginScan();
      const found = await findSourceFiles(token, log);
      // Read every file first: the workspace pass (on the worker) needs them all before any is analyzed.
      const files: { uri: vscode.Uri; text: string; settings: ReturnType<typeof analyzerSettings> }[] = [];
      for (const uri of found) {
        if (token.isCancellationRequested) break;
        const settings = analyzerSettings(uri);
        if (!settings.enabled) continue;
        try {
          files.push({ uri, settings, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
        } catch (error) {
          log.warn(`scanning ${uri.fsPath} (deleted or unreadable since the search)`, error);
        }
      }
      let facts = new Map<string, WorkspaceFacts>();
      if (token.isCancellationRequested) summary.cancelled = true;
      else
        try {
          progress.report({ message: `reading ${files.length} modules (imports, exports, instances made at load)` });
          const folders = vscode.workspace.workspaceFolders ?? [];
          const index = await client.indexWorkspace(
            files.map((f) => ({ path: f.uri.fsPath, text: f.text })),
            folders.length === 1 ? folders[0].uri.fsPath : undefined,
          );
          facts = index.facts;
          log.info(
            `workspace pass: ${index.files} modules, ${index.lines} lines in ${Math.round(index.ms)} ms; facts for ${facts.size} files`,
          );
        } catch (error) {
          // Each file is still analyzed alone.
          log.warn('running the workspace pass', error);
        }
      let done = 0;
      for (const { uri, text, settings } of files) {
        if (token.isCancellationRequested) {
          summary.cancelled = true;
          break;
        }
        const workspace = facts.get(uri.fsPath);
        const options = workspace ? { ...settings.options, workspace } : settings.options;
        // The file on disk is the workspace result; an open document's diagnostics follow its unsaved text
        // (the controller does not overwrite them) and the summary counts what the user sees there.
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        const result = await client.analyze(text, uri.fsPath, options);
        logRuleErrors(log, uri.fsPath, result);
        const shown =
          open && open.getText() !== text ? await client.analyze(open.getText(), uri.fsPath, options) : result;
        logNotes(log, uri.fsPath, result);
        summary.files++;
        if (shown.parseError) summary.unparsable++;
        summary.findings += shown.findings.length;
        controller.setScanned(uri, result.findings, workspace);
        done++;
        progress.report({
          increment: 100 / files.length,
          message: `${done}/${files.length} ${vscode.workspace.asRelativePath(uri)}`,
        });
      }
      controller.endScan(before, !summary.cancelled);
      return summary;
    },
  );
}

export async function findSourceFiles(token: vscode.CancellationToken, log: Logger): Promise<vscode.Uri[]> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const found: vscode.Uri[] = [];
  for (const folder of folders) {
    const settings = analyzerSettings(folder.uri);
    const filesExclude = Object.entries(
      vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, boolean>>('exclude', {}),
    )
      .filter(([, on]) => on === true)
      .map(([glob]) => glob);
    const excludes = [...ALWAYS_EXCLUDED, ...filesExclude, ...settings.exclude];
    const exclude = `{${excludes.map((g) => g.replace(/[{}]/g, '')).join(',')}}`;
    // .gitignore is not a glob list (`!` re-includes): the same matcher as `retainer-lens scan` filters after.
    const gitignore = await workspaceGitignore(folder, log, token);
    const files = await vscode.workspace.findFiles(
      new vscode.RelativePattern(folder, SOURCE_FILES),
      exclude,
      undefined,
      token,
    );
    found.push(...files.filter((uri) => !gitignore.ignoresWithParents(uri.fsPath)));
  }
  return found.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}
