// The joined report as markdown (the CLI's text output and the demo's out/demo/report.md): confirmed
// findings first, then each leak group with the finding it joins, dead context variables, the lines that
// retain most, and the findings the snapshot did not confirm.
import { formatBytes } from '../common/units';
import type { JoinReport } from './joinSnapshot';
import { displayPath } from './mapScript';
import type { FileFindings } from './types';

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
  for (const c of report.confirmed) out.push(`- ${c.message}`);

  if (report.leaks) {
    out.push('', '## Leak groups joined to source', '');
    report.leaks.forEach((g, i) => {
      const joined = report.confirmed.filter((c) => c.confirmation.leakGroups?.includes(i));
      const head = `- ${g.group.count.toLocaleString('en-US')} × ${g.group.className}, ${formatBytes(g.group.retainedSize)} retained via \`${g.path || g.group.examplePath}\``;
      if (joined.length) {
        out.push(
          `${head} → ${joined.map((c) => `${at(c.file, c.finding.range.start.line, base)} ${c.rule}`).join(', ')}`,
        );
        return;
      }
      const site = g.sites.find((s) => s.role !== 'on-path') ?? g.sites[0];
      const variable = g.variables[0];
      const where = variable
        ? ` (held by \`${variable.name}\` in ${displayPath(variable.file, base)})`
        : site
          ? ` (from ${at(site.file, site.line, base)})`
          : '';
      out.push(`${head} → no static finding${where}`);
    });
  }

  out.push('', '## Dead context variables', '');
  if (report.dead.length === 0) out.push('None: every captured variable is used by a live closure of its context.');
  for (const d of report.dead.slice(0, 20)) {
    const held = d.heldBy.map((h) => `${h.name} (line ${h.line + 1}, ${h.count}×)`).join(', ');
    const used = d.usedOnlyBy.length
      ? `; only ${d.usedOnlyBy.map((u) => `\`${u.name}\` (line ${u.line + 1})`).join(', ')} used it`
      : '';
    out.push(
      `- ${at(d.file, d.line, base)} \`${d.name}\` (${d.className}) in ${d.scope}'s context: ${formatBytes(d.retainedSize)} in ${d.contexts} context${d.contexts === 1 ? '' : 's'}, kept by ${held}${used}`,
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
