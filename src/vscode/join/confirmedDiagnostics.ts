import * as vscode from 'vscode';
import { formatBytes } from '../../cli/format';
import type { Finding, Severity } from '../../analyzer/types';
import type { ConfirmationLookup } from '../diagnostics/diagnosticsController';
import { confirmationKey, timeOf, type SnapshotInsights } from './snapshotInsights';

/**
 * The diagnostics side of the join: a finding the latest snapshot confirms says so in its message, names the
 * root path in its related information, and rises to the severity `retainerLens.join.confirmedSeverity` sets.
 */
export function confirmationLookup(insights: SnapshotInsights): ConfirmationLookup {
  return (uri: vscode.Uri, finding: Finding) => {
    const insight = insights.latest;
    if (!insight) return undefined;
    const confirmed = insight.confirmed.get(confirmationKey(uri.fsPath, finding.rule, finding.range.start.line));
    if (!confirmed) return undefined;
    const { count, unit, retainedSize, path } = confirmed.confirmation;
    const setting = vscode.workspace.getConfiguration('retainerLens.join', uri).get<string>('confirmedSeverity', 'error');
    return {
      summary: `confirmed by snapshot ${timeOf(insight.takenAt)}: ${count.toLocaleString('en-US')} ${unit}, ${formatBytes(retainedSize)} retained`,
      path,
      severity: setting === 'unchanged' ? undefined : (setting as Severity),
    };
  };
}
