import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { RetainerLensApi } from '../../../src/extension';
import { browser, sleep, waitFor } from './bridge';

const folder = () => vscode.workspace.workspaceFolders![0].uri;
const inJoin = (...parts: string[]) => vscode.Uri.joinPath(folder(), 'join', ...parts);
const cacheJs = () => inJoin('leaky-server', 'src', 'cache.js');
const uploadsJs = () => inJoin('leaky-server', 'src', 'uploads.js');

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

  test('join: opening the snapshot puts a CodeLens on the line that made the leaking objects, and confirms the finding', async function () {
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
    // 300 Report objects made by `new Report(id)` at the class's constructor (line 5), each with 200 rows.
    const constructorLens = lenses.find((l) => l.range.start.line === 4);
    assert.ok(constructorLens, `no lens on the Report constructor line; lenses: ${titles.join(' | ')}`);
    assert.match(constructorLens.command!.title, /^retains \d+(\.\d+)? MB · (.+ · )?\d+ objects · snapshot \d\d:\d\d$/);

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
    await browser('screenshot', { name: 'join-codelens' });
  });

  test('join: clicking the CodeLens opens the retainer explorer on those objects', async function () {
    this.timeout(120_000);
    const doc = await vscode.workspace.openTextDocument(cacheJs());
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const lens = (await lensesOf(doc.uri)).find((l) => l.range.start.line === 4)!;
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    await browser('webviewWaitFor', { selector: '.rl-status', hasText: 'the largest of 30', timeoutMs: 30_000 });
    await browser('webviewWaitFor', { selector: '.rl-details', hasText: 'Report', timeoutMs: 30_000 });
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
      /confirmed by snapshot \d\d:\d\d: 3 closures, 3\.\d\d MB retained; 'payload' \(Buffer, 3\.\d\d MB\) is a dead context variable: kept alive only by this context, used only by checksum\.$/,
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

    // The explorer replaced uploads.js in its group; the link opens it beside, at the finding's range.
    assert.ok(
      !vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === uploadsJs().fsPath),
      'uploads.js is behind the explorer',
    );
    await browser('webviewClick', {
      selector: '.rl-marks-line button',
      hasText: 'Open join/leaky-server/src/uploads.js:7',
    });
    const editor = await waitFor(
      () =>
        vscode.window.visibleTextEditors.find(
          (e) => e.document.uri.fsPath === uploadsJs().fsPath && e.selection.start.line === 6,
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

  test('join: closing the snapshot removes its lenses and confirmations', async function () {
    this.timeout(60_000);
    const { insights } = await api();
    const tab = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === snapshot.toString());
    assert.ok(tab, 'the explorer tab is open');
    await vscode.window.tabGroups.close(tab);
    await waitFor(() => insights.latest === undefined, 'the insight to go away');
    const doc = await vscode.workspace.openTextDocument(cacheJs());
    await waitFor(async () => (await lensesOf(doc.uri)).length === 0, 'the lenses to go away');
    await waitFor(
      () => !vscode.languages.getDiagnostics(doc.uri).some((d) => /confirmed by snapshot/.test(d.message)),
      'the confirmation to go away',
    );
  });
});
