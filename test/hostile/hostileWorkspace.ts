// A workspace and the things around it that a hostile heap snapshot may name: a real snapshot written by a
// real Node process running `ws/app.js`, then copies whose script URL (the one string naming app.js) is
// replaced by something else. Around the workspace: a regular file and a source map outside it (their
// access times set far in the past, so any read shows), FIFOs inside and outside (any blocking read of
// them hangs), and a symlink inside pointing out.
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { tempDirForProcess } from '../support/tempDir';

const APP = `const v8 = require('v8');
const held = [];
function make(i) {
  const big = new Array(2000).fill(i);
  return () => big.length;
}
for (let i = 0; i < 300; i++) held.push(make(i));
globalThis.held = held;
v8.writeHeapSnapshot(process.argv[2]);
`;

/** Far in the past: a read sets the access time to now even on relatime mounts. */
const OLD = new Date('2001-01-01T00:00:00Z');

export interface HostileWorkspace {
  dir: string;
  /** The workspace root (holds app.js, the script every original snapshot object comes from). */
  ws: string;
  outside: string;
  /** Regular files outside the workspace whose access time must not change. */
  sentinels: string[];
  fifoOutside: string;
  fifoInside: string;
  /** ws/link.js → ../outside/linked.js */
  linkOut: string;
  /** ws/mapped.js: app.js with a `sourceMappingURL` naming a map outside the workspace. */
  mappedOut: string;
  /** A copy of the real snapshot whose script URL is `url`. */
  snapshotNaming(url: string, name: string): string;
  /** Files among the sentinels whose access time changed (read since the workspace was made). */
  readSentinels(): string[];
}

export function hostileWorkspace(): HostileWorkspace {
  const dir = tempDirForProcess('retainer-lens-hostile-');
  const ws = join(dir, 'ws');
  const outside = join(dir, 'outside');
  mkdirSync(ws);
  mkdirSync(outside);
  mkdirSync(join(dir, 'snapshots'));
  const app = join(ws, 'app.js');
  writeFileSync(app, APP);
  const original = join(dir, 'original.heapsnapshot');
  execFileSync(process.execPath, [app, original], { stdio: 'ignore' });

  const secret = join(outside, 'secret.js');
  writeFileSync(secret, APP);
  const map = join(outside, 'app.js.map');
  writeFileSync(map, JSON.stringify({ version: 3, sources: ['secret.js'], mappings: 'AAAA' }));
  const mappedOut = join(ws, 'mapped.js');
  writeFileSync(mappedOut, APP + '//# sourceMappingURL=../outside/app.js.map\n');
  // The --source scan follows links like any scanner; the snapshot's URL must not.
  writeFileSync(join(outside, 'linked.js'), APP);
  const linkOut = join(ws, 'link.js');
  symlinkSync(join('..', 'outside', 'linked.js'), linkOut);
  const fifoOutside = join(outside, 'secret.fifo');
  const fifoInside = join(ws, 'inside.js');
  execFileSync('mkfifo', [fifoOutside, fifoInside]);
  const sentinels = [secret, map];
  for (const file of sentinels) utimesSync(file, OLD, OLD);

  const text = readFileSync(original, 'utf8');
  const quoted = JSON.stringify(app);
  if (text.split(quoted).length !== 2) throw new Error(`expected the script URL once in ${original}`);
  return {
    dir,
    ws,
    outside,
    sentinels,
    fifoOutside,
    fifoInside,
    linkOut,
    mappedOut,
    snapshotNaming(url, name) {
      const file = join(dir, 'snapshots', `${name}.heapsnapshot`);
      if (url === app) copyFileSync(original, file);
      else writeFileSync(file, text.replace(quoted, JSON.stringify(url)));
      return file;
    },
    readSentinels: () => sentinels.filter((f) => statSync(f).atimeMs !== OLD.getTime()),
  };
}

/** Whether this file system records reads in access times (relatime does for an old atime; noatime not). */
export function accessTimesWork(dir: string): boolean {
  const probe = join(dir, 'atime-probe');
  writeFileSync(probe, 'x');
  utimesSync(probe, OLD, OLD);
  readFileSync(probe);
  return statSync(probe).atimeMs !== OLD.getTime();
}

let stdinFifo: string | undefined;
function silentStdin(): string {
  if (!stdinFifo) {
    stdinFifo = join(tempDirForProcess('retainer-lens-stdin-'), 'stdin');
    execFileSync('mkfifo', [stdinFifo]);
  }
  return stdinFifo;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  /** Killed after the time limit: it hung. */
  hung: boolean;
}

/**
 * Runs `retainer-lens` from the sources in a child process with a time limit (a hang is killed and reported),
 * stdin open and silent (so reading /dev/stdin blocks, as in a terminal).
 */
export function runCliProcess(
  args: string[],
  options: { cwd?: string; timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<CliRun> {
  const main = join(__dirname, '..', '..', 'src', 'cli', 'main.ts');
  return new Promise((resolve) => {
    // stdin: a FIFO we hold open for writing and never write to, so a read of /dev/stdin blocks (a pipe from
    // spawn is non-blocking and would fail at once with EAGAIN).
    const stdin = openSync(silentStdin(), 'r+');
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', main, ...args], {
      cwd: options.cwd ?? process.cwd(),
      stdio: [stdin, 'pipe', 'pipe'],
    });
    closeSync(stdin);
    let out = '';
    let err = '';
    let hung = false;
    child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err, hung });
    });
  });
}
