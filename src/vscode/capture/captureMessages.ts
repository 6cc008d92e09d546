// The words the user sees during and after a capture: one line per progress phase, one per failure reason.
// What the target said is a peer's text: shown through notificationText (visible escapes, no links).
import { notificationText } from '../../common/text';
import { formatBytes } from '../../common/units';
import { CaptureError, EndpointError, type CaptureProgress } from '../../capture/index';

export function progressMessage(progress: CaptureProgress): string {
  switch (progress.phase) {
    case 'collecting-garbage':
      return 'Collecting garbage…';
    case 'preparing':
      return 'V8 is preparing the snapshot…';
    case 'building':
      return progress.total ? `Building ${Math.floor((100 * progress.done) / progress.total)}%` : 'Building…';
    case 'writing':
      return `Writing ${formatBytes(progress.done)}`;
    case 'finishing':
      return `Saving ${formatBytes(progress.done)}…`;
  }
}

/** Percent (0–100) for the progress bar: V8's build count is the only honest total there is. */
export function progressPercent(progress: CaptureProgress): number | undefined {
  if (progress.phase === 'building' && progress.total) return Math.min(100, (100 * progress.done) / progress.total);
  if (progress.phase === 'writing' || progress.phase === 'finishing') return 100;
  return undefined;
}

/** A sentence for the user about a failed capture; `what` names the target ("the debug session 'x'"). */
export function failureMessage(error: unknown, what: string): string {
  const nothingSaved = 'Nothing was saved.';
  const said = notificationText(error instanceof Error ? error.message : String(error));
  if (error instanceof CaptureError) {
    switch (error.reason) {
      case 'cancelled':
        return `Heap snapshot cancelled. ${nothingSaved}`;
      case 'target-closed':
        return `The capture stopped because ${what} ended (the program exited or crashed, or the debug session was stopped). ${nothingSaved}`;
      case 'write-failed':
        return `Could not write the heap snapshot (is the disk full or the folder read-only?): ${said}. ${nothingSaved}`;
      case 'protocol':
        return `${capitalize(what)} refused the heap snapshot: ${said}. ${nothingSaved}`;
      case 'unreachable':
        return `Could not reach ${what}: ${said}. ${nothingSaved}`;
    }
  }
  if (error instanceof EndpointError) return `Cannot capture: ${said}`;
  return `Heap snapshot failed: ${said}. ${nothingSaved}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
