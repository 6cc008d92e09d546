// Flat config. Two rules carry the architecture (ARCHITECTURE.md, README "Layout"):
// - the folder order: each folder of src/ imports only from the folders below it (FOLDERS lists who may import
//   what; test/package/lintBoundary.test.ts checks every pair), the webview only *types* from explorer/service;
// - `vscode` only in src/vscode/ and src/extension.ts (and the editor tests that run inside VS Code).
// Type-aware rules (floating and misused promises) run on src/ only, to keep `npm run lint` fast.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Each folder of src/ and the folders it may import from (common is everyone's; vscode imports everything). */
export const FOLDERS = {
  common: [],
  analyzer: ['common'],
  heap: ['common'],
  capture: ['common'],
  watch: ['common', 'capture'],
  join: ['common', 'analyzer', 'heap'],
  service: ['common', 'analyzer', 'heap', 'capture', 'join'],
  gate: ['common', 'heap', 'capture', 'join', 'service'],
  explorer: ['common', 'service'],
  webview: ['common', 'explorer (types)', 'service (types)', 'watch (types)'],
  'eslint-plugin': ['common', 'analyzer'],
  cli: ['common', 'analyzer', 'heap', 'capture', 'join', 'service', 'gate'],
  vscode: ['common', 'analyzer', 'heap', 'capture', 'watch', 'join', 'service', 'gate', 'explorer'],
};
const ALL = Object.keys(FOLDERS);

const VSCODE = {
  name: 'vscode',
  message: 'Only src/vscode/ and src/extension.ts may import vscode: keep the cores editor-free.',
};

/** The import rule for files in `folder`: every folder it may not import, as a pattern on the import path. */
function importRule(folder) {
  const allowed = FOLDERS[folder];
  const patterns = [];
  for (const other of ALL) {
    if (other === folder || allowed.includes(other)) continue;
    const typesOnly = allowed.includes(`${other} (types)`);
    patterns.push({
      group: [`**/${other}/**`, `**/${other}`],
      allowTypeImports: typesOnly,
      message: typesOnly
        ? `src/${folder}/ may import only types from src/${other}/ (folder order: see eslint.config.mjs FOLDERS).`
        : `src/${folder}/ may not import src/${other}/: it may import ${allowed.join(', ') || 'nothing of src/'} (folder order: see eslint.config.mjs FOLDERS).`,
    });
  }
  patterns.push({ group: ['**/extension', '**/extension.ts'], message: 'Nothing imports the extension wiring.' });
  if (folder === 'webview')
    patterns.push({ group: ['node:*'], message: 'The webview runs in a browser: no Node modules.' });
  return {
    '@typescript-eslint/no-restricted-imports': ['error', { paths: folder === 'vscode' ? [] : [VSCODE], patterns }],
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-vsix/**',
      'out/**',
      'node_modules/**',
      '.vscode-test/**',
      'test-output/**',
      '.bench-cache/**',
      '**/fixtures/**',
      'test/analyzer/eval/**',
      'eval/realworld/.cache/**',
      'examples/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.webview.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [VSCODE] }],
    },
  },
  ...ALL.map((folder) => ({ files: [`src/${folder}/**/*.ts`], rules: importRule(folder) })),
  {
    files: ['src/extension.ts', 'test/editor/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', '__dirname', '__filename', 'setImmediate', 'global'].map((name) => ({
          name,
          message: 'The webview runs in a browser: no Node globals.',
        })),
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [VSCODE] }] },
  },
  {
    files: ['test/editor/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Code here also runs callbacks inside the browser page (Playwright's evaluate).
    files: ['test/editor/launcher/**', 'test/webview/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
