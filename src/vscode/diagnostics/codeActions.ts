import * as vscode from 'vscode';
import type { Fix } from '../../analyzer/types';
import type { DiagnosticsController } from './diagnosticsController';
import { diagnosticRule, ruleDocUri, toVscodeRange } from './findingToDiagnostic';

/**
 * Quick fixes for Retainer Lens diagnostics: the analyzer's own fixes (offered only where they are safe),
 * then "Disable Retainer Lens for this line" and "Learn more".
 */
export class RetentionCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly diagnostics: DiagnosticsController,
    private readonly extensionUri: vscode.Uri,
  ) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const rule = diagnosticRule(diagnostic);
      if (!rule) continue;
      const finding = this.diagnostics.findingAt(document.uri, rule, diagnostic.range.start);
      for (const [index, fix] of (finding?.fixes ?? []).entries()) {
        const action = fixAction(document.uri, fix, diagnostic);
        action.isPreferred = index === 0;
        actions.push(action);
      }
      actions.push(disableForLineAction(document, diagnostic, rule));
      const learnMore = new vscode.CodeAction(`Learn more about ${rule}`, vscode.CodeActionKind.QuickFix);
      learnMore.diagnostics = [diagnostic];
      learnMore.command = {
        title: 'Learn more',
        command: 'markdown.showPreview',
        arguments: [ruleDocUri(this.extensionUri, rule as never)],
      };
      actions.push(learnMore);
    }
    return actions;
  }
}

function fixAction(uri: vscode.Uri, fix: Fix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.edit = new vscode.WorkspaceEdit();
  for (const edit of fix.edits) action.edit.replace(uri, toVscodeRange(edit.range), edit.newText);
  return action;
}

/** Inserts `// retainer-lens-disable-next-line <rule>` above the finding, at the line's indentation. */
function disableForLineAction(
  document: vscode.TextDocument,
  diagnostic: vscode.Diagnostic,
  rule: string,
): vscode.CodeAction {
  const line = document.lineAt(diagnostic.range.start.line);
  const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
  const action = new vscode.CodeAction(`Disable Retainer Lens ${rule} for this line`, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.edit = new vscode.WorkspaceEdit();
  action.edit.insert(document.uri, line.range.start, `${indent}// retainer-lens-disable-next-line ${rule}\n`);
  return action;
}
