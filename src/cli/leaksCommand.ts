import { findGrowth, sampleCollections, withPaths } from '../heap/growth';
import { groupAllocationOfIds } from '../heap/leakAllocations';
import { triageLeaks } from '../heap/leaks';
import { baseKeys, carryKeys } from '../heap/match';
import { IdSet } from '../heap/nodeIds';
import type { HeapSnapshot } from '../heap/snapshot';
import { ScriptMapper } from '../join/index';
import { frameJson, where } from './allocationsCommand';
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
    'Snapshots taken while recording allocations (`retainer-lens record`) also name where each group was',
    "allocated: its most frequent allocation stack among the group's samples, named by its first function in",
    'the current folder (else the allocating function) and line',
    '(JSON: `allocatedIn: { function, file, line, column, stack }`, 1-based).',
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
    // With allocation stacks in the final snapshot: where each group's objects were allocated.
    const mapper = new ScriptMapper({ workspaceRoots: [io.cwd], cwd: io.cwd });
    const allocated = leaks.groups.items.map((g) => {
      const a = groupAllocationOfIds(final, g.sampleIds);
      if (!a) return undefined;
      // Name the workspace code that made it: the first frame that maps to a file here (Buffer.alloc runs
      // in node:buffer; the function that called it is the one to fix), else the allocating function.
      const stack = a.frames.map((f) => frameJson(f, mapper));
      const own = a.frames.findIndex(
        (f) => f.url !== '' && f.line >= 0 && !/[\\/]node_modules[\\/]/.test(f.url) && mapper.map(f.url, f.line, 0),
      );
      return { ...stack[Math.max(0, own)], stack };
    });
    if (format === 'json') {
      const groups = {
        ...leaks.groups,
        items: leaks.groups.items.map((g, i) => (allocated[i] ? { ...g, allocatedIn: allocated[i] } : g)),
      };
      io.out(JSON.stringify({ leaks: { ...leaks, groups }, growth, matchedBy: byId ? 'id' : 'structure' }, null, 2));
      return 0;
    }
    if (!byId)
      io.out(
        'Node ids differ between these snapshots (taken in separate profiler sessions); objects were matched by their retainer paths.',
      );
    io.out(
      `${leaks.suspects} objects allocated between baseline and target are still alive (V8 internals and objects they own left out).`,
    );
    const traced = final.traces !== undefined;
    io.out(
      table(
        ['retainer path', 'class', 'count', 'retained', 'sample', ...(traced ? ['allocated in'] : [])],
        leaks.groups.items.map((g, i) => {
          const a = allocated[i];
          const row: (string | number)[] = [
            g.trace,
            g.className,
            g.count,
            formatBytes(g.retainedSize),
            `@${g.sampleIds[0]}`,
          ];
          if (traced) row.push(a ? `${a.function} (${where(a, io.cwd)})` : '-');
          return row;
        }),
        80,
        'start',
      ),
    );
    if (traced) io.out('"allocated in" names a function (where it starts), not the allocating statement.');
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
