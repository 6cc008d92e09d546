#!/usr/bin/env node
// npm run bench:editor — edit → diagnostics latency for a 2,000-line file in the real editor (code-server).
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const { status } = spawnSync(process.execPath, ['test/editor/runEditorTests.mjs'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, RETAINER_LENS_BENCH: '1', MOCHA_GREP: 'bench:', RETAINER_LENS_EDITOR_RUN: 'bench' },
});
process.exit(status ?? 1);
