// Golden fixtures: every file under fixtures/<rule>/{valid,invalid}/ carries its expectations inline as
// `// expect: <rule>[, <rule>]` on the line where each finding starts. The analyzer must report exactly
// that set of (rule, line) pairs — nothing more (precision) and nothing less (recall). Less certain findings,
// shown only with minimumConfidence 'medium', are marked `// expect-medium: <rule>`: the default analysis must
// not report them, the medium one must report them (with confidence 'medium') next to the certain ones.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, RULE_IDS } from '../../src/analyzer/index';

const root = join(__dirname, 'fixtures');

function expectations(text: string, marker = 'expect'): string[] {
  const out: string[] = [];
  const pattern = new RegExp(`${marker}:\\s*([\\w,\\s-]+?)\\s*(\\*\\/|-->|$)`);
  text.split('\n').forEach((line, i) => {
    const m = pattern.exec(line);
    if (m) for (const rule of m[1].split(/[\s,]+/).filter(Boolean)) out.push(`${rule}@${i + 1}`);
  });
  return out.sort();
}

for (const rule of readdirSync(root).sort()) {
  describe(`fixtures: ${rule}`, () => {
    it('is a known rule id', () => assert.ok((RULE_IDS as readonly string[]).includes(rule), rule));
    for (const kind of ['valid', 'invalid'] as const) {
      const dir = join(root, rule, kind);
      for (const file of readdirSync(dir).sort()) {
        it(`${kind}/${file}`, () => {
          const text = readFileSync(join(dir, file), 'utf8');
          const result = analyze(text, file);
          assert.equal(result.parseError, undefined, `parse error: ${JSON.stringify(result.parseError)}`);
          // A rule that throws keeps the other rules' findings in the product (and is logged there); here it fails.
          assert.deepEqual(result.ruleErrors ?? [], [], 'a rule threw on this fixture');
          const actual = result.findings.map((f) => `${f.rule}@${f.range.start.line + 1}`).sort();
          const expected = expectations(text);
          if (kind === 'valid')
            assert.ok(
              ![...expected, ...expectations(text, 'expect-medium')].some((e) => e.startsWith(rule + '@')),
              'a valid fixture must not expect its own rule',
            );
          else
            assert.ok(
              [...expected, ...expectations(text, 'expect-medium')].some((e) => e.startsWith(rule + '@')),
              'an invalid fixture must expect its rule at least once',
            );
          assert.deepEqual(
            actual,
            expected,
            result.findings.map((f) => `${f.range.start.line + 1}: ${f.rule}: ${f.message}`).join('\n'),
          );
          const medium = analyze(text, file, { minimumConfidence: 'medium' });
          assert.deepEqual(medium.ruleErrors ?? [], [], 'a rule threw on this fixture (medium confidence)');
          const mediumActual = medium.findings
            .filter((f) => f.confidence === 'medium')
            .map((f) => `${f.rule}@${f.range.start.line + 1}`)
            .sort();
          assert.deepEqual(
            mediumActual,
            expectations(text, 'expect-medium'),
            medium.findings
              .map((f) => `${f.range.start.line + 1}: ${f.rule} [${f.confidence}]: ${f.message}`)
              .join('\n'),
          );
          const certain = medium.findings
            .filter((f) => f.confidence === 'high')
            .map((f) => `${f.rule}@${f.range.start.line + 1}`);
          assert.deepEqual(certain.sort(), expected, 'the medium analysis keeps every certain finding');
        });
      }
    }
  });
}
