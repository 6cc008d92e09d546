// `retainer-lens capture <host:port | ws://…> -o <file>`: one heap snapshot from a running inspector.
import { resolve } from 'node:path';
import { streamLogger } from '../common/log';
import { terminalText } from '../common/text';
import { formatBytes } from '../common/units';
import { intOption, parseArgs } from './args';
import { CliError, type CliCommand, type CliIo } from './cliTypes';
import {
  captureFromAddress,
  CaptureError,
  checkOutputPath,
  DEFAULT_INACTIVITY_TIMEOUT_MS,
  EndpointError,
  type CaptureProgress,
} from '../capture';

const usage = `usage: retainer-lens capture <host:port | ws://…> -o <file> [options]

Takes a heap snapshot of a program started with --inspect (or a Chrome tab with remote debugging)
and streams it to <file>. The file appears only when the capture succeeded.

  <host:port>          an inspector address; the host defaults to 127.0.0.1 (e.g. 9229, localhost:9229)
  <ws://…>             a WebSocket debugger URL, used as is
  -o, --output <file>  where to write the .heapsnapshot (a file there is replaced; anything else is refused)
  --gc                 collect garbage first, so the snapshot holds only what is retained
  --no-numbers         leave numbers' values out (by default they are captured, as DevTools' "Include
                       numerical values": slightly larger files, and \`leaks\` can then tell apart objects
                       that hold only numbers when the three snapshots come from separate captures)
  --target <index|id>  which target, when the inspector lists several (default: the first)
  --allow-remote       permit a non-loopback host (the inspector gives full code execution: prefer an SSH tunnel)
  --timeout <seconds>  how long to wait for the inspector to answer (default 10)
  --inactivity-timeout <seconds>
                       give up when the target sends nothing for this long while it takes the
                       snapshot (default ${DEFAULT_INACTIVITY_TIMEOUT_MS / 1000}; 0 waits forever)
  --quiet              no progress on stderr

Exit codes: 0 written, 1 capture failed, 2 usage or address error, 128 + signal number when
interrupted (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP); an interrupted capture leaves no file.`;

/** Signals that end a capture cleanly (its partial file removed), with the exit code a shell expects. */
const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

export const captureCommand: CliCommand = {
  name: 'capture',
  summary: 'take a heap snapshot of a running --inspect program into a .heapsnapshot file',
  usage,
  run,
};

async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(
    args,
    ['o', 'output', 'target', 'timeout', 'inactivity-timeout'],
    ['gc', 'allow-remote', 'quiet', 'no-numbers'],
  );
  if (parsed.positionals.length !== 1)
    throw new CliError('expected one inspector address (host:port or ws://…); see --help');
  const output = parsed.options.get('o') ?? parsed.options.get('output');
  if (typeof output !== 'string' || output === '') throw new CliError('missing -o <file>: where to write the snapshot');
  const target = parsed.options.get('target');
  const connectTimeoutMs = intOption(parsed, 'timeout', 10, 1) * 1000;
  const inactivityTimeoutMs = intOption(parsed, 'inactivity-timeout', DEFAULT_INACTIVITY_TIMEOUT_MS / 1000, 0) * 1000;
  const file = resolve(io.cwd, output);
  // Before any contact with the target: a directory, a device or a link at -o is a usage error.
  await checkOutputPath(file).catch((error: unknown) => {
    throw new CliError(error instanceof Error ? error.message : String(error));
  });
  const progress = parsed.options.has('quiet') ? undefined : new ProgressPrinter(io);

  // Ctrl-C, `kill`, `timeout` and a closed terminal stop the capture cleanly (partial file removed) instead of
  // killing us mid-write.
  const controller = new AbortController();
  let stoppedBy: keyof typeof STOP_SIGNALS | undefined;
  const handlers = Object.keys(STOP_SIGNALS).map((name) => {
    const signal = name as keyof typeof STOP_SIGNALS;
    const handler = () => {
      stoppedBy ??= signal;
      controller.abort();
    };
    process.once(signal, handler);
    return () => process.off(signal, handler);
  });
  try {
    const result = await captureFromAddress(parsed.positionals[0], {
      output: file,
      collectGarbage: parsed.options.has('gc'),
      numericValues: !parsed.options.has('no-numbers'),
      allowRemote: parsed.options.has('allow-remote'),
      target: typeof target === 'string' ? target : undefined,
      connectTimeoutMs,
      timeoutMs: connectTimeoutMs,
      callTimeoutMs: connectTimeoutMs,
      inactivityTimeoutMs,
      signal: controller.signal,
      onResolved: (endpoint) => {
        if (endpoint.candidates.length > 1 && target === undefined && progress) {
          const others = endpoint.candidates.map((t, i) => `[${i}] ${t.title || t.url}`).join(', ');
          progress.note(`${endpoint.candidates.length} targets (${others}); capturing [0]. Choose with --target.`);
        }
      },
      onProgress: (p) => progress?.update(p),
      log: streamLogger((line) => io.err(terminalText(line))),
    });
    progress?.done();
    io.out(`wrote ${result.file} (${formatBytes(result.bytes)} in ${(result.durationMs / 1000).toFixed(1)} s)`);
    return 0;
  } catch (error) {
    progress?.done();
    if (error instanceof EndpointError) throw new CliError(error.message, 2);
    if (error instanceof CaptureError) {
      if (error.reason === 'cancelled')
        throw new CliError(
          `interrupted${stoppedBy && stoppedBy !== 'SIGINT' ? ` (${stoppedBy})` : ''}; no file written`,
          STOP_SIGNALS[stoppedBy ?? 'SIGINT'],
        );
      throw new CliError(error.message, 1);
    }
    throw error;
  } finally {
    for (const off of handlers) off();
  }
}

/** A rewritten percent line on a terminal; a few plain lines (one per phase, then every 10 %) otherwise. */
export class ProgressPrinter {
  private readonly tty = Boolean(process.stderr.isTTY);
  private lastPhase = '';
  private lastDecile = -1;
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly io: CliIo) {}

  note(text: string): void {
    this.clear();
    this.io.err(terminalText(text)); // may quote what the inspector said
  }

  update(p: CaptureProgress): void {
    const text = describe(p);
    if (this.tty) {
      const now = Date.now();
      if (p.phase === this.lastPhase && now - this.lastDraw < 100) return;
      this.lastPhase = p.phase;
      this.lastDraw = now;
      process.stderr.write(`\r\x1b[K${text}`);
      this.drawn = true;
      return;
    }
    // Building: every 10 %; writing: every 64 MB (the total is unknown).
    const decile =
      p.phase === 'building' && p.total
        ? Math.floor((10 * p.done) / p.total)
        : p.phase === 'writing'
          ? Math.floor(p.done / (64 * 1024 * 1024))
          : -1;
    if (p.phase === this.lastPhase && decile <= this.lastDecile) return;
    this.lastPhase = p.phase;
    this.lastDecile = decile;
    this.io.err(text);
  }

  done(): void {
    this.clear();
  }

  private clear(): void {
    if (this.drawn) process.stderr.write('\r\x1b[K');
    this.drawn = false;
  }
}

function describe(p: CaptureProgress): string {
  switch (p.phase) {
    case 'collecting-garbage':
      return 'collecting garbage…';
    case 'preparing':
      return 'V8 is preparing the snapshot…';
    case 'building':
      return `building snapshot: ${p.total ? Math.min(100, Math.floor((100 * p.done) / p.total)) : 0}%`;
    case 'writing':
      return `writing: ${formatBytes(p.done)}`;
    case 'finishing':
      return `finishing: ${formatBytes(p.done)}`;
  }
}
