// The real-world evaluation set (test/analyzer/eval/): leak patterns as application code writes them, and
// the tricky negatives next to them. Scoring is deterministic, so the per-rule floor is a plain assertion.
// `npm run bench:analyzerEval` prints the same table with every miss and false alarm.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scoreEvalSet } from './evalSet';

const FLOOR = 0.9;
const result = scoreEvalSet();

describe('real-world evaluation set', () => {
  it('parses every case', () => assert.deepEqual(result.parseErrors, []));
  for (const s of result.rules) {
    it(`${s.rule}: has positives and negatives`, () => {
      assert.ok(s.positives >= 15, `${s.positives} positives`);
      assert.ok(s.negativeFiles >= 2, `${s.negativeFiles} negative files`);
    });
    it(`${s.rule}: precision ≥ ${FLOOR}`, () =>
      assert.ok(s.precision >= FLOOR, `${s.precision.toFixed(3)}\n${s.falsePositives.join('\n')}`));
    it(`${s.rule}: recall ≥ ${FLOOR}`, () =>
      assert.ok(s.recall >= FLOOR, `${s.recall.toFixed(3)}\n${s.falseNegatives.join('\n')}`));
  }
});
