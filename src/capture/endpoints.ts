// Turns what the user typed (or what js-debug handed us) into one WebSocket URL to connect to.
// Loopback only unless the caller opts in: an inspector is unauthenticated and runs any code it is sent.
import { get } from 'node:http';
import { isIP } from 'node:net';
import { CaptureError } from './captureError';

/** What `extension.js-debug.requestCDPProxy` returns for a debug session. */
export interface CdpProxyAddress {
  host: string;
  port: number;
  path: string;
}

/** One entry of an inspector's `/json/list`. */
export interface InspectorTarget {
  id: string;
  type: string;
  title: string;
  url: string;
  webSocketDebuggerUrl: string;
}

export interface ResolveOptions {
  /** Permit a host that is not loopback (`--allow-remote`). */
  allowRemote?: boolean;
  /** With several targets on one inspector: an index into `candidates` or a target id. */
  target?: number | string;
  signal?: AbortSignal;
  /** Milliseconds for the `/json/list` request. */
  timeoutMs?: number;
}

export interface ResolvedEndpoint {
  /** The WebSocket URL to connect to. */
  url: string;
  /** True for js-debug's CDP proxy, which needs `JsDebug.subscribe` before it forwards events. */
  viaJsDebugProxy: boolean;
  /** The chosen target, when the address was `host:port`. */
  target?: InspectorTarget;
  /** Every capturable (`node` / `page`) target the inspector listed, so a caller can offer a choice. */
  candidates: InspectorTarget[];
}

export type EndpointErrorCode = 'invalid-address' | 'remote-not-allowed' | 'no-targets' | 'unknown-target';

/** The address itself is wrong or not allowed; nothing was contacted (except `/json/list` for 'no-targets'). */
export class EndpointError extends Error {
  constructor(
    readonly code: EndpointErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EndpointError';
  }
}

export const DEFAULT_HOST = '127.0.0.1';
const CAPTURABLE_TYPES = new Set(['node', 'page']);

/** `localhost`, 127.0.0.0/8, ::1 and IPv4-mapped loopback. Other names are not resolved: DNS can change under us. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(h);
  return false;
}

function assertAllowed(host: string, options: ResolveOptions): void {
  if (options.allowRemote || isLoopbackHost(host)) return;
  throw new EndpointError(
    'remote-not-allowed',
    `refusing to connect to ${host}: it is not a loopback address, and an inspector gives whoever connects full ` +
      'code execution in the target (with no authentication). Use an SSH tunnel to reach it on 127.0.0.1, or pass ' +
      '--allow-remote (allowRemote) if you trust the network path.',
  );
}

/** Splits `host:port`, `:port`, `port`, `[v6]:port` or `http://host:port`. */
export function parseHostPort(address: string): { host: string; port: number } {
  const text = address
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/.*$/, '');
  const match = /^(?:(\[[^\]]+\]|[^:]*):)?(\d+)$/.exec(text);
  const port = match ? Number(match[2]) : NaN;
  if (!match || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new EndpointError(
      'invalid-address',
      `'${address}' is not an inspector address: expected host:port (e.g. 127.0.0.1:9229) or a ws:// URL`,
    );
  }
  return { host: match[1] || DEFAULT_HOST, port };
}

/** Reads an inspector's `/json/list`. Network failures reject with CaptureError 'unreachable'. */
export async function listTargets(
  host: string,
  port: number,
  options: ResolveOptions = {},
): Promise<InspectorTarget[]> {
  const hostPart = isIP(host.replace(/^\[|\]$/g, '')) === 6 && !host.startsWith('[') ? `[${host}]` : host;
  const url = `http://${hostPart}:${port}/json/list`;
  const timeoutMs = options.timeoutMs ?? 5000;
  let body: unknown;
  try {
    body = JSON.parse(await httpGet(url, timeoutMs, options.signal));
  } catch (error) {
    if (options.signal?.aborted) throw new CaptureError('cancelled', 'capture cancelled', { cause: error });
    const detail = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new CaptureError(
      'unreachable',
      `no inspector answered at ${host}:${port} (${detail}); is the program running with --inspect?`,
      { cause: error },
    );
  }
  if (!Array.isArray(body)) {
    throw new CaptureError('unreachable', `${url} did not return a target list; is this a Node/Chrome inspector port?`);
  }
  return body.filter(
    (t): t is InspectorTarget =>
      typeof t === 'object' && t !== null && typeof (t as InspectorTarget).webSocketDebuggerUrl === 'string',
  );
}

/** A plain GET (not fetch: fetch refuses some ports an inspector may use, and we want only loopback HTTP). */
function httpGet(url: string, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: timeoutMs, signal }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`HTTP ${response.statusCode}`));
        return;
      }
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (part: string) => {
        text += part;
      });
      response.on('end', () => resolve(text));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/**
 * Resolves a user-given address: a `ws://` / `wss://` URL is used as is; `host:port` is looked up through
 * `/json/list` (first `node`/`page` target, or `options.target`); a `{ host, port, path }` is js-debug's proxy.
 */
export async function resolveEndpoint(
  address: string | CdpProxyAddress,
  options: ResolveOptions = {},
): Promise<ResolvedEndpoint> {
  if (typeof address === 'object') {
    assertAllowed(address.host, options);
    const path = address.path.startsWith('/') ? address.path : `/${address.path}`;
    const host = isIP(address.host) === 6 ? `[${address.host}]` : address.host;
    return { url: `ws://${host}:${address.port}${path}`, viaJsDebugProxy: true, candidates: [] };
  }
  if (/^wss?:\/\//i.test(address.trim())) {
    let url: URL;
    try {
      url = new URL(address.trim());
    } catch {
      throw new EndpointError('invalid-address', `'${address}' is not a valid WebSocket URL`);
    }
    assertAllowed(url.hostname, options);
    return { url: url.toString(), viaJsDebugProxy: false, candidates: [] };
  }
  const { host, port } = parseHostPort(address);
  assertAllowed(host, options);
  const all = await listTargets(host, port, options);
  const candidates = all.filter((t) => CAPTURABLE_TYPES.has(t.type));
  if (candidates.length === 0) {
    const seen = all.length ? ` (it lists only: ${[...new Set(all.map((t) => t.type))].join(', ')})` : '';
    throw new EndpointError(
      'no-targets',
      `the inspector at ${host}:${port} has no Node or page target to capture${seen}`,
    );
  }
  const target = pickTarget(candidates, options.target);
  // The inspector builds this URL from our Host header; check it anyway before we connect.
  assertAllowed(new URL(target.webSocketDebuggerUrl).hostname, options);
  return { url: target.webSocketDebuggerUrl, viaJsDebugProxy: false, target, candidates };
}

function pickTarget(candidates: InspectorTarget[], choice: number | string | undefined): InspectorTarget {
  if (choice === undefined) return candidates[0];
  const index = typeof choice === 'number' ? choice : /^\d+$/.test(choice) ? Number(choice) : undefined;
  const found = index !== undefined ? candidates[index] : candidates.find((t) => t.id === choice);
  if (!found) {
    const list = candidates.map((t, i) => `[${i}] ${t.id} ${t.title}`).join('; ');
    throw new EndpointError('unknown-target', `no target '${choice}' on this inspector; it has: ${list}`);
  }
  return found;
}
