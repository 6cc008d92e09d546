// `retainer-lens record <host:port | ws://…> -o <file> [--duration SECONDS]`: records allocations of a running
// --inspect program until the duration ends, Enter is pressed or SIGINT arrives, then writes the snapshot
// (with every live object's allocation stack) or, with --sampling, a sampling heap profile.
import { resolve } from 'node:path';
import { CaptureError, connectToAddress, EndpointError, Recording, type CdpConnection } from '../capture';
import { intOption, parseArgs } from './args';
import { ProgressPrinter } from './captureCommand';
import { CliError, type CliCommand, type CliIo } from './cliTypes';
import { formatBytes } from '../common/units';
import { terminalText } from '../common/text';

const usage = `usage: retainer-lens record <host:port | ws://…> -o <file> [--duration <seconds>] [options]

Records what a program started with --inspect allocates. From now on V8 keeps a stack for every
allocation; recording ends when --duration seconds have passed, when you press Enter, or on Ctrl-C
(SIGINT). Then V8 writes a heap snapshot whose live objects carry their allocation stacks to <file>
(list them with \`retainer-lens allocations <file>\`, or open the file in the editor). The file appears
only when it is complete. Recording slows the program down while it runs (see the README).

  -o, --output <file>    where to write (.heapsnapshot; .heapprofile with --sampling)
  --duration <seconds>   stop after this many seconds (default: wait for Enter or SIGINT)
  --sampling             record a sampling heap profile instead: light, live bytes by stack (.heapprofile)
  --interval <bytes>     sampling: average bytes between samples (default 32768)
  --target <index|id>    which target, when the inspector lists several (default: the first)
  --allow-remote         permit a non-loopback host (the inspector gives full code execution)
  --timeout <seconds>    how long to wait for the inspector to answer (default 10)
  --quiet                no progress on stderr

Exit codes: 0 written, 1 failed (e.g. the program exited while recording), 2 usage or address error,
130 interrupted while writing (no file written).`;

export const recordCommand: CliCommand = {
  name: 'record',
  summary: 'record allocation stacks of a running --inspect program into a .heapsnapshot (or a .heapprofile)',
  usage,
  run,
};

async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(
    args,
    ['o', 'output', 'duration', 'interval', 'target', 'timeout'],
    ['sampling', 'allow-remote', 'quiet'],
  );
  if (parsed.positionals.length !== 1)
    throw new CliError('expected one inspector address (host:port or ws://…); see --help');
  const output = parsed.options.get('o') ?? parsed.options.get('output');
  if (typeof output !== 'string' || output === '')
    throw new CliError('missing -o <file>: where to write the recording');
  const duration = parsed.options.has('duration') ? intOption(parsed, 'duration', 0, 1) : undefined;
  const sampling = parsed.options.has('sampling');
  const interval = intOption(parsed, 'interval', 32768, 1);
  const target = parsed.options.get('target');
  const connectTimeoutMs = intOption(parsed, 'timeout', 10, 1) * 1000;
  const file = resolve(io.cwd, output);
  const progress = parsed.options.has('quiet') ? undefined : new ProgressPrinter(io);

  let connection: CdpConnection | undefined;
  const writing = new AbortController();
  let stopRequested: (() => void) | undefined;
  // SIGINT while recording stops it (and writes); while writing, it cancels.
  const onSigint = () => (stopRequested ? stopRequested() : writing.abort());
  process.on('SIGINT', onSigint);
  try {
    const connected = await connectToAddress(parsed.positionals[0], {
      allowRemote: parsed.options.has('allow-remote'),
      target: typeof target === 'string' ? target : undefined,
      connectTimeoutMs,
      timeoutMs: connectTimeoutMs,
    });
    connection = connected.connection;
    const recording = await Recording.start(connection, {
      mode: sampling ? 'sampling' : 'allocations',
      samplingInterval: interval,
      viaJsDebugProxy: connected.endpoint.viaJsDebugProxy,
    });
    const notes = () => recording.notes.splice(0).forEach((note) => io.err(`note: ${terminalText(note)}`));
    notes();
    await waitForStop(recording, duration, io, progress !== undefined, (stop) => (stopRequested = stop));
    stopRequested = undefined;
    const result = await recording.stop({
      output: file,
      signal: writing.signal,
      onProgress: (p) => progress?.update(p),
    });
    progress?.done();
    notes();
    io.out(
      `wrote ${result.file} (${formatBytes(result.bytes)}, recorded ${(recording.elapsedMs / 1000).toFixed(1)} s)`,
    );
    return 0;
  } catch (error) {
    progress?.done();
    if (error instanceof EndpointError) throw new CliError(error.message, 2);
    if (error instanceof CaptureError) {
      if (error.reason === 'cancelled') throw new CliError('interrupted; no file written', 130);
      throw new CliError(error.message, 1);
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    await connection?.close();
  }
}

/** Resolves when the duration ends, a line arrives on stdin, or SIGINT; rejects if the target goes away. */
function waitForStop(
  recording: Recording,
  durationSeconds: number | undefined,
  io: CliIo,
  verbose: boolean,
  onStopRequest: (stop: () => void) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stdin = process.stdin;
    let timer: NodeJS.Timeout | undefined;
    let ticker: NodeJS.Timeout | undefined;
    const onData = (chunk: Buffer | string) => {
      if (String(chunk).includes('\n')) finish();
    };
    const cleanup = () => {
      clearTimeout(timer);
      if (ticker) process.stderr.write('\r\x1b[K');
      clearInterval(ticker);
      stdin.off('data', onData);
      stdin.pause();
      // A paused pipe still holds the event loop open; nothing more is read from it.
      (stdin as { unref?: () => void }).unref?.();
      offEnded();
    };
    const finish = () => {
      cleanup();
      resolve();
    };
    const offEnded = recording.onEnded((reason) => {
      cleanup();
      reject(new CaptureError('target-closed', `the target went away during the recording: ${reason}`));
    });
    onStopRequest(finish);
    if (durationSeconds !== undefined) timer = setTimeout(finish, durationSeconds * 1000);
    stdin.on('data', onData);
    stdin.resume();
    if (verbose) {
      const how =
        durationSeconds !== undefined ? `for ${durationSeconds} s (Enter stops early)` : 'until Enter or Ctrl-C';
      io.err(`recording ${recording.mode === 'sampling' ? 'a sampling heap profile' : 'allocations'} ${how}…`);
      if (process.stderr.isTTY)
        ticker = setInterval(
          () => process.stderr.write(`\r\x1b[Krecording: ${(recording.elapsedMs / 1000).toFixed(0)} s`),
          1000,
        );
    }
  });
}
