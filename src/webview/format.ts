// The webview's display helpers: every string that came from a snapshot goes through `displayText` before it
// reaches a text node; numbers go through the one formatter in src/common/units.ts.

import { displayText as boundedText } from '../common/text';

/** Longest string shown in a cell; the full (engine-truncated) text stays available in the row's title. */
const MAX_CELL_CHARS = 160;
/** Longest string put in a `title` tooltip. */
export const MAX_TITLE_CHARS = 1000;

/** Snapshot text for a cell (or, with `max`, a title): see src/common/text.ts. */
export function displayText(value: unknown, max = MAX_CELL_CHARS): string {
  return boundedText(value, max);
}

/** Chrome adds this to distances of objects reached only from V8's internal (system) roots. */
export const BASE_SYSTEM_DISTANCE = 100_000_000;

/** Distances as Chrome shows them: a dash for unreachable objects and for those only V8 internals reach. */
export function formatDistance(d: number | null | undefined): string {
  return d === null || d === undefined || d >= BASE_SYSTEM_DISTANCE ? '–' : String(d);
}

export function percent(part: number, whole: number): string {
  if (!whole) return '0%';
  const p = (part / whole) * 100;
  return `${p < 10 ? p.toFixed(1) : p.toFixed(0)}%`;
}
