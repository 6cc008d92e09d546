// Static finding + snapshot evidence → "confirmed". Precision first: a finding is confirmed only by memory
// at the exact thing it is about, never by a line that merely happens to match.
//
// - Closure findings (listener-not-removed, interval-not-cleared, closure-large-scope) are about a function:
//   the callback registered or kept alive. Evidence is live closures of *that* function (V8 locates a
//   closure at its function's head), not other code on the same lines.
// - Collection findings (unbounded-collection, map-object-key) are about a declared variable. Evidence is
//   that variable's value in a context whose live closures all sit inside the declaring scope.
// - Then the evidence must show a leak. Either a leak group (baseline/target/final: objects allocated between
//   baseline and target and still alive in final) is there — the group's objects are those closures, are
//   held by them or hold them, or their root path runs through that variable — or, from the snapshot alone,
//   the place holds past a count or size threshold (many live copies, or much memory). The second way also
//   serves when a triage misses a group (e.g. objects matched across separate profiler sessions).
// - With allocation stacks (a recorded snapshot), any finding about a collection or a global is also
//   confirmed when objects allocated in the function that fills it are held under its name
//   (allocationConfirm.ts): module variables, collections on `this` or on a class, and globals.
import type { Node } from '../analyzer/ast';
import type { Finding } from '../analyzer/types';
import { formatBytes } from '../common/units';
import { allocationEvidence } from './allocationConfirm';
import { displayPath } from './mapScript';
import { declaredAt, functionAt, offsetOf, SourceModels, type SourceFile } from './sourceModel';
import type {
  Confirmation,
  ConfirmedFinding,
  ConfirmOptions,
  DeadEvidence,
  DeadVariable,
  FileFindings,
  FileRetention,
  FunctionAllocations,
  LeakGroupSites,
  VariableRetention,
} from './types';

export interface JoinEvidence {
  files: FileRetention[];
  variables: VariableRetention[];
  /** Leak groups with their source sites; when present, every confirmation needs one. */
  leaks?: LeakGroupSites[];
  dead?: DeadVariable[];
  /** Live objects per allocating workspace function (snapshots with allocation stacks). */
  allocations?: FunctionAllocations[];
}

export interface ConfirmContext extends ConfirmOptions {
  /** Display paths relative to this folder (default: the process cwd). */
  base?: string;
  sources?: SourceModels;
}

export const CLOSURE_RULES: ReadonlySet<string> = new Set([
  'listener-not-removed',
  'interval-not-cleared',
  'closure-large-scope',
]);
export const VARIABLE_RULES: ReadonlySet<string> = new Set(['unbounded-collection', 'map-object-key']);

/** The outermost functions starting inside a finding's range: the callbacks it is about. */
export function functionsInRange(src: SourceFile, finding: Finding): Node[] {
  const start = offsetOf(src, finding.range.start.line, finding.range.start.column);
  const end = offsetOf(src, finding.range.end.line, finding.range.end.column);
  const inside = src.model.functions.filter((fn) => fn.range[0] >= start && fn.range[0] < end);
  return inside.filter(
    (fn) => !inside.some((other) => other !== fn && other.range[0] <= fn.range[0] && other.range[1] >= fn.range[1]),
  );
}

function groupCounts(group: LeakGroupSites['group'], o: ConfirmOptions): boolean {
  return group.count >= (o.minGroupCount ?? 2) || group.retainedSize >= (o.minGroupBytes ?? 64 * 1024);
}

/** Indices of the leak groups big enough to count that `matches` accepts. */
function matchingGroups(leaks: LeakGroupSites[], o: ConfirmOptions, matches: (g: LeakGroupSites) => boolean): number[] {
  const out: number[] = [];
  leaks.forEach((g, i) => {
    if (groupCounts(g.group, o) && matches(g)) out.push(i);
  });
  return out;
}

