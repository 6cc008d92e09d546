// The heap worker's `join` request: analyze the workspace files a snapshot maps to, then join. Runs next to
// the loaded snapshot, so the graph is never copied; the engine loads this module only when asked to join.
import { readFileSync } from 'node:fs';
import { analyze } from '../analyzer/index';
import { isSupportedFile } from '../analyzer/parse';
import type { JoinParams } from '../heap/protocol';
import type { HeapSnapshot } from '../heap/snapshot';
import { joinWithMarks, type JoinReport } from './joinSnapshot';
import { marksOf, type NodeMarks } from './marks';
import type { FileFindings, NodeMark } from './types';

/** The marks of each snapshot's latest join, for the explorer's `marks` requests; they go with the snapshot. */
const latestMarks = new WeakMap<HeapSnapshot, NodeMarks>();

export function analyzeAndJoin(snapshot: HeapSnapshot, params: JoinParams): JoinReport {
  const { report, marks } = joinWithMarks(snapshot, {
    map: { workspaceRoots: params.workspaceRoots, cwd: params.cwd },
    findings: (files) => {
      const analyzed: FileFindings[] = [];
      for (const { file, mapped } of files) {
        if (!mapped || !isSupportedFile(file)) continue;
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          continue; // moved or deleted since the snapshot: nothing to confirm there
        }
        analyzed.push({ file, text, findings: analyze(text, file, params.analyzer).findings });
      }
      return analyzed;
    },
  });
  latestMarks.set(snapshot, marks);
  return report;
}

/** The worker's `marks` request: each node's finding and dead-variable marks from the snapshot's last join. */
export function marksFor(snapshot: HeapSnapshot, ids: readonly number[]): (NodeMark | null)[] {
  return marksOf(snapshot, latestMarks.get(snapshot), ids.slice(0, MAX_MARK_IDS));
}

export const MAX_MARK_IDS = 2000;
