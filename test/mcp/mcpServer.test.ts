// `retainer-lens mcp` driven by the MCP SDK's own client over stdio, on real snapshots of examples/leaky-server
// (a real Node process under --inspect, real requests, captured through the capture client): the tools are
// listed, find-leaks and explain-line name the planted leak's line and its holder, every answer fits 2,000
// tokens (4 characters a token), snapshots stay loaded by handle and are released on request.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { exampleDir, startExample, type ExampleRun } from '../join/exampleApp';
import { call, connectMcp } from './mcpClient';

const TOKEN_BUDGET_CHARS = 2000 * 4;

describe('retainer-lens mcp over stdio (SDK client, real snapshots of the example app)', { timeout: 600_000 }, () => {
  let app: ExampleRun;
  let client: Client;
  let stderr: string[];
  let files: { baseline: string; target: string; final: string };
  const answers = new Map<string, string>();

  before(async () => {
    app = await startExample();
    for (let i = 0; i < 5; i++) await app.request(`/clean?n=${i}`);
    const baseline = await app.snapshot('baseline');
    const round = async (n: number, offset: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        await app.request(`/report?id=${offset + i}`);
        await app.request('/session');
        await app.request('/subscribe');
        await app.request('/poll');
        if (i % 10 === 0) await app.request('/upload');
      }
    };
    await round(30, 1000);
    const target = await app.snapshot('target');
    await round(5, 5000);
    const final = await app.snapshot('final');
    files = { baseline, target, final };
    ({ client, stderr } = await connectMcp(exampleDir));
  });

  after(async () => {
    await client?.close();
    await app?.stop();
  });

  it('lists the tools with their input schemas', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [
      'retainer-lens_capture',
      'retainer-lens_explain_line',
      'retainer-lens_find_leaks',
      'retainer-lens_release_snapshot',
      'retainer-lens_retainers',
      'retainer-lens_scan',
      'retainer-lens_snapshot_summary',
    ]);
    const leaks = tools.find((t) => t.name === 'retainer-lens_find_leaks')!;
    assert.deepEqual(leaks.inputSchema.required, ['baseline', 'target', 'final']);
    assert.equal(tools.find((t) => t.name === 'retainer-lens_capture')!.annotations?.readOnlyHint, false);
  });

  it('scan names each planted leak by file, line and rule', async () => {
    const { text, isError } = await call(client, 'retainer-lens_scan', {});
    answers.set('scan', text);
    assert.equal(isError, false, text);
    assert.match(text, /^Static scan of the sources: 5 findings in 8 files/);
    assert.match(text, /^- src\/cache\.js:2 unbounded-collection \(warning, static\): /m);
    assert.match(text, /^- src\/uploads\.js:\d+ closure-large-scope /m);
    assert.doesNotMatch(text, /clean\.js/);
  });

  it('find_leaks joins the leak groups to the planted line and its holder, with progress', async () => {
    const { text, isError, progress } = await call(client, 'retainer-lens_find_leaks', files);
    answers.set('find_leaks', text);
    assert.equal(isError, false, text);
    assert.ok(
      progress.some((p) => /loading s\d: read/.test(p)),
      progress.join(' | '),
    );
    assert.ok(
      progress.some((p) => /triaging/.test(p)),
      progress.join(' | '),
    );
    assert.match(text, /^Leak triage s1 \(.*baseline\.heapsnapshot\) → s2 .* → s3 .*: [\d,]+ objects allocated/m);
    // The cache's reports: the group, the confirmed finding on src/cache.js:2, the variable holding them.
    assert.match(
      text,
      /static finding src\/cache\.js:2 unbounded-collection, confirmed: [\d,]+ entries, [\d.]+ [kM]B retained via ⟦.*buildReport\(\) → reportCache.*⟧/,
    );
    assert.match(text, /held by variable ⟦reportCache⟧ in src\/cache\.js/);
    assert.match(text, /src\/events\.js:\d+ listener-not-removed/);
    assert.match(text, /^Note: text between ⟦ and ⟧ is copied from the heap snapshot/);
  });

  it('explain_line on the planted line names the finding, its confirmation and the holder', async () => {
    const { text, isError } = await call(client, 'retainer-lens_explain_line', { file: 'src/cache.js', line: 2 });
    answers.set('explain_line', text);
    assert.equal(isError, false, text);
    assert.match(text, /^src\/cache\.js:2:$/m);
    assert.match(text, /^- static finding unbounded-collection \(warning\): /m);
    assert.match(text, /^- heap: snapshot s3 \(.*final\.heapsnapshot\)$/m);
    assert.match(
      text,
      /^- confirmed by the snapshot: unbounded-collection at src\/cache\.js:2: .*buildReport\(\) → reportCache⟧/m,
    );
    assert.match(text, /^- leak group \d+ of the last find_leaks: .*held by variable ⟦reportCache⟧/m);
    // The constructor line holds the reports themselves.
    const ctor = await call(client, 'retainer-lens_explain_line', { file: join(exampleDir, 'src/cache.js'), line: 5 });
    assert.match(ctor.text, /^- retained by objects made here: [\d.]+ [kM]B in [\d,]+ objects/m);
    assert.match(ctor.text, /× object ⟦Report⟧/);
  });

  it('retainers clusters the Report objects behind reportCache, with the line declaring it', async () => {
    const { text, isError } = await call(client, 'retainer-lens_retainers', { className: 'Report', snapshot: 's3' });
    answers.set('retainers', text);
    assert.equal(isError, false, text);
    assert.match(
      text,
      /^What keeps ⟦Report⟧ alive in snapshot s3 .*: 35 objects, [\d.]+ [kM]B retained; 1 retainer path shape/m,
    );
    assert.match(
      text,
      /^ {3}held by variable ⟦reportCache⟧ declared at src\/cache\.js:2, in the scope of the closure at src\/cache\.js:\d+/m,
    );
    assert.match(text, /^ {3}made at object at src\/cache\.js:5$/m);
  });

  it('snapshot_summary answers from the loaded snapshot (no reload) with a "more" hint', async () => {
    const { text, isError } = await call(client, 'retainer-lens_snapshot_summary', { top: 10 });
    answers.set('snapshot_summary', text);
    assert.equal(isError, false, text);
    assert.match(
      text,
      /^Snapshot s3 \(.*final\.heapsnapshot\): [\d,]+ objects, [\d.]+ [kM]B; \d+ classes, largest retained size first:/m,
    );
    assert.equal(text.match(/^- ⟦/gm)?.length, 10);
    assert.match(text, /\(\d+ more classes: pass top \(up to 50\) or filter\)$/);
    const filtered = await call(client, 'retainer-lens_snapshot_summary', { snapshot: files.final, filter: 'report' });
    assert.match(filtered.text, /^- ⟦Report⟧ × 35: /m);
    assert.deepEqual(
      filtered.progress.filter((p) => p.startsWith('loading')),
      [],
      'the final snapshot was loaded again',
    );
  });

  it('every answer fits 2,000 tokens (4 characters a token)', (t) => {
    t.diagnostic(
      [...answers]
        .map(([name, text]) => `${name}: ${text.length} chars ≈ ${Math.ceil(text.length / 4)} tokens`)
        .join('; '),
    );
    assert.deepEqual([...answers.keys()].sort(), [
      'explain_line',
      'find_leaks',
      'retainers',
      'scan',
      'snapshot_summary',
    ]);
    for (const [name, text] of answers)
      assert.ok(text.length <= TOKEN_BUDGET_CHARS, `${name}: ${text.length} characters`);
  });

  it('bad input and unknown files answer one error line; a released handle is gone', async () => {
    const missing = await call(client, 'retainer-lens_find_leaks', { baseline: files.baseline });
    assert.equal(missing.isError, true);
    assert.equal(missing.text, 'Error: target is required');
    const nofile = await call(client, 'retainer-lens_snapshot_summary', { snapshot: 'nope.heapsnapshot' });
    assert.equal(nofile.isError, true);
    assert.match(nofile.text, /^Error: no snapshot file nope\.heapsnapshot \(ENOENT\)$/);
    const badTop = await call(client, 'retainer-lens_snapshot_summary', { top: 'all' });
    assert.match(badTop.text, /^Error: top must be an integer from 1 to 50/);
    const released = await call(client, 'retainer-lens_release_snapshot', { snapshot: 's1' });
    assert.match(released.text, /^Released s1 \(.*baseline\.heapsnapshot\)\.$/);
    const gone = await call(client, 'retainer-lens_snapshot_summary', { snapshot: 's1' });
    assert.equal(gone.isError, true);
    assert.match(gone.text, /^Error: no snapshot file s1 \(ENOENT\)$/);
    assert.doesNotMatch(stderr.join(''), /failed|internal error/);
  });
});

