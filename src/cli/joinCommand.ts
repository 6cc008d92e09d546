// `retainer-lens join`: static findings joined with what a heap snapshot holds. Scans --source with the
// analyzer, loads the (final) snapshot, optionally takes leak groups from a three-snapshot triage (run here
// through the one triage `leaks` uses, or read from its JSON), and prints confirmed findings, leak groups with the
// finding on their line, dead context variables and the lines retaining the most.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze } from '../analyzer/index';
import { collectFiles } from '../analyzer/scanFiles';
import type { LeakGroup } from '../heap/leaks';
import { joinSnapshot, type FileFindings } from '../join/index';
import { parseBoundedJson } from '../common/boundedJson';
import { streamLogger } from '../common/log';
import { jsonText, safe } from '../common/text';
import { renderJoinMarkdown } from '../service/markdown';
import { formatOption, intOption, parseArgs } from './args';
import { CliError, type CliCommand } from './cliTypes';
import { loadForCli } from './inspectCommand';
import { runTriage } from './leaksCommand';

const usage = `usage: retainer-lens join <snapshot> --source <dir> [options]
       retainer-lens join <baseline> <target> <final> --source <dir> [options]

Marks each static finding in <dir> that the snapshot confirms (memory retained by the very closure or
variable it is about), joins leak groups (with three snapshots) to the finding on their line, and lists
dead context variables: values a closure context keeps alive that no live closure sharing it uses.

options:
  --source <dir>       the program's sources (scanned, and where script URLs must land)
  --cwd <dir>          the debugged program's working directory, for relative script names (default --source)
  --leaks <file>       leak groups from \`retainer-lens leaks … --format json\` (with one snapshot)
  --top <n>            leak groups to join (default 30)
  --format text|json   text is markdown (default); json is the whole join report
  --out <file>         also write the markdown report to <file>`;

function readLeaks(file: string): LeakGroup[] {
  try {
    const parsed = parseBoundedJson(readFileSync(file, 'utf8')) as { leaks?: { groups?: { items?: LeakGroup[] } } };
    const items = parsed.leaks?.groups?.items;
    if (!Array.isArray(items)) throw new Error('no leaks.groups.items');
    return items;
  } catch (error) {
    throw new CliError(`--leaks ${file}: not the JSON of \`retainer-lens leaks\` (${(error as Error).message})`);
  }
}

export const joinCommand: CliCommand = {
  name: 'join',
  summary: 'Join static findings with a heap snapshot: confirmed findings, leak groups by line, dead context variables',
  usage,
  async run(args, io) {
    const parsed = parseArgs(args, ['source', 'cwd', 'leaks', 'top', 'format', 'out']);
    const format = formatOption(parsed);
    const top = intOption(parsed, 'top', 30, 1);
    const source = parsed.options.get('source');
    if (typeof source !== 'string') throw new CliError('--source <dir> is required');
    const root = resolve(io.cwd, source);
    const cwdOption = parsed.options.get('cwd');
    const programCwd = typeof cwdOption === 'string' ? resolve(io.cwd, cwdOption) : root;
    const snapshots = parsed.positionals;
    if (snapshots.length !== 1 && snapshots.length !== 3)
      throw new CliError('expected one snapshot, or three: <baseline> <target> <final>');
    const leaksFile = parsed.options.get('leaks');
    if (typeof leaksFile === 'string' && snapshots.length === 3)
      throw new CliError('--leaks is for one snapshot; with three the triage runs here');

    const findings: FileFindings[] = [];
    for (const file of collectFiles([root])) {
      const text = readFileSync(file, 'utf8');
      findings.push({ file, text, findings: analyze(text, file).findings });
    }
    const leakGroups =
      snapshots.length === 3
        ? (await runTriage(snapshots, top, io)).page.leaks.groups.items
        : typeof leaksFile === 'string'
          ? readLeaks(resolve(io.cwd, leaksFile))
          : undefined;
    const snapshot = await loadForCli(snapshots[snapshots.length - 1], io.cwd);
    const report = await joinSnapshot(snapshot, {
      findings,
      leakGroups,
      map: { cwd: programCwd, workspaceRoots: [root] },
      base: io.cwd,
      log: streamLogger((line) => io.err(safe`retainer-lens join: ${line}`)),
    });
    const markdown = renderJoinMarkdown(report, findings, { base: io.cwd }).join('\n') + '\n';
    const out = parsed.options.get('out');
    if (typeof out === 'string') writeFileSync(resolve(io.cwd, out), markdown);
    if (format === 'json') {
      // Findings carry their file text for the join; the report does not need it.
      io.out(jsonText({ ...report, findings: findings.map(({ file, findings: f }) => ({ file, findings: f })) }));
    } else {
      io.out(markdown.trimEnd());
    }
    return 0;
  },
};
