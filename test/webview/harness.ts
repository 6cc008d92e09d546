// The explorer in real Chromium with the real engine: the webview bundle is served (with the host's exact
// HTML and CSP) from a loopback server; a stand-in `acquireVsCodeApi` posts through a Playwright binding to
// an ExplorerSession in this process, which drives the real heap worker (bundled like dist/heapWorker.js).
// Replies come back as `message` events, as VS Code delivers them. Bindings need no network, so the page's
// CSP stays byte-for-byte the host's (connect-src 'none').
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { BroadcastChannel } from 'node:worker_threads';
import { extname, join, normalize } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createHeapWorker } from '../../src/service/workerClient';
import { ExplorerSession, type SessionHooks } from '../../src/explorer/explorerSession';
import { explorerHtml, makeNonce } from '../../src/vscode/explorer/webviewHtml';
import { THEMES, type ThemeKind } from './themes';
import { after, before } from 'node:test';

export const ROOT = join(__dirname, '..', '..');
export const OUTPUT = join(ROOT, 'test-output', 'webview');
const BUNDLE = join(OUTPUT, 'bundle');

let bundled: Promise<void> | undefined;

/** Bundles the webview app and the heap worker as scripts/build.mjs does, into test-output (not dist/). */
export function buildBundles(): Promise<void> {
  bundled ??= (async () => {
    mkdirSync(BUNDLE, { recursive: true });
    await Promise.all([
      esbuild.build({
        entryPoints: [join(ROOT, 'src/webview/main.ts')],
        outfile: join(BUNDLE, 'webview.js'),
        bundle: true,
        platform: 'browser',
        format: 'iife',
        target: 'chrome120',
        logLevel: 'warning',
      }),
      esbuild.build({
        entryPoints: [join(ROOT, 'src/service/worker.ts')],
        outfile: join(BUNDLE, 'heapWorker.js'),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        logLevel: 'warning',
      }),
      esbuild.build({
        entryPoints: [join(ROOT, 'src/service/worker.ts')],
        outfile: join(BUNDLE, 'heapWorkerHeld.js'),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        logLevel: 'warning',
        banner: { js: HOLD_BANNER },
        plugins: [holdAnalysisPlugin],
      }),
    ]);
  })();
  return bundled;
}

/**
 * The same worker, with the end of each snapshot's analysis (retained sizes in, before `complete`) held until
 * the test broadcasts on HOLD_CHANNEL: the Summary answers partial pages for as long as the test needs, as on a
 * snapshot of hundreds of MB, without depending on how fast this machine is.
 */
const HOLD_CHANNEL = 'retainer-lens-test-analysis';
const HOLD_MARK = "await stage('retained sizes');";
const HOLD_BANNER = `{
  const channel = new (require('node:worker_threads').BroadcastChannel)(${JSON.stringify(HOLD_CHANNEL)});
  const held = [];
  let released = false;
  channel.onmessage = () => { released = true; held.splice(0).forEach((go) => go()); };
  channel.unref();
  globalThis.__rlHoldAnalysis = () => (released ? undefined : new Promise((go) => held.push(go)));
}`;
const holdAnalysisPlugin: esbuild.Plugin = {
  name: 'hold-analysis',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]heap[\\/]snapshot\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(HOLD_MARK)) throw new Error(`${HOLD_MARK} is not in ${args.path}: update the test harness`);
      return {
        contents: source.replace(HOLD_MARK, `${HOLD_MARK} await (globalThis as any).__rlHoldAnalysis?.();`),
        loader: 'ts',
      };
    });
  },
};

/** Lets every held analysis (OpenOptions.holdAnalysis) finish. */
export function releaseAnalysis(): void {
  const channel = new BroadcastChannel(HOLD_CHANNEL);
  channel.postMessage('go');
  channel.close();
}

export interface Snapshots {
  dir: string;
  baseline: string;
  target: string;
  final: string;
  hostile: string;
  many: string;
  join: string;
  chain: string;
  /** Baseline, target and final snapshots of the example app's handlers (exampleLeaks.js). */
  leaks: { baseline: string; target: string; final: string };
}

