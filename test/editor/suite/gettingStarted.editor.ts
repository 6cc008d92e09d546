// The support surfaces a new user meets first, in the real workbench: the Getting Started walkthrough and the rule
// pages that ship with the extension (from the palette and the rules setting's link).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { browser, waitFor } from './bridge';

const EXTENSION = 'retainer-lens.retainer-lens';

const previewTabs = (): string[] =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).filter((l) => /^Preview /.test(l));

suite('getting started (in the browser)', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the walkthrough shows its four steps: scan, capture, find leaks, read a retainer path', async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION}#gettingStarted`, false);
    const steps = await waitFor(async () => {
      const titles = await browser<string[]>('workbenchTexts', { selector: '.getting-started-step .step-title' });
      return titles.length >= 4 ? titles : undefined;
    }, 'the walkthrough steps');
    assert.deepEqual(steps.slice(0, 4), [
      'Scan for retention risks',
      'Capture a heap snapshot',
      'Find leaks',
      'Read a retainer path',
    ]);
    await browser('screenshot', { name: 'walkthrough-getting-started' });
  });

  test('"Show rule documentation" opens the bundled rule page (asked for from the palette, or named)', async function () {
    this.timeout(60_000);
    await browser('runCommandFromPalette', { title: 'Retainer Lens: Show rule documentation' });
    const items = await waitFor(async () => {
      const rows = await browser<string[]>('quickPickItems');
      return rows.some((r) => r.includes('unbounded-collection')) ? rows : undefined;
    }, 'the rules quick pick');
    for (const rule of ['closure-large-scope', 'listener-not-removed', 'interval-not-cleared', 'map-object-key'])
      assert.ok(
        items.some((r) => r.includes(rule)),
        JSON.stringify(items),
      );
    await browser('quickInputAccept', { text: 'unbounded-collection' });
    await waitFor(
      () => previewTabs().some((l) => l.includes('unbounded-collection.md')),
      'the preview of unbounded-collection.md',
      30_000,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The rules setting's link names no rule: the same picker. Code (a diagnostic's "Learn more") names one.
    await vscode.commands.executeCommand('retainerLens.showRuleDocs', 'map-object-key');
    await waitFor(
      () => previewTabs().some((l) => l.includes('map-object-key.md')),
      'the preview of map-object-key.md',
      30_000,
    );
    const setting =
      vscode.extensions.getExtension(EXTENSION)!.packageJSON.contributes.configuration.properties[
        'retainerLens.analyzer.rules'
      ];
    assert.match(setting.markdownDescription, /\(command:retainerLens\.showRuleDocs\)/);
  });
});
