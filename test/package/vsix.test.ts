import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { zipEntries } from './zipEntries';

const root = join(__dirname, '../..');

test(
  'npm run package makes a vsix that ships only the bundles, media, docs and the readme files',
  { timeout: 300_000 },
  () => {
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
      // The Getting Started walkthrough's pages: without them its steps show nothing.
      'extension/media/walkthrough/scan.md',
      'extension/dist/extension.js',
      'extension/dist/cli.js',
      'extension/dist/codicon.css',
      'extension/dist/codicon.ttf',
      'extension/dist/heapWorker.js',
      // Without it the heap engine still works, on one core: its absence would go unnoticed elsewhere.
      'extension/dist/heapHelper.js',
      // Leak Watch's Memory view.
      'extension/dist/watchView.js',
      'extension/media/watch.css',
    ];
    for (const file of required)
      assert.ok(files.includes(file), `${file} is missing from the vsix: ${files.join(', ')}`);

    const allowed =
      /^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt|media\/(walkthrough\/)?[^/]+|docs\/rules\/[\w-]+\.md|dist\/[\w-]+\.(js|css)|dist\/codicon(\.ttf|-LICENSE\.txt)))$/;
    const unexpected = files.filter((f) => !allowed.test(f));
    assert.deepEqual(unexpected, [], 'the vsix ships files outside the whitelist');
    assert.ok(!files.some((f) => f.endsWith('.map')), 'source maps must not ship');
  },
);

test('the bundled ESLint plugin (retainer-lens/eslint-plugin) reports findings through its recommended config', async () => {
  // Runs after the packaging test above in this file, so dist/ holds the release build.
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const pluginPath = join(root, manifest.exports['./eslint-plugin']);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const plugin = require(pluginPath);
  assert.deepEqual(Object.keys(plugin.rules).sort(), [
    'closure-large-scope',
    'global-leak',
    'interval-not-cleared',
    'listener-not-removed',
    'map-object-key',
    'unbounded-collection',
  ]);
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.js'], ...plugin.configs.recommended }],
  });
  const file = join(root, 'examples/leaky-server/src/cache.js');
  const [result] = await eslint.lintText(readFileSync(file, 'utf8'), { filePath: file });
  assert.deepEqual(
    result.messages.map((m) => `${m.ruleId}:${m.line}`),
    ['retainer-lens/unbounded-collection:2'],
  );
});
