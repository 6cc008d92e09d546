import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORY, Commands, commandTitles, RETAINER_EXPLORER_VIEW_TYPE } from '../../src/vscode/contributions';
import { version } from '../../src/version';
import { DEFAULT_INACTIVITY_TIMEOUT_MS } from '../../src/capture/captureSnapshot';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));

test('package.json names the extension and stays within VS Code 1.100', () => {
  assert.equal(manifest.name, 'retainer-lens');
  assert.equal(manifest.displayName, 'Retainer Lens');
  assert.equal(manifest.version, version, 'src/version.ts must match package.json');
  const [, major, minor] = /^\^?(\d+)\.(\d+)/.exec(manifest.engines.vscode) ?? [];
  assert.ok(
    Number(major) === 1 && Number(minor) <= 100,
    `engines.vscode ${manifest.engines.vscode} is newer than 1.100`,
  );
  assert.equal(manifest.bin['retainer-lens'], './dist/cli.js');
  assert.equal(manifest.main, './dist/extension.js');
});

test('the commands in code and in package.json are the same, each titled in the Retainer Lens category', () => {
  const contributed = manifest.contributes.commands as { command: string; title: string; category: string }[];
  assert.deepEqual(contributed.map((c) => c.command).sort(), Object.values(Commands).sort());
  for (const c of contributed) {
    assert.equal(c.category, CATEGORY);
    assert.equal(c.title, commandTitles[c.command as keyof typeof commandTitles]);
  }
  assert.equal(commandTitles[Commands.captureHeapSnapshot], 'Capture heap snapshot');
  assert.equal(Commands.captureHeapSnapshot, 'retainerLens.captureHeapSnapshot');
});

test('the retainer explorer is an optional editor for *.heapsnapshot', () => {
  const [editor] = manifest.contributes.customEditors;
  assert.equal(editor.viewType, RETAINER_EXPLORER_VIEW_TYPE);
  assert.equal(editor.priority, 'option');
  assert.deepEqual(editor.selector, [{ filenamePattern: '*.heapsnapshot' }]);
  assert.ok(manifest.activationEvents.includes(`onCustomEditor:${RETAINER_EXPLORER_VIEW_TYPE}`));
});

test('every setting has a description, a type and a default', () => {
  const properties = manifest.contributes.configuration.properties as Record<string, Record<string, unknown>>;
  for (const [key, schema] of Object.entries(properties)) {
    assert.ok(key.startsWith('retainerLens.'), `${key} is outside the retainerLens namespace`);
    assert.ok(typeof (schema.markdownDescription ?? schema.description) === 'string', `${key} has no description`);
    assert.ok('default' in schema, `${key} has no default`);
    assert.ok(schema.type, `${key} has no type`);
  }
});

test('the inactivity timeout setting defaults to what the capture client defaults to', () => {
  const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
  assert.equal(
    properties['retainerLens.capture.inactivityTimeoutSeconds'].default,
    DEFAULT_INACTIVITY_TIMEOUT_MS / 1000,
  );
});
