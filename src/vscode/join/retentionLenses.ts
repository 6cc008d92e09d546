import * as vscode from 'vscode';
import { setting } from '../settings';
import { formatBytes } from '../../common/units';
import type { FunctionAllocations, LineRetention } from '../../join/types';
import { InternalCommands } from '../contributions';
import { timeOf, type SnapshotInsights } from './snapshotInsights';

export interface RevealArgs {
  snapshot: string;
  nodeIds: number[];
  title: string;
  /** How many objects the line made (nodeIds holds only a sample of them). */
  count: number;
}

/**
 * A CodeLens on each line the most recent snapshot shows retaining significant memory (or where it confirms a
 * static finding): "retains 48.2 MB · 1,203 closures · snapshot 14:02". With allocation stacks (a recorded
 * snapshot), also one on each function that allocated live objects: "allocates here, still alive: 12,000
 * objects, 8.1 MB retained". Clicking either opens the retainer explorer on those objects.
 */
export class RetentionLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly insights: SnapshotInsights) {
    insights.onDidChange(() => this.changed.fire());
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('retainerLens.join')) this.changed.fire();
    });
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return [...this.retentionLenses(document), ...this.allocationLenses(document)];
  }

  private allocationLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const insight = this.insights.latest;
    const allocations = insight?.report.allocations;
    if (!insight || !allocations || !setting('join.allocationLenses', document.uri)) return [];
    const threshold = setting('join.allocationMinRetainedBytes', document.uri);
    const lenses: vscode.CodeLens[] = [];
    for (const fn of allocations) {
      if (fn.file !== document.uri.fsPath || fn.line >= document.lineCount || fn.retainedSize < threshold) continue;
      const args: RevealArgs = {
        snapshot: insight.snapshot.toString(),
        nodeIds: fn.sampleIds,
        title: `allocated in ${fn.name} (${vscode.workspace.asRelativePath(document.uri)}:${fn.line + 1})`,
        count: fn.count,
      };
      lenses.push(
        new vscode.CodeLens(document.lineAt(fn.line).range, {
          title: allocationTitle(fn, timeOf(insight.takenAt)),
          tooltip: allocationTooltip(fn),
          command: InternalCommands.revealRetainedObjects,
          arguments: [args],
        }),
      );
    }
    return lenses;
  }

  private retentionLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const insight = this.insights.latest;
    if (!insight || !setting('join.codeLens', document.uri)) return [];
    const retention = insight.byFile.get(document.uri.fsPath);
    if (!retention) return [];
    const threshold = setting('join.minRetainedBytes', document.uri);
    const confirmedLines = new Set(
      insight.report.confirmed.filter((c) => c.file === document.uri.fsPath).map((c) => c.confirmation.line),
    );
    const lenses: vscode.CodeLens[] = [];
    for (const line of retention.lines) {
      if (line.line >= document.lineCount || (line.retainedSize < threshold && !confirmedLines.has(line.line)))
        continue;
      const range = document.lineAt(line.line).range;
      const args: RevealArgs = {
        snapshot: insight.snapshot.toString(),
        nodeIds: sampleIds(line),
        title: `${vscode.workspace.asRelativePath(document.uri)}:${line.line + 1}`,
        count: line.count,
      };
      lenses.push(
        new vscode.CodeLens(range, {
          title: lensTitle(line, timeOf(insight.takenAt)),
          tooltip: `${line.retainedSize.toLocaleString('en-US')} bytes retained by ${line.count.toLocaleString('en-US')} objects created on this line${line.path ? `\nvia ${line.path}` : ''}\nClick to open them in the retainer explorer.`,
          command: InternalCommands.revealRetainedObjects,
          arguments: [args],
        }),
      );
    }
    return lenses;
  }
}

function lensTitle(line: LineRetention, time: string): string {
  const parts = [`retains ${formatBytes(line.retainedSize)}`];
  if (line.closures > 0)
    parts.push(`${line.closures.toLocaleString('en-US')} closure${line.closures === 1 ? '' : 's'}`);
  if (line.objects > 0) parts.push(`${line.objects.toLocaleString('en-US')} object${line.objects === 1 ? '' : 's'}`);
  parts.push(`snapshot ${time}`);
  return parts.join(' · ');
}

function allocationTitle(fn: FunctionAllocations, time: string): string {
  const objects = `${fn.count.toLocaleString('en-US')} object${fn.count === 1 ? '' : 's'}`;
  return `allocates here, still alive: ${objects}, ${formatBytes(fn.retainedSize)} retained · snapshot ${time}`;
}

function allocationTooltip(fn: FunctionAllocations): string {
  const classes = fn.classes.map((c) => `${c.count.toLocaleString('en-US')} ${c.name}`).join(', ');
  const holders = fn.holders
    .slice(0, 3)
    .map((h) => `${h.via === 'entry' ? 'entries of' : 'held by'} ${h.name} (${h.count.toLocaleString('en-US')})`)
    .join(', ');
  return [
    `Objects allocated by ${fn.name} (or by built-ins and libraries it called) still alive in the snapshot: ${fn.count.toLocaleString('en-US')}, ${fn.retainedSize.toLocaleString('en-US')} bytes retained (each counted once).`,
    classes && `Mostly ${classes}.`,
    holders && `Kept as ${holders}.`,
    'Click to open them in the retainer explorer.',
  ]
    .filter(Boolean)
    .join('\n');
}

function sampleIds(line: LineRetention): number[] {
  return [...line.sites]
    .sort((a, b) => b.retainedSize - a.retainedSize)
    .flatMap((s) => s.sampleIds)
    .slice(0, 50);
}
