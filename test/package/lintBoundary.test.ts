import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '../..');
const source = "import * as vscode from 'vscode';\nexport const x = vscode;\n";

async function vscodeImportErrors(filePath: string): Promise<number> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(source, { filePath: join(root, filePath) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
}

test('lint forbids importing vscode in the cores and the CLI', async () => {
  for (const core of ['src/heap/x.ts', 'src/analyzer/x.ts', 'src/capture/x.ts', 'src/cli/x.ts', 'src/webview/x.ts']) {
    assert.equal(await vscodeImportErrors(core), 1, `${core} may not import vscode`);
  }
});

test('lint allows importing vscode in the adapters and the wiring', async () => {
  for (const adapter of ['src/vscode/x.ts', 'src/extension.ts']) {
    assert.equal(await vscodeImportErrors(adapter), 0, `${adapter} may import vscode`);
  }
});
