import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeWith, logRuleErrors, type RuleImpl } from '../../src/analyzer/index';
import { intervalNotCleared } from '../../src/analyzer/rules/intervalNotCleared';
import { listenerNotRemoved } from '../../src/analyzer/rules/listenerNotRemoved';
import { LogRecord } from '../../src/common/log';

const SOURCE = `
export class Tooltip {
  constructor(anchor) {
    document.addEventListener('keydown', (e) => this.onKey(e));
    setInterval(() => this.tick(), 1000);
  }
}
`;

test('a rule that throws is in the result and the log; the other rules still report', () => {
  const broken: RuleImpl = {
    id: 'closure-large-scope',
    run(ctx) {
      // Reports one finding, then fails: what it reported before failing is kept too.
      ctx.report({
        rule: 'closure-large-scope',
        message: 'before the failure',
        range: { start: { line: 1, column: 0 }, end: { line: 1, column: 1 } },
      });
      throw new TypeError("Cannot read properties of undefined (reading 'scope')");
    },
  };
  const result = analyzeWith([listenerNotRemoved, broken, intervalNotCleared], SOURCE, '/w/start.js');
  assert.deepEqual(result.ruleErrors, [
    { rule: 'closure-large-scope', message: "Cannot read properties of undefined (reading 'scope')" },
  ]);
  assert.deepEqual(
    result.findings.map((f) => f.rule),
    ['closure-large-scope', 'listener-not-removed', 'interval-not-cleared'],
  );
  const log = new LogRecord();
  logRuleErrors(log, '/w/start.js', result);
  assert.deepEqual(log.entries, [
    {
      level: 'error',
      line: "analyzing /w/start.js: the rule closure-large-scope failed: Cannot read properties of undefined (reading 'scope')",
    },
  ]);
});

test('no rule error: no ruleErrors field (results stay as they were)', () => {
  const result = analyzeWith([listenerNotRemoved], SOURCE, '/w/start.js');
  assert.equal('ruleErrors' in result, false);
  assert.equal(result.findings.length, 1);
});
