// The analyzer's entry point: `analyze(text, fileName, options)` → findings. Synchronous, vscode-free, and
// its result is plain JSON (safe to post from a worker thread). Positions are 0-based.
import { FileModel } from './model';
import { parseFile } from './parse';
import { DEFAULT_LARGE_VALUE_BYTES, RULES } from './rules';
import { closureLargeScope } from './rules/closureLargeScope';
import type { RuleContext, RuleImpl } from './rules/context';
import { globalLeak } from './rules/globalLeak';
import { intervalNotCleared } from './rules/intervalNotCleared';
import { listenerNotRemoved } from './rules/listenerNotRemoved';
import { mapObjectKey } from './rules/mapObjectKey';
import { unboundedCollection } from './rules/unboundedCollection';
import { collectSuppressions, isSuppressed } from './suppression';
import type { AnalysisResult, AnalyzerOptions, Finding, RuleError, RuleId, Severity } from './types';

export type * from './types';
export { RULES, RULE_IDS, isRuleId } from './rules';
export type { RuleImpl } from './rules/context';
export { logRuleErrors } from './ruleErrors';

const IMPLEMENTATIONS: readonly RuleImpl[] = [
  closureLargeScope,
  listenerNotRemoved,
  intervalNotCleared,
  unboundedCollection,
  globalLeak,
  mapObjectKey,
];

function effectiveSeverity(rule: RuleId, options: AnalyzerOptions | undefined): Severity | 'off' {
  return options?.rules?.[rule] ?? RULES.find((r) => r.id === rule)!.defaultSeverity;
}

export function analyze(text: string, fileName: string, options: AnalyzerOptions = {}): AnalysisResult {
  return analyzeWith(IMPLEMENTATIONS, text, fileName, options);
}

/** `analyze` with these rule implementations (tests give it one that throws). */
export function analyzeWith(
  implementations: readonly RuleImpl[],
  text: string,
  fileName: string,
  options: AnalyzerOptions = {},
): AnalysisResult {
  const parsed = parseFile(text, fileName);
  if (!parsed.ok) return { findings: [], parseError: parsed.error };
  const model = new FileModel(text, fileName, parsed.file);
  const suppressions = collectSuppressions(parsed.file.ast.comments);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const ruleErrors: RuleError[] = [];
  for (const impl of implementations) {
    if (options.onlyRules && !options.onlyRules.includes(impl.id)) continue;
    const severity = effectiveSeverity(impl.id, options);
    if (severity === 'off') continue;
    const ctx: RuleContext = {
      model,
      largeValueBytes: options.largeValueBytes ?? DEFAULT_LARGE_VALUE_BYTES,
      report(f) {
        const finding: Finding = { related: [], fixes: [], ...f, severity };
        const key = `${finding.rule}:${finding.range.start.line}:${finding.range.start.column}`;
        if (seen.has(key) || isSuppressed(finding, suppressions)) return;
        seen.add(key);
        findings.push(finding);
      },
    };
    try {
      impl.run(ctx);
    } catch (error) {
      // One rule's bug must not cost the file its other findings; keep what it reported so far, and say so
      // in the result (the editor logs it, the CLI prints it).
      ruleErrors.push({ rule: impl.id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  findings.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.column - b.range.start.column ||
      a.rule.localeCompare(b.rule),
  );
  return ruleErrors.length ? { findings, ruleErrors } : { findings };
}
