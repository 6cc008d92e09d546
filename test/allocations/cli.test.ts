// `retainer-lens record` and `retainer-lens allocations` end to end: the real CLI entry in a child process
// against a real inspected program.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { fixtureSnapshots } from '../heap/fixture';
import { tempDirForProcess } from '../support/tempDir';
import { fixturesDir, startProgram, type InspectedProgram } from './recordProgram';

const root = join(__dirname, '..', '..');
const cliArgs = ['--import', pathToFileURL(require.resolve('tsx')).href, join(root, 'src', 'cli', 'main.ts')];
const FIXTURE = join(fixturesDir, 'plantedProgram.js');
const programs: InspectedProgram[] = [];
after(async () => {
  await Promise.all(programs.map((p) => p.kill()));
});

function cli(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [...cliArgs, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `retainer-lens record`, resolving once it says it is recording. */
async function startRecord(args: string[]): Promise<{ child: ChildProcess; done: Promise<CliResult> }> {
  const child = spawn(process.execPath, [...cliArgs, 'record', ...args], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '',
    stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  const recording = new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (/recording (allocations|a sampling heap profile)/.test(stderr)) resolve();
    });
    child.once('exit', () => reject(new Error(`record exited before recording: ${stderr}`)));
  });
  const done = new Promise<CliResult>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  await recording;
  return { child, done };
}

interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

async function program(): Promise<{ program: InspectedProgram; address: string }> {
  const p = await startProgram(FIXTURE);
  programs.push(p);
  return { program: p, address: `127.0.0.1:${new URL(p.wsUrl).port}` };
}

describe('retainer-lens record', () => {
  it('records until Enter, writes the snapshot, and `allocations --format json` lists the planted sites', async () => {
    const dir = tempDirForProcess('retainer-lens-record-');
    const out = join(dir, 'planted.heapsnapshot');
    const { program: target, address } = await program();
    const { child, done } = await startRecord([address, '-o', out]);
    await target.command('plant', 'planted');
    child.stdin!.write('\n');
    const result = await done;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^wrote .*planted\.heapsnapshot \(.+, recorded \d+\.\d s\)\n$/);

    const listed = cli(['allocations', out, '--format', 'json', '--top', '0', '--source', fixturesDir]);
    assert.equal(listed.code, 0, listed.stderr);
    const sites = JSON.parse(listed.stdout) as Record<string, unknown>[];
    // The six planted sites, checked one by one below; anything else (a Node-internal SafeMap made while the
    // recording ran, say) comes and goes with timing.
    assert.ok(
      sites.length >= 6,
      `at least the six planted sites; got ${JSON.stringify(sites.map((s) => [s.function, s.count]))}; record said: ${result.stderr}`,
    );
    for (const site of sites)
      assert.deepEqual(Object.keys(site).sort(), [
        'column',
        'count',
        'file',
        'function',
        'line',
        'retainedSize',
        'selfSize',
      ]);
    const retained = sites.map((s) => s.retainedSize as number);
    assert.deepEqual(
      retained,
      [...retained].sort((a, b) => b - a),
      `largest retained first: ${JSON.stringify(sites.map((s) => [s.function, s.retainedSize]))}`,
    );
    const lines = readFileSync(FIXTURE, 'utf8').split('\n');
    for (const name of ['makeRow', 'makeLabel', 'remember', 'openSession', 'makeHandler', 'makeTree']) {
      const site = sites.find((s) => s.function === name);
      assert.ok(site, name);
      assert.equal(site.file, FIXTURE, 'a workspace path');
      const line = lines.findIndex((l) => l.startsWith(`function ${name}(`));
      assert.deepEqual(
        [site.line, site.column],
        [line + 1, `function ${name}(`.length],
        `${name}: 1-based line, column of its (`,
      );
      assert.equal(site.count, name === 'makeTree' ? 300 : 100);
    }

    const text = cli(['allocations', out, '--top', '3', '--source', fixturesDir]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /allocated in/);
    assert.match(text.stdout, /not the allocating statement/);
  });

  it('stops on SIGINT and still writes the file', async () => {
    const dir = tempDirForProcess('retainer-lens-record-');
    const out = join(dir, 'sigint.heapsnapshot');
    const { program: target, address } = await program();
    const { child, done } = await startRecord([address, '-o', out, '--duration', '600']);
    await target.command('plant', 'planted');
    child.kill('SIGINT');
    const result = await done;
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(out));
  });

  it('stops when --duration ends; --sampling writes a .heapprofile', async () => {
    const dir = tempDirForProcess('retainer-lens-record-');
    const out = join(dir, 'sampled.heapprofile');
    const { address } = await program();
    const { done } = await startRecord([address, '-o', out, '--duration', '1', '--sampling']);
    const result = await done;
    assert.equal(result.code, 0, result.stderr);
    const profile = JSON.parse(readFileSync(out, 'utf8')) as { head: { children: unknown[] } };
    assert.ok(Array.isArray(profile.head.children));
  });

  it('says in one line when the program exits during the recording, and writes nothing', async () => {
    const dir = tempDirForProcess('retainer-lens-record-');
    const out = join(dir, 'gone.heapsnapshot');
    const { program: target, address } = await program();
    const { done } = await startRecord([address, '-o', out]);
    await target.kill();
    const result = await done;
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split('\n');
    assert.match(lines[lines.length - 1], /^retainer-lens record: the target went away during the recording/);
    assert.doesNotMatch(result.stderr, /^\s+at /m);
    assert.equal(existsSync(out), false);
  });
});

describe('retainer-lens allocations', () => {
  it('explains in one line how to record when a snapshot has no allocation stacks', () => {
    const { target } = fixtureSnapshots();
    const result = cli(['allocations', target]);
    assert.equal(result.code, 1);
    assert.match(result.stderr.trim(), /^retainer-lens allocations: .* has no allocation stacks: record one with/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });
});
