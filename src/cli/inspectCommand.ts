import { resolve } from 'node:path';
import { HeapSnapshotError } from '../heap/errors';
import { loadSnapshotFile } from '../heap/loader';
import type { HeapSnapshot } from '../heap/snapshot';
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
    'usage: retainer-lens inspect <file.heapsnapshot> [--top N] [--format text|json]',
    '',
    'Prints node and edge counts, the total size, and the N classes (default 20) retaining the most memory.',
    'JSON: { nodeCount, edgeCount, totalSize, classes: [{ name, count, shallowSize, retainedSize, distance }] }',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, ['top', 'format']);
    const format = formatOption(parsed);
    const top = intOption(parsed, 'top', 20, 1);
    if (parsed.positionals.length !== 1) throw new CliError('expected one snapshot file');
    const snapshot = await loadForCli(parsed.positionals[0], io.cwd);
    const classes = classSummary(snapshot, { sortBy: 'retainedSize', limit: top }).items;
    if (format === 'json') {
      io.out(
        JSON.stringify(
          { nodeCount: snapshot.nodeCount, edgeCount: snapshot.edgeCount, totalSize: snapshot.totalSize, classes },
          null,
          2,
        ),
      );
      return 0;
    }
    io.out(`${snapshot.nodeCount} nodes, ${snapshot.edgeCount} edges, total ${formatBytes(snapshot.totalSize)}`);
    io.out('');
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
    return 0;
  },
};
