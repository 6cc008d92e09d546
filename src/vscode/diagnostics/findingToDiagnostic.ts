import * as vscode from 'vscode';
import type { Finding, Range, RuleId, Severity } from '../../analyzer/types';

const DIAGNOSTIC_SOURCE = 'Retainer Lens';

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

/** What a heap snapshot measured at a finding's place (see src/vscode/join). */
export interface SnapshotConfirmation {
  /** e.g. "confirmed by snapshot example.heapsnapshot 14:02:07: 225 entries, 6.22 MB retained" */
  summary: string;
  /** The root path that holds the memory, shown as related information. */
  path: string;
  /** The severity a confirmed finding rises to, if higher than its own. */
  severity?: Severity;
  /** More places in the same file worth showing (e.g. the declaration of a dead context variable). */
  related?: { message: string; range: Range }[];
}

const rank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function toDiagnostic(
  finding: Finding,
  uri: vscode.Uri,
  extensionUri: vscode.Uri,
  confirmation?: SnapshotConfirmation,
): vscode.Diagnostic {
  const severity =
    confirmation?.severity && rank[confirmation.severity] > rank[finding.severity]
      ? confirmation.severity
      : finding.severity;
  const message = confirmation ? `${finding.message} — ${confirmation.summary}.` : finding.message;
  const diagnostic = new vscode.Diagnostic(toVscodeRange(finding.range), message, severityMap[severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.rule, target: ruleDocUri(extensionUri, finding.rule) };
  diagnostic.relatedInformation = finding.related.map(
    (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toVscodeRange(r.range)), r.message),
  );
  if (confirmation) {
    diagnostic.relatedInformation.push(
      new vscode.DiagnosticRelatedInformation(
        new vscode.Location(uri, toVscodeRange(finding.range)),
        `Retained via ${confirmation.path}`,
      ),
    );
    for (const r of confirmation.related ?? []) {
      diagnostic.relatedInformation.push(
        new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toVscodeRange(r.range)), r.message),
      );
    }
  }
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
