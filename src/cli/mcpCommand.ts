// `retainer-lens mcp`: the MCP server (src/cli/mcp). Everything it prints goes to stderr: stdout is the protocol.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { streamLogger } from '../common/log';
import { safe } from '../common/text';
import { intOption, parseArgs } from './args';
import { CliError, type CliCommand } from './cliTypes';
import { serveMcp } from './mcp/mcpServer';

export const mcpCommand: CliCommand = {
  name: 'mcp',
  summary: 'Model Context Protocol server on stdio: the agent tools (scan, summary, retainers, leaks, explain a line)',
  usage: [
    'usage: retainer-lens mcp [--source <dir>] [--idle-minutes N]',
    '',
    'Speaks MCP over stdin/stdout for coding agents. Tools: retainer-lens_scan, retainer-lens_snapshot_summary,',
    'retainer-lens_retainers, retainer-lens_find_leaks, retainer-lens_capture, retainer-lens_explain_line,',
    'retainer-lens_release_snapshot. Snapshots are named by path and stay loaded (by handle) until released',
    'or unused for --idle-minutes (default 15).',
    '',
    'options:',
    '  --source <dir>      the program sources: what scans read, where snapshot scripts map (default: cwd)',
    '  --idle-minutes N    release a snapshot unused this long (default 15)',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, ['source', 'idle-minutes']);
    if (parsed.positionals.length) throw new CliError('mcp takes no positional arguments');
    const sourceOption = parsed.options.get('source');
    const source = resolve(io.cwd, typeof sourceOption === 'string' ? sourceOption : '.');
    if (!existsSync(source) || !statSync(source).isDirectory())
      throw new CliError(`--source ${source} is not a folder`);
    const idleMinutes = intOption(parsed, 'idle-minutes', 15, 1);
    const log = streamLogger((line) => io.err(safe`retainer-lens mcp: ${line}`));
    await serveMcp({ source, idleMs: idleMinutes * 60_000, log });
    return 0;
  },
};
