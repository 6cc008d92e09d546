// A small Chrome DevTools Protocol client over one WebSocket: numbered calls matched to their replies,
// typed errors, event listeners, and a clean close. Shaped after js-debug's src/cdp/connection.ts.
import type { LookupAddress } from 'node:dns';
import WebSocket from 'ws';
import { pinnedLookup } from './endpoints';

/** Why a CDP call failed: the target answered with an error, the socket went away, or no answer came. */
export type CdpErrorKind = 'protocol' | 'closed' | 'timeout' | 'connect';

export class CdpError extends Error {
  constructor(
    message: string,
    readonly kind: CdpErrorKind,
    /** The CDP method of the failed call, when there was one. */
    readonly method?: string,
    /** The protocol error code (e.g. -32601 "method not found") when kind is 'protocol'. */
    readonly code?: number,
    /** The protocol error message as the target sent it. */
    readonly protocolMessage?: string,
  ) {
    super(message);
    this.name = 'CdpError';
  }
}

export interface CdpCallOptions {
  /** Milliseconds to wait for the reply; 0 waits forever (takeHeapSnapshot can take minutes). */
  timeoutMs?: number;
}

export interface CdpConnectOptions {
  /** Milliseconds to wait for the WebSocket handshake. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Default reply timeout for calls that do not pass their own. */
  callTimeoutMs?: number;
  /** Connect to these addresses (checked to be loopback when the URL was resolved) instead of asking DNS. */
  addresses?: LookupAddress[];
}

type Listener = (params: unknown) => void;
/** Why the connection ended; `error` when the peer broke the protocol (a malformed message). */
type CloseListener = (reason: string, error?: CdpError) => void;

interface PendingCall {
  method: string;
  resolve(result: unknown): void;
  reject(error: CdpError): void;
  timer?: NodeJS.Timeout;
}

interface ProtocolMessage {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code?: number; message?: string; data?: unknown };
}

export class CdpConnection {
  private lastId = 0;
  private readonly pending = new Map<number, PendingCall>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly closeListeners = new Set<CloseListener>();
  private closedReason: string | undefined;
  private closedError: CdpError | undefined;

  private constructor(
    private readonly socket: WebSocket,
    readonly url: string,
    private readonly defaultTimeoutMs: number,
  ) {
    socket.on('message', (data, isBinary) => this.onMessage(isBinary ? undefined : data.toString()));
    socket.on('close', (code, reason) => this.onClosed(describeClose(code, reason.toString())));
    // An error on an open socket is always followed by 'close'; keep the message for that one.
    socket.on('error', (error) => this.onClosed(`connection error: ${error.message}`));
  }

