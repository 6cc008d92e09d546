// The leak triage as a Markdown report: what was compared, then suspect groups ranked by retained size with
// their retainer paths, then collections that grew in every snapshot.
import { basename } from 'node:path';
import type { TriageResult } from './leakTriage';

export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) < 1024) return `${bytes} B`;
  if (Math.abs(bytes) < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Code spans cannot hold a backtick run of their own length; table cells cannot hold a bare pipe. */
function code(text: string): string {
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  return `${fence} ${text.replace(/\|/g, '\\|').replace(/\s+/g, ' ')} ${fence}`;
}

export function leakReportMarkdown(
  program: string,
  files: readonly [string, string, string],
  result: TriageResult,
): string {
  const { leaks, growth } = result;
  const lines: string[] = [
    `# Leak triage: ${program}`,
    '',
    `**${leaks.suspects}** objects allocated between baseline and target are still alive in final (V8 internals left out).` +
      (leaks.untraced ? ` ${leaks.untraced} smaller ones were not traced.` : ''),
    '',
  ];
  if (leaks.groups.items.length === 0) {
    lines.push('No suspects: everything allocated during the action was released again.', '');
  } else {
    lines.push('## Suspects by retainer path, largest retained size first', '');
    leaks.groups.items.forEach((group, i) => {
      lines.push(
        `### ${i + 1}. ${group.className} × ${group.count} — ${formatBytes(group.retainedSize)} retained`,
        '',
        `- retainer path: ${code(group.trace)}`,
        `- example: ${code(group.examplePath)}`,
        `- shallow size: ${formatBytes(group.shallowSize)}; sample objects (final snapshot): ${group.sampleIds.map((id) => `@${id}`).join(', ')}`,
        '',
      );
    });
    if (leaks.groups.total > leaks.groups.items.length)
      lines.push(`…and ${leaks.groups.total - leaks.groups.items.length} smaller groups.`, '');
  }
  if (growth.items.length) {
    lines.push(
      '## Collections growing in every snapshot',
      '',
      '| collection | id | retained (baseline → target → final) | growth |',
      '| --- | --- | --- | --- |',
    );
    for (const c of growth.items) {
      lines.push(
        `| ${c.className} | @${c.id} | ${c.retainedSizes.map(formatBytes).join(' → ')} | +${formatBytes(c.growth)} |`,
      );
    }
    lines.push('');
  } else {
    lines.push('No Map, Set or array grew in every snapshot.', '');
  }
  lines.push(
    '## Snapshots',
    '',
    ...(['baseline', 'target', 'final'] as const).map(
      (step, i) => `- ${step}: [${basename(files[i])}](${encodeURI(`file://${files[i]}`)})`,
    ),
    '',
    '_Open the final snapshot and look up the sample ids to see every retainer of an object._',
    '',
  );
  return lines.join('\n');
}
