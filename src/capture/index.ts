// The capture client's public surface: vscode-free, so the extension host and the CLI share it.
export {
  CdpConnection,
  CdpError,
  type CdpErrorKind,
  type CdpCallOptions,
  type CdpConnectOptions,
} from './cdpConnection';
export { CaptureError, isCaptureError, type CaptureFailureReason } from './captureError';
export {
  captureHeapSnapshot,
  DEFAULT_INACTIVITY_TIMEOUT_MS,
  type CaptureOptions,
  type CaptureProgress,
  type CapturePhase,
  type CaptureResult,
} from './captureSnapshot';
export {
  captureFromAddress,
  connectToAddress,
  type CaptureFromAddressOptions,
  type CaptureFromAddressResult,
  type ConnectToAddressOptions,
} from './captureFromAddress';
export {
  Recording,
  type RecordingMode,
  type RecordingOptions,
  type StopOptions,
  type SamplingHeapProfile,
  type SamplingHeapProfileNode,
} from './recording';
export {
  resolveEndpoint,
  listTargets,
  parseHostPort,
  isLoopbackHost,
  isNonLoopbackAddress,
  assertResolvedLoopback,
  pinnedLookup,
  MAX_DISCOVERY_BYTES,
  EndpointError,
  DEFAULT_HOST,
  type CdpProxyAddress,
  type InspectorTarget,
  type ResolveOptions,
  type ResolvedEndpoint,
  type EndpointErrorCode,
} from './endpoints';
export {
  createFileSink,
  createChunkSink,
  checkOutputPath,
  partialPathFor,
  type SnapshotSink,
  type ChunkSinkHooks,
} from './snapshotSink';