  /** Opens a WebSocket to an inspector or to js-debug's CDP proxy. Rejects with a CdpError of kind 'connect'. */
  static connect(url: string, options: CdpConnectOptions = {}): Promise<CdpConnection> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new CdpError('connection cancelled', 'connect'));
        return;
      }
      // Snapshots arrive as many ~100 KB messages; no compression (loopback) and a generous frame cap.
      const socket = new WebSocket(url, {
        perMessageDeflate: false,
        maxPayload: 256 * 1024 * 1024,
        handshakeTimeout: timeoutMs,
        ...(options.addresses ? { lookup: pinnedLookup(options.addresses) } : {}),
      });
      const settle = (error?: CdpError) => {
        socket.off('open', onOpen);
        socket.off('error', onError);
        socket.off('unexpected-response', onUnexpected);
        options.signal?.removeEventListener('abort', onAbort);
        if (error) {
          socket.on('error', () => undefined); // terminate() may still emit one
          socket.terminate();
          reject(error);
        } else {
          resolve(new CdpConnection(socket, url, options.callTimeoutMs ?? 30_000));
        }
      };
      const onOpen = () => settle();
      const onError = (error: Error) => settle(new CdpError(`cannot connect to ${url}: ${error.message}`, 'connect'));
      const onUnexpected = (_req: unknown, res: { statusCode?: number }) =>
        settle(
          new CdpError(
            `cannot connect to ${url}: the server answered HTTP ${res.statusCode} instead of a WebSocket`,
            'connect',
          ),
        );
      const onAbort = () => settle(new CdpError('connection cancelled', 'connect'));
      socket.once('open', onOpen);
      socket.once('error', onError);
      socket.once('unexpected-response', onUnexpected);
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /** Sends one CDP command and resolves with its result. */
  send<T = unknown>(method: string, params: object = {}, options: CdpCallOptions = {}): Promise<T> {
    if (this.closedReason !== undefined) {
      return Promise.reject(new CdpError(`${method} failed: ${this.closedReason}`, 'closed', method));
    }
    const id = ++this.lastId;
    return new Promise<T>((resolve, reject) => {
      const call: PendingCall = { method, resolve: resolve as (r: unknown) => void, reject };
      const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
      if (timeoutMs > 0) {
        call.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new CdpError(`${method} got no answer within ${timeoutMs} ms`, 'timeout', method));
        }, timeoutMs);
      }
      this.pending.set(id, call);
      this.socket.send(JSON.stringify({ id, method, params }), (error) => {
        if (error)
          this.settle(id, undefined, new CdpError(`${method} could not be sent: ${error.message}`, 'closed', method));
      });
    });
  }

  /** Listens to one CDP event (e.g. 'HeapProfiler.addHeapSnapshotChunk'); returns the unsubscribe function. */
  on<P = unknown>(event: string, listener: (params: P) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  /**
   * Called once when the connection ends for any reason (target exited, close(), network), with a CdpError of
   * kind 'protocol' when it ended because the peer sent a malformed message.
   */
  onClose(listener: CloseListener): () => void {
    if (this.closedReason !== undefined) {
      queueMicrotask(() => listener(this.closedReason!, this.closedError));
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /**
   * Stops reading from the socket (back-pressure: a slow consumer stops the sender through TCP).
   * A few already-received messages may still be delivered after this.
   */
  pause(): void {
    if (!this.closed && !this.socket.isPaused) this.socket.pause();
  }

  resume(): void {
    if (this.socket.isPaused) this.socket.resume();
  }

  /** Closes the socket; pending calls reject with kind 'closed'. Resolves once the socket is gone. */
  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.socket.terminate(), 1000);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.onClosed('connection closed by us');
      this.resume(); // a paused socket never sees the closing handshake
      this.socket.close();
    });
  }

  private onMessage(text: string | undefined): void {
    if (this.closedReason !== undefined) return;
    const message = parseMessage(text);
    if (typeof message === 'string') {
      this.violated(message);
      return;
    }
    if (message.id !== undefined) {
      const call = this.pending.get(message.id);
      if (!call) return; // a late answer to a call that timed out
      const error = message.error;
      this.settle(
        message.id,
        message.result,
        error
          ? new CdpError(
              `${call.method} failed: ${error.message ?? 'protocol error'} (${error.code ?? '?'})`,
              'protocol',
              call.method,
              error.code,
              error.message,
            )
          : undefined,
      );
      return;
    }
    for (const listener of [...(this.listeners.get(message.method!) ?? [])]) {
      try {
        listener(message.params ?? {});
      } catch (error) {
        // A listener that cannot take what the peer sent (it checks the event's fields) ends the session.
        this.violated(
          `${message.method} could not be handled: ${error instanceof Error ? error.message : String(error)}`,
        );
        return;
      }
    }
  }

  /** The peer broke the protocol: everything pending fails with kind 'protocol', and the socket is closed. */
  private violated(what: string): void {
    const error = new CdpError(`the target broke the protocol: ${what}`, 'protocol');
    this.onClosed(error.message, error);
    this.resume();
    this.socket.close();
    // A peer that ignores the closing handshake must not keep the socket.
    setTimeout(() => this.socket.terminate(), 1000).unref();
  }

  private settle(id: number, result: unknown, error?: CdpError): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    if (call.timer) clearTimeout(call.timer);
    if (error) call.reject(error);
    else call.resolve(result);
  }

  private onClosed(reason: string, error?: CdpError): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    this.closedError = error;
    for (const [id, call] of this.pending) {
      this.settle(
        id,
        undefined,
        error
          ? new CdpError(`${call.method} failed: ${reason}`, 'protocol', call.method)
          : new CdpError(`${call.method} failed: ${reason}`, 'closed', call.method),
      );
    }
    for (const listener of this.closeListeners) listener(reason, error);
    this.closeListeners.clear();
  }
}

/**
 * One CDP message, checked for the shape every message has: an object that is either an answer (an integer
 * `id` with an object `error`, or an object `result` if any) or an event (a string `method`, object `params`).
 * Returns what is wrong with it, as text, when it is not.
 */
function parseMessage(text: string | undefined): ProtocolMessage | string {
  if (text === undefined) return 'a binary message';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `a message that is not JSON (${JSON.stringify(text.slice(0, 40))}${text.length > 40 ? '…' : ''})`;
  }
  if (!isObject(value)) return `a message that is not an object (${describe(value)})`;
  const { id, method, params, result, error } = value as ProtocolMessage;
  if (id !== undefined) {
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return `an answer with id ${describe(id)}`;
    if (error !== undefined) {
      if (!isObject(error)) return `an answer to call ${id} whose error is ${describe(error)}`;
      if (error.message !== undefined && typeof error.message !== 'string')
        return `an answer to call ${id} whose error message is ${describe(error.message)}`;
      if (error.code !== undefined && typeof error.code !== 'number')
        return `an answer to call ${id} whose error code is ${describe(error.code)}`;
    } else if (result !== undefined && !isObject(result))
      return `an answer to call ${id} whose result is ${describe(result)}`;
    return value as ProtocolMessage;
  }
  if (typeof method !== 'string') return 'a message with neither an id nor a method';
  if (params !== undefined && !isObject(params)) return `a ${method} event whose params are ${describe(params)}`;
  return value as ProtocolMessage;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function describeClose(code: number, reason: string): string {
  if (code === 1000 && !reason) return 'the target closed the connection';
  if (code === 1006) return 'the connection was lost (the target process may have exited)';
  return `the connection closed (code ${code}${reason ? `: ${reason}` : ''})`;
}
