// `npm run lint` proves the layout: a wrong-way import between any two folders of src/ fails (every pair,
// from eslint.config.mjs's FOLDERS table), the webview takes only types from explorer/service, `vscode`
// stays in the adapters, a floating promise in src/ fails, and so does unformatted code.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import * as prettier from 'prettier';

const root = join(__dirname, '../..');

interface Config {
  FOLDERS: Record<string, string[]>;
}

/** Import rules need no type information: lint text without the (slow) type-aware program. */
function importLinter(): ESLint {
  return new ESLint({
    cwd: root,
    overrideConfig: {
      files: ['src/**/*.ts'],
      languageOptions: { parserOptions: { project: null, projectService: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
}

async function importErrors(eslint: ESLint, from: string, source: string): Promise<number> {
  const [result] = await eslint.lintText(source, { filePath: join(root, from) });
  const fatal = result.messages.find((m) => m.fatal);
  assert.equal(fatal, undefined, fatal?.message);
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').length;
}

const fileIn = (folder: string): string => `src/${folder}/x.ts`;

test('lint: an import between two folders of src/ passes exactly when the folder order allows it (every pair)', async () => {
  const { FOLDERS } = (await import(join(root, 'eslint.config.mjs'))) as Config;
  const folders = Object.keys(FOLDERS);
  assert.ok(folders.length >= 11, folders.join(', '));
  const eslint = importLinter();
  const wrong: string[] = [];
  for (const from of folders) {
    for (const to of folders) {
      if (from === to) continue;
      const allowed = FOLDERS[from].includes(to);
      const value = `import { thing } from '../${to}/thing';\nexport const x = thing;\n`;
      const errors = await importErrors(eslint, fileIn(from), value);
      if (errors !== (allowed ? 0 : 1)) wrong.push(`${from} → ${to}: ${errors} errors, expected ${allowed ? 0 : 1}`);
      if (FOLDERS[from].includes(`${to} (types)`)) {
        const typeOnly = `import type { Thing } from '../${to}/thing';\nexport type X = Thing;\n`;
        if ((await importErrors(eslint, fileIn(from), typeOnly)) !== 0) wrong.push(`${from} → ${to} (types)`);
      }
    }
    // Nothing imports the wiring.
    if ((await importErrors(eslint, fileIn(from), "import { x } from '../extension';\nexport const y = x;\n")) !== 1)
      wrong.push(`${from} → extension.ts`);
  }
  assert.deepEqual(wrong, []);
});

test('lint: the order is a strict layering (no two folders may import each other)', async () => {
  const { FOLDERS } = (await import(join(root, 'eslint.config.mjs'))) as Config;
  const base = (d: string): string => d.replace(' (types)', '');
  for (const [from, deps] of Object.entries(FOLDERS))
    for (const to of deps.map(base)) assert.ok(!FOLDERS[to].map(base).includes(from), `${from} ⇄ ${to}`);
  assert.deepEqual(FOLDERS.common, []);
  assert.deepEqual(FOLDERS.heap, ['common']);
});

test('lint forbids importing vscode in the cores, the service, the explorer, the webview and the CLI', async () => {
  const eslint = importLinter();
  const source = "import * as vscode from 'vscode';\nexport const x = vscode;\n";
  for (const folder of ['common', 'heap', 'analyzer', 'capture', 'join', 'service', 'explorer', 'cli', 'webview'])
    assert.ok((await importErrors(eslint, `src/${folder}/x.ts`, source)) >= 1, `${folder} may not import vscode`);
  for (const adapter of ['src/vscode/x.ts', 'src/extension.ts'])
    assert.equal(await importErrors(eslint, adapter, source), 0, `${adapter} may import vscode`);
});

test('lint keeps Node out of the webview', async () => {
  const eslint = importLinter();
  assert.equal(
    await importErrors(
      eslint,
      'src/webview/x.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    ),
    1,
  );
  const [result] = await eslint.lintText('export const cwd = process.cwd();\n', {
    filePath: join(root, 'src/webview/x.ts'),
  });
  assert.equal(result.messages.filter((m) => m.ruleId === 'no-restricted-globals').length, 1);
});

test('lint fails on a floating promise in src/ (type-aware)', { timeout: 120_000 }, async () => {
  // A real file: the type-aware rules see only files of the tsconfig programs.
  const file = join(root, 'src/heap/lintProbeFloating.ts');
  writeFileSync(
    file,
    'export async function load(): Promise<void> {}\nexport function start(): void {\n  load();\n}\n',
  );
  try {
    const [result] = await new ESLint({ cwd: root }).lintFiles([file]);
    assert.deepEqual(
      result.messages.map((m) => m.ruleId),
      ['@typescript-eslint/no-floating-promises'],
    );
  } finally {
    rmSync(file, { force: true });
  }
});

test('lint fails on unformatted code (prettier --check with the project settings)', async () => {
  const file = join(root, 'src/heap/x.ts');
  const options = { ...(await prettier.resolveConfig(file)), filepath: file };
  assert.equal(await prettier.check('export const x = {a:1,\n  b:2}\n', options), false);
  assert.equal(await prettier.check('export const x = { a: 1, b: 2 };\n', options), true);
  assert.match((await import(join(root, 'package.json'))).scripts.lint, /eslint \. && prettier --check \./);
});
