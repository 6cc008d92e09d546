// Runs a real fixture program under `node --inspect`, records through the capture client (Recording) while
// the program runs a stdin command, and returns the file it wrote. Results are cached per test process.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { CdpConnection, Recording, type RecordingMode } from '../../src/capture';
import { inspectorUrlOf } from '../support/inspectorUrl';
import { tempDirForProcess } from '../support/tempDir';

export const fixturesDir = join(__dirname, 'fixtures');

export interface InspectedProgram {
  child: ChildProcess;
  wsUrl: string;
  /** Sends a command line and waits for the program's answer line. */
  command(line: string, answer: string): Promise<void>;
  kill(): Promise<void>;
}

const running = new Set<InspectedProgram>();
process.once('exit', () => {
  for (const p of running) p.child.kill('SIGKILL');
});

export async function startProgram(file: string, nodeArgs: string[] = []): Promise<InspectedProgram> {
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', ...nodeArgs, file], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const wsUrl = await inspectorUrlOf(child, file);
  let out = '';
  const waiters: { answer: string; resolve(): void }[] = [];
  // The inspector listens before the main module runs: wait for the program's own "ready" line, so a
  // recording covers what the program does, not its start-up.
  const ready = new Promise<void>((resolve) => waiters.push({ answer: 'ready', resolve }));
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (part: string) => {
    out += part;
    let newline: number;
    while ((newline = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, newline).trim();
      out = out.slice(newline + 1);
      const i = waiters.findIndex((w) => w.answer === line);
      if (i >= 0) waiters.splice(i, 1)[0].resolve();
    }
  });
  await ready;
  const program: InspectedProgram = {
    child,
    wsUrl,
    command: (line, answer) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${answer}" from ${file}`)), 60_000);
        waiters.push({
          answer,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        child.stdin!.write(line + '\n');
      }),
    kill: async () => {
      running.delete(program);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  running.add(program);
  return program;
}

const cache = new Map<string, Promise<string>>();

/**
 * Records `fixture` (a file in fixtures/ or an absolute path) while it runs `command` (answered by `answer`):
 * a heap snapshot with allocation stacks, or a sampling heap profile. Returns the written file.
 */
export function recordProgram(
  fixture: string,
  options: { mode?: RecordingMode; command?: string; answer?: string; output?: string; nodeArgs?: string[] } = {},
): Promise<string> {
  const mode = options.mode ?? 'allocations';
  const key = JSON.stringify([fixture, options]);
  let result = cache.get(key);
  if (!result) {
    result = (async () => {
      const file = fixture.startsWith('/') ? fixture : join(fixturesDir, fixture);
      const program = await startProgram(file, options.nodeArgs);
      const connection = await CdpConnection.connect(program.wsUrl);
      try {
        const recording = await Recording.start(connection, { mode, samplingInterval: 1024 });
        await program.command(options.command ?? 'plant', options.answer ?? 'planted');
        const dir = tempDirForProcess('retainer-lens-alloc-');
        const output =
          options.output ?? join(dir, mode === 'allocations' ? 'recording.heapsnapshot' : 'recording.heapprofile');
        await recording.stop({ output });
        return output;
      } finally {
        await connection.close();
        await program.kill();
      }
    })();
    cache.set(key, result);
  }
  return result;
}
