import * as vscode from 'vscode';
import type { JoinParams } from '../../service/protocol';
import type { ConfirmedFinding, FileRetention } from '../../join/types';
import type { JoinReport } from '../../join/joinSnapshot';
import { analyzerSettings } from '../settings';

/** What one snapshot open in the explorer says about the code: the join of its retention with the static findings. */
export interface SnapshotInsight {
  snapshot: vscode.Uri;
  /** When the snapshot was written (file time), shown to the second with its file name. */
  takenAt: Date;
  report: JoinReport;
  /** Retention by absolute file path. */
  byFile: Map<string, FileRetention>;
  /** Confirmed findings by `${file}#${rule}@${line}`. */
  confirmed: Map<string, ConfirmedFinding>;
  /** Order in which the explorers finished loading (the newest loaded is active unless the user picks another). */
  loadOrder: number;
}

export function confirmationKey(file: string, rule: string, line: number): string {
  return `${file}#${rule}@${line}`;
}

/**
 * The insights of every snapshot open in the retainer explorer, and which one is active: the one CodeLenses and
 * confirmed diagnostics come from. The newest loaded becomes active; the user can pick another (status bar);
 * closing the active one falls back to the most recently loaded of those still open, so the editor and the
 * explorers always agree on which snapshot speaks.
 */
export class SnapshotInsights implements vscode.Disposable {
  private readonly all = new Map<string, SnapshotInsight>();
  private activeKey: string | undefined;
  /** Per snapshot, the latest join started: an older one finishing later is dropped. */
  private readonly joins = new Map<string, number>();
  private sequence = 0;
  private readonly changed = new vscode.EventEmitter<SnapshotInsight | undefined>();
  /** Fires with the active insight whenever it (or the set of insights) changes. */
  readonly onDidChange = this.changed.event;

  get active(): SnapshotInsight | undefined {
    return this.activeKey === undefined ? undefined : this.all.get(this.activeKey);
  }

  /** The active insight (the name older callers and tests use). */
  get latest(): SnapshotInsight | undefined {
    return this.active;
  }

  /** Every joined snapshot, newest loaded first. */
  get insights(): SnapshotInsight[] {
    return [...this.all.values()].sort((a, b) => b.loadOrder - a.loadOrder);
  }

  /**
   * Joins a snapshot the explorer just loaded (in its worker, through `join`, which also lets the explorer mark
   * findings and dead variables). It becomes active unless a snapshot loaded after it is already joined.
   */
  async update(
    snapshot: vscode.Uri,
    join: (params: JoinParams) => Promise<JoinReport>,
  ): Promise<SnapshotInsight | undefined> {
    const key = snapshot.toString();
    const loadOrder = ++this.sequence;
    this.joins.set(key, loadOrder);
    const workspaceRoots = (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((f) => f.uri.fsPath);
    if (workspaceRoots.length === 0) return undefined;
    const report = await join({ workspaceRoots, analyzer: analyzerSettings().options });
    if (this.joins.get(key) !== loadOrder) return undefined; // reloaded or closed meanwhile
    let takenAt = new Date();
    try {
      takenAt = new Date((await vscode.workspace.fs.stat(snapshot)).mtime);
    } catch {
      // streamed or since deleted: now is close enough
    }
    if (this.joins.get(key) !== loadOrder) return undefined;
    const insight: SnapshotInsight = {
      snapshot,
      takenAt,
      report,
      byFile: new Map(report.files.filter((f) => f.mapped).map((f) => [f.file, f])),
      confirmed: new Map(report.confirmed.map((c) => [confirmationKey(c.file, c.rule, c.finding.range.start.line), c])),
      loadOrder,
    };
    this.all.set(key, insight);
    const current = this.active;
    if (!current || current.snapshot.toString() === key || current.loadOrder < loadOrder) this.activeKey = key;
    this.changed.fire(this.active);
    return insight;
  }

  /** Makes an open snapshot's insight the active one (the status bar's picker, the explorer's button). */
  setActive(snapshot: vscode.Uri): boolean {
    const key = snapshot.toString();
    if (!this.all.has(key)) return false;
    if (this.activeKey !== key) {
      this.activeKey = key;
      this.changed.fire(this.active);
    }
    return true;
  }

  /** The explorer of `snapshot` closed: its insight goes; the most recently loaded of the others takes over. */
  clear(snapshot: vscode.Uri): void {
    const key = snapshot.toString();
    this.joins.delete(key);
    if (!this.all.delete(key)) return;
    if (this.activeKey === key) this.activeKey = this.insights[0]?.snapshot.toString();
    this.changed.fire(this.active);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** `14:02:07`: to the second, so two snapshots taken in one minute read apart. */
export function timeOf(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `example.heapsnapshot`. */
export function fileNameOf(uri: vscode.Uri): string {
  return uri.path.replace(/^.*\//, '');
}

/** How lenses, messages and the status bar name a snapshot: `example.heapsnapshot 14:02:07`. */
export function snapshotName(insight: Pick<SnapshotInsight, 'snapshot' | 'takenAt'>): string {
  return `${fileNameOf(insight.snapshot)} ${timeOf(insight.takenAt)}`;
}
