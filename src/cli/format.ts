// Aligned tables for the CLI's text output. Numbers come from src/common/units.ts; every cell is made
// terminal-safe (src/common/text.ts), since most of them are strings a snapshot named.
import { terminalText } from '../common/text';

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
  const cells = [header, ...rows.map((r) => r.map((c) => terminalText(c)))].map((r) => r.map(cut));
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
