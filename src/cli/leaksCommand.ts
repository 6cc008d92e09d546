// `retainer-lens leaks`: the service's one leak triage (src/service/leakTriage.ts), printed.
import type { CliIo } from './cliTypes';
import { ThreeSnapshotTriage, triagePage, type FullTriage, type TriagePage } from '../service/leakTriage';
import { ScriptMapper } from '../join/index';
import type { AllocationFrame } from '../heap/allocationTraces';
import { frameJson, where } from './allocationsCommand';
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
    const { all, page } = await runTriage([baselineFile, targetFile, finalFile], top, io);
    const { leaks, growth } = page;
    const byId = all.matchedBy === 'id';
    // With allocation stacks in the final snapshot: where each group's objects were allocated.
    const mapper = new ScriptMapper({ workspaceRoots: [io.cwd], cwd: io.cwd });
    const allocated = leaks.groups.items.map((g) => g.allocation && allocatedIn(g.allocation.frames, mapper));
    if (format === 'json') {
      const groups = {
        ...leaks.groups,
        items: leaks.groups.items.map(({ allocation: _allocation, ...g }, i) =>
          allocated[i] ? { ...g, allocatedIn: allocated[i] } : g,
        ),
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
    const traced = all.traced;
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
            formatSigned(c.growth, formatBytes),
          ]),
          70,
          'start',
        ),
      );
    }
    return 0;
  },
};

/**
 * Names the workspace code that made a group: the first frame of its stack that maps to a file here
 * (Buffer.alloc runs in node:buffer; the function that called it is the one to fix), else the allocating one.
 */
function allocatedIn(frames: readonly AllocationFrame[], mapper: ScriptMapper) {
  const stack = frames.map((f) => frameJson(f, mapper));
  const own = frames.findIndex(
    (f) => f.url !== '' && f.line >= 0 && !/[\\/]node_modules[\\/]/.test(f.url) && mapper.map(f.url, f.line, 0),
  );
  return { ...stack[Math.max(0, own)], stack };
}

/**
 * Loads the three files one at a time into the one triage (at most two full snapshots in memory) and cuts
 * the first `top` groups and growing collections. `retainer-lens join` uses it too.
 */
export async function runTriage(
  files: readonly [string, string, string] | string[],
  top: number,
  io: CliIo,
): Promise<{ all: FullTriage; page: TriagePage }> {
  const triage = new ThreeSnapshotTriage(await loadForCli(files[0], io.cwd));
  triage.addTarget(await loadForCli(files[1], io.cwd));
  const final = await loadForCli(files[2], io.cwd);
  const all = triage.finish(final);
  return { all, page: triagePage(all, final, { limit: top }) };
}
