// The worker's `join` request: analyze the workspace files a snapshot maps to, then join. Runs next to the
// loaded snapshot, so the graph is never copied; the engine loads this module only when asked to join, and
// keeps the marks with the snapshot's other state.
import { readFileSync } from 'node:fs';
import { analyze } from '../analyzer/index';
import { isSupportedFile } from '../analyzer/parse';
import type { Logger } from '../common/log';
import type { HeapSnapshot } from '../heap/snapshot';
import { joinWithMarks, type JoinReport } from '../join/joinSnapshot';
import type { NodeMarks } from '../join/marks';
import type { FileFindings } from '../join/types';
import type { JoinParams } from './protocol';

export function analyzeAndJoin(
  snapshot: HeapSnapshot,
  params: JoinParams,
  log?: Logger,
): { report: JoinReport; marks: NodeMarks } {
  return joinWithMarks(snapshot, {
    map: { workspaceRoots: params.workspaceRoots, cwd: params.cwd },
    findings: (files) => {
      const analyzed: FileFindings[] = [];
      for (const { file, mapped } of files) {
        if (!mapped || !isSupportedFile(file)) continue;
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (error) {
          // Moved or deleted since the snapshot: nothing to confirm there.
          log?.warn(`joining: reading ${file}`, error);
          continue;
        }
        analyzed.push({ file, text, findings: analyze(text, file, params.analyzer).findings });
      }
      return analyzed;
    },
  });
}
