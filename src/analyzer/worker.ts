// Runs analyze() on a worker thread so a large file never stalls the editor. One request at a time per
// message; results are plain JSON. Entry of dist/analyzerWorker.js. The workspace scan also asks it for the
// workspace pass's facts (`kind: 'index'`) before it analyzes the files.
import { parentPort } from 'node:worker_threads';
import { serveDeepStackRequest } from './deepStack';
import { analyze, analyzeOnThisStack } from './index';
import type { AnalysisResult, AnalyzerOptions, WorkspaceFacts } from './types';
import { buildWorkspaceIndex, type WorkspaceFile } from './workspace/index';

export interface AnalyzeRequest {
  id: number;
  kind?: 'analyze';
  text: string;
  fileName: string;
  options: AnalyzerOptions;
}

/** The workspace pass over these files; the answer is each file's facts (only files that have some). */
export interface IndexRequest {
  id: number;
  kind: 'index';
  files: WorkspaceFile[];
  root?: string;
}

export type AnalyzeResponse = { id: number; result: AnalysisResult; ms: number } | { id: number; error: string };
export type IndexResponse =
  | { id: number; facts: [string, WorkspaceFacts][]; files: number; lines: number; ms: number }
  | { id: number; error: string };

// Started by analyzeOnDeepStack (deepStack.ts) for deeply nested files: serve them on the channel it gave us.
serveDeepStackRequest(analyzeOnThisStack);

parentPort?.on('message', (request: AnalyzeRequest | IndexRequest) => {
  const started = performance.now();
  let response: AnalyzeResponse | IndexResponse;
  try {
    if (request.kind === 'index') {
      const index = buildWorkspaceIndex(request.files, { root: request.root });
      response = {
        id: request.id,
        facts: [...index.facts],
        files: index.files,
        lines: index.lines,
        ms: performance.now() - started,
      };
    } else {
      response = {
        id: request.id,
        result: analyze(request.text, request.fileName, request.options),
        ms: performance.now() - started,
      };
    }
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response);
});