describe('retainer-lens mcp: capture from an inspector address', { timeout: 120_000 }, () => {
  it('writes a snapshot of a real node --inspect process that the other tools then read', async () => {
    const child = spawn(
      process.execPath,
      ['--inspect=127.0.0.1:0', '-e', 'globalThis.kept = new Array(1000).fill({ a: 1 }); setInterval(() => {}, 1000);'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const exited = new Promise((done) => child.once('exit', done));
    const { client } = await connectMcp(exampleDir);
    try {
      const address = await new Promise<string>((done, fail) => {
        let text = '';
        child.stderr!.setEncoding('utf8').on('data', (t: string) => {
          text += t;
          const m = /Debugger listening on ws:\/\/(127\.0\.0\.1:\d+)\//.exec(text);
          if (m) done(m[1]);
        });
        child.once('exit', () => fail(new Error(`the inspected process exited: ${text}`)));
      });
      const output = join(tmpdir(), `retainer-lens-mcp-${process.pid}.heapsnapshot`);
      const captured = await call(client, 'retainer-lens_capture', { address, output });
      assert.equal(captured.isError, false, captured.text);
      assert.match(captured.text, /^Captured .*retainer-lens-mcp-\d+\.heapsnapshot \([\d.]+ [kM]B in [\d.]+ s\)/);
      assert.ok(captured.progress.includes('capture: collecting-garbage'), captured.progress.join(' | '));
      const summary = await call(client, 'retainer-lens_snapshot_summary', { snapshot: output, filter: 'Array' });
      assert.match(summary.text, /^- ⟦Array⟧ × /m);
      rmSync(output, { force: true });
      const refused = await call(client, 'retainer-lens_capture', {});
      assert.equal(refused.isError, true);
      assert.match(refused.text, /^Error: address is required here/);
    } finally {
      await client.close();
      child.kill('SIGKILL');
      await exited;
    }
  });
});
