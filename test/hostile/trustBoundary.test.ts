// The trust boundary for every path a heap snapshot names. A snapshot is untrusted input: its script URLs may
// name a device, a FIFO, a file outside the workspace through `..` written with backslashes, a symlink that
// leads out, a UNC share. The join may read only regular files whose real path is inside the workspace, and
// must never block on what it is not allowed to read.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHeapWorker } from '../../src/service/workerClient';
import { accessTimesWork, hostileWorkspace, runCliProcess, type HostileWorkspace } from './hostileWorkspace';

interface JoinJson {
  files: { file: string; mapped: boolean }[];
}

describe('a snapshot naming files outside the workspace: the join reads none of them and never hangs', () => {
  let w: HostileWorkspace;
  before(() => {
    w = hostileWorkspace();
  });

  const cases: [string, (w: HostileWorkspace) => string][] = [
    ['/dev/zero', () => '/dev/zero'],
    ['/dev/stdin', () => '/dev/stdin'],
    ['a FIFO outside the workspace', (w) => w.fifoOutside],
    ['a FIFO inside the workspace', (w) => w.fifoInside],
    ['a `..` traversal written with backslashes', () => 'app\\..\\..\\outside\\secret.js'],
    ['a symlink inside the workspace that leads out', (w) => w.linkOut],
    ['an absolute path outside', (w) => `${w.outside}${sep}secret.js`],
    ['a file URL outside', (w) => pathToFileURL(`${w.outside}${sep}secret.js`).href],
    ['a script whose source map is outside', (w) => w.mappedOut],
  ];

  for (const [name, url] of cases) {
    it(name, { timeout: 90_000 }, async () => {
      const snapshot = w.snapshotNaming(url(w), name.replace(/\W+/g, '-'));
      const run = await runCliProcess(['join', snapshot, '--source', w.ws, '--cwd', w.ws, '--format', 'json']);
      assert.ok(!run.hung, `hung: killed after 60 s (stderr: ${run.err.slice(0, 500)})`);
      assert.equal(run.code, 0, `exit ${run.code} ${run.signal ?? ''}: ${run.err.slice(0, 500)}`);
      const report = JSON.parse(run.out) as JoinJson;
      const root = realpathSync(w.ws) + sep;
      for (const f of report.files.filter((f) => f.mapped)) {
        assert.ok(f.file.startsWith(w.ws + sep), `mapped outside the workspace: ${f.file}`);
        assert.ok(realpathSync(f.file).startsWith(root), `mapped through a link out of the workspace: ${f.file}`);
      }
      if (accessTimesWork(w.dir)) assert.deepEqual(w.readSentinels(), [], 'files outside the workspace were read');
    });
  }

  it('the unchanged snapshot still maps its closures to app.js (the cases above are not vacuous)', async () => {
    const snapshot = w.snapshotNaming(`${w.ws}${sep}app.js`, 'original');
    const run = await runCliProcess(['join', snapshot, '--source', w.ws, '--cwd', w.ws, '--format', 'json']);
    assert.equal(run.code, 0, run.err);
    const report = JSON.parse(run.out) as JoinJson;
    assert.ok(report.files.some((f) => f.mapped && f.file === `${w.ws}${sep}app.js`));
  });
});

describe("the explorer's worker process: a join over a snapshot naming a FIFO or /dev/zero ends, and queries answer", () => {
  it('joins, then answers the Summary', { timeout: 120_000 }, async () => {
    const w = hostileWorkspace();
    const worker = createHeapWorker(undefined, { process: true });
    try {
      for (const [name, url] of [
        ['fifo', w.fifoOutside],
        ['zero', '/dev/zero'],
        ['fifo-inside', w.fifoInside],
      ]) {
        const path = w.snapshotNaming(url, `worker-${name}`);
        await worker.request('open', { path, snapshot: name });
        const join = worker.request('join', { snapshot: name, workspaceRoots: [w.ws], cwd: w.ws });
        const summary = await worker.request('summary', { snapshot: name, filter: 'Array' });
        assert.ok(summary.items.length > 0);
        const report = await join;
        assert.deepEqual(
          report.files.filter((f) => f.mapped),
          [],
          `${name}: nothing may map (the URL names no workspace file)`,
        );
      }
      if (accessTimesWork(w.dir)) assert.deepEqual(w.readSentinels(), []);
    } finally {
      await worker.terminate();
    }
  });
});
