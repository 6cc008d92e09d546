// Where a capture is saved: `retainerLens.capture.folder` (relative to the first workspace folder, or
// absolute; without a workspace, under the extension's global storage), named after program and time.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { captureSettings } from '../settings';

export function snapshotFolder(globalStorage: vscode.Uri): string {
  const { folder } = captureSettings();
  if (isAbsolute(folder)) return folder;
  const workspace = vscode.workspace.workspaceFolders?.[0];
  const base = workspace?.uri.scheme === 'file' ? workspace.uri.fsPath : globalStorage.fsPath;
  return join(base, folder);
}

/** `2026-11-22T14-02-05` in local time: sorts by time and is valid on every file system. */
function timestamp(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}-${pad(date.getMinutes())}-${pad(date.getSeconds())}`;
}

/** Keeps letters, digits, dot, dash and underscore; at most 60 characters. */
function safeFileWord(text: string): string {
  const word = text
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 60);
  return word || 'snapshot';
}

/**
 * A new file in the capture folder (created on demand): `<program>[-<step>]-<time>.heapsnapshot` (or another
 * extension, e.g. `.heapprofile`), with a counter when two captures land in the same second.
 */
export async function newSnapshotPath(
  globalStorage: vscode.Uri,
  program: string,
  step?: string,
  extension = '.heapsnapshot',
): Promise<string> {
  const folder = snapshotFolder(globalStorage);
  await mkdir(folder, { recursive: true });
  const stem = [safeFileWord(program), step, timestamp()].filter(Boolean).join('-');
  let file = join(folder, `${stem}${extension}`);
  for (let n = 2; existsSync(file); n++) file = join(folder, `${stem}-${n}${extension}`);
  return file;
}