/** Runs the fixture programs (real Node processes calling v8.writeHeapSnapshot) into a temp folder. */
export function writeSnapshots(which: ('leaky' | 'hostile' | 'many' | 'join' | 'chain' | 'leaks')[]): Snapshots {
  const dir = mkdtempSync(join(tmpdir(), 'retainer-lens-webview-'));
  const run = (file: string): void => {
    execFileSync(process.execPath, [join(__dirname, 'fixtures', file), dir], {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 60_000,
    });
  };
  if (which.includes('leaky')) run('leakyApp.js');
  if (which.includes('hostile')) run('hostileStrings.js');
  if (which.includes('many')) run('manyRows.js');
  if (which.includes('join')) run('exampleJoin.js');
  if (which.includes('chain')) run('chainList.js');

  if (which.includes('leaks')) run('exampleLeaks.js');
  const at = (name: string): string => join(dir, name);
  return {
    dir,
    baseline: at('baseline.heapsnapshot'),
    target: at('target.heapsnapshot'),
    final: at('final.heapsnapshot'),
    hostile: at('hostile.heapsnapshot'),
    many: at('many.heapsnapshot'),
    join: at('join.heapsnapshot'),
    chain: at('chain.heapsnapshot'),

    leaks: {
      baseline: at('leaks-baseline.heapsnapshot'),
      target: at('leaks-target.heapsnapshot'),
      final: at('leaks-final.heapsnapshot'),
    },
  };
}

export function removeSnapshots(s: Snapshots | undefined): void {
  if (s) rmSync(s.dir, { recursive: true, force: true });
}

const SERVED: Record<string, string> = {
  '/dist/webview.js': join(BUNDLE, 'webview.js'),
  '/media/explorer.css': join(ROOT, 'media/explorer.css'),
  '/dist/codicon.css': join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.css'),
  '/dist/codicon.ttf': join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.ttf'),
};
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.html': 'text/html',
};

export interface Served {
  server: Server;
  origin: string;
  nonce: string;
  csp?: string;
}

/** Serves the page exactly as the host writes it, and only the files localResourceRoots would allow. */
export async function startServer(): Promise<Served> {
  const served: Served = { server: createServer(), origin: '', nonce: makeNonce() };
  served.server.on('request', (req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/') {
      const o = served.origin;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        explorerHtml({
          cspSource: o,
          nonce: served.nonce,
          scriptUri: `${o}/dist/webview.js`,
          styleUri: `${o}/media/explorer.css`,
          codiconsUri: `${o}/dist/codicon.css`,
          title: 'Retainer Explorer',
        }),
      );
      return;
    }
    const file = SERVED[path];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => served.server.listen(0, '127.0.0.1', resolve));
  served.origin = `http://127.0.0.1:${(served.server.address() as AddressInfo).port}`;
  return served;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Problems {
  pageErrors: string[];
  dialogs: string[];
  consoleErrors: string[];
  requests: string[];
}

export interface Explorer {
  page: Page;
  session: ExplorerSession;
  problems: Problems;
  /** Every message the page posted to its host, in order (service requests and host messages). */
  sent: unknown[];
  /** The state the webview last gave setState (kept by VS Code across hide/show). */
  state(): unknown;
  /** Closes the page and opens a new one with the kept state: what hiding and showing a tab does. */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  theme?: ThemeKind;
  hooks?: Partial<SessionHooks>;
  width?: number;
  height?: number;
  /**
   * Holds a message from the page before the host sees it (the returned promise), as a loaded worker or a slow
   * query on a big snapshot would: tests of what the page shows while it waits, and of answers arriving late.
   */
  beforeReceive?(message: unknown): Promise<void> | void;
  /** The snapshot's analysis stops before its retained sizes are in, until releaseAnalysis(). */
  holdAnalysis?: boolean;
}

