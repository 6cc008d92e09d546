import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../src/cli/main';
import { fixtureSnapshots } from './fixture';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  const code = await runCli(argv, {
    out: (t) => {
      out += t + '\n';
    },
    err: (t) => {
      err += t + '\n';
    },
    cwd: process.cwd(),
  });
  return { code, out, err };
}

test('inspect --format json: totals and classes by retained size', async () => {
  const { target } = fixtureSnapshots();
  const { code, out } = await cli('inspect', target, '--top', '7', '--format', 'json');
  assert.equal(code, 0);
  const json = JSON.parse(out);
  assert.deepEqual(Object.keys(json), ['nodeCount', 'edgeCount', 'totalSize', 'classCount', 'classes']);
  assert.equal(json.classes.length, 7);
  assert.ok(json.classCount > 7, 'how many classes there are in all');
  assert.deepEqual(Object.keys(json.classes[0]), ['name', 'count', 'shallowSize', 'retainedSize', 'distance']);
  for (let i = 1; i < 7; i++) assert.ok(json.classes[i - 1].retainedSize >= json.classes[i].retainedSize);
  const text = await cli('inspect', target);
  assert.match(text.out, /^\d+ nodes, \d+ edges, total /);
  const more = (json.classCount - 20).toLocaleString('en-US');
  assert.match(text.out, new RegExp(`\\n… and ${more} more classes \\(see --top\\)\\n$`));
});

test('bad files: one line, non-zero exit, no stack trace', async () => {
  const { dir, target } = fixtureSnapshots();
  const notSnapshot = join(dir, 'not.json');
  writeFileSync(notSnapshot, '{"hello": 1}');
  for (const [file, expected] of [
    [notSnapshot, /not a V8 heap snapshot: missing snapshot.meta/],
    [join(dir, 'missing.heapsnapshot'), /cannot read .*ENOENT/],
  ] as const) {
    const { code, err } = await cli('inspect', file);
    assert.equal(code, 1);
    assert.match(err, expected);
    assert.equal(err.trim().split('\n').length, 1);
  }
  const usage = await cli('retainers', target);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /--node-id <id> is required/);
});

test('retainers names the holding variable; diff and leaks find the leaked requests', async () => {
  const { baseline, target, final } = fixtureSnapshots();
  const members = JSON.parse((await cli('inspect', target, '--format', 'json', '--top', '1000')).out);
  assert.ok(members.classes.some((c: { name: string; count: number }) => c.name === 'LeakyThing' && c.count === 1234));
  const missing = await cli('retainers', target, '--node-id', '4294967294');
  assert.equal(missing.code, 1);
  const diff = JSON.parse((await cli('diff', baseline, target, '--format', 'json', '--top', '3')).out);
  assert.equal(diff.classes.items[0].name, 'LeakedRequest');
  assert.equal(diff.classes.items[0].newCount, 300);
  const leaks = JSON.parse((await cli('leaks', baseline, target, final, '--format', 'json')).out);
  assert.equal(leaks.leaks.groups.items[0].count, 300);
  const id = leaks.leaks.groups.items[0].sampleIds[0];
  const paths = await cli('retainers', final, '--node-id', `@${id}`);
  assert.equal(paths.code, 0);
  assert.match(paths.out, /->requestLog\[\d+\]/);
});
