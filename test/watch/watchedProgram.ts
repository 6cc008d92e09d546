// Runs the Leak Watch fixture (test/editor/workspace/watch/watchedProgram.js) under `node --inspect` and
// connects to it with the capture client, as js-debug's proxy would be reached from the editor.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { CdpConnection } from '../../src/capture/index';

export const watchedProgramFile = join(__dirname, '../editor/workspace/watch/watchedProgram.js');

export interface WatchedProgram {
  child: ChildProcess;
  connection: CdpConnection;
  /** GET /leak?n= (keeps them) or /work?n= (keeps nothing). */
  request(route: 'leak' | 'work', n: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startWatchedProgram(): Promise<WatchedProgram> {
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', watchedProgramFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let wsUrl: string | undefined;
  let port: number | undefined;
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error('the watched program did not start within 30 s')), 30_000);
    const check = () => {
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
    child.once('exit', (code) => fail(new Error(`the watched program exited early (${code})`)));
  });
  const connection = await CdpConnection.connect(wsUrl!);
  return {
    child,
    connection,
    async request(route, n) {
      const response = await fetch(`http://127.0.0.1:${port}/${route}?n=${n}`);
      await response.text();
    },
    async stop() {
      await connection.close();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
