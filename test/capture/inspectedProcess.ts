// Starts a real `node --inspect=127.0.0.1:0` on a fixture program and finds its inspector from stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { inspectorUrlOf } from '../support/inspectorUrl';
import { join } from 'node:path';

export const fixturesDir = join(__dirname, 'fixtures');

export interface InspectedProcess {
  child: ChildProcess;
  port: number;
  wsUrl: string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  kill(): Promise<void>;
}

const running = new Set<InspectedProcess>();

export async function startInspected(fixture: string, env: Record<string, string> = {}): Promise<InspectedProcess> {
  // stdin stays a pipe: the fixtures exit when it closes, so they die with this test process too.
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', join(fixturesDir, fixture)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The fixture prints "ready" once its heap holds what the tests look for: the inspector listens before the
  // module runs, so a capture right after the inspector's URL could miss it.
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (part: string) => {
      out += part;
      if (/^ready$/m.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${fixture} exited (${code}) before it was ready`)));
  });
  // Together, so a fixture that dies early fails the one wait instead of leaving the other rejection unhandled.
  const [wsUrl] = await Promise.all([inspectorUrlOf(child, fixture), ready]);
  const inspected: InspectedProcess = {
    child,
    wsUrl,
    port: Number(new URL(wsUrl).port),
    exited,
    kill: async () => {
      running.delete(inspected);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  running.add(inspected);
  return inspected;
}

/** For `after`: ends every fixture process still running. */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.kill()));
}

export function makeTempDir(): { dir: string; list(): string[]; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'retainer-lens-capture-'));
  return { dir, list: () => readdirSync(dir).sort(), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The parts of a .heapsnapshot the capture tests check. */
export interface ParsedSnapshot {
  snapshot: { meta: { node_fields: string[] }; node_count: number };
  nodes: number[];
  strings: string[];
}

/** A loopback port nothing listens on: bind one, then free it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
