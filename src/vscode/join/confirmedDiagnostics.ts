import * as vscode from 'vscode';
import { setting } from '../settings';
import { formatBytes } from '../../common/units';
import type { Finding, Severity } from '../../analyzer/types';
import type { DeadEvidence } from '../../join/types';
import type { ConfirmationLookup } from '../diagnostics/diagnosticsController';
import { confirmationKey, snapshotName, type SnapshotInsights } from './snapshotInsights';

/** "'payload' (Buffer, 3.00 MB) is a dead context variable: kept alive only by this context, used only by checksum" */
function deadVariableText(dead: DeadEvidence): string {
  const users = dead.usedOnlyBy.length ? `used only by ${dead.usedOnlyBy.join(', ')}` : 'used by no live closure';
  return `'${dead.name}' (${dead.className}, ${formatBytes(dead.retainedSize)}) is a dead context variable: kept alive only by this context, ${users}`;
}

/**
 * The diagnostics side of the join: a finding the active snapshot confirms says so in its message, names the
 * root path in its related information, and rises to the severity `retainerLens.join.confirmedSeverity` sets.
 * A closure-large-scope finding whose large value the snapshot shows as a dead context variable names that
 * variable and its retained size in both.
 */
export function confirmationLookup(insights: SnapshotInsights): ConfirmationLookup {
  return (uri: vscode.Uri, finding: Finding) => {
    const insight = insights.active;
    if (!insight) return undefined;
    const confirmed = insight.confirmed.get(confirmationKey(uri.fsPath, finding.rule, finding.range.start.line));
    if (!confirmed) return undefined;
    const { count, unit, retainedSize, path, dead, allocatedIn } = confirmed.confirmation;
    const severitySetting = setting('join.confirmedSeverity', uri);
    // A recording names the function that made what the collection holds (a frame is a function, not a line).
    const made = allocatedIn
      ? ` allocated in \`${allocatedIn.name}\` (${vscode.workspace.asRelativePath(allocatedIn.file, false)}:${allocatedIn.line + 1})`
      : '';
    const measured = `confirmed by snapshot ${snapshotName(insight)}: ${count.toLocaleString('en-US')} ${unit}${made}, ${formatBytes(retainedSize)} retained`;
    return {
      summary: dead ? `${measured}; ${deadVariableText(dead)}` : measured,
      // Shown as "Retained via …" in the related information.
      path: dead
        ? `${path || `the context of line ${dead.line + 1}`} — dead context variable '${dead.name}' (${dead.className}, ${formatBytes(dead.retainedSize)}) declared on line ${dead.line + 1}`
        : path,
      severity: severitySetting === 'unchanged' ? undefined : (severitySetting as Severity),
      // The dead variable's declaration gets its own entry, so a click lands on it.
      related: dead
        ? [
            {
              message: deadVariableText(dead),
              range: {
                start: { line: dead.line, column: dead.column },
                end: { line: dead.line, column: dead.column + dead.name.length },
              },
            },
          ]
        : undefined,
    };
  };
}
