import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { RetainerLensApi } from '../../../src/extension';
import { browser, sleep, waitFor } from './bridge';
import { expandClass } from './explorerHelpers';

const folder = () => vscode.workspace.workspaceFolders![0].uri;
const inJoin = (...parts: string[]) => vscode.Uri.joinPath(folder(), 'join', ...parts);
const cacheJs = () => inJoin('leaky-server', 'src', 'cache.js');
const uploadsJs = () => inJoin('leaky-server', 'src', 'uploads.js');
const eventsJs = () => inJoin('leaky-server', 'src', 'events.js');

async function api(): Promise<RetainerLensApi> {
  return (await vscode.extensions.getExtension('retainer-lens.retainer-lens')!.activate()) as RetainerLensApi;
}

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
}

const ruleOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

suite('join: snapshot → source', () => {
  let snapshot: vscode.Uri;

  suiteSetup(async function () {
    this.timeout(180_000);
    await api();
    // A real Node process runs the example's leaking handlers and writes the snapshot.
    snapshot = inJoin('example.heapsnapshot');
    execFileSync(process.execPath, [inJoin('driveExample.js').fsPath, snapshot.fsPath], { timeout: 120_000 });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test("join: opening the snapshot puts a CodeLens on the confirmed finding's line (not on its constructor), and confirms it even in files not open", async function () {
    this.timeout(180_000);
    const { insights } = await api();
    const ready = new Promise<void>((resolve) => {
      const sub = insights.onDidChange((insight) => {
        if (insight?.snapshot.toString() === snapshot.toString()) {
          sub.dispose();
          resolve();
        }
      });
    });
    await vscode.commands.executeCommand('vscode.openWith', snapshot, 'retainerLens.retainerExplorer');
    await ready;

    // events.js was never opened: its confirmed finding reaches the Problems panel all the same.
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === eventsJs().fsPath), 'events.js is not open');
    const unopened = await waitFor(
      () =>
        vscode.languages
          .getDiagnostics(eventsJs())
          .find((d) => ruleOf(d) === 'listener-not-removed' && /confirmed by snapshot/.test(d.message)),
      'the confirmed finding of events.js (not open)',
      30_000,
    );
    assert.equal(unopened.range.start.line, 15);
    assert.match(unopened.message, /confirmed by snapshot example\.heapsnapshot \d\d:\d\d:\d\d: 300 closures, /);

    const doc = await vscode.workspace.openTextDocument(cacheJs());
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const lenses = await waitFor(
      async () => {
        const found = await lensesOf(doc.uri);
        return found.length > 0 ? found : undefined;
      },
      'CodeLenses on cache.js',
      30_000,
    );
    const titles = lenses.map((l) => `${l.range.start.line + 1}: ${l.command?.title}`);
    // The lens sits on `const reportCache = new Map()` (line 2), where the confirmed finding points, and says
    // what the snapshot measured there; the Report constructor (5) and buildReport (11) get none.
    assert.deepEqual(
      lenses.map((l) => l.range.start.line + 1),
      [2],
      `lenses: ${titles.join(' | ')}`,
    );
    assert.match(
      lenses[0].command!.title,
      /^reportCache: 300 entries, \d+\.\d\d MB retained · confirms unbounded-collection · example\.heapsnapshot \d\d:\d\d:\d\d$/,
    );
    assert.match(String(lenses[0].command!.tooltip), /confirms the unbounded-collection finding on this line/);

    // The static unbounded-collection finding on `const reportCache = new Map()` is confirmed and rises to error.
    const confirmed = await waitFor(
      () =>
        vscode.languages
          .getDiagnostics(doc.uri)
          .find((d) => ruleOf(d) === 'unbounded-collection' && /confirmed by snapshot/.test(d.message)),
      'the confirmed finding',
      30_000,
    );
    assert.equal(confirmed.range.start.line, 1);
    assert.equal(confirmed.severity, vscode.DiagnosticSeverity.Error);
    assert.match(confirmed.message, /confirmed by snapshot example\.heapsnapshot \d\d:\d\d:\d\d: 300 entries, /);
    assert.ok(
      confirmed.relatedInformation?.some((r) => /^Retained via .*reportCache/.test(r.message)),
      JSON.stringify(confirmed.relatedInformation?.map((r) => r.message)),
    );

    // The clean route keeps nothing: no lens and no confirmation there.
    const clean = await vscode.workspace.openTextDocument(inJoin('leaky-server', 'src', 'clean.js'));
    assert.deepEqual(
      (await lensesOf(clean.uri)).map((l) => l.command?.title),
      [],
    );
    await sleep(500);
    await browser('screenshot', { name: 'join-codelens-on-finding-line' });
  });

  test('join: clicking the CodeLens opens the retainer explorer beside the code, which stays in view', async function () {
    this.timeout(120_000);
    // The explorer opened in the first group and cache.js in front of it there: the lens must not hide the code.
    const doc = await vscode.workspace.openTextDocument(cacheJs());
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const lens = (await lensesOf(doc.uri)).find((l) => l.range.start.line === 1)!;
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    await browser('webviewWaitFor', {
      selector: '.rl-status',
      hasText: 'cache.js:2: the object made there',
      timeoutMs: 30_000,
    });
    await browser('webviewWaitFor', { selector: '.rl-details .rl-subtitle', hasText: 'Map', timeoutMs: 30_000 });
    // The code keeps its group and stays in view; the explorer moved to the group beside it.
    const code = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === cacheJs().fsPath);
    assert.ok(code, 'cache.js is still visible');
    const explorerGroup = vscode.window.tabGroups.all.find((g) =>
      g.tabs.some((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === snapshot.toString()),
    );
    assert.ok(explorerGroup && explorerGroup.viewColumn !== code.viewColumn, 'the explorer is in another group');
    await browser('screenshot', { name: 'join-reveal-in-explorer' });
  });

  test('join: a closure-large-scope finding is confirmed by the dead context variable the snapshot shows', async function () {
    this.timeout(60_000);
    const doc = await vscode.workspace.openTextDocument(uploadsJs());
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const confirmed = await waitFor(
      () =>
        vscode.languages
          .getDiagnostics(doc.uri)
          .find((d) => ruleOf(d) === 'closure-large-scope' && /confirmed by snapshot/.test(d.message)),
      'the confirmed closure-large-scope finding',
      30_000,
    );
    // The timer callback on line 7 keeps `payload` (declared on line 4, used only by checksum) alive: 3 uploads, 1 MB each.
    assert.equal(confirmed.range.start.line, 6);
    assert.equal(confirmed.severity, vscode.DiagnosticSeverity.Error);
    assert.match(
      confirmed.message,
      /confirmed by snapshot example\.heapsnapshot \d\d:\d\d:\d\d: 3 closures, 3\.\d\d MB retained; 'payload' \(Buffer, 3\.\d\d MB\) is a dead context variable: kept alive only by this context, used only by checksum\.$/,
    );
    const related = confirmed.relatedInformation?.map((r) => r.message) ?? [];
    assert.ok(
      related.some((m) =>
        /^Retained via .+ — dead context variable 'payload' \(Buffer, 3\.\d\d MB\) declared on line 4$/.test(m),
      ),
      JSON.stringify(related),
    );
    // Its own entry points at the declaration (`const payload = …` on line 4), so a click lands there.
    const declaration = confirmed.relatedInformation?.find((r) => r.message.startsWith("'payload' (Buffer"));
    assert.ok(declaration, JSON.stringify(related));
    assert.equal(declaration.location.range.start.line, 3);
    assert.equal(declaration.location.uri.fsPath, inJoin('leaky-server', 'src', 'uploads.js').fsPath);
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(6, 14, 6, 14);
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(800);
    await browser('screenshot', { name: 'join-dead-variable-diagnostic' });
  });

  test('join: the explorer marks the objects a finding concerns, and its link opens the finding', async function () {
    this.timeout(120_000);
    const doc = await vscode.workspace.openTextDocument(uploadsJs());
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    // The lens on the timer line reveals its closures in the explorer; the details pane names the finding.
    const lens = await waitFor(
      async () => (await lensesOf(doc.uri)).find((l) => l.range.start.line === 6),
      'the lens on uploads.js:7',
      30_000,
    );
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    await browser('webviewWaitFor', {
      selector: '.rl-marks-line',
      hasText: 'closure-large-scope (confirmed by this snapshot) at join/leaky-server/src/uploads.js:7',
      timeoutMs: 30_000,
    });
    await browser('screenshot', { name: 'join-explorer-marks' });

    // The explorer stays beside uploads.js; the link selects the finding's range where the file is shown.
    assert.ok(
      vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === uploadsJs().fsPath),
      'uploads.js stays in view beside the explorer',
    );
    await browser('webviewClick', {
      selector: '.rl-marks-line button',
      hasText: 'Open join/leaky-server/src/uploads.js:7',
    });
    const editor = await waitFor(
      () =>
        vscode.window.visibleTextEditors.find(
          (e) =>
            e.document.uri.fsPath === uploadsJs().fsPath &&
            e.selection.start.line === 6 &&
            e.selection.start.character === 13,
        ),
      'uploads.js open at the finding',
      20_000,
    );
    assert.deepEqual(
      [
        editor.selection.start.line,
        editor.selection.start.character,
        editor.selection.end.line,
        editor.selection.end.character,
      ],
      [6, 13, 6, 20],
    );
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, uploadsJs().fsPath);
    await browser('screenshot', { name: 'join-explorer-finding-link' });
  });

  test('join (the demo): from a leaked Buffer, "Inspect this object" reaches the timer closure and its dead variable', async function () {
    this.timeout(120_000);
    const title = 'example.heapsnapshot';
    await vscode.commands.executeCommand('vscode.openWith', snapshot, 'retainerLens.retainerExplorer');
    const summary = 'section.rl-view[aria-label="Summary"] .rl-row:not([hidden])';
    await browser('webviewWaitFor', { selector: summary, title, timeoutMs: 30_000 });
    await expandClass(title, 'Buffer');
    // The largest Buffer first: a 1 MB upload payload.
    await browser('webviewClick', { selector: summary, pattern: '^Buffer @\\d+', title, timeoutMs: 30_000 });
    const closure = '^context \\(internal\\) in \\S*\\(\\)';
    const retainers = 'section.rl-details [aria-label="Retainers of the selected object"] .rl-row:not([hidden])';
    // On its edge name: the middle of the row holds the finding's marker, a button that opens the finding.
    await browser('webviewClick', {
      selector: retainers,
      pattern: closure,
      inner: '.rl-edge',
      title,
      timeoutMs: 30_000,
    });
    // Ctrl+Enter on the selected retainer (its list has the focus).
    await browser('webviewPress', {
      key: 'Control+Enter',
      selector: 'section.rl-details [aria-label="Retainers of the selected object"]',
      title,
    });
    await browser('webviewWaitFor', {
      selector: '.rl-details [role=tab][aria-selected=true]',
      pattern: 'Closure variables',
      title,
    });
    const payload = await browser<string>('webviewWaitFor', {
      selector: '.rl-details [aria-label="Variables the closure keeps alive"] .rl-row:not([hidden])',
      pattern: '^payload \\(own scope\\) = Buffer @.*dead',
      title,
      timeoutMs: 30_000,
    });
    assert.match(payload, /^payload \(own scope\) = Buffer @\d+/);
    await browser('webviewWaitFor', { selector: '.rl-dead-list li', hasText: 'payload', title });
    await browser('screenshot', { name: 'join-inspect-buffer-closure' });
  });

  test('join: the status bar names the active snapshot by file and time; its picker switches; closing the active one falls back', async function () {
    this.timeout(180_000);
    const { insights } = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('vscode.openWith', snapshot, 'retainerLens.retainerExplorer');
    await waitFor(() => insights.active?.snapshot.toString() === snapshot.toString(), 'example.heapsnapshot active');
    const statusOf = async (name: string) =>
      waitFor(
        async () =>
          (await browser<string[]>('statusBarItems')).find((t) => new RegExp(`^${name} \\d\\d:\\d\\d:\\d\\d$`).test(t)),
        `the status bar naming ${name}`,
      );
    await statusOf('example\\.heapsnapshot');

    // A second snapshot (the same program, another file): opening it makes it active, visibly.
    const other = inJoin('other.heapsnapshot');
    copyFileSync(snapshot.fsPath, other.fsPath);
    await vscode.commands.executeCommand('vscode.openWith', other, 'retainerLens.retainerExplorer');
    await waitFor(() => insights.active?.snapshot.toString() === other.toString(), 'other.heapsnapshot active');
    await statusOf('other\\.heapsnapshot');
    const cache = await vscode.workspace.openTextDocument(cacheJs());
    await waitFor(
      () =>
        vscode.languages
          .getDiagnostics(cache.uri)
          .some((d) => /confirmed by snapshot other\.heapsnapshot \d\d:\d\d:\d\d:/.test(d.message)),
      'the confirmation from other.heapsnapshot',
    );

    // The picker lists both, the active one first; choosing example.heapsnapshot switches lenses and messages.
    await browser('runCommandFromPalette', {
      title: 'Retainer Lens: Choose the snapshot for lenses and confirmations',
    });
    const items = await waitFor(async () => {
      const rows = await browser<string[]>('quickPickItems');
      return rows.some((r) => r.includes('example.heapsnapshot')) ? rows : undefined;
    }, 'the snapshot picker');
    assert.match(items[0], /other\.heapsnapshot/);
    assert.ok(
      items.some((r) => /example\.heapsnapshot.*taken \d\d:\d\d:\d\d/.test(r)),
      JSON.stringify(items),
    );
    await browser('screenshot', { name: 'active-snapshot-picker' });
    await browser('quickInputAccept', { text: 'example.heapsnapshot' });
    await waitFor(
      () => insights.active?.snapshot.toString() === snapshot.toString(),
      'example.heapsnapshot active again',
    );
    await statusOf('example\\.heapsnapshot');
    await waitFor(
      () =>
        vscode.languages
          .getDiagnostics(cache.uri)
          .some((d) => /confirmed by snapshot example\.heapsnapshot \d\d:\d\d:\d\d:/.test(d.message)),
      'the confirmation from example.heapsnapshot',
    );
    // The other explorer knows it no longer speaks in the editor, and can take over again from its own page.
    await browser('webviewClick', {
      selector: '.rl-status button',
      hasText: 'Use in the editor',
      title: 'other.heapsnapshot',
    });
    await waitFor(
      () => insights.active?.snapshot.toString() === other.toString(),
      'other.heapsnapshot active from its page',
    );
    await browser('webviewWaitFor', {
      selector: '.rl-active-badge',
      hasText: 'In the editor',
      title: 'other.heapsnapshot',
    });
    await browser('screenshot', { name: 'active-snapshot-status-bar' });

    // Closing the active snapshot falls back to the one still open, in the editor and in its explorer.
    const tab = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === other.toString());
    await vscode.window.tabGroups.close(tab!);
    await waitFor(
      () => insights.active?.snapshot.toString() === snapshot.toString(),
      'the fallback to example.heapsnapshot',
    );
    await statusOf('example\\.heapsnapshot');
    await browser('webviewWaitFor', {
      selector: '.rl-active-badge',
      hasText: 'In the editor',
      title: 'example.heapsnapshot',
    });
  });

  test('join: closing the snapshot removes its lenses and confirmations', async function () {
    this.timeout(60_000);
    const { insights } = await api();
    const tab = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === snapshot.toString());
    assert.ok(tab, 'the explorer tab is open');
    await vscode.window.tabGroups.close(tab);
    await waitFor(() => insights.latest === undefined, 'the insight to go away');
    await waitFor(
      async () => !(await browser<string[]>('statusBarItems')).some((t) => /\.heapsnapshot \d\d:\d\d:\d\d$/.test(t)),
      'the status bar item to hide',
    );
    const doc = await vscode.workspace.openTextDocument(cacheJs());
    await waitFor(async () => (await lensesOf(doc.uri)).length === 0, 'the lenses to go away');
    await waitFor(
      () => !vscode.languages.getDiagnostics(doc.uri).some((d) => /confirmed by snapshot/.test(d.message)),
      'the confirmation to go away',
    );
  });
});
