import * as vscode from 'vscode';
import { setting } from '../settings';
import { formatBytes, formatCount } from '../../common/units';
import type { ConfirmedFinding, FunctionAllocations, LineRetention } from '../../join/types';
import type { RuleId } from '../../analyzer/types';
import { InternalCommands } from '../contributions';
import { snapshotName, type SnapshotInsight, type SnapshotInsights } from './snapshotInsights';

export interface RevealArgs {
  snapshot: string;
  nodeIds: number[];
  title: string;
  /** How many objects the line made (nodeIds holds only a sample of them). */
  count: number;
}

/** Rules whose finding's range starts with the name of what holds the memory (`reportCache = new Map()`). */
const NAMED_HOLDER: ReadonlySet<RuleId> = new Set(['unbounded-collection', 'map-object-key', 'global-leak']);

/**
 * CodeLenses from the active snapshot (see SnapshotInsights):
 * - on the line of each static finding the snapshot confirms, what it measured there:
 *   "reportCache: 300 entries, 8.67 MB retained · confirms unbounded-collection · example.heapsnapshot 14:02:07";
 * - on a line that creates objects retaining at least `retainerLens.join.minRetainedBytes` and that no confirmed
 *   finding of the file already accounts for: "300 Report objects created here retain 8.65 MB · …";
 * - with allocation stacks (a recorded snapshot), on each function that allocated live objects: "allocates
 *   here, still alive: 12,000 objects, 8.1 MB retained · …".
 * Clicking one opens the retainer explorer beside the code on those objects.
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
    const insight = this.insights.active;
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
          title: allocationTitle(fn, snapshotName(insight)),
          tooltip: allocationTooltip(fn),
          command: InternalCommands.revealRetainedObjects,
          arguments: [args],
        }),
      );
    }
    return lenses;
  }

  private retentionLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const insight = this.insights.active;
    if (!insight || !setting('join.codeLens', document.uri)) return [];
    const file = document.uri.fsPath;
    const relative = vscode.workspace.asRelativePath(document.uri);
    const confirmed = insight.report.confirmed.filter((c) => c.file === file);
    const lenses: vscode.CodeLens[] = [];
    const findingLines = new Set<number>();
    for (const c of confirmed) {
      const line = c.finding.range.start.line;
      if (line >= document.lineCount || findingLines.has(line)) continue;
      findingLines.add(line);
      lenses.push(findingLens(document, insight, c, relative));
    }
    const retention = insight.byFile.get(file);
    const threshold = setting('join.minRetainedBytes', document.uri);
    const accounted = Math.max(0, ...confirmed.map((c) => c.confirmation.retainedSize));
    for (const line of retention?.lines ?? []) {
      if (line.line >= document.lineCount || findingLines.has(line.line) || line.retainedSize < threshold) continue;
      const made = madeHere(line);
      // A function's own closure (a declaration, "1 closure") says nothing about that line; memory a confirmed
      // finding of this file already measures (the Reports its cache holds) has its lens on the finding.
      if (!made || line.retainedSize <= accounted) continue;
      const args: RevealArgs = {
        snapshot: insight.snapshot.toString(),
        nodeIds: sampleIds(line),
        title: `${relative}:${line.line + 1}`,
        count: line.count,
      };
      lenses.push(
        new vscode.CodeLens(document.lineAt(line.line).range, {
          title: `${made} created here retain ${formatBytes(line.retainedSize)} · ${snapshotName(insight)}`,
          tooltip:
            `Heap snapshot ${snapshotName(insight)}: ${made} created on this line retain ` +
            `${line.retainedSize.toLocaleString('en-US')} bytes${line.path ? `\nvia ${line.path}` : ''}\n` +
            'Click to open them in the retainer explorer beside this editor.',
          command: InternalCommands.revealRetainedObjects,
          arguments: [args],
        }),
      );
    }
    return lenses;
  }
}

function findingLens(
  document: vscode.TextDocument,
  insight: SnapshotInsight,
  c: ConfirmedFinding,
  relative: string,
): vscode.CodeLens {
  const line = c.finding.range.start.line;
  const { count, unit, retainedSize, path, dead, sampleIds } = c.confirmation;
  const holder = NAMED_HOLDER.has(c.rule) ? holderName(document, c) : undefined;
  const measured = holder
    ? `${holder}: ${formatCount(count)} ${unit}, ${formatBytes(retainedSize)} retained`
    : `${formatCount(count)} ${unit} retain ${formatBytes(retainedSize)}`;
  const deadText = dead
    ? ` · '${dead.name}' (${dead.className}, ${formatBytes(dead.retainedSize)}) kept for nothing`
    : '';
  const args: RevealArgs = {
    snapshot: insight.snapshot.toString(),
    nodeIds: sampleIds.slice(0, 50),
    title: `${relative}:${line + 1}`,
    // The objects the finding is about (the cache's Map, the listeners): not the entries they hold.
    count: sampleIds.length,
  };
  return new vscode.CodeLens(document.lineAt(line).range, {
    title: `${measured}${deadText} · confirms ${c.rule} · ${snapshotName(insight)}`,
    tooltip:
      `Heap snapshot ${snapshotName(insight)} confirms the ${c.rule} finding on this line: ${formatCount(count)} ${unit}, ` +
      `${retainedSize.toLocaleString('en-US')} bytes retained${path ? `\nvia ${path}` : ''}\n` +
      'Click to open them in the retainer explorer beside this editor.',
    command: InternalCommands.revealRetainedObjects,
    arguments: [args],
  });
}

/** `reportCache` from `reportCache = new Map()`: the name the finding's range starts with. */
function holderName(document: vscode.TextDocument, c: ConfirmedFinding): string | undefined {
  const { start, end } = c.finding.range;
  const text = document.getText(new vscode.Range(start.line, start.column, end.line, end.column));
  return /^(?:(?:this|window|globalThis|global|self)\.)?[A-Za-z_$][\w$]*/.exec(text)?.[0];
}

/**
 * "300 Report objects", "300 closures", or undefined when the line only holds a function's own closure (and the
 * constructor a class's objects were made by, which the objects already stand for).
 */
function madeHere(line: LineRetention): string | undefined {
  const objects = line.sites.filter((s) => s.kind === 'object');
  const constructors = new Set(objects.map((s) => s.name));
  const closures = line.sites.filter((s) => s.kind === 'closure' && !constructors.has(s.name));
  const closureCount = closures.reduce((n, s) => n + s.count, 0);
  const parts = objects.map((s) => `${formatCount(s.count)} ${s.name} object${s.count === 1 ? '' : 's'}`);
  if (closureCount > 1 || (closureCount === 1 && objects.length > 0))
    parts.push(`${formatCount(closureCount)} closure${closureCount === 1 ? '' : 's'}`);
  return parts.length ? parts.join(' and ') : undefined;
}

function allocationTitle(fn: FunctionAllocations, snapshot: string): string {
  const objects = `${fn.count.toLocaleString('en-US')} object${fn.count === 1 ? '' : 's'}`;
  return `allocates here, still alive: ${objects}, ${formatBytes(fn.retainedSize)} retained · ${snapshot}`;
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
    'Click to open them in the retainer explorer beside this editor.',
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
