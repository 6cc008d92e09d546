#!/usr/bin/env node
// `npm run test:webview`: the retainer explorer in real Chromium (/usr/bin/chromium, never downloaded) with
// the real heap engine worker, on snapshots written by Node during the run. One file at a time (2 cores);
// screenshots land in test-output/webview/. Extra arguments narrow to test files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const here = join(root, 'test/webview');
if (!existsSync('/usr/bin/chromium')) {
  console.error('webview tests need Chromium at /usr/bin/chromium (scripts/install-system-deps.sh installs it)');
  process.exit(1);
}
const args = process.argv.slice(2);
const files = args.length
  ? args
  : readdirSync(here)
      .filter((f) => f.endsWith('.test.ts'))
      .sort()
      .map((f) => relative(root, join(here, f)));
// Failed tests are also listed in test-output/webview-failures.txt, which `npm test` repeats in its summary.
const failuresFile = join(root, 'test-output', 'webview-failures.txt');
mkdirSync(join(root, 'test-output'), { recursive: true });
writeFileSync(failuresFile, '');
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-timeout=300000',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts/lib/failureReporter.mjs')}`,
    `--test-reporter-destination=${failuresFile}`,
    ...files,
  ],
  {
    cwd: root,
    stdio: 'inherit',
    timeout: 20 * 60_000, // a hang guard, not a speed limit: a loaded 2-core machine is slow
    killSignal: 'SIGKILL',
  },
);
if (result.error) console.error(result.error.message);
process.exit(result.status ?? 1);
