// Small helpers for readable CLI output: byte sizes and aligned tables.

export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(Math.abs(value) < 10 ? 2 : 1)} ${units[unit]}`;
}

export function formatSigned(bytes: number): string {
  return (bytes > 0 ? '+' : '') + formatBytes(bytes);
}

/**
 * Left-aligns the first column, right-aligns the rest (numbers), and cuts long cells — at the end, or with
 * `cutFirst: 'start'` the first column at its start (a retainer path's tail names the holder).
 */
export function table(
  header: string[],
  rows: (string | number)[][],
  maxWidth = 60,
  cutFirst: 'end' | 'start' = 'end',
): string {
  const cut = (c: string, i: number): string => {
    if (c.length <= maxWidth) return c;
    return i === 0 && cutFirst === 'start' ? '…' + c.slice(c.length - maxWidth + 1) : c.slice(0, maxWidth - 1) + '…';
  };
  const cells = [header, ...rows.map((r) => r.map(String))].map((r) => r.map(cut));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  return cells
    .map((r) =>
      r
        .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
