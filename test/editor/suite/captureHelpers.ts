// Support for the capture editor tests: real debug sessions of the workspace fixture, real `node --inspect`
// processes, and checks on the files the capture writes. Everything started here is stopped by stopAll().
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { loadSnapshotFile } from '../../../src/heap/loader';
import { waitFor } from './bridge';

export const workspaceRoot = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
export const fixtureProgram = () => join(workspaceRoot(), 'capture', 'leakyProgram.js');
export const snapshotsDir = () => join(workspaceRoot(), '.heapsnapshots');

export interface FixtureSession {
  /** js-debug's launcher session. */
  root: vscode.DebugSession;
  /** The target session (`__pendingTargetId`): the one to capture. */
  target: vscode.DebugSession;
  /** The fixture's loopback HTTP port. */
  port: number;
  stop(): Promise<void>;
}

const temps: string[] = [];
const children = new Set<ChildProcess>();
const sessions = new Set<vscode.DebugSession>();

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'retainer-lens-capture-editor-'));
  temps.push(dir);
  return dir;
}

/** Starts a real pwa-node debug session of the fixture (or `program`) and waits for its target session and HTTP port. */
export async function startFixtureSession(
  name: string,
  env: Record<string, string> = {},
  program = fixtureProgram(),
): Promise<FixtureSession> {
  const portFile = join(tempDir(), 'port');
  const started: vscode.DebugSession[] = [];
  const listener = vscode.debug.onDidStartDebugSession((s) => started.push(s));
  try {
    const ok = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
      type: 'pwa-node',
      request: 'launch',
      name,
      program,
      env: { ...env, RETAINER_LENS_PORT_FILE: portFile },
      console: 'internalConsole',
    });
    if (!ok) throw new Error(`could not start the debug session ${name}`);
    const root = await waitFor(() => started.find((s) => s.name === name && !s.parentSession), `the ${name} session`);
    const target = await waitFor(
      () => started.find((s) => s.parentSession?.id === root.id && s.configuration.__pendingTargetId),
      `the target session of ${name}`,
      30_000,
    );
    const port = Number(
      await waitFor(() => (existsSync(portFile) ? readFileSync(portFile, 'utf8') : ''), `the port of ${name}`, 60_000),
    );
    sessions.add(root);
    const stop = () => stopSession(root);
    return { root, target, port, stop };
  } finally {
    listener.dispose();
  }
}

export async function stopSession(session: vscode.DebugSession): Promise<void> {
  const ended = new Promise<void>((resolve) => {
    const d = vscode.debug.onDidTerminateDebugSession((s) => {
      if (s.id === session.id) {
        d.dispose();
        resolve();
      }
    });
  });
  await vscode.debug.stopDebugging(session);
  await Promise.race([ended, new Promise((r) => setTimeout(r, 10_000))]);
  sessions.delete(session);
}

/** Starts `node --inspect=127.0.0.1:0 leakyProgram.js` outside the debugger; resolves with its inspector port. */
export async function startInspected(): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', fixtureProgram()], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NODE_OPTIONS: '' },
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let text = '';
  child.stderr!.setEncoding('utf8').on('data', (part: string) => {
    text += part;
  });
  const url = await waitFor(() => /Debugger listening on (ws:\/\/\S+)/.exec(text)?.[1], 'the inspector line', 15_000);
  return { port: Number(new URL(url).port), child };
}

/** Ends every debug session and process the capture tests started, and removes their temp folders. */
export async function stopAll(): Promise<void> {
  // One at a time, each to its end: a new session started while js-debug tears down an old one can hang.
  for (const session of [...sessions]) await stopSession(session);
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function listFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** Waits for the capture's `.partial` file in `dir` to exist and (optionally) to hold at least `bytes`. */
export async function waitForPartial(dir: string, bytes = 0, timeoutMs = 60_000): Promise<string> {
  return waitFor(
    () => {
      const partial = listFiles(dir).find((f) => f.endsWith('.partial'));
      return partial && statSync(join(dir, partial)).size >= bytes ? partial : undefined;
    },
    `a .partial file in ${dir}`,
    timeoutMs,
  );
}

/** Loads a snapshot with the heap engine and counts the nodes of one class. */
export async function countClass(file: string, className: string): Promise<{ nodes: number; count: number }> {
  const snapshot = await loadSnapshotFile(file);
  let count = 0;
  for (let n = 0; n < snapshot.nodeCount; n++) if (snapshot.className(n) === className) count++;
  return { nodes: snapshot.nodeCount, count };
}

export async function leak(port: number, n: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/leak?n=${n}`);
  if (!response.ok) throw new Error(`the fixture answered ${response.status}`);
  await response.text();
}
