// The one way a number reaches a user, in the explorer, a diagnostic, a CodeLens, the CLI and the reports:
// sizes in Chrome DevTools' decimal units (1 kB = 1000 B), so what the user compares with DevTools agrees.

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

/** Counts with thousands separators: `1,203`. */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** The exact byte count, for a tooltip. */
export function exactBytes(bytes: number): string {
  return `${integer.format(bytes)} bytes`;
}

/** A change with its sign (`+1.20 MB`, `−3`, `0`), counts by default or sizes with `formatBytes`. */
export function formatSigned(n: number, format: (n: number) => string = formatCount): string {
  return n > 0 ? `+${format(n)}` : n < 0 ? `−${format(-n)}` : '0';
}
