// Registers the retainer explorer custom editor and returns the handlers for its three commands, for
// src/extension.ts to pass to registerCommands.
import * as vscode from 'vscode';
import { Commands, HEAP_PROFILE_VIEW_TYPE, RETAINER_EXPLORER_VIEW_TYPE } from '../contributions';
import { RetainerExplorerProvider } from './explorerProvider';
import { pickLeakTriple, pickOtherSnapshot, pickProfile, pickSnapshot } from './pickSnapshots';
import { HeapProfileProvider } from './profileProvider';
import type { Logger } from '../../common/log';

export interface ExplorerCommands {
  [Commands.openInRetainerExplorer]: (uri?: unknown) => Promise<void>;
  [Commands.compareHeapSnapshots]: (uri?: unknown, selected?: unknown) => Promise<void>;
  [Commands.findLeaks]: (uri?: unknown, selected?: unknown) => Promise<void>;
  [Commands.openHeapProfile]: (uri?: unknown) => Promise<void>;
}

const asUri = (value: unknown): vscode.Uri | undefined => (value instanceof vscode.Uri ? value : undefined);
const asUris = (value: unknown): vscode.Uri[] =>
  Array.isArray(value) ? value.filter((v): v is vscode.Uri => v instanceof vscode.Uri) : [];

export interface RetainerExplorer {
  commands: ExplorerCommands;
  onDidLoadSnapshot: RetainerExplorerProvider['onDidLoadSnapshot'];
  onDidCloseSnapshot: RetainerExplorerProvider['onDidCloseSnapshot'];
  onDidRequestActive: RetainerExplorerProvider['onDidRequestActive'];
  markActive: RetainerExplorerProvider['markActive'];
  /** Opens the explorer on `uri` beside the active editor, showing these objects (largest first). */
  reveal(uri: vscode.Uri, nodeIds: number[], title: string, count?: number): Promise<void>;
  /** Opens the explorer on `final` with the leaks view of the three snapshots. */
  openLeaksView(files: { baseline: string; target: string; final: string }): Promise<void>;
  /** Opens the explorer on a recorded snapshot, showing its Allocations view. */
  openAllocationsView(uri: vscode.Uri): Promise<void>;
  /** Opens a `.heapprofile` in the heap profile editor. */
  openHeapProfile(uri: vscode.Uri): Thenable<unknown>;
}

export function registerRetainerExplorer(context: vscode.ExtensionContext, log: Logger): RetainerExplorer {
  const provider = new RetainerExplorerProvider(context, log);
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(RETAINER_EXPLORER_VIEW_TYPE, provider, {
      // The webview restores itself from setState; keeping it alive while hidden would cost memory.
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: false,
    }),
    vscode.window.registerCustomEditorProvider(HEAP_PROFILE_VIEW_TYPE, new HeapProfileProvider(context, log), {
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: false,
    }),
  );
  const openHeapProfile = (uri: vscode.Uri) =>
    vscode.commands.executeCommand('vscode.openWith', uri, HEAP_PROFILE_VIEW_TYPE);

  const openLeaksView: RetainerExplorer['openLeaksView'] = (files) =>
    provider.withExplorer(vscode.Uri.file(files.final), (session) => {
      session.showView('leaks');
      void session.openLeaks(files);
    });

  const commands: ExplorerCommands = {
    /** From the explorer's context menu (a Uri), the palette (asks), or other code (a Uri). */
    [Commands.openInRetainerExplorer]: async (uri) => {
      const target = asUri(uri) ?? (await pickSnapshot('Open heap snapshot in retainer explorer'));
      if (target) await vscode.commands.executeCommand('vscode.openWith', target, RETAINER_EXPLORER_VIEW_TYPE);
    },
    /**
     * Two files selected in the Explorer compare directly (the older by modification time is the baseline);
     * otherwise asks for the older (the baseline), then the newer, in time order as snapshots are taken. From a
     * snapshot's own context menu that snapshot is the newer one.
     */
    [Commands.compareHeapSnapshots]: async (uri, selected) => {
      const uris = asUris(selected);
      let current: vscode.Uri | undefined;
      let base: vscode.Uri | undefined;
      if (uris.length === 2) [base, current] = await byTime(uris[0], uris[1]);
      else if ((current = asUri(uri)))
        base = await pickOtherSnapshot('Compare with an older snapshot (the baseline)', current);
      else {
        base = await pickSnapshot('Compare heap snapshots (1/2): the older snapshot (the baseline)');
        if (base) current = await pickOtherSnapshot('Compare heap snapshots (2/2): the newer snapshot', base);
      }
      if (!current || !base) return;
      const older = base.fsPath;
      await provider.withExplorer(current, (session) => {
        session.showView('compare');
        void session.open('compare', older, base.path.replace(/^.*\//, ''));
      });
    },
    /** From the explorer's context menu (a Uri), the palette (asks), or other code (a Uri). */
    [Commands.openHeapProfile]: async (uri) => {
      const target = asUri(uri) ?? (await pickProfile('Open heap profile'));
      if (target) await openHeapProfile(target);
    },
    /** Three files selected in the Explorer (ordered by time), or asked one by one. Opens the final one. */
    [Commands.findLeaks]: async (_uri, selected) => {
      const picked = await pickLeakTriple(asUris(selected));
      if (!picked) return;
      await openLeaksView({
        baseline: picked.baseline.fsPath,
        target: picked.target.fsPath,
        final: picked.final.fsPath,
      });
    },
  };
  return {
    commands,
    openLeaksView,
    openHeapProfile,
    openAllocationsView: (uri) => provider.withExplorer(uri, (session) => session.showView('allocations')),
    onDidLoadSnapshot: provider.onDidLoadSnapshot,
    onDidCloseSnapshot: provider.onDidCloseSnapshot,
    onDidRequestActive: provider.onDidRequestActive,
    markActive: (snapshot, joined) => provider.markActive(snapshot, joined),
    reveal: (uri, nodeIds, title, count) =>
      provider.withExplorer(uri, (session) => session.reveal(nodeIds, title, count), { beside: true }),
  };
}

/** The two files, older first (by modification time). */
async function byTime(a: vscode.Uri, b: vscode.Uri): Promise<[vscode.Uri, vscode.Uri]> {
  const [ta, tb] = await Promise.all([a, b].map(async (uri) => (await vscode.workspace.fs.stat(uri)).mtime));
  return ta <= tb ? [a, b] : [b, a];
}
