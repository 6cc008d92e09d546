// From the Leaks view to the line to change, in the real editor: three snapshots of the example app's
// handlers (written by a real Node process), triaged from the Explorer's selection; the top group names its
// holder and code line, its finding badge opens `cache.js:2` (the confirmed unbounded-collection finding) and
// "Go to code" opens the constructor of the kept objects.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { browser, waitFor } from './bridge';
import { closeExplorers, titleOf } from './explorerHelpers';

const LEAK_ROWS = 'section.rl-view[aria-label="Leaks"] .rl-row:not([hidden])';
const folder = () => vscode.workspace.workspaceFolders![0].uri;
const inJoin = (...parts: string[]) => vscode.Uri.joinPath(folder(), 'join', ...parts);
const cacheJs = () => inJoin('leaky-server', 'src', 'cache.js').fsPath;

/** Waits for a visible editor on `file` whose selection starts on the 0-based `line`. */
const editorAt = (file: string, line: number) =>
  waitFor(
    () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === file && e.selection.start.line === line),
    `${file} open at line ${line + 1}`,
    20_000,
  );

suite('leaks to code (real editor)', () => {
  suiteTeardown(async () => {
    await closeExplorers();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('leaks: the top group names its holder and line; its finding badge lands on cache.js:2, Go to code on the constructor', async function () {
    this.timeout(360_000);
    execFileSync(process.execPath, [inJoin('driveLeaks.js').fsPath, inJoin().fsPath], { timeout: 120_000 });
    const files = ['baseline', 'target', 'final'].map((s) => inJoin(`leaks-${s}.heapsnapshot`));
    // Three snapshots selected in the Explorer: "Find leaks" triages them in the explorer of the final one.
    await vscode.commands.executeCommand('retainerLens.findLeaks', files[2], files);
    const title = titleOf(files[2]);
    // Three snapshots loaded one after another, then the triage: minutes on a loaded 2-core machine.
    const top = await browser<string>('webviewWaitFor', { selector: LEAK_ROWS, title, timeoutMs: 180_000 });
    assert.match(top, /^120 × Report held by value in Map `reportCache`/, top);
    assert.match(top, /cache\.js:5:14/, top);
    // The badge appears once the final snapshot is joined with the workspace's findings.
    await browser('webviewWaitFor', {
      selector: `${LEAK_ROWS} .rl-mark[data-rule="unbounded-collection"]`,
      title,
      timeoutMs: 60_000,
    });
    await browser('webviewScreenshot', { name: 'leaks-to-code-view', title });

    await browser('webviewClick', {
      selector: LEAK_ROWS,
      nth: 0,
      inner: '.rl-mark[data-rule="unbounded-collection"]',
      title,
    });
    const finding = await editorAt(cacheJs(), 1);
    assert.match(finding.document.lineAt(1).text, /const reportCache = new Map\(\)/);
    // The confirmed diagnostic is on that line.
    const diagnostics = vscode.languages.getDiagnostics(finding.document.uri);
    assert.ok(
      diagnostics.some((d) => d.range.start.line === 1 && /confirmed by snapshot/.test(d.message)),
      JSON.stringify(diagnostics.map((d) => d.message)),
    );
    await browser('screenshot', { name: 'leaks-to-code-finding' });

    await browser('webviewClick', { selector: LEAK_ROWS, nth: 0, inner: '.rl-code-link', title });
    const code = await editorAt(cacheJs(), 4);
    assert.equal(code.selection.start.character, 13);
  });
});
