// Browser targets for real: a page in Debian's Chromium launched by js-debug (`pwa-chrome`) in the real
// editor, leaking detached DOM nodes and listeners; "Capture heap snapshot" captures the page through
// js-debug's CDP proxy.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { browser } from './bridge';
import { countClass, snapshotsDir, stopAll } from './captureHelpers';
import { startBrowserSession, stopBrowsers } from './browserHelpers';

suite('browser target (pwa-chrome in the real editor)', () => {
  teardown(async () => {
    await stopAll();
    await stopBrowsers();
    await browser('pressKey', { key: 'Escape' }).catch(() => undefined);
  });

  test('browser: capture heap snapshot of a Chromium page debugged with js-debug', async () => {
    const page = await startBrowserSession('leaky page');
    await page.evaluate('for (let i = 0; i < 12; i++) { leak(); clean(); }');
    const file = await vscode.commands.executeCommand<string | undefined>('retainerLens.captureHeapSnapshot', {
      sessionId: page.target.id,
      open: false,
    });
    assert.ok(file, 'the command returned no file');
    assert.ok(file.startsWith(snapshotsDir()), file);
    const { count } = await countClass(file, 'Detached <li>');
    assert.equal(count, 12);
  });
});
