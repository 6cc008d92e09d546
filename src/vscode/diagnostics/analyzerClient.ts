import { Worker } from 'node:worker_threads';
import type { AnalysisResult, AnalyzerOptions, WorkspaceFacts } from '../../analyzer/types';
import type { AnalyzeRequest, AnalyzeResponse, IndexRequest, IndexResponse } from '../../analyzer/worker';

/** The workspace pass's answer: facts per file path, and what it read. */
export interface WorkspaceFactsResult {
  facts: Map<string, WorkspaceFacts>;
  files: number;
  lines: number;
  ms: number;
}

/**
 * Talks to the analyzer worker (dist/analyzerWorker.js). Analysis never runs on the extension host's
 * thread, so typing in a 10,000-line file cannot stall the editor. The worker is started on first use and
 * restarted if it dies.
 */
export class AnalyzerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: never): void; reject(e: Error): void }>();

  constructor(private readonly workerPath: string) {}

  analyze(text: string, fileName: string, options: AnalyzerOptions): Promise<AnalysisResult> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<AnalysisResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: AnalyzeRequest = { id, text, fileName, options };
      worker.postMessage(request);
    });
  }

  /** The workspace pass over these files (on the worker): facts that only other files hold, per file. */
  indexWorkspace(files: { path: string; text: string }[], root?: string): Promise<WorkspaceFactsResult> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<WorkspaceFactsResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: IndexRequest = { id, kind: 'index', files, root };
      worker.postMessage(request);
    });
  }

  dispose(): void {
    this.failAll(new Error('the analyzer was stopped'));
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerPath);
    worker.unref();
    worker.on('message', (response: AnalyzeResponse | IndexResponse) => {
      const waiter = this.pending.get(response.id);
      if (!waiter) return;
      this.pending.delete(response.id);
      if ('error' in response) waiter.reject(new Error(response.error));
      else if ('facts' in response) {
        const { facts, files, lines, ms } = response;
        (waiter.resolve as (r: WorkspaceFactsResult) => void)({ facts: new Map(facts), files, lines, ms });
      } else (waiter.resolve as (r: AnalysisResult) => void)(response.result);
    });
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the analyzer worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
