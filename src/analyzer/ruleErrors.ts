// What the editor and the scan do with a rule that threw: log it with the file, keep the other findings.
// Its own module so the extension host can use it without loading the analyzer (which runs in a worker).
import type { Logger } from '../common/log';
import type { AnalysisResult } from './types';

export function logRuleErrors(log: Logger, fileName: string, result: AnalysisResult): void {
  for (const e of result.ruleErrors ?? []) log.error(`analyzing ${fileName}: the rule ${e.rule} failed`, e.message);
}

/** What a file had that was not analyzed (a component's external or non-JavaScript script block). */
export function logNotes(log: Logger, fileName: string, result: AnalysisResult): void {
  for (const note of result.notes ?? []) log.info(`${fileName}: ${note}`);
}
