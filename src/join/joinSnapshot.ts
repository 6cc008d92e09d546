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
import type { Logger } from '../common/log';
import { ScriptMapper } from './mapScript';
import { loadWorkspaceSources } from './workspaceSources';
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
  WorkspaceSources,
} from './types';
import { variableRetention } from './variableRetention';

export type { JoinReport };

export interface JoinInput {
  /**
   * Static findings per file (absolute paths), e.g. from `analyze`; or a function that produces them for the
   * files the snapshot maps to (so only those files are analyzed), whose texts `sources` holds.
   */
  findings: FileFindings[] | ((files: FileRetention[], sources: SourceReader) => FileFindings[]);
  /** Leak groups of a baseline/target/final triage whose final snapshot is `snapshot`. */
  leakGroups?: LeakGroup[];
  map?: MapOptions;
  confirm?: ConfirmOptions;
  /** Display paths relative to this folder. */
  base?: string;
  /** The workspace files, already read through the trust boundary; by default read here (workspaceSources.ts). */
  sources?: WorkspaceSources;
  /** Cancels reading the files. */
  signal?: AbortSignal;
  /** Told which files the snapshot names were not read, and why. */
  log?: Logger;
}

/** Reads the workspace files the snapshot names (through the trust boundary), then joins. */
export async function joinSnapshot(snapshot: HeapSnapshot, input: JoinInput): Promise<JoinReport> {
  return runJoin(snapshot, input, await sourcesFor(snapshot, input), false).report;
}

/**
 * The join, plus the explorer's marks of every object a finding or a dead variable concerns (src/join/marks.ts),
 * the findings it analyzed and the workspace files it read (kept by the worker to join later leak groups).
 */
export async function joinWithMarks(
  snapshot: HeapSnapshot,
  input: JoinInput,
): Promise<{ report: JoinReport; marks: NodeMarks; findings: FileFindings[]; sources: WorkspaceSources }> {
  const sources = await sourcesFor(snapshot, input);
  const { report, marks, findings } = runJoin(snapshot, input, sources, true);
  return { report, marks: marks!, findings, sources };
}

function sourcesFor(snapshot: HeapSnapshot, input: JoinInput): Promise<WorkspaceSources> | WorkspaceSources {
  return input.sources ?? loadWorkspaceSources(snapshot, { ...input.map, signal: input.signal, log: input.log });
}

function runJoin(
  snapshot: HeapSnapshot,
  input: JoinInput,
  workspace: WorkspaceSources,
  withMarks: boolean,
): { report: JoinReport; marks?: NodeMarks; findings: FileFindings[] } {
  const mapper = new ScriptMapper(workspace, input.log);
  const sources = new SourceModels(workspace);
  const files = aggregateByLine(snapshot, mapper, { pathMinBytes: 4096 });
  const variables = variableRetention(snapshot, mapper);
  const allocations = functionAllocations(snapshot, mapper);
  const leaks = input.leakGroups ? leakGroupSites(snapshot, input.leakGroups, mapper, allocations) : undefined;
  const deadValues = new Map<number, DeadVariable>();
  const dead = deadContextVariables(snapshot, mapper, {
    sources,
    onValue: withMarks ? (value, d) => deadValues.set(value, d) : undefined,
  });
  const findings = typeof input.findings === 'function' ? input.findings(files, workspace) : input.findings;
  const confirmed = confirmFindings(
    findings,
    { files, variables, leaks, dead, allocations: allocations?.functions },
    { ...input.confirm, base: input.base, sources },
  );
  const report: JoinReport = { files, variables, leaks, confirmed, dead };
  if (allocations) report.allocations = allocations.functions;
  if (!withMarks) return { report, findings };
  return {
    report,
    findings,
    marks: buildMarks(snapshot, { mapper, sources, findings, report, deadValues, roots: input.map?.workspaceRoots }),
  };
}
