import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RetainerLensApi } from '../../../src/extension';
import { browser, sleep, waitFor } from './bridge';
import { revertAll } from './revert';
import { nestedCalls, plusChain } from '../../hostile/sources';

const folder = () => vscode.workspace.workspaceFolders![0].uri;
const fixture = (name: string) => vscode.Uri.joinPath(folder(), 'diagnostics', name);

async function api(): Promise<RetainerLensApi> {
  return (await vscode.extensions.getExtension('retainer-lens.retainer-lens')!.activate()) as RetainerLensApi;
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Retainer Lens');
}

function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Opens a fixture and waits until its diagnostics satisfy `ready`. */
async function openAndWait(
  name: string,
  ready: (ds: vscode.Diagnostic[]) => boolean,
): Promise<{ doc: vscode.TextDocument; diagnostics: vscode.Diagnostic[] }> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  await vscode.window.showTextDocument(doc);
  const diagnostics = await waitFor(() => (ready(ours(doc.uri)) ? ours(doc.uri) : undefined), `diagnostics of ${name}`);
  return { doc, diagnostics };
}

async function setRules(rules: Record<string, string> | undefined): Promise<void> {
  await vscode.workspace
    .getConfiguration('retainerLens')
    .update('analyzer.rules', rules, vscode.ConfigurationTarget.Workspace);
}

