// The words for a leak finding: the assertion error's message and the CLI's text output say the same.
import { formatBytes, formatCount } from '../common/units';
import type { LeakFinding } from './leakFinding';
import type { LeakCheckResult } from './measure';
import { placeText, type SourcePlace } from './sourcePlace';

function perIteration(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function named(place: SourcePlace, cwd: string): string {
  return place.name ? `${place.name} (${placeText(place, cwd)})` : placeText(place, cwd);
}

/** `Report × 10 (1 per iteration), 1.23 MB retained`, then the path and the places, indented. */
export function findingLines(finding: LeakFinding, cwd: string): string[] {
  const lines = [
    `${finding.className} × ${formatCount(finding.count)} (${perIteration(finding.perIteration)} per iteration), ${formatBytes(finding.retainedSize)} retained`,
    `  path: ${finding.path}`,
  ];
  if (finding.holder) lines.push(`  held by: ${finding.holder}`);
  if (finding.definedAt) lines.push(`  defined at ${named(finding.definedAt, cwd)}`);
  if (finding.allocatedAt) lines.push(`  allocated in ${named(finding.allocatedAt, cwd)}`);
  for (const r of finding.related) lines.push(`  via ${r.label} at ${placeText(r.place, cwd)}`);
  return lines;
}

/** The whole verdict: every leak, numbered; or that there is none. */
export function resultText(result: LeakCheckResult, cwd: string, title = 'leak check'): string {
  const { leaks, iterations, threshold } = result;
  const rule = `at least ${perIteration(threshold)} object${threshold === 1 ? '' : 's'} per iteration`;
  if (!leaks.length)
    return `${title}: no leak over ${iterations} iterations (no group of surviving objects grew by ${rule}).`;
  const lines = [
    `${title}: ${leaks.length} leak${leaks.length === 1 ? '' : 's'} over ${iterations} iterations (objects allocated in the iterations and still alive after ${iterations} more, ${rule}):`,
  ];
  leaks.forEach((finding, i) => {
    const [first, ...rest] = findingLines(finding, cwd);
    lines.push(`${i + 1}. ${first}`, ...rest.map((l) => `  ${l}`));
  });
  return lines.join('\n');
}
