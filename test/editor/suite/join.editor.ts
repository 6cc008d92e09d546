import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { RetainerLensApi } from '../../../src/extension';
import { browser, waitFor } from './bridge';

const folder = () => vscode.workspace.workspaceFolders![0].uri;
const inJoin = (...parts: string[]) => vscode.Uri.joinPath(folder(), 'join', ...parts);
const cacheJs = () => inJoin('leaky-server', 'src', 'cache.js');

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
    const lenses = await waitFor(async () => {
      const found = await lensesOf(doc.uri);
      return found.length > 0 ? found : undefined;
    }, 'CodeLenses on cache.js', 30_000);
    const titles = lenses.map((l) => `${l.range.start.line + 1}: ${l.command?.title}`);
    // 300 Report objects made by `new Report(id)` at the class's constructor (line 5), each with 200 rows.
    const constructorLens = lenses.find((l) => l.range.start.line === 4);
    assert.ok(constructorLens, `no lens on the Report constructor line; lenses: ${titles.join(' | ')}`);
    assert.match(constructorLens.command!.title, /^retains \d+(\.\d+)? MB · (.+ · )?\d+ objects · snapshot \d\d:\d\d$/);

    // The static unbounded-collection finding on `const reportCache = new Map()` is confirmed and rises to error.
    const confirmed = await waitFor(() => vscode.languages.getDiagnostics(doc.uri)
      .find((d) => ruleOf(d) === 'unbounded-collection' && /confirmed by snapshot/.test(d.message)), 'the confirmed finding', 30_000);
    assert.equal(confirmed.range.start.line, 1);
    assert.equal(confirmed.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(confirmed.relatedInformation?.some((r) => /^Retained via .*reportCache/.test(r.message)), JSON.stringify(confirmed.relatedInformation?.map((r) => r.message)));

    // The clean route keeps nothing: no lens and no confirmation there.
    const clean = await vscode.workspace.openTextDocument(inJoin('leaky-server', 'src', 'clean.js'));
    assert.deepEqual((await lensesOf(clean.uri)).map((l) => l.command?.title), []);
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

  test('join: closing the snapshot removes its lenses and confirmations', async function () {
    this.timeout(60_000);
    const { insights } = await api();
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === snapshot.toString());
    assert.ok(tab, 'the explorer tab is open');
    await vscode.window.tabGroups.close(tab);
    await waitFor(() => insights.latest === undefined, 'the insight to go away');
    const doc = await vscode.workspace.openTextDocument(cacheJs());
    await waitFor(async () => (await lensesOf(doc.uri)).length === 0, 'the lenses to go away');
    await waitFor(() => !vscode.languages.getDiagnostics(doc.uri).some((d) => /confirmed by snapshot/.test(d.message)), 'the confirmation to go away');
  });
});
