import { jsonText } from '../common/text';
import { resolve } from 'node:path';
import { HeapSnapshotError } from '../heap/errors';
import { loadSnapshotFile } from '../heap/loader';
import type { HeapSnapshot } from '../heap/snapshot';
import { duplicatedStrings, isNamedFilter, NAMED_FILTERS } from '../heap/namedFilters';
import { classSummary } from '../heap/summary';
import { formatOption, intOption, parseArgs } from './args';
import { CliError, type CliCommand } from './cliTypes';
import { formatBytes } from '../common/units';
import { table } from './format';

/** Loads a snapshot named on the command line; every way it can fail becomes one CliError line. */
export async function loadForCli(file: string, cwd: string): Promise<HeapSnapshot> {
  try {
    return await loadSnapshotFile(resolve(cwd, file));
  } catch (error) {
    if (error instanceof HeapSnapshotError) throw new CliError(`${file}: ${error.message}`, 1);
    throw error;
  }
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'Totals and the summary by class of a .heapsnapshot (retained sizes as Chrome shows them)',
  usage: [
    'usage: retainer-lens inspect <file.heapsnapshot> [--top N] [--filter NAME] [--format text|json]',
    '',
    'Prints node and edge counts, the total size, and the N classes (default 20) retaining the most memory,',
    'saying how many more there are.',
    "--filter keeps only the objects one of Chrome DevTools' named filters passes (the Summary view's filter):",
    ...Object.entries(NAMED_FILTERS).map(([name, title]) => `  ${name.padEnd(34)} ${title}`),
    'duplicatedStrings also lists each duplicated text with its copies and the bytes all copies but one waste.',
    'JSON: { nodeCount, edgeCount, totalSize, classCount, filter?, classes: [{ name, count, shallowSize,',
    'retainedSize, distance }], strings? }',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, ['top', 'format', 'filter']);
    const format = formatOption(parsed);
    const top = intOption(parsed, 'top', 20, 1);
    const filter = parsed.options.get('filter');
    if (filter !== undefined && !isNamedFilter(filter))
      throw new CliError(`--filter must be one of ${Object.keys(NAMED_FILTERS).join(', ')}`);
    if (parsed.positionals.length !== 1) throw new CliError('expected one snapshot file');
    const snapshot = await loadForCli(parsed.positionals[0], io.cwd);
    const { items: classes, total: classCount } = classSummary(snapshot, {
      sortBy: 'retainedSize',
      limit: top,
      namedFilter: filter,
    });
    const strings = filter === 'duplicatedStrings' ? duplicatedStrings(snapshot).slice(0, top) : undefined;
    if (format === 'json') {
      const totals = { nodeCount: snapshot.nodeCount, edgeCount: snapshot.edgeCount, totalSize: snapshot.totalSize };
      io.out(
        jsonText({ ...totals, classCount, ...(filter ? { filter } : {}), classes, ...(strings ? { strings } : {}) }),
      );
      return 0;
    }
    io.out(`${snapshot.nodeCount} nodes, ${snapshot.edgeCount} edges, total ${formatBytes(snapshot.totalSize)}`);
    if (filter) io.out(`${NAMED_FILTERS[filter]}:`);
    io.out('');
    if (filter && classes.length === 0) {
      io.out('No object passes this filter.');
      return 0;
    }
    io.out(
      table(
        ['class', 'count', 'shallow', 'retained', 'distance'],
        classes.map((c) => [
          c.name,
          c.count,
          formatBytes(c.shallowSize),
          formatBytes(c.retainedSize),
          c.distance ?? '-',
        ]),
      ),
    );
    if (classCount > classes.length)
      io.out(`… and ${(classCount - classes.length).toLocaleString('en-US')} more classes (see --top)`);
    if (strings?.length) {
      io.out('');
      io.out(
        table(
          ['duplicated string', 'copies', 'each', 'wasted'],
          strings.map((d) => [
            JSON.stringify(d.value) + (d.truncated ? '…' : ''),
            d.count,
            formatBytes(d.totalSize / d.count),
            formatBytes(d.wastedSize),
          ]),
        ),
      );
    }
    return 0;
  },
};
