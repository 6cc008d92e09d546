// Parsing and scope analysis recurse once per nesting level (typescript-estree's converter, scope-manager's
// visitor, the rules' own helpers). About 1,000 levels — a `+` chain of 1,000 operands, 5,000 chained
// `.then()`s, 3,000 nested calls, all valid and common in generated code — overflow a thread's default stack
// (~1 MB on the main thread). Such a file is analyzed again, whole, on a worker thread with a much larger
// stack. Every caller (CLI, ESLint plugin, join, the editor's analyzer worker) calls `analyze` synchronously,
// so the retry is synchronous too: the caller blocks on an Atomics.wait until the worker has answered. The
// worker stays for the next deep file (typing in one re-analyzes it every few hundred ms) and ends when idle.
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
/** The worker (with its own copy of the parser) is ended after this long without a deep file. */
const IDLE_MS = 60_000;
const CHANNEL_KEY = 'retainerLensDeepStack';

/** What the worker is started with: where requests come from, and the flag it raises when it has answered. */
interface DeepStackChannel {
  port: MessagePort;
  /** Set to 1 (and notified) once the answer is on the port. */
  done: Int32Array;
}

interface DeepStackRequest {
  text: string;
  fileName: string;
  options: AnalyzerOptions;
}

type DeepStackResponse = { result: AnalysisResult } | { tooDeep: true } | { error: string };

type Analyze = (text: string, fileName: string, options: AnalyzerOptions) => AnalysisResult;

/** Thrown by the analysis when parsing overflowed (parseFile reports that as an outcome, for the join's sake). */
export class TooDeepForThisStack extends Error {
  constructor() {
    super('expressions nested too deeply for this stack');
    this.name = 'TooDeepForThisStack';
  }
}

/** V8's stack overflow (any other RangeError is a real error of its own), or the analysis saying so. */
export function isStackOverflow(error: unknown): boolean {
  return (
    error instanceof TooDeepForThisStack ||
    (error instanceof RangeError && error.message.includes('Maximum call stack size exceeded'))
  );
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

interface DeepWorker {
  worker: Worker;
  /** Our end of the channel: requests go out on it, answers are read from it synchronously. */
  port: MessagePort;
  done: Int32Array;
  idle?: NodeJS.Timeout;
}

let current: DeepWorker | undefined;

function startWorker(entry: { file: string; typescript: boolean }): DeepWorker {
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const channel: DeepStackChannel = { port: port2, done };
  // An eval bootstrap: Node 20 refuses a .ts entry even with tsx loaded. An entry that fails to load still
  // answers every request (with the reason), or the caller would wait for the timeout.
  const bootstrap = `
    const { workerData } = require('node:worker_threads');
    const channel = workerData.${CHANNEL_KEY};
    try {
      ${entry.typescript ? "require('tsx/cjs/api').register();" : ''}
      require(${JSON.stringify(entry.file)});
    } catch (error) {
      const reason = 'the analyzer worker did not load: ' + (error && error.message);
      channel.port.on('message', () => {
        channel.port.postMessage({ error: reason });
        Atomics.store(channel.done, 0, 1);
        Atomics.notify(channel.done, 0);
      });
    }`;
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: { [CHANNEL_KEY]: channel },
    transferList: [port2],
    resourceLimits: { stackSizeMb: DEEP_STACK_MB },
  });
  // Never what keeps a CLI run alive; an exit or error between requests just means a new worker next time.
  worker.unref();
  port1.unref();
  const forget = () => {
    if (current?.worker === worker) current = undefined;
  };
  worker.on('error', (error) => {
    console.error(`retainer-lens: the deep-stack analyzer worker failed: ${error.message}`);
    forget();
  });
  worker.on('exit', forget);
  return { worker, port: port1, done };
}

function stopWorker(deep: DeepWorker): void {
  clearTimeout(deep.idle);
  if (current === deep) current = undefined;
  deep.port.close();
  void deep.worker.terminate();
}

/** Analyzes on a worker with a `DEEP_STACK_MB` stack, blocking until it answers. */
export function analyzeOnDeepStack(text: string, fileName: string, options: AnalyzerOptions): AnalysisResult {
  const entry = workerEntry();
  if (!entry) {
    console.error(`retainer-lens: ${fileName} nests too deeply for this stack, and no analyzer worker was found`);
    return tooDeep();
  }
  const deep = (current ??= startWorker(entry));
  clearTimeout(deep.idle);
  Atomics.store(deep.done, 0, 0);
  const request: DeepStackRequest = { text, fileName, options };
  deep.port.postMessage(request);
  if (Atomics.wait(deep.done, 0, 0, DEEP_STACK_TIMEOUT_MS) === 'timed-out') {
    console.error(`retainer-lens: the deep-stack analysis of ${fileName} did not answer`);
    stopWorker(deep);
    return tooDeep();
  }
  const response = receiveMessageOnPort(deep.port)?.message as DeepStackResponse | undefined;
  deep.idle = setTimeout(() => stopWorker(deep), IDLE_MS);
  deep.idle.unref();
  if (!response || 'tooDeep' in response) return tooDeep();
  if ('error' in response) throw new Error(response.error);
  return response.result;
}

/**
 * The worker side, called by the analyzer worker's entry when it starts: serves deep-stack requests if this
 * thread was started for them. Returns false otherwise (the editor's ordinary analyzer worker).
 */
export function serveDeepStackRequest(analyzeHere: Analyze): boolean {
  const channel = (workerData as Record<string, DeepStackChannel | undefined> | null)?.[CHANNEL_KEY];
  if (isMainThread || !channel) return false;
  channel.port.on('message', (request: DeepStackRequest) => {
    let response: DeepStackResponse;
    try {
      response = { result: analyzeHere(request.text, request.fileName, request.options) };
    } catch (error) {
      response = isStackOverflow(error)
        ? { tooDeep: true }
        : { error: error instanceof Error ? error.message : String(error) };
    }
    channel.port.postMessage(response);
    Atomics.store(channel.done, 0, 1);
    Atomics.notify(channel.done, 0);
  });
  return true;
}
