// `retainer-lens scan --format sarif` is valid SARIF 2.1.0: checked against the OASIS schema (as shipped on
// npm by @microsoft/jest-sarif) with a JSON Schema validator, on real findings and a real parse error. The
// schema has a pattern that is not valid as a unicode regular expression: ajv compiles patterns without /u.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { analyze } from '../../src/analyzer/index';
import { toSarif, type FileFindings } from '../../src/analyzer/report';

const schema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as object;

test('SARIF output validates against the SARIF 2.1.0 schema', () => {
  const dir = join(__dirname, 'fixtures', 'listener-not-removed', 'invalid');
  const results: FileFindings[] = readdirSync(dir).map((name) => {
    const r = analyze(readFileSync(join(dir, name), 'utf8'), join(dir, name));
    return { file: `fixtures/${name}`, findings: r.findings, parseError: r.parseError };
  });
  const broken = analyze('function (', '/w/broken.js');
  results.push({ file: 'broken.js', findings: [], parseError: broken.parseError });
  const log = toSarif(results);
  assert.ok(log.runs[0].results!.length > 3);
  assert.equal(log.runs[0].invocations![0].toolExecutionNotifications!.length, 1);
  const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }).compile(schema);
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  // And the validator does reject what is not SARIF.
  assert.equal(validate({ ...log, version: '2.0.0' }), false);
  assert.equal(validate({ ...log, runs: [{ ...log.runs[0], results: [{ message: {} }] }] }), false);
});
