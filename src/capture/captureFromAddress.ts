// The whole capture for callers that start from an address (the CLI, "attach to an inspector address"):
// resolve, connect, capture, and always close the connection.
import { CdpConnection, CdpError } from './cdpConnection';
import { CaptureError } from './captureError';
import { captureHeapSnapshot, type CaptureOptions, type CaptureResult } from './captureSnapshot';
import { resolveEndpoint, type CdpProxyAddress, type ResolveOptions, type ResolvedEndpoint } from './endpoints';

export interface CaptureFromAddressOptions
  extends Omit<CaptureOptions, 'viaJsDebugProxy'>, Omit<ResolveOptions, 'signal'> {
  /** Milliseconds to wait for the WebSocket handshake. */
  connectTimeoutMs?: number;
  /** Told which target was chosen before the capture starts (e.g. to mention the others). */
  onResolved?(endpoint: ResolvedEndpoint): void;
}

export interface CaptureFromAddressResult extends CaptureResult {
  endpoint: ResolvedEndpoint;
}

export async function captureFromAddress(
  address: string | CdpProxyAddress,
  options: CaptureFromAddressOptions,
): Promise<CaptureFromAddressResult> {
  const { connection, endpoint } = await connectToAddress(address, options);
  try {
    const result = await captureHeapSnapshot(connection, { ...options, viaJsDebugProxy: endpoint.viaJsDebugProxy });
    return { ...result, endpoint };
  } finally {
    // After a cancel V8 keeps sending the rest of its snapshot; closing drops it at the socket.
    await connection.close();
  }
}

export interface ConnectToAddressOptions extends Omit<ResolveOptions, 'signal'> {
  signal?: AbortSignal;
  /** Milliseconds to wait for the WebSocket handshake. */
  connectTimeoutMs?: number;
  /** Told which target was chosen before anything starts (e.g. to mention the others). */
  onResolved?(endpoint: ResolvedEndpoint): void;
}

/** Resolves an inspector address and opens a connection to it; a CaptureError says why not. */
export async function connectToAddress(
  address: string | CdpProxyAddress,
  options: ConnectToAddressOptions,
): Promise<{ connection: CdpConnection; endpoint: ResolvedEndpoint }> {
  const endpoint = await resolveEndpoint(address, { ...options, signal: options.signal });
  options.onResolved?.(endpoint);
  try {
    const connection = await CdpConnection.connect(endpoint.url, {
      timeoutMs: options.connectTimeoutMs,
      signal: options.signal,
      addresses: endpoint.addresses,
    });
    return { connection, endpoint };
  } catch (error) {
    if (options.signal?.aborted) throw new CaptureError('cancelled', 'capture cancelled', { cause: error });
    const detail = error instanceof CdpError ? error.message : String(error);
    throw new CaptureError('unreachable', `${detail}; is the program still running with --inspect?`, { cause: error });
  }
}
