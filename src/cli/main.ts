// The `retainer-lens` command line: the same cores the extension uses, for CI and scripts.
import { safe, terminalLines } from '../common/text';
import { CliError, type CliCommand, type CliIo } from './cliTypes';
import { version } from '../version';
import { captureCommand } from './captureCommand';
import { inspectCommand } from './inspectCommand';
import { retainersCommand } from './retainersCommand';
import { diffCommand } from './diffCommand';
import { leaksCommand } from './leaksCommand';
import { scanCommand } from './scanCommand';
import { joinCommand } from './joinCommand';
import { recordCommand } from './recordCommand';
import { allocationsCommand } from './allocationsCommand';
import { mcpCommand } from './mcpCommand';
import { checkCommand } from './checkCommand';

/** Every subcommand; each is defined in its own file next to this one. */
const commands: CliCommand[] = [
  captureCommand,
  inspectCommand,
  retainersCommand,
  diffCommand,
  leaksCommand,
  scanCommand,
  joinCommand,
  recordCommand,
  allocationsCommand,
  mcpCommand,
  checkCommand,
];

function help(): string {
  const width = Math.max(0, ...commands.map((c) => c.name.length));
  return [
    `retainer-lens ${version} — find what keeps JavaScript memory reachable`,
    '',
    'usage: retainer-lens <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `retainer-lens <command> --help` for the options of one command.',
  ].join('\n');
}

export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  // Everything printed passes through terminalLines last: the printers escape what they print from a
  // snapshot or a peer, and this catches any that did not (no ESC, CSI, OSC or `\r` reaches the terminal).
  const io: CliIo = {
    ...rawIo,
    out: (text) => rawIo.out(terminalLines(text)),
    err: (text) => rawIo.err(terminalLines(text)),
  };
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out(version);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(safe`retainer-lens: unknown command '${name}'. Run 'retainer-lens --help' for the list.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(safe`retainer-lens ${name}: ${error.message}`);
      return error.exitCode;
    }
    // Anything else is our bug; still one readable line, with the detail behind an env switch.
    const message = error instanceof Error ? error.message : String(error);
    io.err(safe`retainer-lens ${name}: internal error: ${message}`);
    if (process.env.RETAINER_LENS_DEBUG) io.err(String((error as Error)?.stack ?? error));
    return 70;
  }
}

if (require.main === module) {
  const io: CliIo = {
    out: (text) => process.stdout.write(text + '\n'),
    err: (text) => process.stderr.write(text + '\n'),
    cwd: process.cwd(),
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(safe`retainer-lens: ${error}` + '\n');
      process.exitCode = 70;
    },
  );
}
