// Is the heap growing steadily? Judged on the post-GC heap at checkpoints (after a forced garbage collection,
// at the same point of each repetition of the suspected action), so only what stays reachable counts. Steady
// means: over the last `window` checkpoints, most steps grew by a real amount and the total reached `minBytes`.
// A clean program's post-GC heap wobbles by a few kilobytes and never adds up to that.
import { formatBytes, formatSigned } from '../common/units';

export interface GrowthSettings {
  /** Checkpoint-to-checkpoint steps judged (the last ones). */
  window: number;
  /** Total growth over the window from which it counts as a leak. */
  minBytes: number;
}

export interface GrowthVerdict {
  steady: boolean;
  /** Steps in the window that grew by more than noise. */
  grew: number;
  /** Steps judged (fewer than `window` until enough checkpoints). */
  steps: number;
  /** Post-GC heap at the last checkpoint minus at the window's first. */
  delta: number;
  /** For the view: "grew 6 of the last 7 checkpoints, +2.30 MB". */
  text: string;
}

/** The share of steps that must grow. */
const GROWING_SHARE = 0.7;

/** A step counts as growth above this: a share of what the whole window must add, so noise never does. */
export function stepBytes(settings: GrowthSettings): number {
  return settings.minBytes / (4 * settings.window);
}

export function judgeGrowth(postGc: readonly number[], settings: GrowthSettings): GrowthVerdict {
  const window = Math.max(1, Math.floor(settings.window));
  const values = postGc.slice(-(window + 1));
  const steps = Math.max(0, values.length - 1);
  let grew = 0;
  for (let i = 1; i < values.length; i++) if (values[i] - values[i - 1] > stepBytes(settings)) grew++;
  const delta = steps ? values[values.length - 1] - values[0] : 0;
  const steady = steps === window && grew >= Math.ceil(GROWING_SHARE * window) && delta >= settings.minBytes;
  const change = formatSigned(delta, formatBytes);
  const text =
    steps < window
      ? `${postGc.length} checkpoint${postGc.length === 1 ? '' : 's'}; ${window + 1 - postGc.length} more to judge growth`
      : `grew ${grew} of the last ${window} checkpoints, ${change}${steady ? '' : ': no steady growth'}`;
  return { steady, grew, steps, delta, text };
}
