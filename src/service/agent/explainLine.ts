// The explain_line answer: everything known about one source line, from the static findings on it and the
// latest snapshot's join (retention at the line, confirmations, leak groups, dead context variables, and the
// live objects a function starting there allocated, when the snapshot was recorded with allocation stacks).
import type { Finding } from '../../analyzer/types';
import { formatBytes } from '../../common/units';
import type { FunctionAllocations, JoinReport } from '../../join/types';
import { Answer, confirmationText, plain, quote } from './answer';

export interface ExplainLineInput {
  file: string;
  /** 0-based. */
  line: number;
  findings: Finding[];
  /** Why the file could not be analyzed, if it could not. */
  skipped?: string;
  join?: JoinReport;
  snapshotLabel?: string;
  /** Why there is no snapshot (when `join` is absent). */
  noSnapshot?: string;
  show(file: string, line?: number): string;
}

/** Findings whose range starts on the line, or spans it when short (a multi-line call). */
const onLine = (f: Finding, line: number): boolean =>
  f.range.start.line === line ||
  (f.range.start.line <= line && line <= f.range.end.line && f.range.end.line - f.range.start.line <= 5);

export function explainLine(x: ExplainLineInput): string {
  const { file, line, join, show } = x;
  const answer = new Answer();
  const here = show(file, line);
  const findings = x.findings.filter((f) => onLine(f, line));
  answer.add(`${here}:`);
  if (x.skipped) answer.add(`- static analysis: skipped (${plain(x.skipped, 200)})`);
  else if (findings.length === 0) answer.add('- static findings: none on this line');
  for (const f of findings) answer.add(`- static finding ${f.rule} (${f.severity}): ${plain(f.message, 300)}`);

  if (!join) {
    answer.add(
      `- heap: no snapshot (${plain(x.noSnapshot || 'none loaded', 200)}); capture or pass one to see retained memory`,
    );
    answer.add('- allocation sites: no snapshot');
    return answer.text();
  }
  answer.add(`- heap: snapshot ${x.snapshotLabel ?? ''}`);
  const confirmed = join.confirmed.filter(
    (c) => c.file === file && (c.finding.range.start.line === line || c.confirmation.line === line),
  );
  for (const c of confirmed)
    answer.add(
      `- confirmed by the snapshot: ${c.rule} at ${show(c.file, c.finding.range.start.line)}: ${confirmationText(c)}`,
    );

  const retention = join.files.find((f) => f.file === file && f.mapped)?.lines.find((l) => l.line === line);
  if (retention) {
    answer.add(
      `- retained by objects made here: ${formatBytes(retention.retainedSize)} in ${retention.count.toLocaleString('en-US')} objects (${retention.closures} closures)` +
        (retention.path ? `, largest held via ${quote(retention.path, 200)}` : ''),
    );
    for (const s of retention.sites.slice(0, 4))
      answer.add(
        `  - ${s.count.toLocaleString('en-US')} × ${s.kind} ${quote(s.name, 80)} (column ${s.column + 1}): ${formatBytes(s.retainedSize)}, e.g. @${s.sampleIds[0]}`,
      );
  } else answer.add('- retained by objects made here: nothing the snapshot places on this line');

  const groupIds = new Set(confirmed.flatMap((c) => c.confirmation.leakGroups ?? []));
  (join.leaks ?? []).forEach((g, i) => {
    const touches =
      g.sites.some((s) => s.file === file && s.line === line) ||
      g.variables.some((v) => v.file === file && v.holders.some((h) => h.line === line));
    if (touches) groupIds.add(i);
  });
  for (const i of [...groupIds].slice(0, 4)) {
    const g = join.leaks?.[i];
    if (!g) continue;
    const variable = g.variables[g.variables.length - 1];
    answer.add(
      `- leak group ${i + 1} of the last find_leaks: ${g.group.count.toLocaleString('en-US')} × ${quote(g.group.className, 80)}, ${formatBytes(g.group.retainedSize)} via ${quote(g.path || g.group.trace, 200)}` +
        (variable ? `, held by variable ${quote(variable.name, 80)}` : ''),
    );
  }

  const vars = join.variables.filter((v) => v.file === file && v.holders.some((h) => h.line === line));
  for (const v of vars.slice(0, 3))
    answer.add(
      `- the closure here keeps variable ${quote(v.name, 80)} (${quote(v.className, 60)}, ${formatBytes(v.retainedSize)}${v.entries !== undefined ? `, ${v.entries} entries` : ''}) alive`,
    );

  const dead = join.dead.filter((d) => d.file === file && (d.line === line || d.heldBy.some((h) => h.line === line)));
  for (const d of dead.slice(0, 3)) {
    const used = d.usedOnlyBy.map((u) => quote(u.name, 60)).join(', ');
    answer.add(
      `- dead context variable ${quote(d.name, 80)} (${quote(d.className, 60)}, ${formatBytes(d.retainedSize)} in ${d.contexts} contexts) declared at ${show(d.file, d.line)}: kept alive by ${d.heldBy.map((h) => `${quote(h.name, 60)} at line ${h.line + 1}`).join(', ')} without being used${used ? `; only ${used} used it` : ''}`,
    );
  }
  for (const text of allocationLines(join.allocations, file, line)) answer.add(text);
  return answer.text();
}

/**
 * V8 records the allocating *function* (where its parameters begin), not the statement: so this names the
 * functions that start on the line, and says so when none does.
 */
function allocationLines(allocations: FunctionAllocations[] | undefined, file: string, line: number): string[] {
  if (!allocations)
    return [
      '- allocation sites: the snapshot has no allocation stacks (record allocations to see what code made them)',
    ];
  const here = allocations.filter((a) => a.file === file && a.line === line);
  if (here.length === 0)
    return [
      '- allocation sites: no function starting on this line allocated live objects (V8 records the allocating function, at the line where it starts)',
    ];
  return here.slice(0, 3).map((a) => {
    const classes = a.classes
      .slice(0, 3)
      .map((c) => `${c.count.toLocaleString('en-US')} × ${quote(c.name, 60)}`)
      .join(', ');
    const holder = a.holders[0];
    return (
      `- allocated in ${quote(a.name, 80)} (starts here), still alive: ${a.count.toLocaleString('en-US')} objects, ${formatBytes(a.retainedSize)} retained` +
      (classes ? ` (${classes})` : '') +
      (holder
        ? `; most held ${holder.via === 'entry' ? 'as entries of' : 'by'} ${holder.edge} ${quote(holder.name, 80)}`
        : '') +
      (a.sampleIds.length ? `, e.g. @${a.sampleIds[0]}` : '')
    );
  });
}
