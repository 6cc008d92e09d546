// "Show rule documentation": the rule pages ship inside the extension (docs/rules/), so they open here, in the
// Markdown preview, rather than as a path an installed user does not have.
import * as vscode from 'vscode';
import { RULES } from '../../analyzer/rules';
import type { RuleId } from '../../analyzer/types';
import { ruleDocUri } from './findingToDiagnostic';

/** Opens `rule`'s page; without one (the palette, the rules setting's link), asks which. */
export async function showRuleDocs(extensionUri: vscode.Uri, rule?: unknown): Promise<void> {
  let id = RULES.find((r) => r.id === rule)?.id;
  if (!id) {
    const picked = await vscode.window.showQuickPick(
      RULES.map((r) => ({ label: r.id, detail: r.description, id: r.id })),
      { title: 'Retainer Lens rules', placeHolder: 'Which rule page to open?', matchOnDetail: true },
    );
    id = picked?.id as RuleId | undefined;
  }
  if (id) await vscode.commands.executeCommand('markdown.showPreview', ruleDocUri(extensionUri, id));
}
