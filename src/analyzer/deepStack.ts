// Parsing and scope analysis recurse once per nesting level (typescript-estree's converter, scope-manager's
// visitor, the rules' own helpers). About 1,000 levels — a `+` chain of 1,000 operands, 5,000 chained
// `.then()`s, 3,000 nested calls, all valid and common in generated code — overflow a thread's default stack
// (~1 MB on the main thread). Such a file is analyzed again, whole, on a worker thread with a much larger
// stack. Every caller (CLI, ESLint plugin, join, the editor's analyzer worker) calls `analyze` synchronously,
// so the retry is synchronous too: the caller blocks on an Atomics.wait until the worker has answered.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  MessageChannel,
  Worker,
  isMainThread,
  receiveMessageOnPort,
  workerData,
  type MessagePort,
} from 'node:worker_threads';
import type { AnalysisResult, AnalyzerOptions } from './types';

/** The retry thread's stack: ~250 times the main thread's, so ~250,000 nesting levels instead of ~1,000. */
export const DEEP_STACK_MB = 256;
/** A worker that dies without answering (out of memory) must not block the caller forever. */
const DEEP_STACK_TIMEOUT_MS = 5 * 60_000;
const REQUEST_KEY = 'retainerLensDeepStack';

interface DeepStackRequest {
  text: string;
  fileName: string;
  options: AnalyzerOptions;
  port: MessagePort;
  /** Set to 1 (and notified) once the answer is on the port. */
  done: Int32Array;
}

type DeepStackResponse = { result: AnalysisResult } | { tooDeep: true } | { error: string };

type Analyze = (text: string, fileName: string, options: AnalyzerOptions) => AnalysisResult;

/** V8's stack overflow (any other RangeError is a real error of its own). */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message.includes('Maximum call stack size exceeded');
}

/** The result for a file that nests deeper than even the large stack holds: it parses, we cannot analyze it. */
function tooDeep(): AnalysisResult {
  return {
    findings: [],
    parseError: {
      message: `expressions nested too deeply to analyze (deeper than a ${DEEP_STACK_MB} MB stack holds)`,
      line: 0,
      column: 0,
    },
  };
}

/**
 * The analyzer worker bundled next to this code (`dist/analyzerWorker.js`, beside the CLI, the ESLint plugin
 * and the heap worker), or its TypeScript entry when running from sources (tests, through tsx).
 */
function workerEntry(): { file: string; typescript: boolean } | undefined {
  const bundled = join(__dirname, 'analyzerWorker.js');
  if (existsSync(bundled)) return { file: bundled, typescript: false };
  const source = join(__dirname, 'worker.ts');
  if (existsSync(source)) return { file: source, typescript: true };
  return undefined;
}

/** Analyzes on a worker with a `DEEP_STACK_MB` stack, blocking until it answers. */
export function analyzeOnDeepStack(text: string, fileName: string, options: AnalyzerOptions): AnalysisResult {
  const entry = workerEntry();
  if (!entry) {
    console.error(`retainer-lens: ${fileName} nests too deeply for this stack, and no analyzer worker was found`);
    return tooDeep();
  }
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const request: DeepStackRequest = { text, fileName, options, port: port2, done };
  // An eval bootstrap: Node 20 refuses a .ts entry even with tsx loaded, and a failure to load the entry must
  // still answer, or the caller would wait for the timeout.
  const bootstrap = `
    const { workerData } = require('node:worker_threads');
    const request = workerData.${REQUEST_KEY};
    try {
      ${entry.typescript ? "require('tsx/cjs/api').register();" : ''}
      require(${JSON.stringify(entry.file)});
    } catch (error) {
      request.port.postMessage({ error: 'the analyzer worker did not load: ' + (error && error.message) });
      Atomics.store(request.done, 0, 1);
      Atomics.notify(request.done, 0);
    }`;
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: { [REQUEST_KEY]: request },
    transferList: [port2],
    resourceLimits: { stackSizeMb: DEEP_STACK_MB },
  });
  try {
    if (Atomics.wait(done, 0, 0, DEEP_STACK_TIMEOUT_MS) === 'timed-out') {
      console.error(`retainer-lens: the deep-stack analysis of ${fileName} did not answer`);
      return tooDeep();
    }
    const response = receiveMessageOnPort(port1)?.message as DeepStackResponse | undefined;
    if (!response || 'tooDeep' in response) return tooDeep();
    if ('error' in response) throw new Error(response.error);
    return response.result;
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/**
 * The worker side, called by the analyzer worker's entry when it starts: answers a deep-stack request if this
 * thread was started for one. Returns false otherwise (the editor's ordinary analyzer worker).
 */
export function serveDeepStackRequest(analyzeHere: Analyze): boolean {
  const request = (workerData as Record<string, DeepStackRequest | undefined> | null)?.[REQUEST_KEY];
  if (isMainThread || !request) return false;
  let response: DeepStackResponse;
  try {
    response = { result: analyzeHere(request.text, request.fileName, request.options) };
  } catch (error) {
    response = isStackOverflow(error)
      ? { tooDeep: true }
      : { error: error instanceof Error ? error.message : String(error) };
  }
  request.port.postMessage(response);
  Atomics.store(request.done, 0, 1);
  Atomics.notify(request.done, 0);
  return true;
}
