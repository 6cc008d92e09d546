// The worker's `join` request: analyze the workspace files a snapshot maps to, then join. Runs next to the
// loaded snapshot, so the graph is never copied; the engine loads this module only when asked to join, and
// keeps the marks with the snapshot's other state.
import { analyze } from '../analyzer/index';
import { isSupportedFile } from '../analyzer/parse';
import type { Logger } from '../common/log';
import type { HeapSnapshot } from '../heap/snapshot';
import { joinWithMarks, type JoinReport } from '../join/joinSnapshot';
import type { NodeMarks } from '../join/marks';
import type { FileFindings, WorkspaceSources } from '../join/types';
import type { JoinParams } from './protocol';

export function analyzeAndJoin(
  snapshot: HeapSnapshot,
  params: JoinParams,
  log?: Logger,
  signal?: AbortSignal,
): Promise<{ report: JoinReport; marks: NodeMarks; findings: FileFindings[]; sources: WorkspaceSources }> {
  return joinWithMarks(snapshot, {
    map: { workspaceRoots: params.workspaceRoots, cwd: params.cwd },
    signal,
    log,
    leakGroups: params.leakGroups,
    // The mapped files were read through the trust boundary before the join: their texts are in `sources`.
    findings: (files, sources) => {
      const analyzed: FileFindings[] = [];
      for (const { file, mapped } of files) {
        const text = mapped && isSupportedFile(file) ? sources.read(file) : undefined;
        if (text !== undefined) analyzed.push({ file, text, findings: analyze(text, file, params.analyzer).findings });
      }
      return analyzed;
    },
  });
}
