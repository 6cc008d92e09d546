// Which snapshot speaks in the editor, made explicit: a status bar item names the active snapshot by file and time
// to the second, and its picker (also "Retainer Lens: Choose the snapshot for lenses and confirmations") switches
// between the snapshots open in the retainer explorer.
import * as vscode from 'vscode';
import { Commands } from '../contributions';
import { fileNameOf, snapshotName, timeOf, type SnapshotInsight, type SnapshotInsights } from './snapshotInsights';

export function createActiveSnapshotStatusBarItem(insights: SnapshotInsights): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('retainerLens.activeSnapshot', vscode.StatusBarAlignment.Left, 9);
  item.name = 'Retainer Lens: active heap snapshot';
  item.command = Commands.chooseActiveSnapshot;
  const update = (): void => {
    const active = insights.active;
    if (!active) {
      item.hide();
      return;
    }
    const others = insights.insights.length - 1;
    item.text = `$(database) ${snapshotName(active)}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown('**Retainer Lens**: CodeLenses and confirmed findings come from ');
    tooltip.appendText(`${fileNameOf(active.snapshot)} (taken ${dateTimeOf(active.takenAt)})`);
    tooltip.appendMarkdown(
      others > 0
        ? `.\n\n${others} other snapshot${others === 1 ? ' is' : 's are'} open in the retainer explorer: click to choose.`
        : '.\n\nClick to choose another snapshot.',
    );
    item.tooltip = tooltip;
    item.accessibilityInformation = {
      label: `Retainer Lens: lenses and confirmations from ${snapshotName(active)}. Click to choose another snapshot.`,
    };
    item.show();
  };
  update();
  return vscode.Disposable.from(insights.onDidChange(update), item);
}

interface SnapshotItem extends vscode.QuickPickItem {
  insight?: SnapshotInsight;
}

/** The picker: every snapshot open in the explorer, the active one first and checked. */
export async function chooseActiveSnapshot(insights: SnapshotInsights): Promise<vscode.Uri | undefined> {
  const all = insights.insights;
  if (all.length === 0) {
    const open = 'Open heap snapshot…';
    const choice = await vscode.window.showInformationMessage(
      'Retainer Lens: no heap snapshot is open in the retainer explorer. Open one to see what it retains in the code.',
      open,
    );
    if (choice === open) await vscode.commands.executeCommand(Commands.openInRetainerExplorer);
    return undefined;
  }
  const active = insights.active;
  const items: SnapshotItem[] = [active, ...all.filter((i) => i !== active)]
    .filter((i): i is SnapshotInsight => !!i)
    .map((insight) => {
      const confirmed = insight.report.confirmed.length;
      return {
        label: `${insight === active ? '$(check)' : '$(blank)'} ${fileNameOf(insight.snapshot)}`,
        description: `taken ${timeOf(insight.takenAt)}${insight === active ? ' · active' : ''}`,
        detail: `${confirmed} confirmed finding${confirmed === 1 ? '' : 's'} · ${vscode.workspace.asRelativePath(insight.snapshot)}`,
        insight,
      };
    });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Retainer Lens: the snapshot for CodeLenses and confirmed findings',
    placeHolder: 'Choose a heap snapshot open in the retainer explorer',
    matchOnDetail: true,
  });
  if (!picked?.insight) return undefined;
  insights.setActive(picked.insight.snapshot);
  return picked.insight.snapshot;
}

/** `2025-11-28 14:02:07` in local time. */
function dateTimeOf(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${timeOf(date)}`;
}
