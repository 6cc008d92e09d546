// The heap worker's `join` request: analyze the workspace files a snapshot maps to, then join. Runs next to
// the loaded snapshot, so the graph is never copied; the engine loads this module only when asked to join.
import { readFileSync } from 'node:fs';
import { analyze } from '../analyzer/index';
import { isSupportedFile } from '../analyzer/parse';
import type { JoinParams } from '../heap/protocol';
import type { HeapSnapshot } from '../heap/snapshot';
import { joinSnapshot, type JoinReport } from './joinSnapshot';
import type { FileFindings } from './types';

export function analyzeAndJoin(snapshot: HeapSnapshot, params: JoinParams): JoinReport {
  return joinSnapshot(snapshot, {
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
}
