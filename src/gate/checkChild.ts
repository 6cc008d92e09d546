// The child process of `retainer-lens check` (bundled to dist/checkRunner.js): runs the scenario under this
// process's own inspector and triages it here, where Node's source maps for the scenario's code are, then
// writes the result as JSON for the parent. argv: <scenario> <result file> <options JSON>.
import { writeFileSync } from 'node:fs';
import { loadScenario } from './loadScenario';
import { measureLeaks, type LeakCheckResult, type MeasureOptions } from './measure';

export type ChildAnswer = { ok: true; result: LeakCheckResult } | { ok: false; error: string };

async function main(): Promise<void> {
  const [scenarioFile, resultFile, optionsJson] = process.argv.slice(2);
  let answer: ChildAnswer;
  try {
    const options = JSON.parse(optionsJson ?? '{}') as MeasureOptions;
    const scenario = await loadScenario(scenarioFile);
    answer = { ok: true, result: await measureLeaks(scenario, options) };
  } catch (error) {
    answer = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  writeFileSync(resultFile, JSON.stringify(answer));
  // A scenario may leave servers or timers behind: the measurement is over either way.
  process.exit(0);
}

void main();
