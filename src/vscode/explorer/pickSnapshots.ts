// File pickers for the explorer's commands: one snapshot, a second one to compare, and a leak triple.
import * as vscode from 'vscode';

const FILTERS = { 'Heap snapshots': ['heapsnapshot', 'heaptimeline'], 'All files': ['*'] };
const PROFILE_FILTERS = { 'Heap profiles': ['heapprofile'], 'All files': ['*'] };

export async function pickProfile(title: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    filters: PROFILE_FILTERS,
    canSelectMany: false,
    openLabel: 'Open',
  });
  return picked?.[0];
}

export async function pickSnapshot(title: string, defaultUri?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    filters: FILTERS,
    canSelectMany: false,
    defaultUri,
    openLabel: 'Choose',
  });
  return picked?.[0];
}

/**
 * A second snapshot to put beside `other` (Compare): the picker starts in `other`'s folder, and picking `other`
 * itself asks again (a snapshot compared with itself shows nothing).
 */
export async function pickOtherSnapshot(title: string, other: vscode.Uri): Promise<vscode.Uri | undefined> {
  const folder = vscode.Uri.joinPath(other, '..');
  for (;;) {
    const picked = await pickSnapshot(title, folder);
    if (!picked || picked.toString() !== other.toString()) return picked;
    void vscode.window.showWarningMessage(
      `${other.path.replace(/^.*\//, '')} is the snapshot it would be compared with: choose another one.`,
    );
  }
}

/** Baseline, target and final: from three selected files (ordered by modification time), else asked one by one. */
export async function pickLeakTriple(
  selected: vscode.Uri[] = [],
): Promise<{ baseline: vscode.Uri; target: vscode.Uri; final: vscode.Uri } | undefined> {
  if (selected.length === 3) {
    const stats = await Promise.all(
      selected.map(async (uri) => ({ uri, mtime: (await vscode.workspace.fs.stat(uri)).mtime })),
    );
    stats.sort((a, b) => a.mtime - b.mtime);
    return { baseline: stats[0].uri, target: stats[1].uri, final: stats[2].uri };
  }
  const baseline = await pickSnapshot('Find leaks (1/3): the baseline snapshot, before the action');
  if (!baseline) return undefined;
  const target = await pickSnapshot('Find leaks (2/3): the target snapshot, after the action', baseline);
  if (!target) return undefined;
  const final = await pickSnapshot(
    'Find leaks (3/3): the final snapshot, after undoing or repeating the action',
    target,
  );
  return final ? { baseline, target, final } : undefined;
}
