// The retainer explorer in the real editor: a snapshot written during the test by a real Node process
// (workspace/explorer/explorerApp.js), opened with the custom editor (by `vscode.openWith` and from the palette
// with the file picked in the workbench's dialog), its webview's rows read from the browser, Go to source
// landing on the fixture's lines, themes, the heap worker ending with the editor, and a broken snapshot.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { browser, sleep, waitFor } from './bridge';
import {
  activateExtension,
  closeExplorers,
  expandClass,
  explorerTabs,
  openWith,
  sel,
  summaryRows,
  titleOf,
  waitForNoExplorer,
  watchWorkers,
  type WatchedWorker,
} from './explorerHelpers';

const workspace = (): string => vscode.workspace.workspaceFolders![0].uri.fsPath;
const fixture = (): string => join(workspace(), 'explorer', 'explorerApp.js');
const fixtureLines = (): string[] => readFileSync(fixture(), 'utf8').split('\n');
const lineOf = (text: string): number => fixtureLines().findIndex((l) => l.trim() === text);

/** The last row of the auto-expanded chain: the global property holding the function whose context holds the Map. */
const CHAIN_END = '^explorerKeep \\(property\\) in global @\\d+GC root';

let snapshot: vscode.Uri;
let watcher: ReturnType<typeof watchWorkers>;

/** Opens `uri` in the explorer (alone) and waits for its Summary's first rows. */
async function showExplorer(uri: vscode.Uri): Promise<string[]> {
  await closeExplorers();
  await openWith(uri);
  return summaryRows(uri);
}

/** Filters the Summary to `name`, expands the class and selects its first instance. */
async function selectFirstInstance(title: string, name: string): Promise<string> {
  await expandClass(title, name);
  const instance = await browser<string>('webviewWaitFor', {
    selector: sel.summaryRows,
    pattern: `^${name} @\\d+`,
    title,
  });
  await browser('webviewClick', { selector: sel.summaryRows, pattern: `^${name} @\\d+`, title });
  await browser('webviewWaitFor', { selector: sel.subject, pattern: `^${name} @\\d+`, title });
  return instance;
}

/** Clicks Go to source (once it found a location) and waits for the editor to show the fixture there. */
async function goToSource(
  title: string,
  kind: 'constructor' | 'function',
): Promise<{ editor: vscode.TextEditor; line: number }> {
  // The webview found the location in the fixture before the host opens it: `Open the function at explorerApp.js:20:31`.
  const button = `.rl-details button[title^="Open the ${kind} at explorerApp.js:"]`;
  await browser('webviewWaitFor', { selector: button, title });
  const [hint] = await browser<string[]>('webviewText', { selector: `${button} span:not(.codicon)`, title });
  assert.equal(hint, 'Go to source');
  await browser('webviewClick', { selector: button, title });
  const editor = await waitFor(() => {
    const e = vscode.window.activeTextEditor;
    return e && e.document.uri.fsPath === fixture() ? e : undefined;
  }, `the editor to show ${fixture()}`);
  return { editor, line: editor.selection.active.line };
}

