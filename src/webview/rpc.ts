// The webview's side of the heap protocol: typed requests posted to the host (which relays them to the
// engine's worker), replies matched by id, and stale requests cancelled so fast scrolling never queues work.
import type { HeapMethod, HeapParams, HeapResult, HeapWorkerMessage } from '../service/protocol';
import type { HostToWebview, WebviewToHost } from '../explorer/messages';
import type { VsCodeApi } from './vscodeApi';

/** A host message (it has a `host` field, which no service reply has). */
function isHostMessage(message: unknown): message is HostToWebview {
  return typeof message === 'object' && message !== null && typeof (message as { host?: unknown }).host === 'string';
}

class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class Rpc {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly hostListeners = new Set<(message: HostToWebview) => void>();

  constructor(private readonly api: VsCodeApi) {
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  request<M extends HeapMethod>(method: M, params: HeapParams<M>, signal?: AbortSignal): Promise<HeapResult<M>> {
    const id = this.nextId++;
    return new Promise<HeapResult<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      signal?.addEventListener(
        'abort',
        () => {
          if (!this.pending.has(id)) return;
          this.pending.delete(id);
          reject(new RequestError('cancelled', 'cancelled'));
          this.api.postMessage({ id: this.nextId++, method: 'cancel', params: { requestId: id } });
        },
        { once: true },
      );
      this.api.postMessage({ id, method, params });
    });
  }

  send(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  onHostMessage(listener: (message: HostToWebview) => void): void {
    this.hostListeners.add(listener);
  }

  private receive(data: unknown): void {
    if (isHostMessage(data)) {
      for (const listener of this.hostListeners) listener(data as HostToWebview);
      return;
    }
    const message = data as HeapWorkerMessage;
    if (typeof message !== 'object' || message === null || 'event' in message || typeof message.id !== 'number') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if ('error' in message) pending.reject(new RequestError(message.error.code, message.error.message));
    else pending.resolve(message.result);
  }
}
