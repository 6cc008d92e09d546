// Worker entry (bundled to dist/heapWorker.js): runs the engine off the extension host's thread. Requests
// run concurrently as the engine allows; `cancel` aborts one by id; progress is posted as events.
import { isMainThread, parentPort } from 'node:worker_threads';
import { failureLine } from '../common/log';
import { HeapEngine, errorCode } from './engine';
import { setHelperPriority } from '../heap/parallelDecoder';
import { PROCESS_FLAG } from './processWorker';
import type { HeapRequest, HeapWorkerMessage } from './protocol';
import { BACKGROUND_NICE, lowerThreadPriority } from '../heap/threadPriority';

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

if (!isMainThread && parentPort) {
  // Off the extension host's thread, and behind it for the CPU: the host stays responsive while every core loads.
  lowerThreadPriority();
  setHelperPriority(BACKGROUND_NICE);
  serve(parentPort);
} else if (process.send && process.argv.includes(PROCESS_FLAG)) {
  // A child process (processWorker.ts): the same, over IPC; it ends with its parent.
  const send = process.send.bind(process);
  lowerThreadPriority();
  setHelperPriority(BACKGROUND_NICE);
  process.on('disconnect', () => process.exit(0));
  serve({ on: (_event, listener) => process.on('message', listener as never), postMessage: (m) => send(m) });
}
