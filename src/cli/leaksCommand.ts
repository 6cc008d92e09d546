import { findGrowth, sampleCollections, withPaths } from '../heap/growth';
import { triageLeaks } from '../heap/leaks';
import { baseKeys, carryKeys } from '../heap/match';
import { IdSet } from '../heap/nodeIds';
import type { HeapSnapshot } from '../heap/snapshot';
import { formatOption, intOption, parseArgs } from './args';
import { CliError, type CliCommand } from './cliTypes';
import { formatBytes, formatSigned } from '../common/units';
import { table } from './format';
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
    if (parsed.positionals.length !== 3)
      throw new CliError('expected three snapshot files: <baseline> <target> <final>');
    const [baselineFile, targetFile, finalFile] = parsed.positionals;
    // At most two full snapshots in memory: each is matched against the previous one (by node id, or
    // structurally when a new profiler session renumbered the objects), then only its keys are kept.
    // `held` is the only reference to the older snapshot, so dropping it lets the collector take it.
    const held: { previous?: HeapSnapshot } = { previous: await loadForCli(baselineFile, io.cwd) };
    const baselineKeys = baseKeys(held.previous!);
    const baselineIds = IdSet.of(held.previous!, baselineKeys);
    const samples = [sampleCollections(held.previous!, baselineKeys)];
    const target = await loadForCli(targetFile, io.cwd);
    const targetMatch = carryKeys(held.previous!, baselineKeys, target, 1);
    held.previous = target;
    const targetIds = IdSet.of(target, targetMatch.keys);
    samples.push(sampleCollections(target, targetMatch.keys));
    const final = await loadForCli(finalFile, io.cwd);
    const finalMatch = carryKeys(held.previous!, targetMatch.keys, final, 2);
    held.previous = undefined;
    samples.push(sampleCollections(final, finalMatch.keys));
    const leaks = triageLeaks(baselineIds, targetIds, final, { limit: top }, finalMatch.keys);
    const growth = withPaths(final, findGrowth(samples, { limit: top }));
    const byId = targetMatch.byId && finalMatch.byId;
    if (format === 'json') {
      io.out(JSON.stringify({ leaks, growth, matchedBy: byId ? 'id' : 'structure' }, null, 2));
      return 0;
    }
    if (!byId)
      io.out(
        'Node ids differ between these snapshots (taken in separate profiler sessions); objects were matched by their retainer paths.',
      );
    io.out(
      `${leaks.suspects} objects allocated between baseline and target are still alive (V8 internals and objects they own left out).`,
    );
    io.out(
      table(
        ['retainer path', 'class', 'count', 'retained', 'sample'],
        leaks.groups.items.map((g) => [
          g.trace,
          g.className,
          g.count,
          formatBytes(g.retainedSize),
          `@${g.sampleIds[0]}`,
        ]),
        80,
        'start',
      ),
    );
    io.out('');
    io.out(growth.total ? 'Collections growing in every snapshot:' : 'No Map, Set or array grew in every snapshot.');
    if (growth.total) {
      io.out(
        table(
          ['held by', 'collection', 'id', 'retained sizes', 'growth'],
          growth.items.map((c) => [
            c.path ?? '',
            c.className,
            `@${c.id}`,
            c.retainedSizes.map(formatBytes).join(' → '),
            formatSigned(c.growth),
          ]),
          70,
          'start',
        ),
      );
    }
    return 0;
  },
};
