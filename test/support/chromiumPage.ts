// A real Chromium (Debian's /usr/bin/chromium, headless) with a page from a loopback server, driven over the
// Chrome DevTools Protocol with the project's own capture client: evaluate code in the page, and capture
// its heap snapshot exactly as `retainer-lens capture 127.0.0.1:<port>` would.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { captureFromAddress, CdpConnection, listTargets } from '../../src/capture';
import { tempDirForProcess } from './tempDir';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags a closed, headless test machine needs (no background networking, no sandbox as root). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumPage {
  /** `127.0.0.1:<port>` of the browser's DevTools endpoint. */
  address: string;
  /** The page's target id (for `captureFromAddress(..., { target })`). */
  targetId: string;
  evaluate(expression: string): Promise<unknown>;
  capture(file: string, options?: { numericValues?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** Serves `dir` on loopback. */
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/+/, '') || 'index.html';
    try {
      const body = readFileSync(join(dir, name.replace(/\.\.+/g, '')));
      const type = extname(name) === '.js' ? 'text/javascript' : 'text/html';
      res.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Starts Chromium on `dir/page` and waits for the page's `load`. */
export async function openChromiumPage(dir: string, page: string): Promise<ChromiumPage> {
  const server = await serve(dir);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${page}`;
  const profile = tempDirForProcess('retainer-lens-chromium-');
  const child: ChildProcess = spawn(
    CHROMIUM,
    [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = once(child, 'exit');
  let connection: CdpConnection | undefined;
  const close = async (): Promise<void> => {
    await connection?.close().catch(() => undefined);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    await new Promise((resolve) => server.close(resolve));
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`chromium did not open DevTools: ${text}`)), 30_000);
      child.stderr!.setEncoding('utf8').on('data', (part: string) => {
        text += part;
        const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(text);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`chromium exited (${code}): ${text}`)));
    });
    const address = `127.0.0.1:${port}`;
    const target = (await listTargets('127.0.0.1', port, {})).find((t) => t.type === 'page');
    if (!target) throw new Error('chromium has no page target');
    connection = await CdpConnection.connect(target.webSocketDebuggerUrl, {});
    const conn = connection;
    await conn.send('Page.enable', {});
    const loaded = new Promise<void>((resolve) => {
      const off = conn.on('Page.loadEventFired', () => {
        off();
        resolve();
      });
    });
    await conn.send('Page.navigate', { url });
    await loaded;
    const evaluate = async (expression: string): Promise<unknown> => {
      const reply = (await conn.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
        result: { value?: unknown };
        exceptionDetails?: { text: string; exception?: { description?: string } };
      };
      if (reply.exceptionDetails)
        throw new Error(reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text);
      return reply.result.value;
    };
    return {
      address,
      targetId: target.id,
      evaluate,
      capture: async (file, options = {}) => {
        await captureFromAddress(address, {
          target: target.id,
          output: file,
          collectGarbage: true,
          numericValues: options.numericValues,
        });
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