function closureEvidence(
  src: SourceFile,
  file: string,
  finding: Finding,
  evidence: JoinEvidence,
  o: ConfirmOptions,
): Confirmation | undefined {
  const fns = new Set(functionsInRange(src, finding));
  if (fns.size === 0) return undefined;
  const isOurs = (line: number, column: number): boolean => {
    const fn = functionAt(src, line, column);
    return fn !== undefined && fns.has(fn);
  };
  const retention = evidence.files.find((f) => f.file === file);
  let count = 0,
    retainedSize = 0,
    line = -1,
    path = '';
  const sampleIds: number[] = [];
  let best = 0;
  for (const l of retention?.lines ?? []) {
    for (const s of l.sites) {
      if (s.kind !== 'closure' || !isOurs(l.line, s.column)) continue;
      count += s.count;
      retainedSize += s.retainedSize;
      sampleIds.push(...s.sampleIds);
      if (s.retainedSize >= best) {
        best = s.retainedSize;
        line = l.line;
        path = l.path ?? path;
      }
    }
  }
  if (count === 0) return undefined;
  if (evidence.leaks) {
    const groups = matchingGroups(evidence.leaks, o, (g) =>
      g.sites.some((s) => s.file === file && s.kind === 'closure' && s.role !== 'on-path' && isOurs(s.line, s.column)),
    );
    if (groups.length)
      return {
        by: 'leak',
        leakGroups: groups,
        count,
        unit: 'closures',
        retainedSize,
        path: path || evidence.leaks[groups[0]].path,
        sampleIds: sampleIds.slice(0, 10),
        line,
      };
  }
  if (count < (o.minCount ?? 50) && retainedSize < (o.minRetainedBytes ?? 1024 * 1024)) return undefined;
  return { by: 'snapshot', count, unit: 'closures', retainedSize, path, sampleIds: sampleIds.slice(0, 10), line };
}

/** The variable a collection finding declares, and what the snapshot shows its contexts holding. */
export function heldVariableOf(
  src: SourceFile,
  file: string,
  finding: Finding,
  variables: readonly VariableRetention[],
) {
  const declared = declaredAt(src, finding.range);
  if (declared?.kind !== 'variable') return undefined;
  const [from, to] = declared.scopeRange;
  const inScope = (holders: { line: number; column: number }[]): boolean =>
    holders.length > 0 &&
    holders.every((h) => {
      const at = offsetOf(src, h.line, h.column);
      return at >= from && at <= to;
    });
  const held = variables.find((v) => v.file === file && v.name === declared.name && inScope(v.holders));
  return held ? { declared, held, inScope } : undefined;
}

function variableEvidence(
  src: SourceFile,
  file: string,
  finding: Finding,
  evidence: JoinEvidence,
  o: ConfirmOptions,
): Confirmation | undefined {
  const found = heldVariableOf(src, file, finding, evidence.variables);
  if (!found) return undefined;
  const { declared, held, inScope } = found;
  const declLine = src.model.positionAt(declared.variable.identifiers[0]?.range[0] ?? 0).line;
  const count = held.entries ?? held.contexts;
  const base = {
    count,
    unit: held.entries !== undefined ? 'entries' : 'contexts',
    retainedSize: held.retainedSize,
    path: held.path ?? '',
    sampleIds: [held.sampleId],
    line: declLine,
  };
  if (evidence.leaks) {
    const groups = matchingGroups(evidence.leaks, o, (g) =>
      g.variables.some((v) => v.file === file && v.name === declared.name && inScope(v.holders)),
    );
    if (groups.length)
      return { by: 'leak', leakGroups: groups, ...base, path: base.path || evidence.leaks[groups[0]].path };
  }
  if (count < (o.minCount ?? 50) && held.retainedSize < (o.minRetainedBytes ?? 1024 * 1024)) return undefined;
  return { by: 'snapshot', ...base };
}

/**
 * The dead context variable a closure-large-scope finding is about: declared where the finding's related
 * information says the large value is declared, and kept alive by the very closure the finding flags.
 */
export function deadVariableOf(
  src: SourceFile,
  file: string,
  finding: Finding,
  dead: readonly DeadVariable[] | undefined,
): DeadVariable | undefined {
  if (finding.rule !== 'closure-large-scope' || !dead?.length) return undefined;
  const fns = new Set(functionsInRange(src, finding));
  if (fns.size === 0) return undefined;
  const declared = new Set(finding.related.map((r) => `${r.range.start.line}:${r.range.start.column}`));
  return dead.find(
    (d) =>
      d.file === file &&
      declared.has(`${d.line}:${d.column}`) &&
      d.heldBy.some((h) => {
        const fn = functionAt(src, h.line, h.column);
        return fn !== undefined && fns.has(fn);
      }),
  );
}

