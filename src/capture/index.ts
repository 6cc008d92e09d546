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
  partialPathFor,
  type SnapshotSink,
  type ChunkSinkHooks,
} from './snapshotSink';
