// `retainer-lens capture` end to end: the real CLI entry in a child process against a real inspector.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  freePort,
  killAll,
  makeTempDir,
  startInspected,
  type InspectedProcess,
  type ParsedSnapshot,
} from './inspectedProcess';

after(killAll);

const root = join(__dirname, '..', '..');
// tsx by absolute URL: the CLI runs with the temp folder as its cwd, where `--import tsx` would not resolve.
const cliArgs = [
  '--import',
  pathToFileURL(require.resolve('tsx')).href,
  join(root, 'src', 'cli', 'main.ts'),
  'capture',
];

function cli(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [...cliArgs, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function assertOneCleanLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${stderr}`);
  assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace');
  assert.match(lines[0], /^retainer-lens capture: /);
  return lines[0];
}

describe('retainer-lens capture', () => {
  let target: InspectedProcess;
  before(async () => {
    target = await startInspected('smallProgram.js');
  });
  after(async () => {
    await target?.kill();
  });

  it('writes a snapshot from host:port, reports phases on stderr, and prints the file on stdout', () => {
    const temp = makeTempDir();
    try {
      const result = cli([`127.0.0.1:${target.port}`, '-o', 'out.heapsnapshot', '--gc'], temp.dir);
      assert.equal(result.code, 0, result.stderr);
      const file = join(temp.dir, 'out.heapsnapshot');
      assert.match(
        result.stdout,
        new RegExp(
          `^wrote ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+(\\.\\d+)? (B|kB|MB) in \\d+\\.\\d s\\)\\n$`,
        ),
      );
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines[0], 'collecting garbage…');
      assert.equal(lines[1], 'V8 is preparing the snapshot…');
      assert.ok(
        lines.some((l) => /^building snapshot: \d+%$/.test(l)),
        result.stderr,
      );
      assert.ok(
        lines.some((l) => /^writing: /.test(l)),
        result.stderr,
      );
      assert.ok(lines.length < 30, 'sparse progress when stderr is not a terminal');
      assert.deepEqual(temp.list(), ['out.heapsnapshot']);
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as ParsedSnapshot;
      assert.ok(parsed.snapshot.node_count > 0);
      assert.ok(parsed.strings.includes('CaptureFixtureMarker'));
    } finally {
      temp.remove();
    }
  });

  it('takes a ws:// URL directly and is silent on stderr with --quiet', () => {
    const temp = makeTempDir();
    try {
      const result = cli([target.wsUrl, '--output', join(temp.dir, 'q.heapsnapshot'), '--quiet']);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
      assert.deepEqual(temp.list(), ['q.heapsnapshot']);
    } finally {
      temp.remove();
    }
  });

  it('fails with exit 1 and one line when nothing listens at the address', async () => {
    const temp = makeTempDir();
    try {
      const port = await freePort();
      const result = cli([`127.0.0.1:${port}`, '-o', 'x.heapsnapshot'], temp.dir);
      assert.equal(result.code, 1);
      assert.match(
        assertOneCleanLine(result.stderr),
        new RegExp(`no inspector answered at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`),
      );
      assert.deepEqual(temp.list(), []);
    } finally {
      temp.remove();
    }
  });

  it('refuses a remote host with exit 2 unless --allow-remote', () => {
    const result = cli(['10.20.30.40:9229', '-o', 'x.heapsnapshot']);
    assert.equal(result.code, 2);
    assert.match(assertOneCleanLine(result.stderr), /refusing to connect to 10\.20\.30\.40: .*--allow-remote/);
  });

  it('fails with exit 1 and one line when the output folder does not exist', () => {
    const temp = makeTempDir();
    try {
      const result = cli([`127.0.0.1:${target.port}`, '-o', join(temp.dir, 'missing', 'x.heapsnapshot'), '--quiet']);
      assert.equal(result.code, 1);
      assert.match(assertOneCleanLine(result.stderr), /cannot create the snapshot file: ENOENT/);
      assert.deepEqual(temp.list(), []);
    } finally {
      temp.remove();
    }
  });

  it('reports usage errors with exit 2: no -o, no address, unknown target', () => {
    const noOutput = cli([`127.0.0.1:${target.port}`]);
    assert.equal(noOutput.code, 2);
    assert.match(assertOneCleanLine(noOutput.stderr), /missing -o <file>/);
    const noAddress = cli(['-o', 'x.heapsnapshot']);
    assert.equal(noAddress.code, 2);
    assert.match(assertOneCleanLine(noAddress.stderr), /expected one inspector address/);
    const badTarget = cli([`127.0.0.1:${target.port}`, '-o', 'x.heapsnapshot', '--target', '7']);
    assert.equal(badTarget.code, 2);
    assert.match(assertOneCleanLine(badTarget.stderr), /no target '7' on this inspector; it has: \[0\]/);
  });
});

describe('retainer-lens capture interrupted', () => {
  it('on Ctrl-C (SIGINT) mid-capture exits 130 and leaves no file', async () => {
    const target = await startInspected('largeHeapProgram.js', { FIXTURE_NODES: '400000' });
    const temp = makeTempDir();
    try {
      const child = spawn(process.execPath, [...cliArgs, `127.0.0.1:${target.port}`, '-o', 'big.heapsnapshot'], {
        cwd: temp.dir,
      });
      let stderr = '';
      let filesAtInterrupt: string[] = [];
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (part: string) => {
        stderr += part;
        if (/building snapshot/.test(stderr) && filesAtInterrupt.length === 0) {
          filesAtInterrupt = temp.list();
          child.kill('SIGINT');
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      assert.equal(code, 130, stderr);
      assert.match(stderr, /retainer-lens capture: interrupted; no file written\n$/);
      assert.equal(filesAtInterrupt.length, 1, 'a partial file existed when interrupted');
      assert.deepEqual(temp.list(), []);
    } finally {
      await target.kill();
      temp.remove();
    }
  });
});
