// `retainer-lens/test` as a user installs it: the package's bundle (built into a temporary project's
// node_modules, with its package.json `exports`) imported by real test files under Vitest and Mocha. The
// leaking scenario fails with the leak named; Vitest's clean twin passes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirForProcess } from '../support/tempDir';
import { freshEnv } from './helpers';

const root = join(__dirname, '../..');

function installPackage(project: string): void {
  const pkg = join(project, 'node_modules/retainer-lens');
  const build = spawnSync(
    process.execPath,
    [join(root, 'scripts/build.mjs'), '--only', 'test,heapHelper', '--outdir', join(pkg, 'dist')],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(build.status, 0, build.stderr);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: manifest.name, exports: manifest.exports }));
  for (const runner of ['vitest', 'mocha'])
    symlinkSync(join(root, 'node_modules', runner), join(project, 'node_modules', runner), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'gate-user', private: true }));
}

function run(project: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, args, {
    cwd: project,
    env: { ...freshEnv(), NO_COLOR: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 280_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

test(
  'retainer-lens/test under Vitest and Mocha: leaks fail with their name and line, a clean twin passes',
  { timeout: 600_000 },
  () => {
    const project = tempDirForProcess('retainer-lens-gate-runners-');
    mkdirSync(join(project, 'node_modules/retainer-lens/dist'), { recursive: true });
    installPackage(project);
    copyFileSync(join(__dirname, 'fixtures/vitest/gate.test.mjs'), join(project, 'gate.test.mjs'));
    copyFileSync(join(__dirname, 'fixtures/mocha/gate.spec.mjs'), join(project, 'gate.spec.mjs'));

    const vitest = run(project, [
      join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--root',
      project,
      'gate.test.mjs',
    ]);
    assert.equal(vitest.status, 0, vitest.output);
    assert.match(vitest.output, /Tests\s+2 passed/, vitest.output);

    const mocha = run(project, [join(root, 'node_modules/mocha/bin/mocha.js'), 'gate.spec.mjs']);
    assert.equal(mocha.status, 0, mocha.output);
    assert.match(mocha.output, /1 passing/, mocha.output);
  },
);
