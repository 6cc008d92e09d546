// Worker entry (bundled to dist/heapWorker.js): runs the engine off the extension host's thread. Requests
// run concurrently as the engine allows; `cancel` aborts one by id; progress is posted as events.
import { isMainThread, parentPort } from 'node:worker_threads';
import { failureLine } from '../common/log';
import { HeapEngine, errorCode } from './engine';
import type { HeapRequest, HeapWorkerMessage } from './protocol';

export function serve(port: {
  on(event: 'message', listener: (message: HeapRequest) => void): void;
  postMessage(message: HeapWorkerMessage): void;
}): void {
  const engine = new HeapEngine({
    info: (line) => port.postMessage({ event: 'log', level: 'info', line }),
    warn: (doing, error) => port.postMessage({ event: 'log', level: 'warn', line: failureLine(doing, error) }),
    error: (doing, error) => port.postMessage({ event: 'log', level: 'error', line: failureLine(doing, error) }),
  });
  const running = new Map<number, AbortController>();
  port.on('message', (request) => {
    if (request.method === 'cancel') {
      running.get(request.params.requestId)?.abort();
      port.postMessage({ id: request.id, result: null });
      return;
    }
    const controller = new AbortController();
    running.set(request.id, controller);
    const onProgress = (progress: Parameters<Parameters<HeapEngine['handle']>[2]>[0]): void =>
      port.postMessage({ event: 'progress', id: request.id, progress });
    engine
      .handle(request, controller.signal, onProgress)
      .then(
        (result) => port.postMessage({ id: request.id, result: result ?? null }),
        (error) => port.postMessage({ id: request.id, error: errorCode(error) }),
      )
      .finally(() => running.delete(request.id));
  });
}

if (!isMainThread && parentPort) serve(parentPort);
