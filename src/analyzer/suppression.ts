// Suppression comments:
//   // retainer-lens-disable-next-line [rule[, rule]]   the next line (no rule = every rule)
//   // retainer-lens-disable-line [rule ...]            the comment's own line
//   /* retainer-lens-disable-file [rule ...] */         the whole file
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Finding } from './types';

interface Suppression {
  /** 0-based line the suppression covers; -1 = whole file. */
  line: number;
  /** Empty = all rules. */
  rules: string[];
}

const PATTERN = /retainer-lens-disable-(next-line|line|file)\b([^\n]*)/;

export function collectSuppressions(comments: TSESTree.Comment[] | undefined): Suppression[] {
  const out: Suppression[] = [];
  for (const c of comments ?? []) {
    const match = PATTERN.exec(c.value);
    if (!match) continue;
    // Allow a trailing "-- reason" like ESLint.
    const rules = match[2]
      .split('--')[0]
      .split(/[\s,]+/)
      .filter(Boolean);
    const line = match[1] === 'file' ? -1 : match[1] === 'line' ? c.loc.start.line - 1 : c.loc.end.line;
    out.push({ line, rules });
  }
  return out;
}

/** The suppressions of one file by the line they cover, built on its first finding. */
const byLine = new WeakMap<Suppression[], Map<number, Suppression[]>>();

export function isSuppressed(finding: Finding, suppressions: Suppression[]): boolean {
  if (!suppressions.length) return false;
  // Indexed by line: scanning every suppression for every finding is quadratic in a file with many of both.
  let index = byLine.get(suppressions);
  if (!index) {
    index = new Map();
    for (const s of suppressions) {
      const list = index.get(s.line);
      if (list) list.push(s);
      else index.set(s.line, [s]);
    }
    byLine.set(suppressions, index);
  }
  const covers = (s: Suppression) => s.rules.length === 0 || s.rules.includes(finding.rule);
  return !!(index.get(-1)?.some(covers) || index.get(finding.range.start.line)?.some(covers));
}
