// `retainer-lens check` on the example app (examples/leaky-server and its leak-scenario.js): the scenario runs
// in a real child process under its inspector. JSON names the planted Report leak at its line, exit 1; a
// baseline listing it turns the run green and its SARIF (validated against the 2.1.0 schema) keeps it as an
// unchanged note; a scenario that also leaks a listener still fails, on the new leak only.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import type { Log } from 'sarif';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/cliTypes';
import { exampleDir } from '../join/exampleApp';
import { tempDirForProcess } from '../support/tempDir';

const schema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as object;
const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }).compile(schema);

async function check(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: exampleDir };
  const code = await runCli(['check', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

interface JsonLeak {
  status: string;
  location: string;
  key: string;
  className: string;
  normalizedPath: string;
  count: number;
  perIteration: number;
  path: string;
}

test(
  'retainer-lens check: leak found (JSON, exit 1), accepted by a baseline (SARIF, exit 0), a new leak still fails',
  { timeout: 600_000 },
  async () => {
    const dir = tempDirForProcess('retainer-lens-check-');
    const json = join(dir, 'leaks.json');
    const first = await check(['leak-scenario.js', '--format', 'json', '--output', json]);
    assert.equal(first.code, 1, first.err);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { leaks: JsonLeak[]; iterations: number };
    assert.equal(report.iterations, 10);
    assert.deepEqual(
      report.leaks.map((l) => [l.className, l.status, l.location, l.count, l.perIteration]),
      [['Report', 'new', 'src/cache.js:5', 10, 1]],
      first.err,
    );
    assert.match(report.leaks[0].path, /cache\.js → buildReport\(\) → reportCache → value$/);

    // The team accepts it: a baseline written by hand from the report (keys, not counts or ids).
    const baseline = join(dir, 'leak-baseline.json');
    writeFileSync(
      baseline,
      JSON.stringify({
        version: 1,
        leaks: report.leaks.map(({ key, className, normalizedPath, location }) => ({
          key,
          className,
          normalizedPath,
          location,
          note: 'known: report cache',
        })),
      }),
    );
    const sarifFile = join(dir, 'leaks.sarif');
    const accepted = await check([
      'leak-scenario.js',
      '--format',
      'sarif',
      '--output',
      sarifFile,
      '--baseline',
      baseline,
    ]);
    assert.equal(accepted.code, 0, accepted.err);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as Log;
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const [known] = sarif.runs[0].results!;
    assert.equal(sarif.runs[0].results!.length, 1);
    assert.equal(known.level, 'note');
    assert.equal(known.baselineState, 'unchanged');
    assert.deepEqual(known.locations![0].physicalLocation!.artifactLocation, {
      uri: 'src/cache.js',
      uriBaseId: '%SRCROOT%',
    });
    assert.equal(known.locations![0].physicalLocation!.region!.startLine, 5);
    assert.deepEqual(
      known.relatedLocations!.map((r) => [
        r.message!.text,
        r.physicalLocation!.artifactLocation!.uri,
        r.physicalLocation!.region!.startLine,
      ]),
      [['buildReport() holds reportCache', 'src/cache.js', 11]],
    );
    assert.match(
      String(known.message.text),
      /^10 Report objects leaked over 10 iterations \(1 per iteration\), [\d.]+ kB retained\. Retainer path: /,
    );

    // A change adds a leak: a listener per request on the module's event bus. Only that one is new.
    const scenario = join(dir, 'subscribe-too.js');
    writeFileSync(
      scenario,
      `const base = require(${JSON.stringify(join(exampleDir, 'leak-scenario.js'))});\n` +
        `module.exports = { ...base, action: async () => { await base.action(); await base.request('/subscribe'); } };\n`,
    );
    const fresh = await check([scenario, '--format', 'sarif', '--baseline', baseline]);
    assert.equal(fresh.code, 1, fresh.err);
    const log = JSON.parse(fresh.out) as Log;
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const results = log.runs[0].results!;
    const byState = (state: string) => results.filter((r) => r.baselineState === state);
    assert.equal(byState('unchanged').length, 1, JSON.stringify(results.map((r) => r.message.text)));
    assert.ok(byState('new').length >= 1);
    for (const r of byState('new')) {
      assert.equal(r.level, 'error');
      assert.equal(r.locations![0].physicalLocation!.artifactLocation!.uri, 'src/events.js', r.message.text);
    }
  },
);

test('retainer-lens check: a bad baseline, a missing scenario and a scenario without action() each get one line', async () => {
  const dir = tempDirForProcess('retainer-lens-check-bad-');
  const broken = join(dir, 'baseline.json');
  writeFileSync(broken, '{ "leaks": ');
  const badBaseline = await check(['leak-scenario.js', '--baseline', broken]);
  assert.equal(badBaseline.code, 2);
  assert.match(badBaseline.err, /^retainer-lens check: cannot read the baseline .*: not JSON/);
  const missing = await check(['nope.js']);
  assert.equal(missing.code, 2);
  assert.equal(missing.err, 'retainer-lens check: no such scenario file: nope.js');
  const empty = join(dir, 'empty.mjs');
  writeFileSync(empty, 'export const setup = () => {};\n');
  const noAction = await check([empty]);
  assert.equal(noAction.code, 2);
  assert.match(noAction.err, /the scenario failed: .*exports no action\(\) function/);
  const iterations = await check(['leak-scenario.js', '--iterations', '1']);
  assert.equal(iterations.code, 2);
  assert.match(iterations.err, /--iterations must be an integer ≥ 2/);
});
