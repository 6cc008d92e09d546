import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { zipEntries } from './zipEntries';

const root = join(__dirname, '../..');

test('npm run package makes a vsix that ships only the bundles, media, docs and the readme files', { timeout: 300_000 }, () => {
  const result = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, `npm run package failed:\n${result.stdout}\n${result.stderr}`);
  const vsix = join(root, 'dist-vsix/retainer-lens.vsix');
  assert.ok(existsSync(vsix));
  const files = zipEntries(vsix).filter((f) => !f.endsWith('/'));

  const required = [
    'extension.vsixmanifest',
    '[Content_Types].xml',
    'extension/package.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    'extension/media/icon.png',
    'extension/dist/extension.js',
    'extension/dist/cli.js',
  ];
  for (const file of required) assert.ok(files.includes(file), `${file} is missing from the vsix: ${files.join(', ')}`);

  const allowed = /^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt|media\/[^/]+|docs\/rules\/[\w-]+\.md|dist\/[\w-]+\.(js|css)))$/;
  const unexpected = files.filter((f) => !allowed.test(f));
  assert.deepEqual(unexpected, [], 'the vsix ships files outside the whitelist');
  assert.ok(!files.some((f) => f.endsWith('.map')), 'source maps must not ship');
});
