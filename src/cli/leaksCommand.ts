// `retainer-lens leaks`: the service's one leak triage (src/service/leakTriage.ts), printed.
import { jsonText, terminalText } from '../common/text';
import type { CliIo } from './cliTypes';
import { ThreeSnapshotTriage, triagePage, type FullTriage, type TriagePage } from '../service/leakTriage';
import { formatOption, intOption, parseArgs } from './args';
import { CliError, type CliCommand } from './cliTypes';
import type { LeakGroup } from '../heap/leaks';
import type { HeapSnapshot } from '../heap/snapshot';
import { leakCode } from '../join/leakFindings';
import { ScriptMapper } from '../join/mapScript';
import { loadWorkspaceSources } from '../join/workspaceSources';
import { streamLogger } from '../common/log';
import type { LeakGroupRow } from '../service/protocol';
import type { AllocationFrame } from '../heap/allocationTraces';
import type { TriageGroup } from '../service/leakTriage';
import { frameJson, where } from './allocationsCommand';
import { leakText } from './leakText';
import { loadForCli } from './inspectCommand';

export const leaksCommand: CliCommand = {
  name: 'leaks',
  summary: 'Leak triage over three snapshots (baseline, target, final): leak groups named by their holders',
  usage: [
    'usage: retainer-lens leaks <baseline> <target> <final> [--top N] [--format text|json]',
    '',
    'Take <baseline>, run the action you suspect once (then <target>), undo or repeat it (then <final>).',
    'Objects allocated between baseline and target and still alive in final are grouped by the shape of their',
    'shortest path from a root (repeats collapsed: a chain is one group) and their class or function, ranked by',
    'the bytes they alone retain. Each group names its holder (variable, property, listener, timer, Map entry),',
    'its code location (through source maps) and its path; groups retained through another group’s objects are',
    'folded under it. Maps, Sets and arrays growing in every snapshot follow, then a legend of the path notation.',
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
    const { all, page, final } = await runTriage([baselineFile, targetFile, finalFile], top, io);
    const { leaks, growth } = page;
    const byId = all.matchedBy === 'id';
    // Code locations through the program's source maps: files under where the command runs, read through the
    // trust boundary (a snapshot names paths; only regular files inside this folder are read).
    const log = streamLogger((line) => io.err(terminalText(line)));
    const sources = await loadWorkspaceSources(final, { workspaceRoots: [io.cwd], cwd: io.cwd, log });
    const mapper = new ScriptMapper(sources, log);
    const code = leakCode(final, leaks.groups.items, growth.items, mapper, io.cwd);
    // With allocation stacks in the final snapshot: where each group's (and folded group's) objects were allocated.
    const allocated = new Map<number, AllocatedIn>();
    for (const g of leaks.groups.items)
      for (const x of [g, ...g.folded]) if (x.allocation) allocated.set(x.id, allocatedIn(x.allocation.frames, mapper));
    if (format === 'json') {
      let i = 0;
      const withCode = ({ allocation: _allocation, ...g }: TriageGroup): JsonGroup => {
        const a = allocated.get(g.id);
        return { ...g, code: code.groups[i++], folded: [], ...(a ? { allocatedIn: a } : {}) };
      };
      const groups = leaks.groups.items.map((g) => {
        const row = withCode(g);
        row.folded = g.folded.map(withCode);
        return row;
      });
      const collections = growth.items.map((c, k) => ({ ...c, code: code.growth[k] }));
      io.out(
        jsonText({
          leaks: { ...leaks, groups: { ...leaks.groups, items: groups } },
          growth: { ...growth, items: collections },
          matchedBy: byId ? 'id' : 'structure',
        }),
      );
      return 0;
    }
    if (!byId)
      io.out(
        'Node ids differ between these snapshots (taken in separate profiler sessions); objects were matched by their retainer paths.',
      );
    const positions = new Map<LeakGroup, string | undefined>();
    let i = 0;
    for (const g of leaks.groups.items) {
      positions.set(g, code.groups[i++].position?.display);
      for (const f of g.folded) positions.set(f, code.groups[i++].position?.display);
    }
    for (const line of leakText(leaks, growth, {
      where: (g) => positions.get(g),
      whereCollection: (c) => code.growth[growth.items.indexOf(c)]?.position?.display,
      allocatedIn: (g) => {
        const a = allocated.get(g.id);
        return a && `${a.function} (${where(a, io.cwd)})`;
      },
    }))
      io.out(line);
    return 0;
  },
};

type AllocatedIn = ReturnType<typeof allocatedIn>;
/** A group in the JSON contract: its allocation stack printed as `allocatedIn` (1-based, mapped). */
type JsonGroup = Omit<LeakGroupRow, 'allocation' | 'folded'> & { allocatedIn?: AllocatedIn; folded: JsonGroup[] };

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
): Promise<{ all: FullTriage; page: TriagePage; final: HeapSnapshot }> {
  const triage = new ThreeSnapshotTriage(await loadForCli(files[0], io.cwd));
  triage.addTarget(await loadForCli(files[1], io.cwd));
  const final = await loadForCli(files[2], io.cwd);
  const all = triage.finish(final);
  return { all, page: triagePage(all, final, { limit: top }), final };
}
