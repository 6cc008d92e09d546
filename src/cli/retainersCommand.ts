import { safe } from '../common/text';
import { dominatorChain, retainers } from '../heap/edges';
import { pathsToRoot } from '../heap/paths';
import type { HeapSnapshot } from '../heap/snapshot';
import { formatOption, intOption, parseArgs } from './args';
import { CliError, type CliCommand } from './cliTypes';
import { formatBytes } from '../common/units';
import { loadForCli } from './inspectCommand';

export const retainersCommand: CliCommand = {
  name: 'retainers',
  summary: 'Shortest paths from a GC root to one object of a .heapsnapshot, and what retains it',
  usage: [
    'usage: retainer-lens retainers <file.heapsnapshot> --node-id <id> [--paths N] [--format text|json]',
    '',
    'Prints up to N (default 5) shortest paths from a root to the object with that snapshot id (the @id',
    'Chrome shows), its direct retainers (weak edges hidden), and its dominator chain.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, ['node-id', 'paths', 'format']);
    const format = formatOption(parsed);
    const raw = parsed.options.get('node-id');
    if (raw === undefined || raw === true) throw new CliError('--node-id <id> is required');
    const id = Number(String(raw).replace(/^@/, ''));
    if (!Number.isInteger(id) || id < 0)
      throw new CliError('--node-id must be a snapshot node id, e.g. 12345 or @12345');
    const maxPaths = intOption(parsed, 'paths', 5, 1);
    if (parsed.positionals.length !== 1) throw new CliError('expected one snapshot file');
    const snapshot = await loadForCli(parsed.positionals[0], io.cwd);
    if (snapshot.ordinalOfId(id) < 0) throw new CliError(`no object with id @${id} in ${parsed.positionals[0]}`, 1);
    const result = report(snapshot, id, maxPaths);
    if (format === 'json') {
      io.out(JSON.stringify(result, null, 2));
      return 0;
    }
    const n = result.node;
    io.out(
      safe`${n.className} ${JSON.stringify(n.name)} @${n.id}: shallow ${formatBytes(n.shallowSize)}, retained ${formatBytes(n.retainedSize)}, distance ${n.distance ?? '-'}`,
    );
    io.out('');
    io.out(result.paths.length ? 'Paths from a root:' : 'No root reaches this object (it would be collected).');
    result.paths.forEach((p, i) => io.out(safe`  ${i + 1}. ${p.text}`));
    io.out('');
    io.out(`Retainers (${result.retainers.total}):`);
    for (const r of result.retainers.items) {
      io.out(
        safe`  ${r.edgeType} ${r.edgeName} in ${r.node.className} @${r.node.id} (distance ${r.node.distance ?? '-'})`,
      );
    }
    io.out('');
    io.out('Dominator chain:');
    for (const d of result.dominators) io.out(safe`  ${d.className} @${d.id} retains ${formatBytes(d.retainedSize)}`);
    return 0;
  },
};

function report(snapshot: HeapSnapshot, id: number, maxPaths: number) {
  const node = dominatorChain(snapshot, { id, limit: 1 }).items[0];
  return {
    node,
    paths: pathsToRoot(snapshot, { id, maxPaths }).items,
    retainers: retainers(snapshot, { id, limit: 20 }),
    dominators: dominatorChain(snapshot, { id, limit: 50 }).items,
  };
}
