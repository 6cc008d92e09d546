// The analyzer's public shapes. Everything here is plain data so results can cross a worker boundary
// (structured clone) or be written as JSON unchanged.

/** A position in the file. Both fields are 0-based (LSP / VS Code convention); the CLI prints 1-based lines. */
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface RelatedLocation {
  message: string;
  range: Range;
}

/**
 * How sure the analyzer is that a finding is a real retention: `high` findings meet the precision goal
 * (≥ 0.95 on code written by strangers) and are shown by default; `medium` ones reason from weaker evidence
 * (an unresolved type, a release that exists but may not run) and are shown, as information, only on request.
 */
export type Confidence = 'high' | 'medium';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  confidence: Confidence;
  message: string;
  range: Range;
  related: RelatedLocation[];
  fixes: Fix[];
}

export type RuleId =
  | 'closure-large-scope'
  | 'listener-not-removed'
  | 'interval-not-cleared'
  | 'unbounded-collection'
  | 'global-leak'
  | 'map-object-key';

export interface AnalyzerOptions {
  /** Per-rule severity; 'off' disables the rule. Unlisted rules use their default severity. */
  rules?: Partial<Record<RuleId, Severity | 'off'>>;
  /** A value at least this many (estimated) bytes counts as large for closure-large-scope. */
  largeValueBytes?: number;
  /** Only run these rules (used by the ESLint plugin to analyze once per file). */
  onlyRules?: RuleId[];
  /**
   * The least certain findings to report (default `high`). With `medium`, the less certain findings are
   * reported too, with severity `info` whatever the rule's severity.
   */
  minimumConfidence?: Confidence;
}

export interface ParseErrorInfo {
  message: string;
  /** 0-based, like every position in a Finding. */
  line: number;
  column: number;
}

export interface AnalysisResult {
  findings: Finding[];
  parseError?: ParseErrorInfo;
  /** Rules that threw on this file (a bug of ours): the other rules' findings are still there. */
  ruleErrors?: RuleError[];
  /** What was not analyzed and why, e.g. a Vue `<script src="…">` block (an external file, analyzed on its own). */
  notes?: string[];
}

export interface RuleError {
  rule: RuleId;
  message: string;
}
