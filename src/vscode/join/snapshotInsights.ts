import * as vscode from 'vscode';
import type { JoinParams } from '../../service/protocol';
import type { ConfirmedFinding, FileRetention } from '../../join/types';
import type { JoinReport } from '../../join/joinSnapshot';
import { analyzerSettings } from '../settings';

/** What the most recent snapshot says about the code: the join of its retention with the static findings. */
export interface SnapshotInsight {
  snapshot: vscode.Uri;
  /** When the snapshot was written (file time), shown in lenses and messages as HH:MM. */
  takenAt: Date;
  report: JoinReport;
  /** Retention by absolute file path. */
  byFile: Map<string, FileRetention>;
  /** Confirmed findings by `${file}#${rule}@${line}`. */
  confirmed: Map<string, ConfirmedFinding>;
}

export function confirmationKey(file: string, rule: string, line: number): string {
  return `${file}#${rule}@${line}`;
}

/**
 * Holds the insight of the most recent snapshot opened in the retainer explorer. A newer snapshot replaces it;
 * closing that snapshot's explorer removes it (and with it the lenses and confirmations).
 */
export class SnapshotInsights implements vscode.Disposable {
  private current: SnapshotInsight | undefined;
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<SnapshotInsight | undefined>();
  readonly onDidChange = this.changed.event;

  get latest(): SnapshotInsight | undefined {
    return this.current;
  }

  /**
   * Joins a snapshot the explorer just loaded (in its worker, through `join`, which also lets the explorer mark
   * findings and dead variables) and makes it the latest.
   */
  async update(
    snapshot: vscode.Uri,
    join: (params: JoinParams) => Promise<JoinReport>,
  ): Promise<SnapshotInsight | undefined> {
    const generation = ++this.generation;
    const workspaceRoots = (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((f) => f.uri.fsPath);
    if (workspaceRoots.length === 0) return undefined;
    const report = await join({ workspaceRoots, analyzer: analyzerSettings().options });
    if (generation !== this.generation) return undefined; // a newer snapshot (or a close) came in meanwhile
    let takenAt = new Date();
    try {
      takenAt = new Date((await vscode.workspace.fs.stat(snapshot)).mtime);
    } catch {
      // streamed or since deleted: now is close enough
    }
    this.current = {
      snapshot,
      takenAt,
      report,
      byFile: new Map(report.files.filter((f) => f.mapped).map((f) => [f.file, f])),
      confirmed: new Map(report.confirmed.map((c) => [confirmationKey(c.file, c.rule, c.finding.range.start.line), c])),
    };
    this.changed.fire(this.current);
    return this.current;
  }

  /** The explorer of `snapshot` closed: its insight goes with it. */
  clear(snapshot: vscode.Uri): void {
    if (this.current?.snapshot.toString() !== snapshot.toString()) return;
    this.generation++;
    this.current = undefined;
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function timeOf(date: Date): string {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
