#!/usr/bin/env node
// Runs the mocha suite inside a real VS Code extension host through @vscode/test-electron's standard
// runTests(). Here VS Code is code-server driven by Chromium (our launcher stands in for the executable);
// on a desktop with VS Code available, set VSCODE_EXECUTABLE to run the same suite there instead.
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(new URL('../..', import.meta.url).pathname);
const setup = spawnSync('bash', [join(root, 'scripts/install-editor.sh')], { stdio: 'inherit' });
if (setup.status !== 0) process.exit(setup.status ?? 1);
const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--editor-tests'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// RETAINER_LENS_EDITOR_RUN names a run so that two runs on one machine keep apart (workspace, profile, output).
const run = (process.env.RETAINER_LENS_EDITOR_RUN ?? '').replace(/[^\w-]/g, '');
const suffix = run ? `-${run}` : '';
// Tests edit files in the workspace: give them a fresh copy each run so the fixtures stay untouched.
const workspace = join(root, `.vscode-test/workspace${suffix}`);
rmSync(workspace, { recursive: true, force: true });
mkdirSync(workspace, { recursive: true });
cpSync(join(root, 'test/editor/workspace'), workspace, { recursive: true });
// The join tests run the bundled example app: the same files the demo uses, not a copy kept in the repo.
cpSync(join(root, 'examples/leaky-server'), join(workspace, 'join/leaky-server'), { recursive: true });
// The browser tests debug the leaky page the heap tests capture with Chromium directly.
cpSync(join(root, 'test/heap/fixtures/pages'), join(workspace, 'browser'), { recursive: true });
const outputDir = join(root, `test-output/editor${suffix}`);
rmSync(outputDir, { recursive: true, force: true });
mkdirSync(outputDir, { recursive: true });

const started = Date.now();
try {
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE ?? join(root, 'test/editor/launcher/codeServerLauncher.mjs'),
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out/editor-tests/index.js'),
    launchArgs: [
      workspace,
      `--user-data-dir=${join(root, `.vscode-test/profile${suffix}/user-data`)}`,
      `--extensions-dir=${join(root, `.vscode-test/profile${suffix}/extensions`)}`,
    ],
    extensionTestsEnv: { RETAINER_LENS_TEST_OUTPUT: outputDir, MOCHA_GREP: process.env.MOCHA_GREP ?? '' },
  });
  console.log(`[editor tests] passed in ${((Date.now() - started) / 1000).toFixed(1)}s; screenshots in ${outputDir}`);
  // The README's `npm run demo -- --editor`: the packaged vsix installs into code-server and the workbench answers.
  if (!process.env.MOCHA_GREP) {
    const demo = spawnSync(process.execPath, [join(root, 'scripts/demo.mjs'), '--editor', '--check'], {
      stdio: 'inherit',
    });
    if (demo.status !== 0) throw new Error('npm run demo -- --editor --check failed');
    console.log('[editor tests] demo --editor: the packaged extension installs and the workbench answers');
  }
} catch (error) {
  console.error(`[editor tests] failed: ${error?.message ?? error}`);
  process.exit(1);
}
