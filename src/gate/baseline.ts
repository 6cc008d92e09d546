// A committed baseline of accepted leaks: `retainer-lens check --baseline FILE` fails only on leaks it does not
// list. Leaks are matched by a key that survives reruns (class, the retainer path's named hops, the defining
// file and line), never by node ids or counts; when only the line moved (code edited above it), the same class,
// path and file still match, once.
import { readFileSync } from 'node:fs';
import type { LeakFinding } from './leakFinding';
import { displayPath } from './sourcePlace';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  key: string;
  className: string;
  /** The retainer path's named hops, as in the key. */
  normalizedPath: string;
  /** `src/cache.js:4`, relative to the folder the check ran in; '' when the class has no known place. */
  location: string;
  /** Why it is accepted (free text, kept when the file is rewritten by hand). */
  note?: string;
}

export interface BaselineFile {
  version: number;
  leaks: BaselineEntry[];
}

export type LeakStatus = 'new' | 'accepted';

export interface BaselineComparison {
  /** Per finding (same order): new, or accepted by an entry. */
  status: LeakStatus[];
  /** Entries no leak matched: fixed, or not reached by this scenario. */
  unmatched: BaselineEntry[];
}

export class BaselineError extends Error {}

export function findingLocation(finding: LeakFinding, cwd: string): string {
  return finding.definedAt ? `${displayPath(finding.definedAt.file, cwd)}:${finding.definedAt.line}` : '';
}

export function baselineOf(findings: readonly LeakFinding[], cwd: string): BaselineFile {
  return {
    version: BASELINE_VERSION,
    leaks: findings.map((f) => ({
      key: f.key,
      className: f.className,
      normalizedPath: f.normalizedPath,
      location: findingLocation(f, cwd),
    })),
  };
}

function isEntry(value: unknown): value is BaselineEntry {
  const v = value as Partial<BaselineEntry> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.key === 'string' &&
    typeof v.className === 'string' &&
    typeof v.normalizedPath === 'string' &&
    typeof v.location === 'string'
  );
}

/** Reads and checks a baseline file; a BaselineError says what is wrong with it in one line. */
export function readBaseline(file: string): BaselineFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not JSON (${error.message})` : (error as Error).message;
    throw new BaselineError(`cannot read the baseline ${file}: ${reason}`);
  }
  const value = parsed as Partial<BaselineFile> | null;
  if (typeof value !== 'object' || value === null || !Array.isArray(value.leaks))
    throw new BaselineError(`${file} is not a leak baseline: expected { "version": 1, "leaks": [...] }`);
  if (value.version !== BASELINE_VERSION)
    throw new BaselineError(
      `${file} has baseline version ${String(value.version)}; this version reads ${BASELINE_VERSION}`,
    );
  const bad = value.leaks.findIndex((e) => !isEntry(e));
  if (bad >= 0)
    throw new BaselineError(`${file}: leaks[${bad}] needs key, className, normalizedPath and location strings`);
  return { version: BASELINE_VERSION, leaks: value.leaks };
}

const fileOf = (location: string): string => location.replace(/:\d+$/, '');

export function compareWithBaseline(
  findings: readonly LeakFinding[],
  baseline: BaselineFile,
  cwd: string,
): BaselineComparison {
  const unused = new Set(baseline.leaks);
  const status: LeakStatus[] = findings.map(() => 'new');
  // Exact keys first, so a moved entry never takes the place of an exact one.
  findings.forEach((f, i) => {
    const entry = [...unused].find((e) => e.key === f.key);
    if (entry) {
      unused.delete(entry);
      status[i] = 'accepted';
    }
  });
  findings.forEach((f, i) => {
    if (status[i] === 'accepted') return;
    const file = fileOf(findingLocation(f, cwd));
    const entry = [...unused].find(
      (e) => e.className === f.className && e.normalizedPath === f.normalizedPath && fileOf(e.location) === file,
    );
    if (entry) {
      unused.delete(entry);
      status[i] = 'accepted';
    }
  });
  return { status, unmatched: [...unused] };
}
