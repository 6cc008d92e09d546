#!/usr/bin/env node
// Runs every core unit test (test/**/*.test.ts outside test/editor and test/webview) in plain Node with
// node's built-in runner; TypeScript is loaded through tsx. Extra arguments are folders or files to narrow to.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const excluded = new Set(['test/editor', 'test/webview']);

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const rel = relative(root, full);
    if (excluded.has(rel) || name === 'fixtures' || name === 'node_modules') continue;
    if (statSync(full).isDirectory()) collect(full, out);
    else if (name.endsWith('.test.ts')) out.push(rel);
  }
  return out;
}

const args = process.argv.slice(2);
const targets = args.length ? args : ['test'];
const files = targets.flatMap((t) => (statSync(join(root, t)).isDirectory() ? collect(join(root, t), []) : [t])).sort();
if (files.length === 0) {
  console.error('no unit test files found under', targets.join(' '));
  process.exit(1);
}
// Failed tests are also listed in test-output/unit-failures.txt, which `npm test` repeats in its summary.
const failuresFile = join(root, 'test-output', 'unit-failures.txt');
mkdirSync(join(root, 'test-output'), { recursive: true });
writeFileSync(failuresFile, '');
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts/lib/failureReporter.mjs')}`,
    `--test-reporter-destination=${failuresFile}`,
    ...files,
  ],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
