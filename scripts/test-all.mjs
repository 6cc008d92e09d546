#!/usr/bin/env node
// `npm test`: everything, in order — type check, lint, unit tests in plain Node, webview tests in real
// Chromium, editor tests in real VS Code (code-server). Every step runs even when an earlier one failed, so
// one run shows all problems; the exit code is non-zero if any step failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const steps = [
  ['system packages', 'bash', ['scripts/install-system-deps.sh']],
  ['type check', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', 'lint']],
  ['unit tests', process.execPath, ['scripts/run-unit-tests.mjs']],
  ...(existsSync(`${root}test/webview/runWebviewTests.mjs`)
    ? [['webview tests', process.execPath, ['test/webview/runWebviewTests.mjs']]]
    : []),
  ['editor tests', process.execPath, ['test/editor/runEditorTests.mjs']],
];

const results = [];
for (const [name, command, args] of steps) {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  results.push({ name, ok: status === 0, seconds: (Date.now() - started) / 1000 });
  if (name === 'system packages' && status !== 0) break; // nothing after it can run without them
}

console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name.padEnd(16)} ${r.seconds.toFixed(1)}s`);
// The unit and webview runners list their failed tests in files; repeat them here, where a truncated log still
// shows them.
for (const [step, file] of [
  ['unit tests', 'unit-failures.txt'],
  ['webview tests', 'webview-failures.txt'],
]) {
  const path = `${root}test-output/${file}`;
  if (!results.some((r) => r.name === step && !r.ok) || !existsSync(path)) continue;
  const lines = readFileSync(path, 'utf8').trim();
  console.log(`\nfailed ${step}:\n${lines || '(none listed: the runner itself failed; see its output above)'}`);
}
const failed = results.filter((r) => !r.ok).length;
process.exit(failed === 0 && results.length === steps.length ? 0 : 1);
