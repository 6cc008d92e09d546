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
  /**
   * Facts about this file that only the rest of the workspace holds (the workspace pass, `workspace/index.ts`).
   * Absent in the editor's per-keystroke analysis.
   */
  workspace?: WorkspaceFacts;
}

/** Where an instance that lives as long as the program is made: another module's load-time `new X()`. */
export interface LongLivedInstance {
  /** The file that makes it (as the workspace pass was given it). */
  file: string;
  /** 1-based. */
  line: number;
  /** How that module keeps it: `held by the module variable agent`, `handed to setGlobalDispatcher() at load`. */
  how: string;
}

/** Where another module calls a function of this file on a per-input path. */
export interface InputDrivenCall {
  file: string;
  /** 1-based. */
  line: number;
  /** The handler that path starts at: `onLevelLoaded()`, `a subscribe() callback`, `handler(req)`. */
  via: string;
}

/** What the workspace says about one file. Plain data: it crosses the worker boundary. */
export interface WorkspaceFacts {
  /** Classes and constructor functions of this file (by name) with an instance made and kept while a module loads. */
  longLivedClasses?: Record<string, LongLivedInstance>;
  /** Functions of this file (by name) that another module calls on a path that runs per input. */
  inputDrivenFunctions?: Record<string, InputDrivenCall>;
  /**
   * Methods of classes of this file (`Store.add`) that another module calls per input on an instance made at
   * load (`store.add(req.body)` with `export default new Store()`).
   */
  inputDrivenMethods?: Record<string, InputDrivenCall>;
  /** Exported collections of this file (by name) that no other module releases or hands on. */
  privateExports?: string[];
  /** Of those, the ones another module adds to per input (`sessions.set(req.id, …)` in a route), and where. */
  grownElsewhere?: Record<string, InputDrivenCall>;
  /**
   * Imported bindings of this file (by local name) that are another module's memoizing factory: a call at load
   * (`withCache(fn)`) makes a memo table that lives as long as the program. Where the factory is defined.
   */
  memoizingImports?: Record<string, { file: string; line: number }>;
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
