import { jsonText } from '../common/text';
import { diffPage, diffSnapshots } from '../heap/diff';
import { diffBaseOf } from '../heap/nodeIds';
import { formatOption, intOption, parseArgs } from './args';
import { CliError, type CliCommand } from './cliTypes';
import { formatBytes, formatSigned } from '../common/units';
import { table } from './format';
import { loadForCli } from './inspectCommand';

export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'Compare two .heapsnapshot files of one process: new and deleted objects per class',
  usage: [
    'usage: retainer-lens diff <older.heapsnapshot> <newer.heapsnapshot> [--top N] [--format text|json]',
    '',
    'Matches objects by snapshot id. Per class: # new, # deleted, delta, bytes allocated, freed and the size',
    'delta (largest growth first), then the N largest new objects still alive in the newer snapshot.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, ['top', 'format']);
    const format = formatOption(parsed);
    const top = intOption(parsed, 'top', 20, 1);
    if (parsed.positionals.length !== 2) throw new CliError('expected two snapshot files: <older> <newer>');
    // Keep only the compact id/class/size view of the older snapshot while the newer one loads.
    const base = diffBaseOf(await loadForCli(parsed.positionals[0], io.cwd));
    const current = await loadForCli(parsed.positionals[1], io.cwd);
    const result = diffPage(current, diffSnapshots(base, current), { limit: top });
    if (format === 'json') {
      io.out(jsonText(result));
      return 0;
    }
    io.out(
      table(
        ['class', '# new', '# deleted', '# delta', 'alloc', 'freed', 'size delta'],
        result.classes.items.map((c) => [
          c.name,
          c.newCount,
          c.deletedCount,
          c.deltaCount,
          formatBytes(c.allocatedSize),
          formatBytes(c.freedSize),
          formatSigned(c.sizeDelta, formatBytes),
        ]),
      ),
    );
    io.out('');
    io.out(`New objects still alive: ${result.newObjects.total} (largest retained first)`);
    io.out(
      table(
        ['object', 'id', 'shallow', 'retained'],
        result.newObjects.items.map((n) => [
          `${n.className} ${n.name === n.className ? '' : n.name}`.trim(),
          `@${n.id}`,
          formatBytes(n.shallowSize),
          formatBytes(n.retainedSize),
        ]),
      ),
    );
    return 0;
  },
};
