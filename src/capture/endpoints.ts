// Turns what the user typed (or what js-debug handed us) into one WebSocket URL to connect to.
// Loopback only unless the caller opts in: an inspector is unauthenticated and runs any code it is sent.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
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
  /** Milliseconds for the `/json/list` request (and for resolving a host name). */
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
  /**
   * The loopback addresses the URL's host name resolved to when it was checked: connect to these (see
   * `pinnedLookup`), so a second DNS answer cannot send the connection elsewhere. Absent for an IP address.
   */
  addresses?: LookupAddress[];
}

export type EndpointErrorCode =
  | 'invalid-address'
  | 'remote-not-allowed'
  | 'no-targets'
  | 'unknown-target'
  /** The inspector listed a target whose webSocketDebuggerUrl is not a ws:// URL. */
  | 'invalid-target';

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

/** Discovery answers (`/json/list`) are a few KB; a peer that sends more is not an inspector we can trust. */
export const MAX_DISCOVERY_BYTES = 1024 * 1024;

function bare(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}

/** A literal loopback address: 127.0.0.0/8, ::1 or IPv4-mapped 127.x. Names are not addresses (see checkHost). */
export function isLoopbackHost(host: string): boolean {
  const h = bare(host);
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(h);
  return false;
}

/** A literal IP address that is not loopback (a name may still resolve to loopback: only resolving tells). */
export function isNonLoopbackAddress(host: string): boolean {
  return isIP(bare(host)) !== 0 && !isLoopbackHost(host);
}

function refuse(host: string, why: string): never {
  throw new EndpointError(
    'remote-not-allowed',
    `refusing to connect to ${host}: ${why}, and an inspector gives whoever connects full ` +
      'code execution in the target (with no authentication). Use an SSH tunnel to reach it on 127.0.0.1, or pass ' +
      '--allow-remote (allowRemote) if you trust the network path.',
  );
}

/** Every address a name resolved to must be loopback: one public address is enough to go elsewhere. */
export function assertResolvedLoopback(host: string, addresses: readonly LookupAddress[]): void {
  const remote = addresses.filter((a) => !isLoopbackHost(a.address));
  if (addresses.length === 0) refuse(host, 'it resolves to no address');
  if (remote.length) refuse(host, `it resolves to ${remote.map((a) => a.address).join(', ')}, not a loopback address`);
}

/**
 * Is `host` on this machine? A literal address is checked as it is. A name — `localhost` included, and any
 * `*.localhost`, which only some resolvers map to loopback — is resolved, and every address it resolves to must
 * be loopback; the caller then connects to exactly those addresses (`pinnedLookup`). Resolving rather than
 * refusing names keeps `localhost:9229` working, which is what people type.
 */
async function checkHost(host: string, options: ResolveOptions): Promise<LookupAddress[] | undefined> {
  if (options.allowRemote) return undefined;
  const h = bare(host);
  if (isIP(h)) {
    if (!isLoopbackHost(h)) refuse(host, 'it is not a loopback address');
    return undefined;
  }
  const addresses = await resolveName(h, options);
  assertResolvedLoopback(host, addresses);
  return addresses;
}

