import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { gitignoreToGlobs } from '../../src/vscode/diagnostics/gitignorePatterns';

test('.gitignore lines become findFiles exclude globs', () => {
  assert.deepEqual(gitignoreToGlobs('# build output\ndist/\n*.min.js\n/generated/api.js\n!keep.js\n\n'), [
    '**/dist',
    '**/dist/**',
    '**/*.min.js',
    '**/*.min.js/**',
    'generated/api.js',
    'generated/api.js/**',
  ]);
});

test('a nested .gitignore only excludes below its own folder', () => {
  assert.deepEqual(gitignoreToGlobs('generated/\n/out\n', 'packages/app'), [
    'packages/app/**/generated',
    'packages/app/**/generated/**',
    'packages/app/out',
    'packages/app/out/**',
  ]);
});