function deadEvidence(d: DeadVariable): DeadEvidence {
  return {
    name: d.name,
    className: d.className,
    retainedSize: d.retainedSize,
    contexts: d.contexts,
    line: d.line,
    column: d.column,
    usedOnlyBy: d.usedOnlyBy.map((u) => u.name),
  };
}

/** A closure-large-scope finding: the closure's own evidence, with the dead variable when the snapshot shows it. */
function largeScopeEvidence(
  src: SourceFile,
  file: string,
  finding: Finding,
  evidence: JoinEvidence,
  o: ConfirmOptions,
): Confirmation | undefined {
  const confirmation = closureEvidence(src, file, finding, evidence, o);
  const dead = deadVariableOf(src, file, finding, evidence.dead);
  if (!dead) return confirmation;
  if (confirmation) return { ...confirmation, dead: deadEvidence(dead) };
  // The value is provably kept for nothing; with leak groups given, a confirmation still needs one.
  if (evidence.leaks || dead.retainedSize < (o.minDeadBytes ?? 64 * 1024)) return undefined;
  const held = dead.heldBy[0];
  const line = evidence.files.find((f) => f.file === file)?.lines.find((l) => l.line === held.line);
  return {
    by: 'snapshot',
    count: dead.contexts,
    unit: dead.contexts === 1 ? 'context' : 'contexts',
    retainedSize: dead.retainedSize,
    path: line?.path ?? '',
    sampleIds: dead.sampleIds,
    line: held.line,
    dead: deadEvidence(dead),
  };
}

/** "dead context variable `payload` (Buffer, 3.00 MB), used only by checksum" */
function deadEvidenceText(d: DeadEvidence): string {
  const users = d.usedOnlyBy.length ? `, used only by ${d.usedOnlyBy.join(', ')}` : ', used by no live closure';
  return `dead context variable \`${d.name}\` (${d.className}, ${formatBytes(d.retainedSize)})${users}`;
}

export function confirmationMessage(file: string, finding: Finding, c: Confirmation, base: string): string {
  const where = `\`${displayPath(file, base)}:${finding.range.start.line + 1}\``;
  const via = c.path ? ` via \`${c.path}\`` : '';
  const dead = c.dead ? `; ${deadEvidenceText(c.dead)}` : '';
  const allocated = c.allocatedIn
    ? ` allocated in \`${c.allocatedIn.name}\` (${displayPath(c.allocatedIn.file, base)}:${c.allocatedIn.line + 1})`
    : '';
  return `${where} ${finding.rule} — confirmed: ${c.count.toLocaleString('en-US')} ${c.unit}${allocated}, ${formatBytes(c.retainedSize)} retained${via}${dead}`;
}

export function confirmFindings(
  files: readonly FileFindings[],
  evidence: JoinEvidence,
  context: ConfirmContext = {},
): ConfirmedFinding[] {
  // Without the join's models, only the texts the findings carry are looked at (nothing is read from disk).
  const sources = context.sources ?? new SourceModels({ read: () => undefined });
  const base = context.base ?? process.cwd();
  const out: ConfirmedFinding[] = [];
  for (const { file, findings, text } of files) {
    const src = sources.get(file, text);
    if (!src) continue;
    for (const finding of findings) {
      const confirmation =
        finding.rule === 'closure-large-scope'
          ? largeScopeEvidence(src, file, finding, evidence, context)
          : CLOSURE_RULES.has(finding.rule)
            ? closureEvidence(src, file, finding, evidence, context)
            : VARIABLE_RULES.has(finding.rule)
              ? (variableEvidence(src, file, finding, evidence, context) ??
                allocationEvidence(src, file, finding, evidence.allocations, evidence.leaks, context))
              : finding.rule === 'global-leak'
                ? allocationEvidence(src, file, finding, evidence.allocations, evidence.leaks, context)
                : undefined;
      if (!confirmation) continue;
      out.push({
        file,
        finding,
        rule: finding.rule,
        confirmation,
        message: confirmationMessage(file, finding, confirmation, base),
      });
    }
  }
  return out.sort((a, b) => b.confirmation.retainedSize - a.confirmation.retainedSize);
}
