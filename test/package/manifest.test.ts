import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ANALYZED_LANGUAGES,
  CATEGORY,
  COMPONENT_EXTENSIONS,
  Commands,
  commandTitles,
  RETAINER_EXPLORER_VIEW_TYPE,
  HEAP_PROFILE_VIEW_TYPE,
  SETTING_DEFAULTS,
  SETTINGS_SECTION,
} from '../../src/vscode/contributions';
import { REPOSITORY_URL } from '../../src/common/project';
import { RULES, ruleDocUrl } from '../../src/analyzer/rules';
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

test('the retainer explorer is an optional editor for *.heapsnapshot and *.heaptimeline, the heap profile one for *.heapprofile', () => {
  const [editor, profile] = manifest.contributes.customEditors;
  assert.equal(editor.viewType, RETAINER_EXPLORER_VIEW_TYPE);
  assert.equal(editor.priority, 'option');
  assert.deepEqual(editor.selector, [{ filenamePattern: '*.heapsnapshot' }, { filenamePattern: '*.heaptimeline' }]);
  assert.ok(manifest.activationEvents.includes(`onCustomEditor:${RETAINER_EXPLORER_VIEW_TYPE}`));
  assert.equal(profile.viewType, HEAP_PROFILE_VIEW_TYPE);
  assert.equal(profile.priority, 'option');
  assert.deepEqual(profile.selector, [{ filenamePattern: '*.heapprofile' }]);
  assert.ok(manifest.activationEvents.includes(`onCustomEditor:${HEAP_PROFILE_VIEW_TYPE}`));
});

test('every analyzed language activates the extension; vue and svelte are contributed with their extensions', () => {
  for (const language of ANALYZED_LANGUAGES)
    assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), `no onLanguage:${language}`);
  const contributed = manifest.contributes.languages as { id: string; extensions: string[] }[];
  for (const ext of COMPONENT_EXTENSIONS) {
    const language = contributed.find((l) => l.extensions.includes(ext));
    assert.ok(language && ANALYZED_LANGUAGES.includes(language.id), `${ext} has no analyzed language`);
  }
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

test('every setting in package.json is in the typed table, with the same default (and nothing else is)', () => {
  const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
  const prefix = `${SETTINGS_SECTION}.`;
  assert.deepEqual(
    Object.keys(properties).sort(),
    Object.keys(SETTING_DEFAULTS)
      .map((k) => prefix + k)
      .sort(),
  );
  for (const [key, value] of Object.entries(SETTING_DEFAULTS))
    assert.deepEqual(properties[prefix + key].default, value, `default of ${prefix}${key}`);
});

test('the repository and every docs link come from one constant: the rule pages in the repository', () => {
  assert.equal(manifest.repository.url, `${REPOSITORY_URL}.git`);
  assert.equal(manifest.homepage, `${REPOSITORY_URL}#readme`);
  for (const rule of RULES) {
    assert.equal(ruleDocUrl(rule.id), `${REPOSITORY_URL}/blob/main/docs/rules/${rule.id}.md`);
    assert.ok(existsSync(join(__dirname, '../..', rule.docPath)), `${rule.docPath} is missing`);
  }
  // No other place spells the URL.
  const spelled = execFileSync('git', ['grep', '-l', 'github.com/retainer-lens', '--', 'src'], {
    cwd: join(__dirname, '../..'),
    encoding: 'utf8',
  });
  assert.deepEqual(spelled.trim().split('\n'), ['src/common/project.ts']);
});

test('the inactivity timeout setting defaults to what the capture client defaults to', () => {
  const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
  assert.equal(
    properties['retainerLens.capture.inactivityTimeoutSeconds'].default,
    DEFAULT_INACTIVITY_TIMEOUT_MS / 1000,
  );
});

test("the extension's README is the user guide; the repository README keeps the contributors' two commands", () => {
  const root = join(__dirname, '../..');
  assert.match(manifest.scripts.package, /--readme-path docs\/user-guide\.md\b/);
  const guide = readFileSync(join(root, 'docs/user-guide.md'), 'utf8');
  assert.doesNotMatch(guide, /npm (ci|test)\b/);
  assert.match(guide, /Get started with Retainer Lens/);
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  assert.match(readme, /npm ci && npm run demo/);
  assert.match(readme, /^npm test\b/m);
  // vsce ships the guide as extension/readme.md; the repository README must not ship beside it.
  assert.ok(!readFileSync(join(root, '.vscodeignore'), 'utf8').includes('!README.md'));
});

test('the Getting Started walkthrough: scan, capture, find leaks, read a retainer path, each with its page', () => {
  const [walkthrough] = manifest.contributes.walkthroughs as {
    id: string;
    title: string;
    steps: {
      id: string;
      title: string;
      description: string;
      media: { markdown: string };
      completionEvents: string[];
    }[];
  }[];
  assert.equal(walkthrough.title, 'Get started with Retainer Lens');
  assert.deepEqual(
    walkthrough.steps.map((s) => s.id),
    ['scan', 'capture', 'findLeaks', 'retainerPath'],
  );
  const commands = new Set(Object.values(Commands) as string[]);
  for (const step of walkthrough.steps) {
    assert.ok(existsSync(join(__dirname, '../..', step.media.markdown)), step.media.markdown);
    for (const link of step.description.matchAll(/\(command:([\w.]+)\)/g))
      assert.ok(commands.has(link[1]), `${step.id} links ${link[1]}`);
    for (const event of step.completionEvents)
      assert.ok(commands.has(event.replace(/^onCommand:/, '')), `${step.id} completes on ${event}`);
  }
});

/** The keys that appear twice in one object of a JSON text (JSON.parse keeps the last and says nothing). */
function duplicateKeys(text: string): string[] {
  const found: string[] = [];
  // One entry per open bracket: the keys seen so far for an object, null for an array.
  const open: (Set<string> | null)[] = [];
  const string = /"(?:[^"\\]|\\.)*"/y;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      open.push(c === '{' ? new Set() : null);
      expectKey = c === '{';
    } else if (c === '}' || c === ']') open.pop();
    else if (c === ',') expectKey = open[open.length - 1] instanceof Set;
    else if (c === '"') {
      string.lastIndex = i;
      const token = string.exec(text)![0];
      const keys = open[open.length - 1];
      if (expectKey && keys) {
        const key = JSON.parse(token) as string;
        if (keys.has(key)) found.push(key);
        keys.add(key);
      }
      expectKey = false;
      i += token.length - 1;
    }
  }
  return found;
}

test('package.json names no key twice in one object (the later one would silently replace the earlier)', () => {
  assert.deepEqual(duplicateKeys('{"a": {"b": 1, "c": [{"b": 2}], "b": 3}, "d": "{\\"a\\""}'), ['b']);
  assert.deepEqual(duplicateKeys(readFileSync(join(__dirname, '../../package.json'), 'utf8')), []);
});
