// "Find leaks (baseline, target, final)" end to end: three captures of a real debug session with real state
// changes in between (driven through the notifications' buttons, as a user would), then the engine's triage.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { browser, waitFor } from './bridge';
import { leak, startFixtureSession, stopAll } from './captureHelpers';

const FIND_LEAKS = 'retainerLens.findLeaks';

interface FindLeaksResult {
  files: [string, string, string];
  report?: string;
}

suite('capture: find leaks (real debug session)', () => {
  teardown(async () => {
    await stopAll();
    // Leave the workbench as the next suites expect it: no report editors, no leftover prompts.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  test('capture: baseline, target, final around a growing Map: the report names its retainer path', async () => {
    const fixture = await startFixtureSession('find leaks');
    const running = Promise.resolve(
      vscode.commands.executeCommand<FindLeaksResult | undefined>(FIND_LEAKS, {
        sessionId: fixture.target.id,
        report: 'markdown',
      }),
    );
    await browser('waitForNotification', { contains: 'Baseline captured', timeoutMs: 60_000 });
    await leak(fixture.port, 300);
    await browser('clickNotificationButton', { message: 'Baseline captured', label: 'Capture target' });
    await browser('waitForNotification', { contains: 'Target captured', timeoutMs: 60_000 });
    await browser('clickNotificationButton', { message: 'Target captured', label: 'Capture final' });
    const result = await running;
    assert.ok(result?.report, 'the flow returned no report');
    assert.equal(result.files.length, 3);
    for (const [i, step] of ['baseline', 'target', 'final'].entries()) {
      assert.match(result.files[i], new RegExp(`leakyProgram-${step}-.*\\.heapsnapshot$`));
      assert.ok(existsSync(result.files[i]));
    }
    // The 300 LeakedSession objects (and their payload strings) are held by the module's sessionCache Map.
    const suspects = result.report.split('\n').filter((line) => line.startsWith('### '));
    assert.ok(suspects.length > 0, result.report);
    assert.match(suspects[0], /LeakedSession × 300/, result.report);
    assert.match(result.report, /retainer path: `+ .*sessionCache/, result.report);
    // The report is open as a Markdown document.
    const report = await waitFor(
      () =>
        vscode.workspace.textDocuments.find(
          (d) => d.languageId === 'markdown' && d.getText().startsWith('# Leak triage: leakyProgram'),
        ),
      'the report document',
    );
    assert.ok(report.getText().includes('LeakedSession'));
    await browser('screenshot', { name: 'find-leaks-report' });
  });

  test('capture: find leaks stops cleanly when the user cancels between captures, keeping the baseline', async () => {
    const fixture = await startFixtureSession('find leaks cancel');
    const running = Promise.resolve(
      vscode.commands.executeCommand<FindLeaksResult | undefined>(FIND_LEAKS, {
        sessionId: fixture.target.id,
        open: false,
      }),
    );
    await browser('waitForNotification', { contains: 'Baseline captured', timeoutMs: 60_000 });
    await browser('clickNotificationButton', { message: 'Baseline captured', label: 'Cancel' });
    assert.equal(await running, undefined);
    await browser('waitForNotification', { contains: 'snapshots already taken are kept' });
  });
});
