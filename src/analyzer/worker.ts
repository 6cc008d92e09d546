// Runs analyze() on a worker thread so a large file never stalls the editor. One request at a time per
// message; results are plain JSON. Entry of dist/analyzerWorker.js.
import { parentPort } from 'node:worker_threads';
import { serveDeepStackRequest } from './deepStack';
import { analyze, analyzeOnThisStack } from './index';
import type { AnalysisResult, AnalyzerOptions } from './types';

export interface AnalyzeRequest {
  id: number;
  text: string;
  fileName: string;
  options: AnalyzerOptions;
}

export type AnalyzeResponse = { id: number; result: AnalysisResult; ms: number } | { id: number; error: string };

// Started by analyzeOnDeepStack (deepStack.ts) for deeply nested files: serve them on the channel it gave us.
serveDeepStackRequest(analyzeOnThisStack);

parentPort?.on('message', (request: AnalyzeRequest) => {
  const started = performance.now();
  let response: AnalyzeResponse;
  try {
    response = {
      id: request.id,
      result: analyze(request.text, request.fileName, request.options),
      ms: performance.now() - started,
    };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response);
});
