// Browser targets for real: a page in Debian's Chromium launched by js-debug (`pwa-chrome`) in the real
// editor, leaking detached DOM nodes and listeners; "Capture heap snapshot" captures the page through
// js-debug's CDP proxy, the explorer's "Detached elements" filter lists the removed rows with the array that
// keeps them, and "Find leaks" names the rows and the window's listener.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { browser } from './bridge';
import { countClass, snapshotsDir, stopAll } from './captureHelpers';
import { startBrowserSession, stopBrowsers } from './browserHelpers';
import { closeExplorers, openWith, sel, summaryRows, titleOf } from './explorerHelpers';

const LEAK_ROWS = 'section.rl-view[aria-label="Leaks"] .rl-row:not([hidden])';

suite('browser target (pwa-chrome in the real editor)', () => {
  teardown(async () => {
    await stopAll();
    await stopBrowsers();
    await closeExplorers();
    await vscode.commands.executeCommand('notifications.clearAll');
    await browser('pressKey', { key: 'Escape' }).catch(() => undefined);
  });

  test('browser: capture a Chromium page debugged with js-debug; the explorer lists its detached elements and their retainers', async () => {
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

    // DevTools' "Detached elements" filter in the Summary: the removed rows and their labels, nothing attached.
    const uri = vscode.Uri.file(file);
    const title = titleOf(uri);
    await openWith(uri);
    await summaryRows(uri, 60_000);
    await browser('webviewWaitFor', { selector: '.rl-analyzing', state: 'detached', title, timeoutMs: 60_000 });
    await browser('webviewSelect', {
      selector: 'select[aria-label="Show objects"]',
      label: 'Detached elements',
      title,
    });
    await browser('webviewWaitFor', { selector: sel.summaryRows, pattern: '^Detached <span>', title });
    const classes = await browser<string[]>('webviewText', { selector: sel.summaryRows, title });
    assert.deepEqual(classes.map((t) => /^Detached <\w+> \d+/.exec(t)?.[0]).sort(), [
      'Detached <li> 12',
      'Detached <span> 12',
    ]);
    // A removed row's retainers climb to the page script's `removedRows` array.
    await browser('webviewClick', {
      selector: sel.summaryRows,
      pattern: '^Detached <li>',
      inner: '.rl-twistie',
      title,
    });
    // The first instance row (its name carries the element's attributes, `@id` ends it).
    const instance = await browser<string>('webviewWaitFor', { selector: sel.summaryRows, pattern: ' @\\d+', title });
    assert.match(instance, /^Detached <li/, instance);
    await browser('webviewClick', { selector: sel.summaryRows, pattern: ' @\\d+', title });
    await browser('webviewWaitFor', { selector: sel.subject, pattern: '^Detached <li', title });
    await browser('webviewWaitFor', {
      selector: sel.retainerRows,
      pattern: 'removedRows \\(variable\\)',
      title,
      timeoutMs: 30_000,
    });
    await browser('webviewScreenshot', { name: 'browser-detached-elements', title });
  });

  test('browser: Find leaks on a Chromium page names the detached rows by their array and the leaking window listener', async () => {
    const page = await startBrowserSession('leaky page leaks');
    await page.evaluate('for (let i = 0; i < 3; i++) { leak(); clean(); }');
    const running = Promise.resolve(
      vscode.commands.executeCommand<{ files: string[] } | undefined>('retainerLens.findLeaks', {
        sessionId: page.target.id,
      }),
    );
    await browser('waitForNotification', { contains: 'Baseline captured', timeoutMs: 60_000 });
    await page.evaluate('for (let i = 0; i < 30; i++) { leak(); clean(); }');
    await browser('clickNotificationButton', { message: 'Baseline captured', label: 'Capture target' });
    await browser('waitForNotification', { contains: 'Target captured', timeoutMs: 60_000 });
    await page.evaluate('for (let i = 0; i < 5; i++) { leak(); clean(); }');
    await browser('clickNotificationButton', { message: 'Target captured', label: 'Capture final' });
    const result = await running;
    assert.ok(result, 'the flow returned nothing');
    const title = titleOf(vscode.Uri.file(result.files[2]));
    const rows = await browser<string>('webviewWaitFor', {
      selector: LEAK_ROWS,
      pattern: '^30 × Detached <li>',
      title,
      timeoutMs: 90_000,
    });
    assert.match(rows, /held by element of array `removedRows`/, rows);
    const all = await browser<string[]>('webviewText', { selector: LEAK_ROWS, title });
    const listener = all.find((t) => /^30 × onResize\(\) held by listener onResize\(\) on Window/.test(t));
    assert.ok(listener, JSON.stringify(all));
    assert.match(listener, /leaky\.js:47:\d+/, listener);
    // Nothing of the live document or the browser's own objects is a group.
    assert.ok(!all.some((t) => /^\d+ × (HTML|Detached <li>\S* held by .*results)/.test(t)), JSON.stringify(all));
    await browser('webviewScreenshot', { name: 'browser-find-leaks', title });
  });
});