/** Opens `snapshot` in a fresh explorer page backed by a fresh worker. */
export async function openExplorer(
  browser: Browser,
  served: Served,
  snapshot: string,
  options: OpenOptions = {},
): Promise<Explorer> {
  const client = createHeapWorker(join(BUNDLE, options.holdAnalysis ? 'heapWorkerHeld.js' : 'heapWorker.js'));
  let page: Page | undefined;
  let kept: unknown;
  const problems: Problems = { pageErrors: [], dialogs: [], consoleErrors: [], requests: [] };
  const sent: unknown[] = [];
  const session = new ExplorerSession(client, {
    ...options.hooks,
    post: (message) => {
      page
        ?.evaluate((m) => window.dispatchEvent(new MessageEvent('message', { data: m })), message)
        .catch(() => undefined);
    },
  });
  const theme = THEMES[options.theme ?? 'light'];
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1100, height: options.height ?? 720 },
  });

  const newPage = async (): Promise<void> => {
    const p = await context.newPage();
    p.on('pageerror', (e) => problems.pageErrors.push(e.message));
    p.on('dialog', (d) => {
      problems.dialogs.push(d.message());
      void d.dismiss();
    });
    p.on('console', (m) => {
      if (m.type() === 'error') problems.consoleErrors.push(m.text());
    });
    p.on('request', (r) => {
      if (!r.url().startsWith(served.origin)) problems.requests.push(r.url());
    });
    await p.exposeBinding('__rlPost', (_source, message: unknown) => {
      sent.push(message);
      const held = options.beforeReceive?.(message);
      if (held) void held.then(() => session.receive(message));
      else session.receive(message);
    });
    await p.exposeBinding('__rlSetState', (_source, state: unknown) => {
      kept = state;
    });
    // A string, not a function: tsx would wrap functions with helpers that do not exist in the page.
    await p.addInitScript(stubScript(kept, theme.variables, theme.bodyClass));
    page = p;
    await p.goto(served.origin + '/');
  };

  await newPage();
  void session.open('main', snapshot, snapshot.replace(/^.*\//, ''));
  return {
    get page() {
      return page!;
    },
    session,
    problems,
    sent,
    state: () => kept,
    reopen: async () => {
      const old = page!;
      page = undefined;
      await old.close();
      await newPage();
    },
    close: async () => {
      await context.close();
      await session.dispose();
    },
  };
}

/** VS Code's side of the webview: `acquireVsCodeApi` over the bindings, and the theme on <html>/<body>. */
export function stubScript(state: unknown, variables: Record<string, string>, bodyClass: string): string {
  return `(() => {
    let current = ${JSON.stringify(state ?? null)};
    window.acquireVsCodeApi = function () {
      return {
        postMessage: function (m) { window.__rlPost(m); },
        getState: function () { return current; },
        setState: function (s) { current = s; window.__rlSetState(s); },
      };
    };
    const variables = ${JSON.stringify(variables)};
    const apply = function () { for (const k in variables) document.documentElement.style.setProperty(k, variables[k]); };
    if (document.documentElement) apply();
    else new MutationObserver(function (_, o) { if (document.documentElement) { apply(); o.disconnect(); } }).observe(document, { childList: true });
    document.addEventListener('DOMContentLoaded', function () { document.body.classList.add(${JSON.stringify(bodyClass)}); });
  })();`;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT, { recursive: true });
  const path = join(OUTPUT, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export interface ExplorerFixture {
  /** The snapshots written by real Node processes for this test file. */
  readonly snapshots: Snapshots;
  /** Opens an explorer page on `file`; every page is closed when the file's tests end. */
  open(file: string, options?: OpenOptions): Promise<Explorer>;
}

/**
 * One test file's fixture: before its tests, writes the snapshots, starts Chromium and the page server and
 * builds the bundles; after them, closes every explorer, the browser and the server and removes the snapshots.
 */
export function explorerFixture(which: Parameters<typeof writeSnapshots>[0]): ExplorerFixture {
  let browser: Browser | undefined;
  let served: Served | undefined;
  let snapshots: Snapshots | undefined;
  const opened: Explorer[] = [];
  before(async () => {
    snapshots = writeSnapshots(which);
    [browser, served] = await Promise.all([launchBrowser(), startServer(), buildBundles()]);
  });
  after(async () => {
    for (const e of opened) await e.close().catch(() => undefined);
    await browser?.close();
    served?.server.close();
    removeSnapshots(snapshots);
  });
  return {
    get snapshots() {
      if (!snapshots) throw new Error('the snapshots are written in before()');
      return snapshots;
    },
    async open(file, options = {}) {
      const e = await openExplorer(browser!, served!, file, options);
      opened.push(e);
      return e;
    },
  };
}
