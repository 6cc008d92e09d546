// What the CLI prints from a snapshot or a peer never reaches the terminal raw: class names, edge names,
// string values, script paths and an inspector's error messages carrying ESC, CSI (7- and 8-bit), OSC 52
// (writes the clipboard), `\r\n` (forges a line), bidi overrides and line separators come out visible, in
// text and in JSON, and JSON still parses to the very strings the snapshot held.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { CaptureError } from '../../src/capture/index';
import { runCli } from '../../src/cli/main';
import { failureMessage } from '../../src/vscode/capture/captureMessages';
import { buildSnapshot, type TestEdge, type TestNode } from '../heap/snapshotBuilder';
import { tempDirForProcess } from '../support/tempDir';

const HOSTILE = [
  '\u001b[2J\u001b[H', // clear the screen
  '\u001b]52;c;cm0gLXJmIH4=\u0007', // OSC 52: write the clipboard
  '\u001b]0;pwned\u001b\\', // set the title, ST-terminated
  '\u009b31m', // 8-bit CSI
  '\u009d0;t\u009c', // 8-bit OSC … ST
  'x\r\nretainer-lens: all clear', // a forged line
  'abc\u202eexe.js', // bidi override
  'a\u2028b', // line separator
];
/** Anything but `\n` that can move the cursor, start a sequence, break a line or reorder text. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: (t) => (out += t + '\n'),
    err: (t) => (err += t + '\n'),
    cwd: process.cwd(),
  });
  return { code, out, err };
}

function assertSafe(text: string, what: string): void {
  const m = UNSAFE.exec(text);
  assert.equal(
    m,
    null,
    `${what}: raw U+${m?.[0].codePointAt(0)?.toString(16)} at …${JSON.stringify(text.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 20))}…`,
  );
}

describe('snapshot strings in every command and format', () => {
  const dir = tempDirForProcess('retainer-lens-cli-output-');
  const files = { baseline: join(dir, 'baseline.heapsnapshot'), target: join(dir, 'target.heapsnapshot') };
  const classes = HOSTILE.map((h) => `Evil${h}`);
  let targetId = 0;

  before(() => {
    const base: TestNode[] = [
      { key: 'root', type: 'synthetic', name: '' },
      { key: 'gc', type: 'synthetic', name: '(GC roots)' },
      { key: 'holder', name: 'Holder', size: 16 },
    ];
    const baseEdges: TestEdge[] = [
      { from: 'root', to: 'gc', type: 'element', name: 1 },
      { from: 'gc', to: 'holder', name: 'holder' },
    ];
    writeFileSync(files.baseline, buildSnapshot(base, baseEdges));
    const nodes = [...base];
    const edges = [...baseEdges];
    HOSTILE.forEach((h, i) => {
      nodes.push({ key: `o${i}`, name: classes[i], size: 1000 + i, id: 101 + 2 * i });
      nodes.push({ key: `s${i}`, type: 'string', name: `value${h}`, size: 40, id: 201 + 2 * i });
      edges.push({ from: 'holder', to: `o${i}`, name: `edge${h}` });
      edges.push({ from: `o${i}`, to: `s${i}`, name: `text${h}` });
    });
    targetId = 101;
    writeFileSync(files.target, buildSnapshot(nodes, edges));
  });

  const runs: [string, () => string[]][] = [
    ['inspect', () => ['inspect', files.target, '--top', '50']],
    ['retainers', () => ['retainers', files.target, '--node-id', String(targetId)]],
    ['retainers (a string value)', () => ['retainers', files.target, '--node-id', '201']],
    ['diff', () => ['diff', files.baseline, files.target]],
    ['leaks', () => ['leaks', files.baseline, files.target, files.target]],
  ];
  for (const [name, args] of runs) {
    for (const format of ['text', 'json']) {
      it(`${name} --format ${format}`, async () => {
        const { code, out, err } = await cli(...args(), '--format', format);
        assert.equal(code, 0, err);
        assertSafe(out, 'stdout');
        assertSafe(err, 'stderr');
        if (format === 'json') {
          const text = JSON.stringify(JSON.parse(out));
          // JSON keeps the snapshot's strings exactly: escaped, not altered.
          assert.ok(
            classes.some((c) => text.includes(JSON.stringify(c).slice(1, -1))),
            'the class names round-trip through JSON',
          );
        } else {
          // Each hostile piece shows as visible escapes on the line it belongs to (no forged line).
          assert.doesNotMatch(out, /^retainer-lens: all clear/m);
        }
      });
    }
  }
});

describe('workspace paths and a peer’s messages', () => {
  it('join: a script whose file name carries escape sequences', { timeout: 120_000 }, async () => {
    const dir = tempDirForProcess('retainer-lens-cli-paths-');
    const ws = join(dir, 'ws');
    mkdirSync(ws);
    const app = join(ws, 'app.js');
    writeFileSync(
      app,
      `const v8 = require('v8');\nconst held = [];\nfunction make(i) {\n  const big = new Array(200000).fill(i);\n  return () => big.length;\n}\nfor (let i = 0; i < 20; i++) held.push(make(i));\nv8.writeHeapSnapshot(process.argv[2]);\n`,
    );
    const evil = join(ws, 'evil\u001b]0;pwned\u0007\r\nretainer-lens: all clear\u009b2J.js');
    copyFileSync(app, evil);
    const snapshot = join(dir, 'evil.heapsnapshot');
    execFileSync(process.execPath, [evil, snapshot], { stdio: 'ignore' });
    for (const format of ['text', 'json']) {
      const { code, out, err } = await cli('join', snapshot, '--source', ws, '--format', format);
      assert.equal(code, 0, err);
      assertSafe(out, `join --format ${format}`);
      assertSafe(err, `join --format ${format} (stderr)`);
      if (format === 'json') {
        const report = JSON.parse(out) as { files: { file: string; mapped: boolean }[] };
        assert.ok(
          report.files.some((f) => f.mapped && f.file === evil),
          'the file is joined (the test is not vacuous)',
        );
      } else assert.match(out, /evil\\e\]0;pwned/);
    }
  });

  describe('capture: an inspector whose error messages carry escape sequences', () => {
    let server: WebSocketServer;
    let port = 0;
    before(async () => {
      server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
      await new Promise((resolve) => server.once('listening', resolve));
      port = (server.address() as { port: number }).port;
      server.on('connection', (socket) => {
        socket.on('message', (data: Buffer) => {
          const { id } = JSON.parse(data.toString('utf8')) as { id: number };
          const message = `no${HOSTILE.join('')}`;
          socket.send(JSON.stringify({ id, error: { code: -32000, message } }));
        });
      });
    });
    after(() => server.close());

    it('prints one clean line', async () => {
      const dir = tempDirForProcess('retainer-lens-cli-capture-');
      const { code, out, err } = await cli(
        'capture',
        `ws://127.0.0.1:${port}/x`,
        '-o',
        join(dir, 'x.heapsnapshot'),
        '--quiet',
      );
      assert.notEqual(code, 0);
      assertSafe(out + err, 'capture');
      assert.equal(err.trim().split('\n').length, 1, err);
      assert.match(err, /^retainer-lens capture: .*no\\e\[2J/);
    });
  });
});

describe("a peer's message in the editor's capture notification", () => {
  it('shows escapes as text and renders no link (a notification would make `[x](command:…)` clickable)', () => {
    const said = `[Reload to fix](command:workbench.action.terminal.sendSequence?%7B%7D) ${HOSTILE.join('')}`;
    for (const reason of ['protocol', 'unreachable', 'write-failed'] as const) {
      const message = failureMessage(new CaptureError(reason, said), 'the debug session');
      assertSafe(message, reason);
      assert.doesNotMatch(message, /\]\(/, reason);
      assert.match(message, /Reload to fix\] \(command:/);
    }
  });
});
