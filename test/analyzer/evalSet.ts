// Scoring of the real-world evaluation set in test/analyzer/eval/<rule>/{positive,negative}/. Each case file
// marks the lines where a finding must start with `// expect: <rule>[, <rule>]` (like the golden fixtures).
// Per rule: a finding on a line that expects that rule is a true positive, any other finding of the rule
// (anywhere in the set) a false positive, and an expected (rule, line) with no finding a false negative.
// Shared by bench/analyzerEval.mjs (prints the table) and evalSet.test.ts (asserts the floor).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze, RULE_IDS, type RuleId } from '../../src/analyzer/index';

export const EVAL_ROOT = join(__dirname, 'eval');

export interface RuleScore {
  rule: RuleId;
  positives: number;
  negativeFiles: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  falsePositives: string[];
  falseNegatives: string[];
}

export interface EvalResult {
  files: number;
  parseErrors: string[];
  rules: RuleScore[];
}

export function expectationsOf(text: string): { rule: string; line: number }[] {
  const out: { rule: string; line: number }[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /expect:\s*([\w,\s-]+?)\s*(\*\/|-->|$)/.exec(line);
    if (m) for (const rule of m[1].split(/[\s,]+/).filter(Boolean)) out.push({ rule, line: i + 1 });
  });
  return out;
}

function collect(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (/\.(m|c)?[jt]sx?$/.test(name)) out.push(full);
  }
  return out;
}

export function scoreEvalSet(root = EVAL_ROOT): EvalResult {
  const files = collect(root);
  const scores = new Map<RuleId, RuleScore>(
    RULE_IDS.map((rule) => [
      rule,
      {
        rule,
        positives: 0,
        negativeFiles: 0,
        tp: 0,
        fp: 0,
        fn: 0,
        precision: 1,
        recall: 1,
        falsePositives: [],
        falseNegatives: [],
      },
    ]),
  );
  const parseErrors: string[] = [];
  for (const file of files) {
    const rel = relative(root, file);
    const text = readFileSync(file, 'utf8');
    const result = analyze(text, file);
    if (result.parseError) parseErrors.push(`${rel}: ${result.parseError.message}`);
    const expected = new Set(expectationsOf(text).map((e) => `${e.rule}@${e.line}`));
    const ownRule = rel.split(/[\\/]/)[0] as RuleId;
    const own = scores.get(ownRule);
    if (own && /[\\/]negative[\\/]/.test(rel)) own.negativeFiles++;
    for (const e of expected) {
      const s = scores.get(e.split('@')[0] as RuleId);
      if (s) s.positives++;
    }
    const found = new Set<string>();
    for (const f of result.findings) {
      const key = `${f.rule}@${f.range.start.line + 1}`;
      if (found.has(key)) continue;
      found.add(key);
      const s = scores.get(f.rule)!;
      if (expected.has(key)) s.tp++;
      else {
        s.fp++;
        s.falsePositives.push(`${rel}:${f.range.start.line + 1}: ${f.message.slice(0, 120)}`);
      }
    }
    for (const e of expected) {
      if (found.has(e)) continue;
      const [rule, line] = e.split('@');
      const s = scores.get(rule as RuleId);
      if (!s) continue;
      s.fn++;
      s.falseNegatives.push(`${rel}:${line}`);
    }
  }
  for (const s of scores.values()) {
    s.precision = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1;
    s.recall = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1;
  }
  return { files: files.length, parseErrors, rules: [...scores.values()] };
}
