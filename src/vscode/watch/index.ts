// Leak Watch's editor side: the Memory view (a panel next to the Debug Console) and the handlers of its three commands, for
// src/extension.ts to pass to registerCommands.
import * as vscode from 'vscode';
import type { Logger } from '../../common/log';
import type { CapturedFiles } from '../../watch/heapWatch';
import type { DebugSessionTracker } from '../capture/debugSessions';
import { Commands, MEMORY_VIEW_ID } from '../contributions';
import { LeakWatchController } from './leakWatch';
import { MemoryViewProvider } from './memoryView';

export type LeakWatchHandlers = Record<
  typeof Commands.startLeakWatch | typeof Commands.markCheckpoint | typeof Commands.stopLeakWatch,
  (...args: unknown[]) => unknown
>;

export function registerLeakWatch(
  context: vscode.ExtensionContext,
  deps: { tracker: DebugSessionTracker; openLeaksView(files: CapturedFiles): Thenable<unknown>; log: Logger },
): LeakWatchHandlers {
  const controller = new LeakWatchController({ ...deps, globalStorage: context.globalStorageUri });
  const view = new MemoryViewProvider(context.extensionUri, controller, deps.log);
  controller.attachView(view);
  context.subscriptions.push(
    controller,
    // Not kept alive while hidden: the chart is redrawn from the history when the view is shown again.
    vscode.window.registerWebviewViewProvider(MEMORY_VIEW_ID, view),
  );
  return {
    [Commands.startLeakWatch]: (args?: unknown) => controller.start(args),
    [Commands.markCheckpoint]: (args?: unknown) => controller.checkpoint(args),
    [Commands.stopLeakWatch]: () => controller.stop(),
  };
}
