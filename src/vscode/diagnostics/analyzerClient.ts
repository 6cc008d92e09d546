import { Worker } from 'node:worker_threads';
import type { AnalysisResult, AnalyzerOptions } from '../../analyzer/types';
import type { AnalyzeRequest, AnalyzeResponse } from '../../analyzer/worker';

/**
 * Talks to the analyzer worker (dist/analyzerWorker.js). Analysis never runs on the extension host's
 * thread, so typing in a 10,000-line file cannot stall the editor. The worker is started on first use and
 * restarted if it dies.
 */
export class AnalyzerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: AnalysisResult): void; reject(e: Error): void }>();

  constructor(private readonly workerPath: string) {}

  analyze(text: string, fileName: string, options: AnalyzerOptions): Promise<AnalysisResult> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: AnalyzeRequest = { id, text, fileName, options };
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
    worker.on('message', (response: AnalyzeResponse) => {
      const waiter = this.pending.get(response.id);
      if (!waiter) return;
      this.pending.delete(response.id);
      if ('error' in response) waiter.reject(new Error(response.error));
      else waiter.resolve(response.result);
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
