#!/usr/bin/env node
// npm run bench:editor — edit → diagnostics latency for a 2,000-line file in the real editor (code-server), and
// in the same run the reference: analyze() alone in plain Node on the same text and edits. Prints both and ratios.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reference = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/lib/analyzerReference.ts')], {
  cwd: root,
  encoding: 'utf8',
});
if (reference.status !== 0) {
  process.stderr.write(reference.stderr);
  process.exit(1);
}
const ref = JSON.parse(reference.stdout.trim().split('\n').pop());
const { status } = spawnSync(process.execPath, ['test/editor/runEditorTests.mjs'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, RETAINER_LENS_BENCH: '1', MOCHA_GREP: 'bench: edit', RETAINER_LENS_EDITOR_RUN: 'bench' },
});
if (status !== 0) process.exit(status ?? 1);
const editor = JSON.parse(readFileSync(join(root, 'test-output/editor-bench/bench-edit-latency.json'), 'utf8'));
const ms = (v) => `${v.toFixed(1)} ms`;
console.log('\nedit → diagnostics, 2,000-line file (median / p95)');
console.log(`  reference: analyze() in plain Node      ${ms(ref.median)} / ${ms(ref.p95)}`);
for (const [name, r] of Object.entries(editor)) {
  console.log(
    `  editor, ${name.padEnd(16)}            ${ms(r.median)} / ${ms(r.p95)}   (${(r.median / ref.median).toFixed(2)}× / ${(r.p95 / ref.p95).toFixed(2)}× the reference)`,
  );
}
