// A leak check as SARIF 2.1.0 for code scanning: one result per leak, located at the line that defines the
// leaking class or function, with the functions along its retainer path as related locations. Accepted leaks
// (listed in the baseline) stay in the log as `unchanged` notes, so the code-scanning view still shows them.
import { createHash } from 'node:crypto';
import { isAbsolute, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Log, Result } from 'sarif';
import { formatBytes, formatCount } from '../common/units';
import { REPOSITORY_URL } from '../common/project';
import { version } from '../version';
import type { LeakStatus } from './baseline';
import type { LeakFinding } from './leakFinding';
import type { LeakCheckResult } from './measure';
import type { SourcePlace } from './sourcePlace';

export const LEAK_RULE_ID = 'retainer-lens/heap-leak';

function artifact(place: SourcePlace, cwd: string): Location['physicalLocation'] {
  const rel = relative(cwd, place.file);
  const inside = rel && !rel.startsWith('..') && !isAbsolute(rel);
  return {
    artifactLocation: inside
      ? { uri: rel.split('\\').join('/'), uriBaseId: '%SRCROOT%' }
      : { uri: pathToFileURL(place.file).href },
    region: { startLine: place.line, startColumn: place.column },
  };
}

function message(f: LeakFinding, iterations: number): string {
  const per = Number.isInteger(f.perIteration) ? String(f.perIteration) : f.perIteration.toFixed(1);
  const parts = [
    `${formatCount(f.count)} ${f.className} objects leaked over ${iterations} iterations (${per} per iteration), ${formatBytes(f.retainedSize)} retained.`,
    `Retainer path: ${f.path}.`,
  ];
  if (f.holder) parts.push(`Held by ${f.holder}.`);
  if (f.allocatedAt) parts.push(`Allocated in ${f.allocatedAt.name ?? 'a function'} (line ${f.allocatedAt.line}).`);
  return parts.join(' ');
}

export function leakSarif(result: LeakCheckResult, status: readonly LeakStatus[], cwd: string): Log {
  const results: Result[] = result.leaks.map((f, i) => {
    const place = f.definedAt ?? f.allocatedAt;
    return {
      ruleId: LEAK_RULE_ID,
      ruleIndex: 0,
      level: status[i] === 'accepted' ? 'note' : 'error',
      baselineState: status[i] === 'accepted' ? 'unchanged' : 'new',
      message: { text: message(f, result.iterations) },
      locations: place ? [{ physicalLocation: artifact(place, cwd) }] : [],
      relatedLocations: f.related.map((r, j) => ({
        id: j + 1,
        message: { text: r.label },
        physicalLocation: artifact(r.place, cwd),
      })),
      partialFingerprints: { 'retainerLensLeak/v1': createHash('sha256').update(f.key).digest('hex') },
      properties: {
        className: f.className,
        count: f.count,
        perIteration: f.perIteration,
        retainedBytes: f.retainedSize,
        retainerPath: f.path,
      },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'retainer-lens',
            version,
            informationUri: REPOSITORY_URL,
            rules: [
              {
                id: LEAK_RULE_ID,
                name: 'HeapLeak',
                shortDescription: { text: 'Objects that every repetition of a scenario leaves alive' },
                fullDescription: {
                  text: 'Objects allocated while the scenario repeated that were still reachable after it repeated as often again, growing with the repetitions.',
                },
                helpUri: `${REPOSITORY_URL}#catch-leaks-in-ci`,
                defaultConfiguration: { level: 'error' },
              },
            ],
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href } },
        invocations: [{ executionSuccessful: true }],
        results,
      },
    ],
  };
}
