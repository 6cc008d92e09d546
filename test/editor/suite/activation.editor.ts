import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const extensionId = 'retainer-lens.retainer-lens';

suite('activation', () => {
  test('the extension is installed from the development path and activates', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not installed`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('every contributed command is registered, with a title in the Retainer Lens category', async () => {
    const extension = vscode.extensions.getExtension(extensionId)!;
    const manifest = JSON.parse(readFileSync(join(extension.extensionPath, 'package.json'), 'utf8'));
    const contributed: { command: string; category: string }[] = manifest.contributes.commands;
    assert.ok(contributed.length >= 5);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command, category } of contributed) {
      assert.equal(category, 'Retainer Lens');
      assert.ok(registered.has(command), `${command} is contributed but not registered`);
    }
  });
});
