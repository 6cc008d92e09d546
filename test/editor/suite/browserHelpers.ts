// Support for the browser-target editor tests: the leaky test page served on loopback, and a real js-debug
// `pwa-chrome` launch of Debian's Chromium with the flags a closed, headless machine needs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import * as vscode from 'vscode';
import { browser, waitFor, type NotificationView } from './bridge';
import { stopSession, workspaceRoot } from './captureHelpers';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  root: vscode.DebugSession;
  /** The page's target session (`__pendingTargetId`). */
  target: vscode.DebugSession;
  url: string;
  /** Runs code in the page through the debug session (DAP evaluate, as the Debug Console does). */
  evaluate(expression: string): Promise<string>;
  stop(): Promise<void>;
}

let server: Server | undefined;

/** The end of a log file (js-debug's), or a note that there is none. */
export function tail(file: string, lines = 40): string {
  if (!existsSync(file)) return `(no ${file})`;
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}
const profiles: string[] = [];

async function servePages(): Promise<string> {
  if (!server) {
    const dir = join(workspaceRoot(), 'browser');
    server = createServer((req, res) => {
      const name = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/+/, '').replace(/\.\.+/g, '');
      try {
        const body = readFileSync(join(dir, name || 'leaky.html'));
        res.writeHead(200, { 'content-type': extname(name) === '.js' ? 'text/javascript' : 'text/html' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  }
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Launches Chromium on the leaky page under js-debug and waits for the page's target session. */
export async function startBrowserSession(name: string): Promise<BrowserSession> {
  const url = `${await servePages()}/leaky.html`;
  const profile = mkdtempSync(join(tmpdir(), 'retainer-lens-chrome-profile-'));
  const traceFile = join(profile, '..', `${profile.split('/').pop()}-js-debug.log`);
  profiles.push(profile);
  const started: vscode.DebugSession[] = [];
  const listener = vscode.debug.onDidStartDebugSession((s) => started.push(s));
  try {
    const ok = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
      type: 'pwa-chrome',
      request: 'launch',
      name,
      url,
      runtimeExecutable: CHROMIUM,
      runtimeArgs: CHROMIUM_ARGS,
      userDataDir: profile,
      webRoot: join(workspaceRoot(), 'browser'),
      // In a remote window (code-server) js-debug would ask the UI side's companion extension to start the
      // browser ("We can't launch a browser in debug mode from here"); the browser runs next to the workspace.
      browserLaunchLocation: 'workspace',
      // js-debug's own log, for when Chromium does not come up.
      trace: { logFile: traceFile },
    });
    if (!ok) {
      const seen = (await browser<NotificationView[]>('notifications')).map((n) => n.message);
      throw new Error(
        `could not start the debug session ${name}: ${JSON.stringify(seen)}; js-debug log: ${tail(traceFile)}`,
      );
    }
    const root = await waitFor(() => started.find((s) => s.name === name && !s.parentSession), `the ${name} session`);
    const target = await waitFor(
      () => started.find((s) => s.configuration.__pendingTargetId && s.type === 'pwa-chrome' && s !== root),
      `the page session of ${name}`,
      60_000,
    );
    const evaluate = async (expression: string): Promise<string> => {
      const reply = (await target.customRequest('evaluate', { expression, context: 'repl' })) as { result: string };
      return reply.result;
    };
    // The page has loaded when its script has defined leak().
    await waitFor(
      async () => ((await evaluate('typeof leak').catch(() => '')).includes('function') ? true : undefined),
      'the page script',
      60_000,
    );
    return { root, target, url, evaluate, stop: () => stopSession(root) };
  } finally {
    listener.dispose();
  }
}

export async function stopBrowsers(): Promise<void> {
  // close() waits for every connection to end: a browser's keep-alive connections would hold it forever.
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  for (const p of profiles.splice(0)) rmSync(p, { recursive: true, force: true });
}
