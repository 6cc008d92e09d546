// Flat config. The rule that matters most here keeps `vscode` out of the cores: only the adapters in
// src/vscode/ and the wiring in src/extension.ts (and the editor tests that run inside VS Code) may import it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noVscodeImport = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: 'vscode',
          message: 'Only src/vscode/ and src/extension.ts may import vscode: keep the cores editor-free.',
        },
      ],
    },
  ],
};

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
      ...noVscodeImport,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/vscode/**/*.ts', 'src/extension.ts', 'test/editor/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
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
