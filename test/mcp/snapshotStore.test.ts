// The agent tools' snapshot store with a real heap worker process, on snapshots a real Node program wrote:
// a snapshot stays loaded across calls under its handle, a second request for the same file does not load it
// again, it is released after the idle time, and explain_line answers without a snapshot when none is loaded.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { dirname } from 'node:path';
import { AgentTools } from '../../src/service/agent/agentTools';
import { SnapshotStore } from '../../src/service/agent/snapshotStore';
import { mcpHost } from '../../src/cli/mcp/mcpHost';
import type { Logger } from '../../src/common/log';
import { fixtureSnapshots } from '../heap/fixture';

const lines: string[] = [];
const log: Logger = {
  info: (m) => lines.push(m),
  warn: (d, e) => lines.push(`warn ${d} ${e}`),
  error: (d, e) => lines.push(`error ${d} ${e}`),
};

const IDLE_MS = 60_000;

describe('agent tools: snapshots by handle, released when idle', { timeout: 120_000 }, () => {
  const files = fixtureSnapshots();
  const source = dirname(files.final);
  const released: string[] = [];
  const store = new SnapshotStore(
    () => source,
    IDLE_MS,
    log,
    (path) => released.push(path),
  );
  const tools = new AgentTools(mcpHost(source, store, log));

  after(() => store.dispose());

  it('explain_line without any snapshot says so and still gives the static part', async () => {
    const missing = await tools.run('retainer-lens_explain_line', { file: 'gone.js', line: 3 });
    assert.match(missing, /^gone\.js:3:\n- static analysis: skipped \(not found \(ENOENT\)\)$/m);
    const program = require.resolve('../heap/fixtures/leakyProgram.js');
    const line = await tools.run('retainer-lens_explain_line', { file: program, line: 21 });
    assert.match(
      line,
      /^- heap: no snapshot \(no snapshot is loaded: pass snapshot \(a \.heapsnapshot file path\)\); capture or pass one/m,
    );
  });

  it('loads once, answers by handle and by path, and releases after the idle time', async () => {
    const progress: string[] = [];
    const first = await tools.run(
      'retainer-lens_snapshot_summary',
      { snapshot: files.final, top: 3 },
      { progress: (m) => progress.push(m) },
    );
    assert.match(first, /^Snapshot s1 \(final\.heapsnapshot\): /m);
    assert.ok(
      progress.some((p) => p.startsWith('loading s1: read')),
      progress.join(' | '),
    );
    const again: string[] = [];
    const byHandle = await tools.run(
      'retainer-lens_snapshot_summary',
      { snapshot: 's1', top: 3 },
      { progress: (m) => again.push(m) },
    );
    assert.equal(byHandle, first);
    assert.deepEqual(
      again.filter((p) => p.startsWith('loading')),
      [],
    );
    assert.ok(store.loadedFile(files.final));
    // Not yet idle long enough, then past it (the sweep is told the time: no test waits on a clock).
    await store.sweep(Date.now() + IDLE_MS / 2);
    assert.ok(store.loadedFile(files.final), 'released before the idle time');
    await store.sweep(Date.now() + IDLE_MS + 1);
    assert.equal(store.loadedFile(files.final), undefined, 'not released after the idle time');
    assert.equal(released.length, 1);
    assert.match(lines.join('\n'), /releasing s1 \(.*final\.heapsnapshot\) after 60 s unused/);
    // Asked again by path, it is loaded again under a new handle.
    assert.match(
      await tools.run('retainer-lens_snapshot_summary', { snapshot: files.final, top: 1 }),
      /^Snapshot s2 /m,
    );
  });
});
