// Turning untrusted snapshot strings and raw numbers into safe, readable display text. Every string that came
// from a snapshot goes through `displayText` before it reaches a text node: it is cut to a bounded length (a
// snapshot can hold a 10 MB string), and characters that could disguise it are made visible.

/** Longest string shown in a cell; the full (engine-truncated) text stays available in the row's title. */
export const MAX_CELL_CHARS = 160;
/** Longest string put in a `title` tooltip. */
export const MAX_TITLE_CHARS = 1000;

// Bidi embeddings, overrides and isolates (Trojan Source), marks, and other invisible format characters.
const FORMAT_CHARS = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;

const CONTROL_NAMES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function codePoint(ch: string): string {
  return `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** Makes bidi/format and control characters visible as escapes, so they cannot reorder or hide text. */
export function neutralize(text: string): string {
  return text.replace(FORMAT_CHARS, codePoint).replace(CONTROL_CHARS, (ch) => CONTROL_NAMES[ch] ?? codePoint(ch));
}

/** Cuts to `max` characters without splitting a surrogate pair, adding an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + '…';
}

/**
 * The one way snapshot text is shown: truncated first (so a huge string costs nothing), then neutralized,
 * then truncated again because escapes make it longer.
 */
export function displayText(value: unknown, max = MAX_CELL_CHARS): string {
  const text = typeof value === 'string' ? value : String(value ?? '');
  return truncate(neutralize(truncate(text, max)), max);
}

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Sizes as Chrome DevTools shows them: decimal units, at most three significant digits past the point. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 ? 0 : value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${bytes < 0 ? '−' : ''}${value.toFixed(digits)} ${UNITS[unit]}`;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return integer.format(n);
}

/** The exact byte count, for a `title`. */
export function exactBytes(bytes: number): string {
  return `${integer.format(bytes)} bytes`;
}

export function formatSigned(n: number, format: (n: number) => string = formatCount): string {
  return n > 0 ? `+${format(n)}` : n < 0 ? `−${format(-n)}` : '0';
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

/** How an edge reads in a retainer chain: `cache`, `[3]`, `context`-variables by name, internals in braces. */
export function edgeText(edgeType: string, edgeName: string | number): string {
  const name = displayText(edgeName, 80);
  switch (edgeType) {
    case 'element':
      return `[${name}]`;
    case 'hidden':
      return `{${name}}`;
    case 'internal':
      return `{${name}}`;
    default:
      return name;
  }
}
