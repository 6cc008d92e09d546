// The analyzer's entry point: `analyze(text, fileName, options)` → findings. Synchronous, vscode-free, and
// its result is plain JSON (safe to post from a worker thread). Positions are 0-based.
import { analyzeOnDeepStack, isStackOverflow, TooDeepForThisStack } from './deepStack';
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
export { isSupportedFile } from './parse';

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
  try {
    return analyzeOnThisStack(text, fileName, options, implementations);
  } catch (error) {
    // Deeply nested (valid) code overflows the stack: analyze it again on a thread with a larger one.
    if (!isStackOverflow(error)) throw error;
    return analyzeOnDeepStack(text, fileName, options);
  }
}

/** The analysis itself, on the calling thread's stack; a stack overflow propagates (see deepStack.ts). */
export function analyzeOnThisStack(
  text: string,
  fileName: string,
  options: AnalyzerOptions = {},
  implementations: readonly RuleImpl[] = IMPLEMENTATIONS,
): AnalysisResult {
  const parsed = parseFile(text, fileName);
  if (!parsed.ok && parsed.tooDeep) throw new TooDeepForThisStack();
  if (!parsed.ok) return { findings: [], parseError: parsed.error };
  const model = new FileModel(text, fileName, parsed.file, options.workspace);
  const notes = parsed.file.component?.notes.length ? { notes: parsed.file.component.notes } : {};
  const suppressions = collectSuppressions(parsed.file.ast.comments);
  const findings: Finding[] = [];
  const seen = new Map<string, number>();
  const ruleErrors: RuleError[] = [];
  const minimum = options.minimumConfidence ?? 'high';
  for (const impl of implementations) {
    if (options.onlyRules && !options.onlyRules.includes(impl.id)) continue;
    const severity = effectiveSeverity(impl.id, options);
    if (severity === 'off') continue;
    const ctx: RuleContext = {
      model,
      largeValueBytes: options.largeValueBytes ?? DEFAULT_LARGE_VALUE_BYTES,
      report(f) {
        const confidence = f.confidence ?? 'high';
        if (confidence === 'medium' && minimum !== 'medium') return;
        const finding: Finding = {
          related: [],
          fixes: [],
          ...f,
          confidence,
          severity: confidence === 'medium' ? 'info' : severity,
        };
        const key = `${finding.rule}:${finding.range.start.line}:${finding.range.start.column}`;
        if (isSuppressed(finding, suppressions)) return;
        const at = seen.get(key);
        // One finding per place: a certain one replaces a less certain one reported there first.
        if (at !== undefined) {
          if (findings[at].confidence === 'medium' && confidence === 'high') findings[at] = finding;
          return;
        }
        seen.set(key, findings.length);
        findings.push(finding);
      },
    };
    try {
      impl.run(ctx);
    } catch (error) {
      // Too deep for this stack: the whole file goes to a larger one, this rule included.
      if (isStackOverflow(error)) throw error;
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
  return ruleErrors.length ? { findings, ruleErrors, ...notes } : { findings, ...notes };
}

export {
  buildWorkspaceIndex,
  isSeparateProgram,
  type WorkspaceFile,
  type WorkspaceIndex,
  type WorkspaceIndexOptions,
} from './workspace/index';
