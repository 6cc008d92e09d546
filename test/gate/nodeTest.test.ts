// The leak gate inside a real node:test run (each fixture in its own `node --test` process, as a user runs
// it): the leaking scenario fails with a message that names the leak, its count per iteration, its retainer
// path and its line; the clean twin, doing the same work without keeping it, passes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freshEnv } from './helpers';

const root = join(__dirname, '../..');
const fixtures = join(__dirname, 'fixtures/nodeTest');

function runNodeTest(file: string): { status: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', join(fixtures, file)],
    {
      cwd: root,
      env: freshEnv(),
      encoding: 'utf8',
      timeout: 240_000,
    },
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

test(
  'expectNoLeak fails a node:test whose scenario leaks, naming the class, count, path and line',
  { timeout: 300_000 },
  () => {
    const { status, output } = runNodeTest('leaky.test.ts');
    assert.notEqual(status, 0, output);
    assert.match(output, /expectNoLeak: 1 leak over 10 iterations/, output);
    assert.match(output, /LeakedSession × 10 \(1 per iteration\), [\d.]+ kB retained/, output);
    assert.match(output, /path: \(GC roots\) → .*sessions\[\]/, output);
    // The class's constructor, through tsx's source map back to the .ts line.
    assert.match(output, /defined at LeakedSession \(test\/gate\/fixtures\/leakyScenario\.ts:5:\d+\)/, output);
  },
);

test('expectNoLeak passes the clean twin (same work, nothing kept)', { timeout: 300_000 }, () => {
  const { status, output } = runNodeTest('clean.test.ts');
  assert.equal(status, 0, output);
  assert.match(output, /pass 1/, output);
});
