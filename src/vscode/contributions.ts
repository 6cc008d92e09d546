// Every command id and setting key (with its default) the extension uses, in one place. No `vscode` import
// here, so a plain Node unit test checks this against package.json `contributes` (they must stay in step).
import { DEFAULT_LARGE_VALUE_BYTES } from '../analyzer/rules';
import { DEFAULT_INACTIVITY_TIMEOUT_MS } from '../capture/index';
import type { ConfirmedSeverity } from '../explorer/messages';
import type { AutoCapture } from '../watch/watchProtocol';

export const CATEGORY = 'Retainer Lens';

export const Commands = {
  captureHeapSnapshot: 'retainerLens.captureHeapSnapshot',
  openInRetainerExplorer: 'retainerLens.openInRetainerExplorer',
  compareHeapSnapshots: 'retainerLens.compareHeapSnapshots',
  findLeaks: 'retainerLens.findLeaks',
  scanWorkspace: 'retainerLens.scanWorkspace',
  showLog: 'retainerLens.showLog',
  recordAllocations: 'retainerLens.recordAllocations',
  stopRecording: 'retainerLens.stopRecording',
  openHeapProfile: 'retainerLens.openHeapProfile',
  chooseActiveSnapshot: 'retainerLens.chooseActiveSnapshot',
  showRuleDocs: 'retainerLens.showRuleDocs',
  startLeakWatch: 'retainerLens.startLeakWatch',
  markCheckpoint: 'retainerLens.markCheckpoint',
  stopLeakWatch: 'retainerLens.stopLeakWatch',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const commandTitles: Record<CommandId, string> = {
  [Commands.captureHeapSnapshot]: 'Capture heap snapshot',
  [Commands.openInRetainerExplorer]: 'Open heap snapshot in retainer explorer',
  [Commands.compareHeapSnapshots]: 'Compare heap snapshots',
  [Commands.findLeaks]: 'Find leaks (baseline, target, final)',
  [Commands.scanWorkspace]: 'Scan workspace for retention risks',
  [Commands.showLog]: 'Show log',
  [Commands.recordAllocations]: 'Record allocations',
  [Commands.stopRecording]: 'Stop recording allocations',
  [Commands.openHeapProfile]: 'Open heap profile (.heapprofile)',
  [Commands.chooseActiveSnapshot]: 'Choose the snapshot for lenses and confirmations',
  [Commands.showRuleDocs]: 'Show rule documentation',
  [Commands.startLeakWatch]: 'Watch memory of the debug session (Leak Watch)',
  [Commands.markCheckpoint]: 'Mark checkpoint',
  [Commands.stopLeakWatch]: 'Stop Leak Watch',
};

/**
 * Languages of the documents the analyzer reads (VS Code gives .mjs/.cjs `javascript` and .mts/.cts
 * `typescript`). `vue` and `svelte` are contributed with their extensions in package.json, so .vue/.svelte
 * files have them even without the Vue or Svelte extension; they are also matched by extension
 * (COMPONENT_FILES), in case a `files.associations` gives them another language.
 */
export const ANALYZED_LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'vue', 'svelte'];

/** Single-file components, by extension: the analyzer reads their `<script>` blocks. */
export const COMPONENT_EXTENSIONS = ['.vue', '.svelte'];
export const COMPONENT_FILES = `**/*.{${COMPONENT_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`;

/** Every file the workspace scan analyzes. */
export const SOURCE_FILES = '**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts,vue,svelte}';

/** The settings section: every key below is `retainerLens.<key>`. */
export const SETTINGS_SECTION = 'retainerLens';

/** Every setting with its default (package.json's `default` must be the same value). */
export const SETTING_DEFAULTS = {
  'analyzer.enable': true as boolean,
  'analyzer.rules': {} as Record<string, string>,
  'analyzer.largeValueThreshold': DEFAULT_LARGE_VALUE_BYTES as number,
  'analyzer.debounceMs': 300 as number,
  'analyzer.exclude': [] as string[],
  'analyzer.minimumConfidence': 'high' as 'high' | 'medium',
  'capture.folder': '.heapsnapshots' as string,
  'capture.collectGarbage': true as boolean,
  'capture.openAfterCapture': true as boolean,
  'capture.numericValues': true as boolean,
  'capture.inactivityTimeoutSeconds': (DEFAULT_INACTIVITY_TIMEOUT_MS / 1000) as number,
  'join.codeLens': true as boolean,
  'join.minRetainedBytes': 1_048_576 as number,
  'join.confirmedSeverity': 'error' as ConfirmedSeverity,
  'join.allocationLenses': true as boolean,
  'join.allocationMinRetainedBytes': 65_536 as number,
  'watch.intervalMs': 1000 as number,
  'watch.autoCapture': 'auto' as AutoCapture,
  'watch.growthCheckpoints': 7 as number,
  'watch.minGrowthBytes': 1_000_000 as number,
};
export type SettingKey = keyof typeof SETTING_DEFAULTS;

/** Commands the extension runs itself (from CodeLenses, links): not in the palette, not in package.json. */
export const InternalCommands = {
  revealRetainedObjects: 'retainerLens.revealRetainedObjects',
} as const;

/** Leak Watch's Memory view (a webview view in its own panel) and the context key set while it watches. */
export const MEMORY_VIEW_ID = 'retainerLens.memory';
export const WATCHING_CONTEXT_KEY = 'retainerLens.watching';

/** The custom editor (retainer explorer) registered for *.heapsnapshot and *.heaptimeline, priority "option". */
export const RETAINER_EXPLORER_VIEW_TYPE = 'retainerLens.retainerExplorer';

/** The heap profile editor registered for *.heapprofile, priority "option". */
export const HEAP_PROFILE_VIEW_TYPE = 'retainerLens.heapProfile';
