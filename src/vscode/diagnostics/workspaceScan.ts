import * as vscode from 'vscode';
import type { AnalyzerClient } from './analyzerClient';
import { analyzerSettings } from '../settings';
import { ALWAYS_EXCLUDED } from './excludes';
import { workspaceGitignore } from './gitignore';
import { logNotes, logRuleErrors } from '../../analyzer/ruleErrors';
import { SOURCE_FILES } from '../contributions';
import type { Logger } from '../../common/log';
import { toDiagnostic } from './findingToDiagnostic';

export interface ScanSummary {
  files: number;
  findings: number;
  unparsable: number;
  cancelled: boolean;
}

/**
 * "Scan workspace for retention risks": every JavaScript/TypeScript file and Vue/Svelte component in the workspace, minus
 * files.exclude, .gitignore, node_modules and the user's extra globs, analyzed in the worker with progress
 * and cancel; the findings go to the Problems panel through the same collection the editor uses.
 */
export async function scanWorkspace(
  client: AnalyzerClient,
  collection: vscode.DiagnosticCollection,
  extensionUri: vscode.Uri,
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
      const files = await findSourceFiles(token, log);
      let done = 0;
      for (const uri of files) {
        if (token.isCancellationRequested) {
          summary.cancelled = true;
          break;
        }
        const settings = analyzerSettings(uri);
        if (!settings.enabled) continue;
        let text: string;
        try {
          text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        } catch (error) {
          log.warn(`scanning ${uri.fsPath} (deleted or unreadable since the search)`, error);
          continue;
        }
        // An open document's diagnostics follow its unsaved text; the scan must not overwrite them.
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        const result = await client.analyze(open ? open.getText() : text, uri.fsPath, settings.options);
        logRuleErrors(log, uri.fsPath, result);
        logNotes(log, uri.fsPath, result);
        summary.files++;
        if (result.parseError) summary.unparsable++;
        summary.findings += result.findings.length;
        collection.set(
          uri,
          result.findings.map((f) => toDiagnostic(f, uri, extensionUri)),
        );
        done++;
        progress.report({
          increment: 100 / files.length,
          message: `${done}/${files.length} ${vscode.workspace.asRelativePath(uri)}`,
        });
      }
      return summary;
    },
  );
}

async function findSourceFiles(token: vscode.CancellationToken, log: Logger): Promise<vscode.Uri[]> {
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