suite('diagnostics', () => {
  suiteSetup(async () => {
    await api();
  });

  teardown(async () => {
    await setRules(undefined);
    await revertAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('an interval started in a React effect without cleanup is reported on its line, with a link to the rule page', async () => {
    const { diagnostics } = await openAndWait('clock.jsx', (ds) => ds.length > 0);
    const interval = diagnostics.find((d) => ruleOf(d) === 'interval-not-cleared');
    assert.ok(interval, `no interval-not-cleared among ${diagnostics.map(ruleOf).join(', ')}`);
    assert.equal(interval.range.start.line, 5);
    assert.equal(interval.severity, vscode.DiagnosticSeverity.Warning);
    const code = interval.code as { value: string; target: vscode.Uri };
    assert.match(code.target.path, /\/docs\/rules\/interval-not-cleared\.md$/);
    assert.match(interval.message, /interval/i);
  });

  test('a file with nothing to report gets no diagnostics', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('clean.ts'));
    await vscode.window.showTextDocument(doc);
    await (await api()).diagnostics.controller.analyzeNow(doc);
    assert.deepEqual(
      ours(doc.uri).map((d) => `${ruleOf(d)}:${d.range.start.line}`),
      [],
    );
  });

  test('the Map → WeakMap quick fix leaves no map-object-key finding at that place', async () => {
    const { doc, diagnostics } = await openAndWait('requestTimes.js', (ds) =>
      ds.some((d) => ruleOf(d) === 'map-object-key'),
    );
    const finding = diagnostics.find((d) => ruleOf(d) === 'map-object-key')!;
    assert.equal(finding.range.start.line, 1);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      finding.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Disable Retainer Lens map-object-key for this line'), titles.join(' | '));
    assert.ok(titles.includes('Learn more about map-object-key'), titles.join(' | '));
    const fix = actions.find((a) => /WeakMap/.test(a.title));
    assert.ok(fix?.edit, `no WeakMap fix among: ${titles.join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.lineAt(1).text, /new WeakMap\(\)/);
    await waitFor(
      () => !ours(doc.uri).some((d) => ruleOf(d) === 'map-object-key' && d.range.start.line === 1),
      'the finding to go away',
    );
    await revertAll();
  });

  test('the closure-large-scope quick fixes release the large value, as the golden output says', async () => {
    const { doc, diagnostics } = await openAndWait('upload.js', (ds) =>
      ds.some((d) => ruleOf(d) === 'closure-large-scope'),
    );
    const finding = diagnostics.find((d) => ruleOf(d) === 'closure-large-scope')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      finding.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles.slice(0, 2), [
      "Release 'payload' after its last use (set it to null)",
      "Move 'payload' into checksum (the only function that uses it)",
    ]);
    assert.ok(actions[0].isPreferred, 'the release is the preferred fix');
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
    // The same text the analyzer's golden test pins (its first line names the fix).
    const golden = readFileSync(
      join(
        vscode.extensions.getExtension('retainer-lens.retainer-lens')!.extensionPath,
        'test/analyzer/quickfixes/fixtures/closure-large-scope/shared-context-return.fixed1.js',
      ),
      'utf8',
    );
    assert.equal(doc.getText(), golden.slice(golden.indexOf('\n') + 1));
    await waitFor(
      () => !ours(doc.uri).some((d) => ruleOf(d) === 'closure-large-scope'),
      'the closure-large-scope finding to go away',
    );
    await revertAll();
  });

  test('"Disable Retainer Lens for this line" inserts the suppression comment and the finding goes away', async () => {
    const { doc, diagnostics } = await openAndWait('clock.jsx', (ds) =>
      ds.some((d) => ruleOf(d) === 'interval-not-cleared'),
    );
    const finding = diagnostics.find((d) => ruleOf(d) === 'interval-not-cleared')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      finding.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const disable = actions.find((a) => a.title.startsWith('Disable Retainer Lens interval-not-cleared'));
    assert.ok(disable?.edit);
    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    assert.equal(doc.lineAt(5).text, '    // retainer-lens-disable-next-line interval-not-cleared');
    await waitFor(
      () => !ours(doc.uri).some((d) => ruleOf(d) === 'interval-not-cleared'),
      'the suppressed finding to go away',
    );
    await revertAll();
  });

  test('diagnostics follow the per-rule severity setting without a reload', async () => {
    const { doc } = await openAndWait('clock.jsx', (ds) => ds.some((d) => ruleOf(d) === 'interval-not-cleared'));
    await setRules({ 'interval-not-cleared': 'error' });
    await waitFor(
      () =>
        ours(doc.uri).find(
          (d) => ruleOf(d) === 'interval-not-cleared' && d.severity === vscode.DiagnosticSeverity.Error,
        ),
      'severity error',
    );
    await setRules({ 'interval-not-cleared': 'off' });
    await waitFor(() => !ours(doc.uri).some((d) => ruleOf(d) === 'interval-not-cleared'), 'the rule to be turned off');
  });

  test('an edit updates the diagnostics and a stale result never wins', async () => {
    const { doc } = await openAndWait('requestTimes.js', (ds) => ds.some((d) => ruleOf(d) === 'map-object-key'));
    const editor = await vscode.window.showTextDocument(doc);
    // Two quick edits: the first one's analysis may finish after the second edit; only the final text counts.
    await editor.edit((b) => b.replace(doc.lineAt(1).range, 'const requestStart = new Map(); // first'));
    await editor.edit((b) => b.replace(doc.lineAt(1).range, 'const requestStart = new WeakMap();'));
    await waitFor(() => !ours(doc.uri).some((d) => ruleOf(d) === 'map-object-key'), 'diagnostics for the latest text');
    await revertAll();
  });

  test('deeply nested valid code is analyzed (on a larger stack), not left without diagnostics', async () => {
    // Generated at run time: 20,000 nested calls overflow the analyzer worker's own 4 MB stack (about 4,000
    // levels); the leak planted after them must still be found.
    const uri = vscode.Uri.joinPath(folder(), 'deep', 'deep.js');
    const planted = [
      'export function mount(el) {',
      '  const history = new Array(1000000).fill(0);',
      '  const summary = () => history.length;',
      "  setInterval(() => el.send('ping'), 5000);",
      '  return summary;',
      '}',
    ].join('\n');
    const text = [plusChain(3000), nestedCalls(20_000), planted, ''].join('\n');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    const doc = await vscode.workspace.openTextDocument(uri);
    try {
      await vscode.window.showTextDocument(doc);
      const diagnostics = await waitFor(
        () => (ours(uri).length >= 2 ? ours(uri) : undefined),
        'diagnostics of the deeply nested file',
        90_000,
      );
      assert.deepEqual(diagnostics.map(ruleOf).sort(), ['closure-large-scope', 'interval-not-cleared']);
    } finally {
      // VS Code keeps a closed document for a while, and every setting or snapshot change re-analyzes all it
      // keeps: leave a trivial one behind, not 20,000 levels of nesting.
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), 'export {};\n');
      await vscode.workspace.applyEdit(edit);
      await doc.save();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), 'deep'), { recursive: true });
    }
  });

  test('"Scan workspace for retention risks" fills the Problems panel, skipping node_modules and .gitignore', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('retainerLens.scanWorkspace');
    const scanned = (name: string) => ours(fixture(name)).map(ruleOf);
    assert.ok(scanned('requestTimes.js').includes('map-object-key'));
    assert.ok(scanned('clock.jsx').includes('interval-not-cleared'));
    assert.deepEqual(scanned('node_modules/some-lib/index.js'), []);
    assert.deepEqual(scanned('generated/requests.js'), []);
  });

  test('"Scan workspace" runs the workspace pass: a field of an instance another module keeps is long-lived', async () => {
    // pool.js alone is an ordinary class (its analysis as you type says nothing); global.js makes the instance
    // at load and keeps it, which only the scan's workspace pass sees.
    const dir = vscode.Uri.joinPath(folder(), 'wspass');
    const fixtures = join(
      vscode.extensions.getExtension('retainer-lens.retainer-lens')!.extensionPath,
      'test/analyzer/workspace/fixtures/load-time-instance/leak/src',
    );
    const source = (name: string) => readFileSync(join(fixtures, name));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'pool.js'), source('pool.js'));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'global.js'), source('global.js'));
    try {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('retainerLens.scanWorkspace');
      const pool = ours(vscode.Uri.joinPath(dir, 'pool.js'));
      assert.deepEqual(
        pool.map((d) => [ruleOf(d), d.range.start.line + 1]),
        [['unbounded-collection', 7]],
      );
      assert.match(pool[0].message, /ConnectionPool instance made at load by wspass\/global\.js:5/);
      // Edited in an editor, pool.js keeps the scan's facts: the finding moves with its line instead of vanishing.
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(dir, 'pool.js'));
      await vscode.window.showTextDocument(doc);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), '// edited before the next scan\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const edited = await waitFor(() => {
        const ds = ours(doc.uri);
        return ds.some((d) => d.range.start.line + 1 === 8) ? ds : undefined;
      }, 'the finding on its new line after the edit');
      assert.deepEqual(
        edited.map((d) => [ruleOf(d), d.range.start.line + 1]),
        [['unbounded-collection', 8]],
      );
    } finally {
      await revertAll();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(dir, { recursive: true });
    }
  });

  test("workspace results stay when a scanned file's editor closes (until the next scan or an edit)", async function () {
    this.timeout(120_000);
    const { controller } = (await api()).diagnostics;
    await vscode.commands.executeCommand('retainerLens.scanWorkspace');
    const file = fixture('scanned/socketTimes.js');
    assert.ok(
      ours(file).some((d) => ruleOf(d) === 'map-object-key'),
      'the scan reported socketTimes.js',
    );
    // Open the file in an editor (Go to File, as a person would) and close it: the document closes, the result stays.
    const closed = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.toString() === file.toString()) {
          sub.dispose();
          resolve();
        }
      });
    });
    await browser('quickOpen', { name: 'socketTimes.js' });
    await waitFor(
      () => vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === file.fsPath),
      'socketTimes.js open',
    );
    await waitFor(() => ours(file).length > 0, 'the live diagnostics');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await Promise.race([closed, sleep(60_000).then(() => Promise.reject(new Error('the document never closed')))]);
    // Its text on disk is analyzed again (the closed editor may have discarded edits); nothing disappears meanwhile.
    await new Promise<void>((resolve) => {
      const sub = controller.onDidPublish((uri) => {
        if (uri.toString() === file.toString()) {
          sub.dispose();
          resolve();
        }
      });
      setTimeout(resolve, 5_000);
    });
    assert.deepEqual(
      ours(file).map((d) => `${ruleOf(d)}:${d.range.start.line}`),
      ['map-object-key:2'],
    );
    await sleep(1_000);
    assert.deepEqual(
      ours(file).map((d) => `${ruleOf(d)}:${d.range.start.line}`),
      ['map-object-key:2'],
    );
    // An edit on disk while closed: the result follows the file.
    const original = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    try {
      await vscode.workspace.fs.writeFile(
        file,
        new TextEncoder().encode(original.replace('new Map()', 'new WeakMap()')),
      );
      await waitFor(
        () => !ours(file).some((d) => ruleOf(d) === 'map-object-key'),
        'the result to follow the edit on disk',
      );
    } finally {
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(original));
    }
    await waitFor(() => ours(file).some((d) => ruleOf(d) === 'map-object-key'), 'the result to follow the file back');
  });
});