suite('explorer: the retainer explorer in the editor', () => {
  suiteSetup(async function () {
    this.timeout(120_000);
    await activateExtension();
    const out = join(workspace(), 'explorer', 'explorerApp.heapsnapshot');
    execFileSync(process.execPath, [fixture(), out], { stdio: 'ignore', timeout: 60_000 });
    snapshot = vscode.Uri.file(out);
    watcher = watchWorkers();
  });

  suiteTeardown(async () => {
    watcher?.dispose();
    await closeExplorers();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('opened from the palette with the file picked: the Summary lists ExplorerLeak, and its retainers name the Map variable', async () => {
    await closeExplorers();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await browser('runCommandFromPalette', { title: 'Retainer Lens: Open heap snapshot in retainer explorer' });
    // In the browser, showOpenDialog is the workbench's own file dialog: a quick input taking a path. It
    // replaces the palette in the same widget, so wait for its title before typing.
    await waitFor(
      async () => (await browser<string>('quickInputTitle')).includes('Open heap snapshot in retainer explorer'),
      'the file dialog',
    );
    await browser('quickInputFill', { text: snapshot.fsPath });
    // It lists the folder as the path is typed: accept once the file is there.
    await waitFor(
      async () => (await browser<string[]>('quickPickItems')).some((item) => item.includes(titleOf(snapshot))),
      'the snapshot in the dialog',
    );
    await browser('quickInputAccept', {});
    await waitFor(() => explorerTabs().length === 1, 'the explorer to open');
    const title = titleOf(snapshot);
    await summaryRows(snapshot);
    await browser('webviewFill', { selector: sel.summaryFilter, text: 'ExplorerLeak', title });
    await browser('webviewWaitFor', { selector: sel.summaryRows, pattern: '^ExplorerLeak[\\d,]', title });
    const classes = await browser<string[]>('webviewText', { selector: sel.summaryRows, title });
    // Name, count, distance, shallow and retained size, % of total.
    assert.match(classes[0], /^ExplorerLeak 64 \d+ [\d.,]+ k?B [\d.,]+ k?B \d+(\.\d)?%$/, JSON.stringify(classes));

    const instance = await selectFirstInstance(title, 'ExplorerLeak');
    assert.match(instance, /ExplorerLeak @\d+/);
    // The chain to a root opens by itself; the Map's backing store is held as the module's variable.
    await browser('webviewWaitFor', { selector: sel.retainerRows, pattern: CHAIN_END, title });
    const chain = await browser<string[]>('webviewText', { selector: sel.retainerRows, title });
    const at = (pattern: RegExp): number => chain.findIndex((t) => pattern.test(t));
    const table = at(/^table \(internal\) in Map/);
    const variable = at(/^explorerRegistry \(variable\) in system \/ Context/);
    const root = at(new RegExp(CHAIN_END));
    assert.ok(
      table >= 0 && variable > table && root > variable,
      `Map, its variable, then a root, in order: ${JSON.stringify(chain.slice(0, 8))}`,
    );
    await browser('webviewScreenshot', { name: 'explorer-retainers', title });
  });

  test("Compare's picker asks for the older snapshot, starts in the snapshot's folder and refuses the same file", async () => {
    const title = titleOf(snapshot);
    await showExplorer(snapshot);
    await browser('webviewClick', { selector: '[role=tab]', hasText: 'Compare', title });
    await browser('webviewClick', { selector: 'button', hasText: 'Choose the older snapshot (baseline)', title });
    const dialog = 'Compare with an older snapshot (the baseline)';
    await waitFor(async () => (await browser<string>('quickInputTitle')).includes(dialog), 'the file dialog');
    const folder = snapshot.fsPath.slice(0, snapshot.fsPath.length - title.length);
    // The snapshot's folder, not the snapshot itself (a Compare with itself shows nothing).
    assert.equal(await browser<string>('quickInputValue'), folder);
    await browser('quickInputFill', { text: snapshot.fsPath });
    await waitFor(
      async () => (await browser<string[]>('quickPickItems')).some((item) => item.includes(title)),
      'the snapshot in the dialog',
    );
    await browser('quickInputAccept', {});
    // Asked again, with a word on why.
    await waitFor(
      async () =>
        (await browser<string>('quickInputTitle')).includes(dialog) &&
        (await browser<string>('quickInputValue')) === folder,
      'the file dialog again',
    );
    await browser('screenshot', { name: 'compare-picker-baseline' });
    await browser('pressKey', { key: 'Escape' });
    await browser('waitForNotification', { contains: `${title} is the snapshot it would be compared with` });
    await browser('clearNotifications');
  });

  test("Go to source on an instance opens its constructor, on a closure the closure, at the fixture's lines", async () => {
    const title = titleOf(snapshot);
    await showExplorer(snapshot);
    await selectFirstInstance(title, 'ExplorerLeak');
    const ctor = await goToSource(title, 'constructor');
    assert.ok(
      [lineOf('class ExplorerLeak {'), lineOf('constructor(i) {')].includes(ctor.line),
      `constructor at line ${ctor.line + 1}`,
    );
    assert.notEqual(ctor.editor.viewColumn, undefined);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    await expandClass(title, 'Function');
    // The closure keeps a 4 MB buffer: among the biggest functions, so on the first page.
    // A closure instance reads as DevTools names it: function and script position.
    await browser('webviewClick', {
      selector: sel.summaryRows,
      pattern: '^explorerTick\\(\\) explorerApp\\.js:\\d+:\\d+ @',
      title,
    });
    await browser('webviewWaitFor', { selector: sel.subject, pattern: 'explorerTick.*@\\d+', title });
    const closure = await goToSource(title, 'function');
    assert.equal(closure.line, lineOf('return function explorerTick() {'));
    assert.equal(closure.editor.document.lineAt(closure.line).text.trim(), 'return function explorerTick() {');
    await browser('screenshot', { name: 'explorer-go-to-source' });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('themes: light, dark and high contrast reach the webview', async () => {
    const title = titleOf(snapshot);
    await showExplorer(snapshot);
    await selectFirstInstance(title, 'ExplorerLeak');
    await browser('webviewWaitFor', { selector: sel.retainerRows, pattern: CHAIN_END, title });
    const workbench = vscode.workspace.getConfiguration('workbench');
    try {
      for (const [theme, bodyClass, name] of [
        ['Default Light Modern', 'vscode-light', 'explorer-theme-light'],
        ['Default Dark Modern', 'vscode-dark', 'explorer-theme-dark'],
        ['Default High Contrast', 'vscode-high-contrast', 'explorer-theme-high-contrast'],
      ] as const) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        await browser('webviewWaitFor', { selector: `body.${bodyClass}`, state: 'attached', title });
        await browser('webviewScreenshot', { name, title });
      }
    } finally {
      await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('hidden behind another editor and shown again: the worker stays, the filter and selected object come back', async () => {
    const title = titleOf(snapshot);
    await closeExplorers();
    const before = watcher.workers.length;
    await openWith(snapshot);
    await summaryRows(snapshot);
    await selectFirstInstance(title, 'ExplorerLeak');
    const subject = await browser<string>('webviewWaitFor', {
      selector: sel.subject,
      pattern: '^ExplorerLeak @\\d+',
      title,
    });
    await sleep(300); // the webview's setState is coalesced
    await vscode.window.showTextDocument(vscode.Uri.file(fixture()), {
      viewColumn: vscode.ViewColumn.Active,
      preview: false,
    });
    // Without retainContextWhenHidden the hidden webview's document is gone; its worker is kept.
    await waitFor(async () => !(await browser<string[]>('webviewTitles')).includes(title), 'the hidden webview to go');
    const worker = watcher.workers.slice(before).filter((w) => w.heap);
    assert.equal(worker.length, 1);
    assert.equal(worker[0].exited, false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await summaryRows(snapshot);
    await browser('webviewWaitFor', { selector: sel.subject, hasText: subject, title });
    const rows = await browser<string[]>('webviewText', { selector: sel.summaryRows, title });
    assert.match(rows[0], /^ExplorerLeak 64 /, 'the class filter is kept');
    assert.ok(
      rows.some((r) => r.startsWith(`${subject} `)),
      `the selected instance is listed again: ${JSON.stringify(rows.slice(0, 3))}`,
    );
    assert.equal(
      watcher.workers.slice(before).filter((w) => w.heap).length,
      1,
      'no second worker: the load was not repeated',
    );
  });

  test('closing the explorer ends its heap worker', async () => {
    await closeExplorers();
    await waitFor(() => watcher.workers.every((w) => !w.heap || w.exited), "earlier explorers' workers to end");
    const before = watcher.workers.length;
    await openWith(snapshot);
    await summaryRows(snapshot);
    const started: WatchedWorker[] = watcher.workers.slice(before).filter((w) => w.heap);
    assert.equal(started.length, 1, 'one heap worker per explorer');
    assert.equal(started[0].exited, false);
    await closeExplorers();
    await waitForNoExplorer();
    await waitFor(() => started[0].exited, 'the heap worker to exit');
  });

  test('a truncated or foreign .heapsnapshot shows an error instead of loading forever', async () => {
    const dir = join(workspace(), 'explorer');
    const truncated = join(dir, 'truncated.heapsnapshot');
    const bytes = readFileSync(snapshot.fsPath);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.4)));
    const foreign = join(dir, 'foreign.heapsnapshot');
    writeFileSync(foreign, 'this is not a heap snapshot\n');
    for (const [file, reason] of [
      [truncated, /truncated/i],
      [foreign, /not a V8 heap snapshot/i],
    ] as const) {
      const uri = vscode.Uri.file(file);
      await closeExplorers();
      await openWith(uri);
      const message = await browser<string>('webviewWaitFor', {
        selector: sel.overlayError,
        title: titleOf(uri),
        timeoutMs: 30_000,
      });
      assert.match(message, new RegExp(`^Could not open ${titleOf(uri)}: `));
      assert.match(message, reason);
      const progress = await browser<string[]>('webviewText', {
        selector: '.rl-overlay .rl-progress:not([hidden])',
        title: titleOf(uri),
      });
      assert.deepEqual(progress, [], 'no progress bar left spinning');
      await browser('webviewScreenshot', {
        name: `explorer-error-${titleOf(uri).replace('.heapsnapshot', '')}`,
        title: titleOf(uri),
      });
    }
    await closeExplorers();
  });
});
