// Vue and Svelte components in the real editor: diagnostics on the component file's own lines and columns,
// quick fixes that edit the script block at the right place, matching by extension whatever the language,
// and "Scan workspace" including them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RetainerLensApi } from '../../../src/extension';
import { browser, sleep, waitFor } from './bridge';
import { revertAll } from './revert';

const fixture = (name: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'components', name);

async function api(): Promise<RetainerLensApi> {
  return (await vscode.extensions.getExtension('retainer-lens.retainer-lens')!.activate()) as RetainerLensApi;
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Retainer Lens');
}

function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** `rule@line:column` (0-based, as VS Code counts) of every Retainer Lens diagnostic, in order. */
function placed(uri: vscode.Uri): string[] {
  return ours(uri)
    .map((d) => `${ruleOf(d)}@${d.range.start.line}:${d.range.start.character}`)
    .sort();
}

/** Where `code` starts in the document, as the editor counts. */
function positionOf(doc: vscode.TextDocument, code: string): vscode.Position {
  const offset = doc.getText().indexOf(code);
  assert.ok(offset >= 0, `no "${code}" in ${doc.fileName}`);
  return doc.positionAt(offset);
}

async function open(name: string, count: number): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  await vscode.window.showTextDocument(doc);
  await waitFor(() => ours(doc.uri).length === count, `${count} diagnostics in ${name} (have ${placed(doc.uri)})`);
  return doc;
}

async function quickFixes(doc: vscode.TextDocument, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    d.range,
    vscode.CodeActionKind.QuickFix.value,
  );
}

suite('components', () => {
  suiteSetup(async () => {
    await api();
  });

  teardown(async () => {
    await revertAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a .vue file gets diagnostics at the lines and columns of its <script setup>', async () => {
    const doc = await open('Clock.vue', 2);
    assert.equal(doc.languageId, 'vue', 'the contributed vue language, without a Vue extension installed');
    const listener = positionOf(doc, "document.addEventListener('visibilitychange'");
    const interval = positionOf(doc, 'setInterval(');
    assert.deepEqual(placed(doc.uri), [
      `interval-not-cleared@${interval.line}:${interval.character}`,
      `listener-not-removed@${listener.line}:${listener.character}`,
    ]);
    assert.deepEqual([listener.line, interval.line], [19, 20]);
    const d = ours(doc.uri).find((x) => ruleOf(x) === 'listener-not-removed')!;
    assert.match(d.message, /onUnmounted\(\)/);
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(listener.translate(0, 12), listener.translate(0, 12));
    editor.revealRange(d.range, vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(800);
    await browser('screenshot', { name: 'components-vue-diagnostics' });
  });

  test('"Disable for this line" puts the comment inside the script block of a .vue file', async () => {
    const doc = await open('Clock.vue', 2);
    const d = ours(doc.uri).find((x) => ruleOf(x) === 'interval-not-cleared')!;
    const disable = (await quickFixes(doc, d)).find((a) => a.title.startsWith('Disable Retainer Lens'));
    assert.ok(disable?.edit);
    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    assert.equal(doc.lineAt(d.range.start.line).text, '  // retainer-lens-disable-next-line interval-not-cleared');
    await waitFor(() => placed(doc.uri).length === 1, 'the suppressed finding to go away');
    assert.match(placed(doc.uri)[0], /^listener-not-removed@19:2$/);
  });

  test('a .svelte file (CRLF) gets its $effect finding, and the cleanup quick fix lands in the effect', async () => {
    const doc = await open('Size.svelte', 1);
    assert.equal(doc.eol, vscode.EndOfLine.CRLF);
    const at = positionOf(doc, "window.addEventListener('resize'");
    assert.deepEqual(placed(doc.uri), [`listener-not-removed@${at.line}:${at.character}`]);
    assert.deepEqual([at.line, at.character], [7, 4]);
    const [d] = ours(doc.uri);
    const fix = (await quickFixes(doc, d)).find((a) => a.title === 'Return a cleanup that removes this listener');
    assert.ok(fix?.edit, 'no cleanup fix');
    await browser('screenshot', { name: 'components-svelte-diagnostic' });
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(8).text, "    return () => window.removeEventListener('resize', onResize);");
    assert.equal(doc.lineAt(9).text, '  });');
    await waitFor(() => ours(doc.uri).length === 0, 'the fixed finding to go away');
  });

  test('a component is analyzed by its extension whatever language it is given, and a clean one has nothing', async () => {
    const doc = await open('Clock.vue', 2);
    const plain = await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
    await (await api()).diagnostics.controller.analyzeNow(plain);
    assert.equal(ours(plain.uri).length, 2);
    const clean = await vscode.workspace.openTextDocument(fixture('Clean.vue'));
    await vscode.window.showTextDocument(clean);
    await (await api()).diagnostics.controller.analyzeNow(clean);
    assert.deepEqual(placed(clean.uri), []);
  });

  test('"Scan workspace for retention risks" includes .vue and .svelte files', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('retainerLens.scanWorkspace');
    assert.deepEqual(placed(fixture('Clock.vue')), ['interval-not-cleared@20:2', 'listener-not-removed@19:2']);
    assert.deepEqual(placed(fixture('Size.svelte')), ['listener-not-removed@7:4']);
    assert.deepEqual(placed(fixture('Clean.vue')), []);
  });
});
