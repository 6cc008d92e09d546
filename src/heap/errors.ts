/** A snapshot we cannot read: truncated, not a V8 heap snapshot, or with an unknown layout. One clear line. */
export class HeapSnapshotError extends Error {
  override name = 'HeapSnapshotError';
}

/** Raised when an AbortSignal given to the loader or a query fires. */
export class HeapSnapshotCancelled extends Error {
  override name = 'HeapSnapshotCancelled';
  constructor() {
    super('heap snapshot processing was cancelled');
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new HeapSnapshotCancelled();
}
