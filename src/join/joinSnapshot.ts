// One call for a whole join on a loaded (final) snapshot: per-line retention, what variables hold, leak
// group sites, confirmed findings and dead context variables. Everything it returns is JSON, so a worker
// can run it and post the result; the editor then renders lenses, diagnostics and explorer marks from it.
import type { LeakGroup } from '../heap/leaks';
import type { HeapSnapshot } from '../heap/snapshot';
import { confirmFindings } from './confirm';
import { deadContextVariables } from './deadContext';
import { functionAllocations } from './functionAllocations';
import { leakGroupSites } from './leakSites';
import { aggregateByLine } from './lineRetention';
import { ScriptMapper } from './mapScript';
import { SourceModels } from './sourceModel';
import { buildMarks, type NodeMarks } from './marks';
import type {
  JoinReport,
  ConfirmOptions,
  DeadVariable,
  FileFindings,
  FileRetention,
  MapOptions,
  SourceReader,
} from './types';
import { variableRetention } from './variableRetention';

export type { JoinReport };

export interface JoinInput {
  /**
   * Static findings per file (absolute paths), e.g. from `analyze`; or a function that produces them for the
   * files the snapshot maps to (so only those files are analyzed).
   */
  findings: FileFindings[] | ((files: FileRetention[]) => FileFindings[]);
  /** Leak groups of a baseline/target/final triage whose final snapshot is `snapshot`. */
  leakGroups?: LeakGroup[];
  map?: MapOptions;
  confirm?: ConfirmOptions;
  /** Display paths relative to this folder. */
  base?: string;
  reader?: SourceReader;
}

export function joinSnapshot(snapshot: HeapSnapshot, input: JoinInput): JoinReport {
  return runJoin(snapshot, input, false).report;
}

/** The join, plus the explorer's marks of every object a finding or a dead variable concerns (src/join/marks.ts). */
export function joinWithMarks(snapshot: HeapSnapshot, input: JoinInput): { report: JoinReport; marks: NodeMarks } {
  const { report, marks } = runJoin(snapshot, input, true);
  return { report, marks: marks! };
}

function runJoin(
  snapshot: HeapSnapshot,
  input: JoinInput,
  withMarks: boolean,
): { report: JoinReport; marks?: NodeMarks } {
  const mapper = new ScriptMapper(input.map, input.reader);
  const sources = new SourceModels(mapper.reader);
  const files = aggregateByLine(snapshot, mapper, { pathMinBytes: 4096 });
  const variables = variableRetention(snapshot, mapper);
  const allocations = functionAllocations(snapshot, mapper);
  const leaks = input.leakGroups ? leakGroupSites(snapshot, input.leakGroups, mapper, allocations) : undefined;
  const deadValues = new Map<number, DeadVariable>();
  const dead = deadContextVariables(snapshot, mapper, {
    sources,
    onValue: withMarks ? (value, d) => deadValues.set(value, d) : undefined,
  });
  const findings = typeof input.findings === 'function' ? input.findings(files) : input.findings;
  const confirmed = confirmFindings(
    findings,
    { files, variables, leaks, dead, allocations: allocations?.functions },
    { ...input.confirm, base: input.base, sources },
  );
  const report: JoinReport = { files, variables, leaks, confirmed, dead };
  if (allocations) report.allocations = allocations.functions;
  if (!withMarks) return { report };
  return {
    report,
    marks: buildMarks(snapshot, { mapper, sources, findings, report, deadValues, roots: input.map?.workspaceRoots }),
  };
}
