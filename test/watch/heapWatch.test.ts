// Leak Watch's core against a real program under `node --inspect`: samples arrive and a GC shows as a drop;
// checkpoints after each leaky request show steady growth, then baseline, target and final are captured on
// their own at the next three checkpoints and the triage of those files names the planted leak. The clean twin
// never grows and captures nothing. Stopping leaves the program running with our connection gone.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSnapshotFile } from '../../src/heap/loader';
import { triageThree } from '../../src/service/leakTriage';
import { HeapWatch, type CapturedFiles, type CheckpointResult } from '../../src/watch/heapWatch';
import type { HeapMarker, HeapSample, WatchStatus } from '../../src/watch/watchProtocol';
import { LogRecord } from '../../src/common/log';
import { tempDirForProcess } from '../support/tempDir';
import { startWatchedProgram, type WatchedProgram } from './watchedProgram';

const until = async <T>(probe: () => T | undefined, what: string, ms = 30_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

function watch(program: WatchedProgram, dir: string) {
  const samples: HeapSample[] = [];
  const markers: HeapMarker[] = [];
  const statuses: WatchStatus[] = [];
  let captured: CapturedFiles | undefined;
  const log = new LogRecord();
  const heapWatch = new HeapWatch({
    connection: program.connection,
    viaJsDebugProxy: false,
    intervalMs: 100,
    growth: { window: 4, minBytes: 1_000_000 },
    autoCapture: 'auto',
    snapshotFile: async (step) => join(dir, `${step}.heapsnapshot`),
    listener: {
      sample: (s) => samples.push(s),
      marker: (m) => markers.push(m),
      status: (s) => statuses.push(s),
      captured: (files) => (captured = files),
    },
    log,
    session: 'watchedProgram',
  });
  return { heapWatch, samples, markers, statuses, log, captured: () => captured };
}

test(
  'Leak Watch on a leaking program: growth detected, three snapshots on their own, the triage names the leak',
  { timeout: 300_000 },
  async () => {
    const program = await startWatchedProgram();
    const dir = tempDirForProcess('retainer-lens-watch-');
    const w = watch(program, dir);
    try {
      w.heapWatch.start();
      await until(() => (w.samples.length >= 3 ? true : undefined), 'three samples');
      assert.ok(w.samples.every((s) => s.used > 0 && s.total >= s.used));
      const results: CheckpointResult[] = [];
      for (let i = 0; i < 12 && !w.captured(); i++) {
        await program.request('leak', 2000);
        results.push(await w.heapWatch.checkpoint());
      }
      // 4 steps of growth need 5 checkpoints; then baseline, target and final at the next three.
      assert.deepEqual(
        results.map((r) => r.captured ?? '-'),
        ['-', '-', '-', '-', '-', 'baseline', 'target', 'final'],
      );
      assert.match(results[4].growth.text, /^grew 4 of the last 4 checkpoints, \+[\d.]+ MB$/);
      assert.equal(results[4].growth.steady, true);
      const files = w.captured()!;
      for (const step of ['baseline', 'target', 'final'] as const) assert.ok(existsSync(files[step]), step);
      assert.deepEqual(
        w.markers.filter((m) => m.kind === 'capture').map((m) => m.label),
        ['baseline', 'target', 'final'],
      );
      assert.equal(w.markers.filter((m) => m.kind === 'checkpoint').length, 8);
      assert.match(w.statuses.at(-1)!.plan!, /baseline, target and final captured/);

      const [baseline, target, final] = await Promise.all(
        [files.baseline, files.target, files.final].map((f) => loadSnapshotFile(f)),
      );
      const triage = triageThree(baseline, target, final);
      const top = triage.leaks.groups[0];
      assert.equal(top.className, 'WatchedSession');
      assert.equal(top.count, 2000, JSON.stringify(triage.leaks.groups.slice(0, 3)));
      assert.match(top.trace, /openSessions/);
    } finally {
      w.heapWatch.stop();
      await program.stop();
    }
    assert.equal(w.heapWatch.status.state, 'ended');
    assert.deepEqual(
      w.log.entries.filter((e) => e.level === 'error'),
      [],
    );
  },
);

test(
  'Leak Watch on the clean twin: no steady growth, nothing captured; stop leaves the program running',
  { timeout: 300_000 },
  async () => {
    const program = await startWatchedProgram();
    const dir = tempDirForProcess('retainer-lens-watch-clean-');
    const w = watch(program, dir);
    try {
      w.heapWatch.start();
      const results: CheckpointResult[] = [];
      for (let i = 0; i < 10; i++) {
        await program.request('work', 2000);
        results.push(await w.heapWatch.checkpoint());
      }
      assert.equal(w.captured(), undefined);
      assert.ok(
        results.every((r) => !r.growth.steady && !r.captured),
        results.map((r) => r.growth.text).join('\n'),
      );
      assert.match(results.at(-1)!.growth.text, /no steady growth$/);
      w.heapWatch.stop();
      await until(() => (program.connection.closed ? true : undefined), 'the connection to close');
      // The program itself goes on serving.
      await program.request('work', 10);
      assert.equal(program.child.exitCode, null);
      await assert.rejects(w.heapWatch.checkpoint(), /Leak Watch has ended/);
    } finally {
      w.heapWatch.stop();
      await program.stop();
    }
  },
);

test('Leak Watch ends by itself when the program exits', { timeout: 120_000 }, async () => {
  const program = await startWatchedProgram();
  const w = watch(program, tempDirForProcess('retainer-lens-watch-exit-'));
  w.heapWatch.start();
  await until(() => (w.samples.length ? true : undefined), 'a sample');
  program.child.kill('SIGKILL');
  await until(() => (w.heapWatch.ended ? true : undefined), 'the watch to end');
  assert.match(w.heapWatch.status.plan ?? '', /watch ended/);
  await program.stop();
});
