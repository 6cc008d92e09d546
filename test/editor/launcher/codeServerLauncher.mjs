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
import { mkdirSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import {
  cache,
  freePort,
  isInstalled,
  prepareProfile,
  quietWorkbenchSettings,
  root,
  startCodeServer,
} from '../../../scripts/lib/codeServer.mjs';
import { startBrowserBridge } from './browserBridge.mjs';

const outputDir = process.env.RETAINER_LENS_TEST_OUTPUT ?? join(root, 'test-output/editor');
const timeoutMs = Number(process.env.RETAINER_LENS_EDITOR_TIMEOUT_MS ?? 18 * 60_000);
const log = (...args) => console.log('[launcher]', ...args);

// Workbench chatter that says nothing about our tests.
const noise =
  /^\[(AgentHost|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)\]|^(Creating a socket|Resolv(ing|ed) connection token|Updating additional builtin)|open-vsx\.org|authentication provider 'github'|^\s+at .*workbench\.js/;

function userDataDirParent(options) {
  return options.userDataDir ? join(options.userDataDir, '..') : undefined;
}

function parseArgs(argv) {
  const options = {
    folder: undefined,
    devPaths: [],
    testsPath: undefined,
    userDataDir: undefined,
    extensionsDir: undefined,
  };
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

const toRemote = (path) => `vscode-remote://remote${path}`;

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!isInstalled()) {
    console.error('[launcher] the editor harness is not installed: run `npm run setup:editor` first');
    return 1;
  }
  if (!options.testsPath) {
    console.error('[launcher] --extensionTestsPath is required');
    return 1;
  }
  mkdirSync(outputDir, { recursive: true });
  const profile = resolve(userDataDirParent(options) ?? join(cache, 'profile'));
  const { userDataDir, extensionsDir, env: profileEnv } = prepareProfile(profile, options);
  // Tests click in webviews beside text editors: an editor's hover, shown where the pointer last rested, can
  // lie over the webview and take the click.
  writeFileSync(
    join(userDataDir, 'User/settings.json'),
    JSON.stringify({ ...quietWorkbenchSettings, 'editor.hover.enabled': false }, null, 2),
  );

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
    log(`starting code-server on 127.0.0.1:${port}`);
    const server = await startCodeServer({
      port,
      userDataDir,
      extensionsDir,
      env: { ...profileEnv, RETAINER_LENS_UI_BRIDGE: bridge.url, RETAINER_LENS_TEST_OUTPUT: outputDir },
      // Makes the workbench honour the URL payload's extensionDevelopmentPath / extensionTestsPath.
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
      onOutput: process.env.RETAINER_LENS_VERBOSE ? (chunk) => process.stderr.write(chunk) : undefined,
      startTimeoutMs: Math.min(120_000, deadline - Date.now()),
    });
    cleanups.push(() => server.stop());
    const serverLog = server.output;

    const browserProfile = mkdtempSync(join(tmpdir(), 'retainer-lens-chromium-'));
    cleanups.push(() => rmSync(browserProfile, { recursive: true, force: true }));
    const context = await chromium.launchPersistentContext(browserProfile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    cleanups.push(() => context.close());
    const page = context.pages()[0] ?? (await context.newPage());
    bridge.attach(page);

    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (!process.env.RETAINER_LENS_VERBOSE && text.split('\n').every((line) => noise.test(line) || !line.trim()))
        return;
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
    const url = `${server.url}?${params}`;
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

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('[launcher]', error?.stack ?? error);
    process.exit(1);
  },
);
