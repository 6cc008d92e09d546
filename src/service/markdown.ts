// Every Markdown report, in one place: the joined report (the CLI's `join` text output and the demo's
// out/demo/report.md) and the leak triage report (the Leaks view's "Export report", served by the worker).
// Numbers through the one formatter; snapshot text made safe (src/common/text.ts) and put in code spans.
import { formatBytes, formatSigned } from '../common/units';
import { terminalText } from '../common/text';
import type { JoinReport } from '../join/joinSnapshot';
import { displayPath } from '../join/mapScript';
import type { FileFindings } from '../join/types';
import { groupTitle, PATH_LEGEND } from '../common/leakLabels';
import type { AllocationFrame } from '../heap/allocationTraces';
import type { Page } from '../heap/queries';
import type { LeakGroupCode } from '../join/leakFindings';
import type { TriagePage } from './leakTriage';
import type { GrowingCollectionRow, LeakGroupRow } from './protocol';

/** A frame as the engine maps it (protocol.ts MappedFrame). */
type MappedFrame = AllocationFrame & { source?: { file: string; line: number } };

export interface MarkdownOptions {
  base: string;
  title?: string;
  /** Lines listed under "retaining the most" (default 10). */
  topLines?: number;
}

const plural = (n: number, unit: string): string =>
  n ? `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}` : '';
const at = (file: string, line: number, base: string): string => `\`${displayPath(file, base)}:${line + 1}\``;

export function renderJoinMarkdown(
  report: JoinReport,
  findings: readonly FileFindings[],
  options: MarkdownOptions,
): string[] {
  const { base } = options;
  const out: string[] = [`# ${options.title ?? 'Retainer Lens: static findings joined with the heap'}`, ''];
  const total = findings.reduce((n, f) => n + f.findings.length, 0);
  out.push(`## Confirmed findings (${report.confirmed.length} of ${total})`, '');
  if (report.confirmed.length === 0) out.push('No static finding is confirmed by this snapshot.');
  for (const c of report.confirmed) out.push(`- ${terminalText(c.message)}`);

  if (report.leaks) {
    out.push('', '## Leak groups joined to source', '');
    report.leaks.forEach((g, i) => {
      const joined = report.confirmed.filter((c) => c.confirmation.leakGroups?.includes(i));
      // Groups folded under the one before them (retained through its objects) are indented below it.
      const indent = g.group.foldedInto !== undefined ? '  ' : '';
      const holder = g.group.holder ? `: ${terminalText(g.group.holder.text)}` : '';
      const head = `${indent}- ${terminalText(groupTitle(g.group))}, ${formatBytes(g.group.retainedSize)} retained${holder}, via \`${terminalText(g.path || g.group.examplePath)}\``;
      if (joined.length) {
        out.push(
          `${head} → ${joined.map((c) => `${at(c.file, c.finding.range.start.line, base)} ${c.rule}`).join(', ')}`,
        );
        return;
      }
      const site = g.sites.find((s) => s.role !== 'on-path') ?? g.sites[0];
      const variable = g.variables[0];
      const where = variable
        ? ` (held by \`${terminalText(variable.name)}\` in ${displayPath(variable.file, base)})`
        : site
          ? ` (from ${at(site.file, site.line, base)})`
          : '';
      out.push(`${head} → no static finding${where}`);
    });
  }

  out.push('', '## Dead context variables', '');
  if (report.dead.length === 0) out.push('None: every captured variable is used by a live closure of its context.');
  for (const d of report.dead.slice(0, 20)) {
    const held = d.heldBy.map((h) => `${terminalText(h.name)} (line ${h.line + 1}, ${h.count}×)`).join(', ');
    const used = d.usedOnlyBy.length
      ? `; only ${d.usedOnlyBy.map((u) => `\`${terminalText(u.name)}\` (line ${u.line + 1})`).join(', ')} used it`
      : '';
    out.push(
      `- ${at(d.file, d.line, base)} \`${terminalText(d.name)}\` (${terminalText(d.className)}) in ${terminalText(d.scope)}'s context: ${formatBytes(d.retainedSize)} in ${d.contexts} context${d.contexts === 1 ? '' : 's'}, kept by ${held}${used}`,
    );
  }

  const lines = report.files.filter((f) => f.mapped).flatMap((f) => f.lines.map((l) => ({ file: f.file, l })));
  lines.sort((a, b) => b.l.retainedSize - a.l.retainedSize);
  out.push('', '## Lines retaining the most', '');
  for (const { file, l } of lines.slice(0, options.topLines ?? 10)) {
    const counts = [plural(l.objects, 'object'), plural(l.closures, 'closure')].filter(Boolean).join(' · ');
    out.push(`- ${at(file, l.line, base)} retains ${formatBytes(l.retainedSize)} · ${counts}`);
  }

  const confirmed = new Set(report.confirmed.map((c) => c.finding));
  const rest = findings.flatMap((f) => f.findings.filter((x) => !confirmed.has(x)).map((x) => ({ file: f.file, x })));
  out.push('', `## Not confirmed by this snapshot (${rest.length})`, '');
  for (const { file, x } of rest) out.push(`- ${at(file, x.range.start.line, base)} ${x.rule}`);
  return out;
}

