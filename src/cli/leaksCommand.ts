import { findGrowth, sampleCollections } from '../heap/growth';
import { triageLeaks } from '../heap/leaks';
import { IdSet } from '../heap/nodeIds';
import { formatOption, intOption, parseArgs } from './args';
import { CliError, type CliCommand } from './cliTypes';
import { formatBytes, formatSigned, table } from './format';
import { loadForCli } from './inspectCommand';

export const leaksCommand: CliCommand = {
  name: 'leaks',
  summary: 'Leak triage over three snapshots (baseline, target, final), grouped by retainer path',
  usage: [
    'usage: retainer-lens leaks <baseline> <target> <final> [--top N] [--format text|json]',
    '',
    'Take <baseline>, run the action you suspect once (then <target>), undo or repeat it (then <final>).',
    'Objects allocated between baseline and target and still alive in final are grouped by the shape of their',
    'shortest path from a root and ranked by retained size; Maps, Sets and arrays growing in every snapshot follow.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, ['top', 'format']);
    const format = formatOption(parsed);
    const top = intOption(parsed, 'top', 10, 1);
    if (parsed.positionals.length !== 3) throw new CliError('expected three snapshot files: <baseline> <target> <final>');
    const [baselineFile, targetFile, finalFile] = parsed.positionals;
    // One full snapshot in memory at a time: keep ids and collection sizes of the first two.
    const baseline = await loadForCli(baselineFile, io.cwd);
    const baselineIds = IdSet.of(baseline);
    const samples = [sampleCollections(baseline)];
    const target = await loadForCli(targetFile, io.cwd);
    const targetIds = IdSet.of(target);
    samples.push(sampleCollections(target));
    const final = await loadForCli(finalFile, io.cwd);
    samples.push(sampleCollections(final));
    const leaks = triageLeaks(baselineIds, targetIds, final, { limit: top });
    const growth = findGrowth(samples, { limit: top });
    if (format === 'json') {
      io.out(JSON.stringify({ leaks, growth }, null, 2));
      return 0;
    }
    io.out(`${leaks.suspects} objects allocated between baseline and target are still alive (V8 internals left out).`);
    io.out(table(['retainer path', 'class', 'count', 'retained', 'sample'], leaks.groups.items.map((g) => [
      g.trace, g.className, g.count, formatBytes(g.retainedSize), `@${g.sampleIds[0]}`,
    ]), 80));
    io.out('');
    io.out(growth.total ? 'Collections growing in every snapshot:' : 'No Map, Set or array grew in every snapshot.');
    if (growth.total) {
      io.out(table(['collection', 'id', 'retained sizes', 'growth'], growth.items.map((c) => [
        c.className, `@${c.id}`, c.retainedSizes.map(formatBytes).join(' → '), formatSigned(c.growth),
      ]), 80));
    }
    return 0;
  },
};
