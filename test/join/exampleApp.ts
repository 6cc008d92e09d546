// Runs examples/leaky-server under `node --inspect=127.0.0.1:0`, drives its routes over HTTP, and captures
// heap snapshots through the capture client on one CDP connection (so node ids stay comparable).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyze } from '../../src/analyzer/index';
import { collectFiles } from '../../src/analyzer/scanFiles';
import { captureHeapSnapshot, CdpConnection, resolveEndpoint } from '../../src/capture/index';
import type { FileFindings } from '../../src/join/index';

export const exampleDir = resolve(__dirname, '../../examples/leaky-server');

export interface ExampleRun {
  child: ChildProcess;
  port: number;
  dir: string;
  request(path: string): Promise<void>;
  snapshot(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startExample(): Promise<ExampleRun> {
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', 'src/server.js'], {
    cwd: exampleDir,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let wsUrl: string | undefined;
  let port: number | undefined;
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error('the example did not start within 20 s')), 20_000);
    const check = (): void => {
      if (wsUrl && port) {
        clearTimeout(timer);
        done();
      }
    };
    child.stderr!.setEncoding('utf8').on('data', (t: string) => {
      wsUrl ??= /Debugger listening on (ws:\/\/\S+)/.exec(t)?.[1];
      check();
    });
    child.stdout!.setEncoding('utf8').on('data', (t: string) => {
      port ??= Number(/listening on (\d+)/.exec(t)?.[1]) || undefined;
      check();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the example exited early (${code})`));
    });
  });
  const endpoint = await resolveEndpoint(wsUrl!);
  const connection = await CdpConnection.connect(endpoint.url);
  const dir = mkdtempSync(join(tmpdir(), 'retainer-lens-join-'));
  return {
    child,
    port: port!,
    dir,
    async request(path) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      await response.arrayBuffer();
    },
    async snapshot(name) {
      const file = join(dir, `${name}.heapsnapshot`);
      await captureHeapSnapshot(connection, { output: file, collectGarbage: true });
      return file;
    },
    async stop() {
      await connection.close().catch(() => undefined);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The analyzer's findings for every file of the example, with their text. */
export function exampleFindings(): FileFindings[] {
  return collectFiles([exampleDir]).map((file) => {
    const text = readFileSync(file, 'utf8');
    return { file, text, findings: analyze(text, file).findings };
  });
}