/** A code span for untrusted text: no control characters, no backtick run of the fence's length, no bare pipe. */
function code(text: string): string {
  const safe = terminalText(text, 500);
  const fence = '`'.repeat(Math.max(0, ...(safe.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  return `${fence} ${safe.replace(/\|/g, '\\|')} ${fence}`;
}

const basename = (path: string): string => path.replace(/^.*[\\/]/, '') || path;

/** `src/cache.js:2:14` — finding `src/cache.js:2` unbounded-collection (confirmed) */
function codeLine(row: { code?: LeakGroupCode }): string | undefined {
  const { position, finding } = row.code ?? {};
  const parts: string[] = [];
  if (position) parts.push(code(position.display));
  if (finding) parts.push(`finding ${code(finding.display)} ${finding.rule} (confirmed)`);
  return parts.length ? parts.join(' — ') : undefined;
}

/** "allocated in `open` (store.js:8)": the group's first workspace frame, else its allocating function. */
function allocationLines(group: LeakGroupRow): string[] {
  const frames = group.allocation?.frames as MappedFrame[] | undefined;
  const frame = frames?.find((f) => f.source) ?? frames?.[0];
  if (!frame) return [];
  const where = frame.source
    ? `${frame.source.file}:${frame.source.line + 1}`
    : frame.url && frame.line >= 0
      ? `${frame.url}:${frame.line + 1}`
      : frame.url || 'native';
  const stack = frames!.slice(0, 6).map((f) => code(f.name || '(anonymous)'));
  return [
    `- allocated in ${code(frame.name || '(anonymous)')} (${code(where)}), ${group.allocation!.count} of ${group.allocation!.of} sampled objects; stack: ${stack.join(' ← ')} (a frame is a function, not the allocating statement)`,
  ];
}

function groupLines(group: LeakGroupRow, heading: string): string[] {
  const where = codeLine(group);
  const shown = group.sampleIds.slice(0, 10);
  return [
    heading,
    '',
    `- held by: ${code(group.holder.text)}`,
    ...(where ? [`- code: ${where}`] : []),
    ...allocationLines(group),
    `- path: ${code(group.path)}`,
    `- objects (final snapshot): ${shown.map((id) => `@${id}`).join(', ')}${group.count > shown.length ? ` (${shown.length} of ${group.count.toLocaleString('en-US')})` : ''}`,
    '',
  ];
}

/**
 * The leak triage as a report: what was compared, then the groups ranked by the bytes they alone retain,
 * each with its holder, code place (and the static finding there, once joined), path and objects, and the
 * groups folded under it; then collections that grew in every snapshot; then the legend of the paths.
 */
export function renderLeakMarkdown(
  program: string,
  files: readonly [string, string, string],
  result: TriagePage,
): string {
  const { leaks } = result;
  const growth = result.growth as Page<GrowingCollectionRow>;
  const groups = leaks.groups.items as LeakGroupRow[];
  const lines: string[] = [
    `# Leak triage: ${terminalText(program, 200)}`,
    '',
    `**${leaks.suspects.toLocaleString('en-US')}** objects allocated between baseline and target are still alive in final, in ${leaks.groups.total.toLocaleString('en-US')} groups (V8 internals and objects they own left out; each byte counted once).` +
      (leaks.untraced ? ` ${leaks.untraced} smaller ones were not traced.` : ''),
    '',
  ];
  if (groups.length === 0) {
    lines.push('No suspects: everything allocated during the action was released again.', '');
  } else {
    lines.push('## Leak groups, largest retained size first', '');
    groups.forEach((group, i) => {
      lines.push(
        ...groupLines(group, `### ${i + 1}. ${code(groupTitle(group))} — ${formatBytes(group.retainedSize)} retained`),
      );
      if (group.folded.length) {
        lines.push('Retained through these objects (their bytes are part of the above):', '');
        for (const f of group.folded) {
          const where = codeLine(f);
          lines.push(
            `- ${code(groupTitle(f))}, ${formatBytes(f.retainedSize)}: ${code(f.holder.text)}${where ? ` — ${where}` : ''}`,
          );
        }
        lines.push('');
      }
    });
    if (leaks.groups.total > groups.length)
      lines.push(`…and ${leaks.groups.total - groups.length} smaller groups.`, '');
  }
  if (growth.items.length) {
    lines.push(
      '## Collections growing in every snapshot',
      '',
      '| collection | held by | code | retained (baseline → target → final) | growth |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const c of growth.items) {
      lines.push(
        `| ${code(c.className)} @${c.id} | ${c.holder ? code(c.holder.text) : ''} | ${codeLine(c) ?? ''} | ${c.retainedSizes.map(formatBytes).join(' → ')} | ${formatSigned(c.growth, formatBytes)} |`,
      );
    }
    lines.push('');
  } else {
    lines.push('No Map, Set or array grew in every snapshot.', '');
  }
  lines.push(
    '## How to read the paths',
    '',
    ...PATH_LEGEND.map(([notation, meaning]) => `- ${code(notation)} ${meaning}`),
    '',
    '## Snapshots',
    '',
    ...(['baseline', 'target', 'final'] as const).map(
      (step, i) => `- ${step}: [${basename(files[i])}](${encodeURI(`file://${files[i]}`)})`,
    ),
    '',
    '_Open the final snapshot and look up the object ids to see every retainer of an object._',
    '',
  );
  return lines.join('\n');
}
