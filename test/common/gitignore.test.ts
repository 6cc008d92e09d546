import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitignoreMatcher } from '../../src/common/gitignore';
import { collectFiles } from '../../src/analyzer/scanFiles';
import { tempDirForProcess as tempDir } from '../support/tempDir';

test('gitignore: globs, anchoring, folders and ! negation, as git reads them', () => {
  const m = new GitignoreMatcher().add('/w', '# build\ndist/\n*.min.js\n!keep.min.js\n/generated/api.js\n');
  assert.equal(m.ignores('/w/dist', true), true);
  assert.equal(m.ignores('/w/dist', false), false, 'dist/ names folders only');
  assert.equal(m.ignores('/w/src/a.min.js', false), true);
  assert.equal(m.ignores('/w/src/keep.min.js', false), false, '! re-includes');
  assert.equal(m.ignores('/w/generated/api.js', false), true);
  assert.equal(m.ignores('/w/src/generated/api.js', false), false, 'a leading / anchors to the folder');
  assert.equal(m.ignoresWithParents('/w/dist/x/y.js'), true, 'inside an ignored folder');
  assert.equal(m.ignores('/elsewhere/a.min.js', false), false, 'rules apply below their folder only');
});

test('gitignore: a nested file overrides an outer one below its own folder', () => {
  const m = new GitignoreMatcher().add('/w', '*.gen.js\n').add('/w/pkg', '!*.gen.js\n');
  assert.equal(m.ignores('/w/a.gen.js', false), true);
  assert.equal(m.ignores('/w/pkg/a.gen.js', false), false);
});

test('gitignore: a long line of ** and * matches without backtracking', () => {
  const line = '**/' + 'a*'.repeat(48) + 'b';
  const m = new GitignoreMatcher().add('/w', line);
  const started = process.hrtime.bigint();
  assert.equal(m.ignores('/w/' + 'a'.repeat(200), false), false);
  // Generous bound: the regex-per-line implementation this replaced took over a minute here.
  assert.ok(Number(process.hrtime.bigint() - started) / 1e9 < 5);
});

test('scan: the same matcher (with negation), and a symlink cycle is walked once', () => {
  const dir = tempDir('scan-');
  mkdirSync(join(dir, 'src/sub'), { recursive: true });
  writeFileSync(join(dir, '.gitignore'), 'gen/\n*.skip.js\n!src/sub/keep.skip.js\n');
  writeFileSync(join(dir, 'src/a.js'), 'x');
  writeFileSync(join(dir, 'src/b.skip.js'), 'x');
  writeFileSync(join(dir, 'src/sub/keep.skip.js'), 'x');
  mkdirSync(join(dir, 'gen'));
  writeFileSync(join(dir, 'gen/c.js'), 'x');
  // Two links back to their parents: a walk without cycle detection never ends.
  symlinkSync('..', join(dir, 'src/sub/up'));
  symlinkSync(dir, join(dir, 'src/root'));
  const files = collectFiles([dir]).map((f) => f.slice(dir.length + 1));
  assert.deepEqual(files.sort(), ['src/a.js', 'src/sub/keep.skip.js']);
});
