// Sampling heap profiles from a real program (HeapProfiler.startSampling through the capture client's
// Recording), read back as a .heapprofile: the top line is the function that keeps the most.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { HeapSnapshotError } from '../../src/heap/errors';
import { SamplingProfile } from '../../src/heap/samplingProfile';
import { fixturesDir, recordProgram } from './recordProgram';

const FIXTURE = 'plantedProgram.js';
const source = readFileSync(join(fixturesDir, FIXTURE), 'utf8');
let profile: SamplingProfile;

before(async () => {
  profile = await SamplingProfile.load(
    await recordProgram(FIXTURE, { mode: 'sampling', command: 'fill', answer: 'filled' }),
  );
});

test('the top line of a sampled program is the function that keeps the most, at its position', () => {
  const [top] = profile.topFunctions(5);
  assert.equal(top.frame.name, 'fillCache');
  assert.ok(top.frame.url.endsWith(FIXTURE), top.frame.url);
  const at = source.indexOf('function fillCache(');
  const line = source.slice(0, at).split('\n').length - 1;
  assert.equal(top.frame.line, line);
  // 100,000 entries of an object and an 8-element array: 8 MB or more, whatever the pointer size.
  assert.ok(top.totalSize > 8e6 && top.totalSize < 64e6, `${top.totalSize} bytes`);
  assert.ok(top.totalSize / profile.totalBytes > 0.5, 'most of what is sampled');
  assert.ok(top.samples > 1000);
});

test('top-down, bottom-up and flame views agree on the bytes', () => {
  // Top-down: the path from the stdin handler down to fillCache carries its bytes.
  const queue = profile.tree({ direction: 'top-down', limit: 1000 }).items;
  let found;
  while (queue.length && !found) {
    const row = queue.shift()!;
    if (row.frame.name === 'fillCache') found = row;
    else queue.push(...profile.tree({ direction: 'top-down', parent: row.node, limit: 1000 }).items);
  }
  assert.ok(found, 'fillCache in the top-down tree');
  const [top] = profile.topFunctions(1);
  assert.equal(found.totalSize, top.totalSize);
  const callers = profile.tree({ direction: 'bottom-up', parent: top.node }).items;
  assert.equal(callers[0].frame.name, '', 'called from the anonymous stdin handler');
  const { total, bars } = profile.flame();
  assert.equal(total, profile.totalBytes);
  const bar = bars.find((b) => b.frame.name === 'fillCache');
  assert.ok(bar && bar.width === found.totalSize && bar.depth > 0);
  for (const b of bars) assert.ok(b.start >= 0 && b.start + b.width <= total + 1e-6);
});

test('a file that is not a sampling profile fails with one clear line', () => {
  assert.throws(
    () => SamplingProfile.parse('{"head": 3'),
    (e: unknown) => {
      assert.ok(e instanceof HeapSnapshotError);
      assert.equal(e.message, 'not a sampling heap profile: not valid JSON');
      return true;
    },
  );
  assert.throws(() => SamplingProfile.parse('{"nodes": []}'), /no "head" call tree/);
  assert.throws(() => SamplingProfile.parse('{"head": {"children": [7]}}'), /a call tree node is not an object/);
});
