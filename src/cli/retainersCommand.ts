import { jsonText, safe } from '../common/text';
import { dominatorChain, retainers } from '../heap/edges';
import { pathsToRoot } from '../heap/paths';
import type { HeapSnapshot } from '../heap/snapshot';
import { formatOption, intOption, parseArgs } from './args';
import { CliError, type CliCommand, type CliIo } from './cliTypes';
import { formatBytes } from '../common/units';
import { loadForCli } from './inspectCommand';

export const retainersCommand: CliCommand = {
  name: 'retainers',
  summary: 'Shortest paths from a GC root to one object of a .heapsnapshot, and what retains it',
  usage: [
    'usage: retainer-lens retainers <file.heapsnapshot> --node-id <id> [--paths N] [--max-steps N] [--format text|json]',
    '',
    'Prints up to N (default 5) shortest paths from a root to the object with that snapshot id (the @id',
    'Chrome shows), its direct retainers (weak edges hidden), and its dominator chain. A path longer than',
    '--max-steps (default 100) keeps both ends and says how many steps it left out; retainers and the',
    'dominator chain list the first 20 and 50, with their totals.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, ['node-id', 'paths', 'max-steps', 'format']);
    const format = formatOption(parsed);
    const raw = parsed.options.get('node-id');
    if (raw === undefined || raw === true) throw new CliError('--node-id <id> is required');
    const id = Number(String(raw).replace(/^@/, ''));
    if (!Number.isInteger(id) || id < 0)
      throw new CliError('--node-id must be a snapshot node id, e.g. 12345 or @12345');
    const maxPaths = intOption(parsed, 'paths', 5, 1);
    const maxSteps = intOption(parsed, 'max-steps', 100, 2);
    if (parsed.positionals.length !== 1) throw new CliError('expected one snapshot file');
    const snapshot = await loadForCli(parsed.positionals[0], io.cwd);
    if (snapshot.ordinalOfId(id) < 0) throw new CliError(`no object with id @${id} in ${parsed.positionals[0]}`, 1);
    const result = report(snapshot, id, maxPaths, maxSteps);
    if (format === 'json') {
      io.out(jsonText(result));
      return 0;
    }
    const n = result.node;
    io.out(
      safe`${n.className} ${JSON.stringify(n.name)} @${n.id}: shallow ${formatBytes(n.shallowSize)}, retained ${formatBytes(n.retainedSize)}, distance ${n.distance ?? '-'}`,
    );
    io.out('');
    io.out(result.paths.length ? 'Paths from a root:' : 'No root reaches this object (it would be collected).');
    result.paths.forEach((p, i) => {
      io.out(safe`  ${i + 1}. ${p.text}`);
      if (p.omitted) io.out(`     (${count(p.omitted.count)} steps left out of ${count(p.length)}; see --max-steps)`);
    });
    io.out('');
    io.out(`Retainers (${result.retainers.total}):`);
    for (const r of result.retainers.items) {
      io.out(
        safe`  ${r.edgeType} ${r.edgeName} in ${r.node.className} @${r.node.id} (distance ${r.node.distance ?? '-'})`,
      );
    }
    more(io, result.retainers);
    io.out('');
    io.out('Dominator chain:');
    for (const d of result.dominators.items)
      io.out(safe`  ${d.className} @${d.id} retains ${formatBytes(d.retainedSize)}`);
    more(io, result.dominators);
    return 0;
  },
};

const count = (n: number): string => n.toLocaleString('en-US');

/** "  … and 999,950 more" under a list that printed only the first items of `total`. */
function more(io: CliIo, list: { total: number; items: unknown[] }): void {
  if (list.total > list.items.length) io.out(`  … and ${count(list.total - list.items.length)} more`);
}

/** Every list bounded, with its total: paths (steps cut in the middle), retainers, the dominator chain. */
function report(snapshot: HeapSnapshot, id: number, maxPaths: number, maxSteps: number) {
  const chain = dominatorChain(snapshot, { id, limit: 50 });
  return {
    node: chain.items[0],
    paths: pathsToRoot(snapshot, { id, maxPaths, maxSteps }).items,
    retainers: retainers(snapshot, { id, limit: 20 }),
    dominators: { total: chain.total, items: chain.items },
  };
}
