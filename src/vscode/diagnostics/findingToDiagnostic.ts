import * as vscode from 'vscode';
import type { Finding, Range, RuleId, Severity } from '../../analyzer/types';

export const DIAGNOSTIC_SOURCE = 'Retainer Lens';

export function toVscodeRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.column, range.end.line, range.end.column);
}

const severityMap: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The rule's page shipped inside the extension (docs/rules/<rule>.md). */
export function ruleDocUri(extensionUri: vscode.Uri, rule: RuleId): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${rule}.md`);
}

export function toDiagnostic(finding: Finding, uri: vscode.Uri, extensionUri: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toVscodeRange(finding.range), finding.message, severityMap[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.rule, target: ruleDocUri(extensionUri, finding.rule) };
  diagnostic.relatedInformation = finding.related.map(
    (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toVscodeRange(r.range)), r.message),
  );
  return diagnostic;
}

/** A key that survives the copy VS Code makes of a diagnostic before handing it to a code action provider. */
export function findingKey(rule: string, line: number, character: number): string {
  return `${rule}@${line}:${character}`;
}

export function diagnosticRule(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}
