// The one error type a capture rejects with, so callers (CLI, extension) can word each case for the user.

export type CaptureFailureReason =
  /** The caller aborted (AbortSignal); nothing was kept. */
  | 'cancelled'
  /** The socket closed mid-capture: the target exited or crashed, or the debug session ended. */
  | 'target-closed'
  /** The output could not be written (missing folder, disk full, a sink that threw). */
  | 'write-failed'
  /** The target answered a call with an error, or did not answer in time. */
  | 'protocol'
  /** Nothing answered at the given address. */
  | 'unreachable';

export class CaptureError extends Error {
  constructor(
    readonly reason: CaptureFailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CaptureError';
  }
}

export function isCaptureError(error: unknown, reason?: CaptureFailureReason): error is CaptureError {
  return error instanceof CaptureError && (reason === undefined || error.reason === reason);
}
