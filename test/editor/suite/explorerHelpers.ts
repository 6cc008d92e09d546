// Shared by the explorer's editor tests and its benchmark: opening snapshots in the retainer explorer, reading
// its webview through the browser bridge, and watching the heap workers the extension host starts.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { browser, waitFor } from './bridge';

import { RETAINER_EXPLORER_VIEW_TYPE as VIEW_TYPE } from '../../../src/vscode/contributions';

export { VIEW_TYPE };

/** Selectors of the explorer's webview (see src/webview/). */
export const sel = {
  summaryRows: 'section.rl-view[aria-label="Summary"] .rl-row:not([hidden])',
  summaryFilter: 'section.rl-view[aria-label="Summary"] input[type=search]',
  retainerRows: 'section.rl-details [aria-label="Retainers of the selected object"] .rl-row:not([hidden])',
  subject: '.rl-details .rl-subtitle',
  overlayError: '.rl-overlay .rl-error',
} as const;

export async function activateExtension(): Promise<void> {
  await vscode.extensions.getExtension('retainer-lens.retainer-lens')!.activate();
}

export function explorerTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === VIEW_TYPE);
}

export async function closeExplorers(): Promise<void> {
  const tabs = explorerTabs();
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}

/** The webview's document title is the snapshot's file name: it tells several explorers apart. */
export const titleOf = (uri: vscode.Uri): string => uri.path.replace(/^.*\//, '');

/** Waits for the first rows of the Summary in the explorer of `uri` and returns their text. */
export async function summaryRows(uri: vscode.Uri, timeoutMs = 30_000): Promise<string[]> {
  await browser('webviewWaitFor', { selector: sel.summaryRows, title: titleOf(uri), timeoutMs });
  return browser<string[]>('webviewText', { selector: sel.summaryRows, title: titleOf(uri) });
}

/** Filters the Summary to the class `name` and expands its row (a class row reads `Name1,234…`). */
export async function expandClass(title: string, name: string): Promise<void> {
  await browser('webviewFill', { selector: sel.summaryFilter, text: name, title });
  // The filter applies after a pause: until every row shown matches it, the class's row may be one of the
  // unfiltered list, about to be replaced (a click on it would land on whatever takes its place).
  const wanted = name.toLowerCase();
  await waitFor(async () => {
    const rows = await browser<string[]>('webviewText', { selector: sel.summaryRows, title });
    return rows.length > 0 && rows.every((r) => r.toLowerCase().includes(wanted));
  }, `the Summary filtered to ${name}`);
  const row = `^${name}[\\d,]`;
  await browser('webviewWaitFor', { selector: sel.summaryRows, pattern: row, title });
  await browser('webviewClick', { selector: sel.summaryRows, pattern: row, inner: '.rl-twistie', title });
}

export async function openWith(uri: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
}

export interface WatchedWorker {
  worker: Worker;
  /** Started by the explorer (createHeapWorker on the stack), not by another feature. */
  heap: boolean;
  exited: boolean;
}

/**
 * Every worker thread the extension host starts from now on, through Node's `worker_threads` diagnostics
 * channel: no hook in the extension needed, and it sees the real thread end.
 */
export function watchWorkers(): { workers: WatchedWorker[]; dispose(): void } {
  const workers: WatchedWorker[] = [];
  const listener = (message: unknown): void => {
    const worker = (message as { worker: Worker }).worker;
    const watched: WatchedWorker = { worker, heap: /createHeapWorker/.test(new Error().stack ?? ''), exited: false };
    worker.once('exit', () => {
      watched.exited = true;
    });
    workers.push(watched);
  };
  subscribe('worker_threads', listener);
  // The explorer's heap worker is a child process (src/heap/processWorker.ts), announced on its own channel.
  subscribe('retainer-lens:heap-process', listener);
  return {
    workers,
    dispose: () => {
      unsubscribe('worker_threads', listener);
      unsubscribe('retainer-lens:heap-process', listener);
    },
  };
}

export async function waitForNoExplorer(): Promise<void> {
  await waitFor(() => explorerTabs().length === 0, 'the explorer tabs to close');
}
