// Output formats for scan results: JSON rows (1-based lines), SARIF 2.1.0 for code scanning, and text.
import type { Log, Region, Result } from 'sarif';
import { RULES } from './rules';
import type { Finding, ParseErrorInfo } from './types';
import { version } from '../version';
import { REPOSITORY_URL, repositoryFileUrl } from '../common/project';

export interface FileFindings {
  /** Path as shown to the user (relative to the scan's working directory, with forward slashes). */
  file: string;
  findings: Finding[];
  parseError?: ParseErrorInfo;
}

export interface JsonFinding {
  file: string;
  rule: string;
  severity: string;
  /** high, or medium for the less certain findings shown with --confidence medium. */
  confidence: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** JSON rows use 1-based lines and columns like other linters' reports. */
export function toJsonRows(results: FileFindings[]): JsonFinding[] {
  return results.flatMap((r) =>
    r.findings.map((f) => ({
      file: r.file,
      rule: f.rule,
      severity: f.severity,
      confidence: f.confidence,
      line: f.range.start.line + 1,
      column: f.range.start.column + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.column + 1,
      message: f.message,
    })),
  );
}

const SARIF_LEVEL: Record<Finding['severity'], Result.level> = { error: 'error', warning: 'warning', info: 'note' };

function region(range: Finding['range']): Region {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.column + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.column + 1,
  };
}

export function toSarif(results: FileFindings[]): Log {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
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
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: r.description },
              fullDescription: { text: r.description },
              helpUri: repositoryFileUrl(r.docPath),
              defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: results
              .filter((r) => r.parseError)
              .map((r) => ({
                level: 'warning',
                message: { text: `could not parse: ${r.parseError!.message}` },
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: r.file, uriBaseId: '%SRCROOT%' },
                      region: { startLine: r.parseError!.line + 1, startColumn: r.parseError!.column + 1 },
                    },
                  },
                ],
              })),
          },
        ],
        results: results.flatMap((r) =>
          r.findings.map((f) => ({
            ruleId: f.rule,
            ruleIndex: ruleIndex.get(f.rule),
            level: SARIF_LEVEL[f.severity],
            message: { text: f.message },
            properties: { confidence: f.confidence },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: r.file, uriBaseId: '%SRCROOT%' },
                  region: region(f.range),
                },
              },
            ],
            relatedLocations: f.related.map((rel, i) => ({
              id: i + 1,
              message: { text: rel.message },
              physicalLocation: {
                artifactLocation: { uri: r.file, uriBaseId: '%SRCROOT%' },
                region: region(rel.range),
              },
            })),
          })),
        ),
      },
    ],
  };
}

export function toText(results: FileFindings[]): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const r of results) {
    if (!r.findings.length) continue;
    lines.push(r.file);
    for (const f of r.findings) {
      counts[f.severity]++;
      lines.push(
        `  ${f.range.start.line + 1}:${f.range.start.column + 1}  ${f.severity.padEnd(7)}  ${f.message}  ${f.rule}`,
      );
    }
    lines.push('');
  }
  const total = counts.error + counts.warning + counts.info;
  lines.push(
    total
      ? `${total} finding${total === 1 ? '' : 's'} (${counts.error} errors, ${counts.warning} warnings, ${counts.info} info)`
      : 'no findings',
  );
  return lines.join('\n');
}
