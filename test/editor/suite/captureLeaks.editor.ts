// "Find leaks (baseline, target, final)" end to end: three captures of a real debug session with real state
// changes in between (driven through the notifications' buttons, as a user would), then the explorer's Leaks view and its exported report.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { browser, waitFor } from './bridge';
import { leak, startFixtureSession, stopAll } from './captureHelpers';

const FIND_LEAKS = 'retainerLens.findLeaks';

interface FindLeaksResult {
  files: [string, string, string];
}

const LEAK_ROWS = 'section.rl-view[aria-label="Leaks"] .rl-row:not([hidden])';

suite('capture: find leaks (real debug session)', () => {
  teardown(async () => {
    await stopAll();
    // Leave the workbench as the next suites expect it: no report editors, no leftover prompts.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  test('capture: baseline, target, final around a growing Map: the Leaks view names its retainer path; Export report', async () => {
    const fixture = await startFixtureSession('find leaks');
    const running = Promise.resolve(
      vscode.commands.executeCommand<FindLeaksResult | undefined>(FIND_LEAKS, { sessionId: fixture.target.id }),
    );
    await browser('waitForNotification', { contains: 'Baseline captured', timeoutMs: 60_000 });
    await leak(fixture.port, 300);
    await browser('clickNotificationButton', { message: 'Baseline captured', label: 'Capture target' });
    await browser('waitForNotification', { contains: 'Target captured', timeoutMs: 60_000 });
    await browser('clickNotificationButton', { message: 'Target captured', label: 'Capture final' });
    const result = await running;
    assert.ok(result, 'the flow returned nothing');
    assert.equal(result.files.length, 3);
    for (const [i, step] of ['baseline', 'target', 'final'].entries()) {
      assert.match(result.files[i], new RegExp(`leakyProgram-${step}-.*\\.heapsnapshot$`));
      assert.ok(existsSync(result.files[i]));
    }
    // The explorer's Leaks view (its own worker, no child process): the 300 LeakedSession objects are held by
    // the module's sessionCache Map.
    const title = basename(result.files[2]);
    const group = await browser<string>('webviewWaitFor', {
      selector: LEAK_ROWS,
      pattern: 'LeakedSession',
      title,
      timeoutMs: 90_000,
    });
    assert.match(group, /sessionCache.*300/, group);
    // "Export report": the worker renders the Markdown, the host asks where and writes it.
    const out = join(dirname(result.files[2]), 'leakyProgram-report.md');
    await browser('webviewClick', { selector: 'button[title="Save this triage as a Markdown report"]', title });
    await browser('screenshot', { name: 'find-leaks-save-dialog' });
    await browser('quickInputAccept', { text: out });
    // The save dialog fills in its suggestion (next to the snapshot) asynchronously: on a loaded machine it can
    // land after our text, and then the report is saved under the suggested name. Either is the user's pick.
    const suggested = result.files[2].replace(/\.heapsnapshot$/, '-leaks.md');
    const saved = () => [out, suggested].find((f) => existsSync(f));
    const report = await waitFor(
      () => (saved() ? readFileSync(saved()!, 'utf8') : undefined),
      'the report file',
      60_000,
    );
    assert.match(report, /^# Leak triage: leakyProgram/);
    assert.match(report, /### 1\. ` 300 × LeakedSession ` — /, report);
    assert.match(report, /- held by: `+ .*sessionCache/, report);
    await browser('screenshot', { name: 'find-leaks-report' });
  });

  test('capture: find leaks stops cleanly when the user cancels between captures, keeping the baseline', async () => {
    const fixture = await startFixtureSession('find leaks cancel');
    const running = Promise.resolve(
      vscode.commands.executeCommand<FindLeaksResult | undefined>(FIND_LEAKS, {
        sessionId: fixture.target.id,
      }),
    );
    await browser('waitForNotification', { contains: 'Baseline captured', timeoutMs: 60_000 });
    await browser('clickNotificationButton', { message: 'Baseline captured', label: 'Cancel' });
    assert.equal(await running, undefined);
    await browser('waitForNotification', { contains: 'snapshots already taken are kept' });
  });
});
