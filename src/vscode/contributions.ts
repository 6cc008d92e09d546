// Every command id and setting key the extension uses, in one place. No `vscode` import here, so a plain
// Node unit test can check this list against package.json `contributes` (they must stay in step).

export const CATEGORY = 'Retainer Lens';

export const Commands = {
  captureHeapSnapshot: 'retainerLens.captureHeapSnapshot',
  openInRetainerExplorer: 'retainerLens.openInRetainerExplorer',
  compareHeapSnapshots: 'retainerLens.compareHeapSnapshots',
  findLeaks: 'retainerLens.findLeaks',
  scanWorkspace: 'retainerLens.scanWorkspace',
  recordAllocations: 'retainerLens.recordAllocations',
  stopRecording: 'retainerLens.stopRecording',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const commandTitles: Record<CommandId, string> = {
  [Commands.captureHeapSnapshot]: 'Capture heap snapshot',
  [Commands.openInRetainerExplorer]: 'Open heap snapshot in retainer explorer',
  [Commands.compareHeapSnapshots]: 'Compare heap snapshots',
  [Commands.findLeaks]: 'Find leaks (baseline, target, final)',
  [Commands.scanWorkspace]: 'Scan workspace for retention risks',
  [Commands.recordAllocations]: 'Record allocations',
  [Commands.stopRecording]: 'Stop recording allocations',
};

/** Commands the extension runs itself (from CodeLenses, links): not in the palette, not in package.json. */
export const InternalCommands = {
  revealRetainedObjects: 'retainerLens.revealRetainedObjects',
} as const;

/** The custom editor (retainer explorer) registered for *.heapsnapshot, priority "option". */
export const RETAINER_EXPLORER_VIEW_TYPE = 'retainerLens.retainerExplorer';
