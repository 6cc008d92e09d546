// `retainer-lens leaks` as text: per group its rank, what it is (a class, a function `name()`, or a chain of
// links), the bytes it alone retains, where in the code, the holder in the program's words, the collapsed
// retainer path, where its objects were allocated (recorded snapshots), a few object ids ("10 of 200"), and
// the groups folded under it; then the growing collections by holder; then a legend for the path notation.
import type { GrowingCollection } from '../heap/growth';
import type { LeakGroup } from '../heap/leaks';
import type { Page } from '../heap/queries';
import { groupTitle, PATH_LEGEND } from '../common/leakLabels';
import { terminalText } from '../common/text';
import { formatBytes, formatSigned } from '../common/units';

export interface LeakTextOptions {
  /** `src/cache.js:2:5` for a group, when its code maps to a file (through source maps). */
  where(group: LeakGroup): string | undefined;
  /** The same for a growing collection's holder. */
  whereCollection(collection: GrowingCollection): string | undefined;
  /** `fillCache (src/cache.js:12)`: where a group's objects were allocated (snapshots with allocation stacks). */
  allocatedIn?(group: LeakGroup): string | undefined;
  /** Object ids listed per group (default 5). */
  ids?: number;
}

const indent = (lines: string[], by: string): string[] => lines.map((l) => by + l);

function groupLines(group: LeakGroup, options: LeakTextOptions, folded: boolean): string[] {
  const where = options.where(group);
  const size = folded ? `${formatBytes(group.retainedSize)} of it` : `retains ${formatBytes(group.retainedSize)}`;
  const lines = [`${groupTitle(group)}  ·  ${size}${where ? `  ·  ${where}` : ''}`];
  lines.push(`  held by  ${group.holder.text}`);
  const allocated = options.allocatedIn?.(group);
  if (allocated) lines.push(`  allocated in  ${allocated}`);
  lines.push(`  path     ${group.path}`);
  const shown = group.sampleIds.slice(0, options.ids ?? 5);
  lines.push(
    `  objects  ${shown.map((id) => `@${id}`).join(' ')}${group.count > shown.length ? ` (${shown.length} of ${group.count.toLocaleString('en-US')})` : ''}`,
  );
  return lines;
}

export function leakText(
  leaks: { suspects: number; untraced: number; groups: Page<LeakGroup> },
  growth: Page<GrowingCollection>,
  options: LeakTextOptions,
): string[] {
  const out: string[] = [];
  const { groups } = leaks;
  out.push(
    `${leaks.suspects.toLocaleString('en-US')} objects allocated between baseline and target are still alive in final, in ${groups.total.toLocaleString('en-US')} group${groups.total === 1 ? '' : 's'} (V8 internals and objects they own left out; sizes count each byte once).` +
      (leaks.untraced ? ` ${leaks.untraced.toLocaleString('en-US')} smaller ones were not traced.` : ''),
  );
  if (groups.items.length === 0) out.push('', 'Nothing allocated during the action is still alive.');
  groups.items.forEach((group, i) => {
    out.push('');
    const [first, ...rest] = groupLines(group, options, false);
    const rank = `${String(groups.offset + i + 1).padStart(2)}. `;
    out.push(rank + first, ...indent(rest, ' '.repeat(rank.length)));
    for (const f of group.folded) {
      const [head, ...more] = groupLines(f, options, true);
      out.push(`${' '.repeat(rank.length)}└ ${head}`, ...indent(more, ' '.repeat(rank.length + 2)));
    }
  });
  if (groups.total > groups.offset + groups.items.length)
    out.push('', `…and ${groups.total - groups.offset - groups.items.length} smaller groups (--top N shows more).`);
  out.push('');
  if (growth.total === 0) out.push('No Map, Set or array grew in every snapshot.');
  else {
    out.push('Collections growing in every snapshot:');
    for (const c of growth.items) {
      const where = options.whereCollection(c);
      out.push(
        `  ${c.className} @${c.id}  ${c.retainedSizes.map(formatBytes).join(' → ')} (${formatSigned(c.growth, formatBytes)})${where ? `  ·  ${where}` : ''}`,
        `    held by  ${c.holder?.text ?? 'unknown'}`,
        `    path     ${c.path ?? ''}`,
      );
    }
  }
  const width = Math.max(...PATH_LEGEND.map(([notation]) => notation.length));
  out.push('', 'Legend:', ...PATH_LEGEND.map(([notation, meaning]) => `  ${notation.padEnd(width)}  ${meaning}`));
  if (options.allocatedIn && groups.items.some((g) => [g, ...g.folded].some((x) => options.allocatedIn!(x))))
    out.push('"allocated in" names a function (where it starts), not the allocating statement.');
  // Snapshot text (class names, variable names, paths) can carry terminal control sequences.
  return out.map((line) => terminalText(line, 4000));
}
