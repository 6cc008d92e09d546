// The explorer's marks: which static finding, if any, marks each snapshot object, and which objects are dead
// context variables. Built once per join next to the snapshot (in the worker) and answered per node id, so
// the explorer can mark any row it shows, not only the few sample ids a report carries.
//
// A node is marked by a finding when it was made at the place the finding is about: a live closure of the
// function a closure finding flags (V8 locates a closure at its function), the value a collection finding's
// variable holds, and for closure-large-scope the large value itself when the snapshot shows it dead.
import type { Node } from '../analyzer/ast';
import type { Finding } from '../analyzer/types';
import type { HeapSnapshot } from '../heap/snapshot';
import { CLOSURE_RULES, deadVariableOf, functionsInRange, heldVariableOf, VARIABLE_RULES } from './confirm';
import { locatedNodes, type LocatedNode } from './locatedNodes';
import { displayPath, type ScriptMapper } from './mapScript';
import { functionAt, type SourceModels } from './sourceModel';
import type {
  ConfirmedFinding,
  DeadMark,
  DeadVariable,
  FileFindings,
  FindingMark,
  JoinReport,
  NodeMark,
} from './types';

export interface MarkContext {
  mapper: ScriptMapper;
  sources: SourceModels;
  findings: readonly FileFindings[];
  report: JoinReport;
  /** Every dead value (ordinal) and its variable, from deadContextVariables' onValue. */
  deadValues: ReadonlyMap<number, DeadVariable>;
  /** Workspace roots, for display paths. */
  roots?: readonly string[];
}

const RANK = { info: 0, warning: 1, error: 2 } as const;

/** Confirmed first, then the more severe. */
function better(a: FindingMark, b: FindingMark | undefined): boolean {
  if (!b) return true;
  if (!!a.confirmed !== !!b.confirmed) return !!a.confirmed;
  return RANK[a.severity] > RANK[b.severity];
}

function display(file: string, line: number, roots: readonly string[] | undefined): string {
  const root = roots?.find((r) => file.startsWith(r));
  const path = root ? displayPath(file, root) : file.replace(/^.*[\\/]/, '');
  return `${path}:${line + 1}`;
}

export type NodeMarks = Map<number, NodeMark>;

export function buildMarks(snapshot: HeapSnapshot, context: MarkContext): NodeMarks {
  const { report, sources, roots } = context;
  const marks: NodeMarks = new Map();
  const mark = (ordinal: number, finding: FindingMark): void => {
    const existing = marks.get(ordinal);
    if (existing) {
      if (better(finding, existing.finding)) existing.finding = finding;
    } else {
      marks.set(ordinal, { finding });
    }
  };
  const confirmedBy = new Map<Finding, ConfirmedFinding>(report.confirmed.map((c) => [c.finding, c]));
  const closuresByFile = new Map<string, LocatedNode[]>();
  for (const n of locatedNodes(snapshot, context.mapper).nodes) {
    if (n.kind !== 'closure' || !n.mapped) continue;
    const list = closuresByFile.get(n.mapped.file);
    if (list) list.push(n);
    else closuresByFile.set(n.mapped.file, [n]);
  }
  const valuesOf = new Map<DeadVariable, number[]>();
  for (const [value, d] of context.deadValues) {
    const list = valuesOf.get(d);
    if (list) list.push(value);
    else valuesOf.set(d, [value]);
  }

  for (const { file, findings, text } of context.findings) {
    if (findings.length === 0) continue;
    const src = sources.get(file, text);
    if (!src) continue;
    const byFunction = new Map<Node, FindingMark>();
    for (const finding of findings) {
      const confirmed = confirmedBy.get(finding);
      const fm: FindingMark = {
        rule: finding.rule,
        severity: finding.severity,
        message: finding.message,
        file,
        display: display(file, finding.range.start.line, roots),
        range: finding.range,
        confirmed: confirmed?.message,
      };
      if (CLOSURE_RULES.has(finding.rule)) {
        for (const fn of functionsInRange(src, finding)) if (better(fm, byFunction.get(fn))) byFunction.set(fn, fm);
        const dead = deadVariableOf(src, file, finding, report.dead);
        for (const value of (dead && valuesOf.get(dead)) ?? []) mark(value, fm);
      } else if (VARIABLE_RULES.has(finding.rule)) {
        const ids = confirmed?.confirmation.sampleIds ?? [];
        const held = ids.length ? undefined : heldVariableOf(src, file, finding, report.variables)?.held;
        for (const id of held ? [held.sampleId] : ids) {
          const n = snapshot.ordinalOfId(id);
          if (n >= 0) mark(n, fm);
        }
      }
    }
    if (byFunction.size === 0) continue;
    const functionOf = new Map<string, Node | undefined>();
    for (const n of closuresByFile.get(file) ?? []) {
      const key = `${n.mapped!.line}:${n.mapped!.column}`;
      if (!functionOf.has(key)) functionOf.set(key, functionAt(src, n.mapped!.line, n.mapped!.column));
      const fn = functionOf.get(key);
      const fm = fn && byFunction.get(fn);
      if (fm) mark(n.ordinal, fm);
    }
  }

  const deadMarks = new Map<DeadVariable, DeadMark>();
  for (const [value, d] of context.deadValues) {
    let dm = deadMarks.get(d);
    if (!dm) {
      dm = {
        name: d.name,
        className: d.className,
        scope: d.scope,
        file: d.file,
        display: display(d.file, d.line, roots),
        line: d.line,
        column: d.column,
        retainedSize: d.retainedSize,
        contexts: d.contexts,
        usedOnlyBy: d.usedOnlyBy.map((u) => u.name),
        heldBy: d.heldBy.map((h) => h.name),
      };
      deadMarks.set(d, dm);
    }
    const existing = marks.get(value);
    if (existing) existing.dead = dm;
    else marks.set(value, { dead: dm });
  }
  return marks;
}

/** The marks of these node ids, in order (null: unmarked or not in the snapshot). */
export function marksOf(
  snapshot: HeapSnapshot,
  marks: NodeMarks | undefined,
  ids: readonly number[],
): (NodeMark | null)[] {
  return ids.map((id) => {
    if (!marks || typeof id !== 'number') return null;
    const n = snapshot.ordinalOfId(id);
    return n >= 0 ? (marks.get(n) ?? null) : null;
  });
}
