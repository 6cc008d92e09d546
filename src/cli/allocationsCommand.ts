// `retainer-lens allocations <file>`: the allocation sites of a snapshot recorded with allocation tracking
// (`retainer-lens record`, the editor's "Record allocations", DevTools' .heaptimeline), largest retained first.
// Script URLs map to workspace files (and through source maps to the original lines) as the join maps them.
import { resolve } from 'node:path';
import { allAllocationSites, type AllocationSiteRow } from '../heap/allocationQueries';
import type { AllocationFrame } from '../heap/allocationTraces';
import { ScriptMapper } from '../join/index';
import { displayPath } from '../join/mapScript';
import { loadWorkspaceSources } from '../join/workspaceSources';
import { streamLogger } from '../common/log';
import { jsonText, terminalText } from '../common/text';
import { formatOption, intOption, parseArgs } from './args';
import { CliError, type CliCommand } from './cliTypes';
import { formatBytes } from '../common/units';
import { table } from './format';
import { loadForCli } from './inspectCommand';

const usage = `usage: retainer-lens allocations <file> [--top N] [--format text|json] [options]

Lists where the live objects of a recorded snapshot were allocated: per allocating function, how many
objects are still alive, their shallow size, and their retained size counted once (an object held by
another object from the same function adds nothing). Record one with \`retainer-lens record\`.

A site is a function, not the allocating statement: V8 records each frame as the function (its start,
where its parameters begin). Allocations inside built-ins (push, Map.prototype.set, JSON.parse) belong to
the function that called them.

options:
  --top <n>            sites to list (default 20; 0 lists all)
  --format text|json   json: [{ function, file, line, column, count, selfSize, retainedSize }], largest
                       retained first; line and column are 1-based (0 when V8 knows none); file is the
                       workspace file when the script maps to one (through source maps), else the script URL
  --source <dir>       the workspace: scripts map to files under it (default: the current folder)
  --cwd <dir>          the program's working directory: relative script names resolve from it, and its
                       scripts map too (default --source)`;

export interface AllocationSiteJson {
  function: string;
  file: string;
  line: number;
  column: number;
  count: number;
  selfSize: number;
  retainedSize: number;
}

/** A frame as the CLI prints it: 1-based positions (0: unknown), mapped to a workspace file when one matches. */
export function frameJson(
  frame: AllocationFrame,
  mapper: ScriptMapper,
): { function: string; file: string; line: number; column: number } {
  const mapped =
    frame.url && frame.line >= 0 ? mapper.map(frame.url, frame.line, Math.max(0, frame.column)) : undefined;
  return {
    function: frame.name || '(anonymous)',
    file: mapped?.file ?? frame.url,
    line: mapped ? mapped.line + 1 : frame.line + 1,
    column: mapped ? mapped.column + 1 : frame.column + 1,
  };
}

/** A site in the CLI's JSON contract. */
export function siteJson(site: AllocationSiteRow, mapper: ScriptMapper): AllocationSiteJson {
  return {
    ...frameJson(site.frame, mapper),
    count: site.count,
    selfSize: site.selfSize,
    retainedSize: site.retainedSize,
  };
}

export const allocationsCommand: CliCommand = {
  name: 'allocations',
  summary: 'Allocation sites of a recorded snapshot: live objects and retained size per allocating function',
  usage,
  async run(args, io) {
    const parsed = parseArgs(args, ['top', 'format', 'source', 'cwd']);
    const format = formatOption(parsed);
    const top = intOption(parsed, 'top', 20, 0);
    if (parsed.positionals.length !== 1) throw new CliError('expected one snapshot file');
    const source = parsed.options.get('source');
    const root = typeof source === 'string' ? resolve(io.cwd, source) : io.cwd;
    const cwdOption = parsed.options.get('cwd');
    const programCwd = typeof cwdOption === 'string' ? resolve(io.cwd, cwdOption) : root;
    const file = parsed.positionals[0];
    const snapshot = await loadForCli(file, io.cwd);
    if (!snapshot.traces)
      throw new CliError(
        `${file} has no allocation stacks: record one with \`retainer-lens record <inspector address> -o <file>\``,
        1,
      );
    // The program's own folder counts as workspace too: a bundle built there maps on to the sources. Files are
    // read through the trust boundary (a snapshot names paths; only regular files inside these folders are read).
    const log = streamLogger((line) => io.err(terminalText(line)));
    const workspaceRoots = [...new Set([root, programCwd])];
    const sources = await loadWorkspaceSources(snapshot, { workspaceRoots, cwd: programCwd, log });
    const mapper = new ScriptMapper(sources, log);
    const all = allAllocationSites(snapshot);
    const sites = (top === 0 ? all : all.slice(0, top)).map((s) => siteJson(s, mapper));
    if (format === 'json') {
      io.out(jsonText(sites));
      return 0;
    }
    const live = all.reduce((sum, s) => sum + s.count, 0);
    io.out(`${all.length} allocation sites, ${live.toLocaleString('en-US')} live objects allocated while recording`);
    io.out('');
    io.out(
      table(
        ['allocated in', 'count', 'shallow', 'retained'],
        sites.map((s) => [
          `${s.function} (${where(s, io.cwd)})`,
          s.count.toLocaleString('en-US'),
          formatBytes(s.selfSize),
          formatBytes(s.retainedSize),
        ]),
        90,
      ),
    );
    io.out('');
    io.out('Each row is a function (where it starts), not the allocating statement.');
    return 0;
  },
};

/** `file:line` for a printed frame: workspace files relative to cwd. */
export function where(site: { file: string; line: number }, cwd: string): string {
  if (!site.file) return 'native';
  const file = site.file.startsWith('/') ? displayPath(site.file, cwd) : site.file;
  return site.line > 0 ? `${file}:${site.line}` : file;
}
