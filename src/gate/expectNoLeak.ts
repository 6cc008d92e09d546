// `expectNoLeak` for any test runner (node:test, Vitest, Jest, Mocha): runs one repetition of a scenario many
// times in this process and throws an AssertionError naming each leak, or resolves with the measurement.
import { AssertionError } from 'node:assert';
import { resultText } from './findingText';
import { measureLeaks, type LeakCheckResult, type MeasureOptions } from './measure';

export type ExpectNoLeakOptions = MeasureOptions;

export async function expectNoLeak(action: () => unknown, options: ExpectNoLeakOptions = {}): Promise<LeakCheckResult> {
  if (typeof action !== 'function')
    throw new TypeError('expectNoLeak needs a function: one repetition of the scenario');
  const result = await measureLeaks({ action }, options);
  if (result.leaks.length) {
    throw new AssertionError({
      message: resultText(result, options.cwd ?? process.cwd(), 'expectNoLeak'),
      actual: result.leaks.length,
      expected: 0,
      operator: 'expectNoLeak',
    });
  }
  return result;
}
