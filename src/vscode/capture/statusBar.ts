// "$(record) Capture heap" in the status bar while a JavaScript debug session runs.
import * as vscode from 'vscode';
import { Commands } from '../contributions';
import type { DebugSessionTracker } from './debugSessions';

export function createCaptureStatusBarItem(tracker: DebugSessionTracker): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('retainerLens.capture', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Retainer Lens: Capture heap snapshot';
  item.text = '$(record) Capture heap';
  item.tooltip = 'Retainer Lens: capture a heap snapshot of the running JavaScript program';
  item.command = Commands.captureHeapSnapshot;
  const update = () => (tracker.hasSessions ? item.show() : item.hide());
  update();
  const subscription = tracker.onDidChange(update);
  return vscode.Disposable.from(subscription, item);
}