function resolveName(host: string, options: ResolveOptions): Promise<LookupAddress[]> {
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new CaptureError('unreachable', `cannot resolve ${host}: no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => {
      clearTimeout(timer);
      if (options.signal?.aborted) reject(new CaptureError('cancelled', 'capture cancelled'));
      else if (error)
        reject(
          new CaptureError('unreachable', `cannot resolve ${host} (${error.code ?? error.message})`, { cause: error }),
        );
      else resolve(addresses);
    });
  });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for net/http/ws that answers with the addresses checked before, never asking DNS again. */
export function pinnedLookup(addresses: readonly LookupAddress[]) {
  return (_host: string, options: { all?: boolean } | number | LookupCallback, callback?: LookupCallback): void => {
    const done = (typeof options === 'function' ? options : callback)!;
    const all = typeof options === 'object' && options.all;
    if (all) done(null, [...addresses]);
    else done(null, addresses[0].address, addresses[0].family);
  };
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
  options: ResolveOptions & { addresses?: LookupAddress[] } = {},
): Promise<InspectorTarget[]> {
  const hostPart = isIP(host.replace(/^\[|\]$/g, '')) === 6 && !host.startsWith('[') ? `[${host}]` : host;
  const url = `http://${hostPart}:${port}/json/list`;
  const timeoutMs = options.timeoutMs ?? 5000;
  let text: string;
  try {
    text = await httpGet(url, timeoutMs, options.signal, options.addresses);
  } catch (error) {
    if (options.signal?.aborted) throw new CaptureError('cancelled', 'capture cancelled', { cause: error });
    if (error instanceof PeerError)
      throw new CaptureError('protocol', `the inspector at ${host}:${port} ${error.message}`, { cause: error });
    const detail = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new CaptureError(
      'unreachable',
      `no inspector answered at ${host}:${port} (${detail}); is the program running with --inspect?`,
      { cause: error },
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CaptureError('unreachable', `${url} did not return JSON; is this a Node/Chrome inspector port?`);
  }
  if (!Array.isArray(body)) {
    throw new CaptureError('unreachable', `${url} did not return a target list; is this a Node/Chrome inspector port?`);
  }
  return body.filter(
    (t): t is InspectorTarget =>
      typeof t === 'object' && t !== null && typeof (t as InspectorTarget).webSocketDebuggerUrl === 'string',
  );
}

/** The peer answered, but not as an inspector does: too much, or too slowly. */
class PeerError extends Error {}

/**
 * A plain GET (not fetch: fetch refuses some ports an inspector may use, and we want only loopback HTTP), with
 * an overall deadline (a peer that trickles bytes never goes idle) and at most MAX_DISCOVERY_BYTES of answer.
 */
function httpGet(url: string, timeoutMs: number, signal?: AbortSignal, addresses?: LookupAddress[]): Promise<string> {
  return new Promise((resolve, reject) => {
    let answering = false;
    const request = get(
      url,
      { timeout: timeoutMs, signal, ...(addresses ? { lookup: pinnedLookup(addresses) } : {}) },
      (response) => {
        answering = true;
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`HTTP ${response.statusCode}`));
          return;
        }
        const tooLarge = () => {
          request.destroy(new PeerError(`sent more than ${MAX_DISCOVERY_BYTES / 1024} KiB for /json/list`));
        };
        if (Number(response.headers['content-length']) > MAX_DISCOVERY_BYTES) {
          tooLarge();
          return;
        }
        const parts: Buffer[] = [];
        let size = 0;
        response.on('data', (part: Buffer) => {
          size += part.length;
          if (size > MAX_DISCOVERY_BYTES) tooLarge();
          else parts.push(part);
        });
        response.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
        response.on('error', reject);
      },
    );
    const deadline = setTimeout(
      () =>
        request.destroy(
          answering
            ? new PeerError(`sent no complete /json/list within ${timeoutMs} ms`)
            : new Error(`no answer within ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
    request.on('close', () => clearTimeout(deadline));
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/** A WebSocket URL we will connect to: ws:// or wss:// with a host, or an EndpointError saying what is wrong. */
function webSocketUrl(text: string, where: string): URL {
  const shown = JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new EndpointError('invalid-target', `${where} is not a URL: ${shown}`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    throw new EndpointError('invalid-target', `${where} is not a ws:// URL: ${shown}`);
  if (!url.hostname) throw new EndpointError('invalid-target', `${where} names no host: ${shown}`);
  return url;
}

/**
 * Resolves a user-given address: a `ws://` / `wss://` URL is used as is; `host:port` is looked up through
 * `/json/list` (first `node`/`page` target, or `options.target`); a `{ host, port, path }` is js-debug's proxy.
 * Every host is checked to be loopback (by resolving names) unless `allowRemote`.
 */
export async function resolveEndpoint(
  address: string | CdpProxyAddress,
  options: ResolveOptions = {},
): Promise<ResolvedEndpoint> {
  if (typeof address === 'object') {
    const addresses = await checkHost(address.host, options);
    const path = address.path.startsWith('/') ? address.path : `/${address.path}`;
    const host = isIP(address.host) === 6 ? `[${address.host}]` : address.host;
    return { url: `ws://${host}:${address.port}${path}`, viaJsDebugProxy: true, candidates: [], ...pinned(addresses) };
  }
  if (/^wss?:\/\//i.test(address.trim())) {
    let url: URL;
    try {
      url = new URL(address.trim());
    } catch {
      throw new EndpointError('invalid-address', `'${address}' is not a valid WebSocket URL`);
    }
    const addresses = await checkHost(url.hostname, options);
    return { url: url.toString(), viaJsDebugProxy: false, candidates: [], ...pinned(addresses) };
  }
  const { host, port } = parseHostPort(address);
  const listAddresses = await checkHost(host, options);
  const all = await listTargets(host, port, { ...options, addresses: listAddresses });
  const candidates = all.filter((t) => CAPTURABLE_TYPES.has(t.type));
  if (candidates.length === 0) {
    const seen = all.length ? ` (it lists only: ${[...new Set(all.map((t) => t.type))].join(', ')})` : '';
    throw new EndpointError(
      'no-targets',
      `the inspector at ${host}:${port} has no Node or page target to capture${seen}`,
    );
  }
  const target = pickTarget(candidates, options.target);
  // The inspector builds this URL from our Host header, but it is the peer's word: check it like any address.
  const url = webSocketUrl(
    target.webSocketDebuggerUrl,
    `the webSocketDebuggerUrl of target ${JSON.stringify(target.id)}`,
  );
  const addresses = await checkHost(url.hostname, options);
  return { url: url.toString(), viaJsDebugProxy: false, target, candidates, ...pinned(addresses) };
}

function pinned(addresses: LookupAddress[] | undefined): { addresses?: LookupAddress[] } {
  return addresses ? { addresses } : {};
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
