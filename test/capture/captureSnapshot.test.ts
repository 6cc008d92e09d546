// captureHeapSnapshot against real V8: a real `node --inspect` child, real chunks, real files.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CaptureError,
  CdpConnection,
  captureHeapSnapshot,
  createChunkSink,
  type CaptureProgress,
} from '../../src/capture';
import { LogRecord } from '../../src/common/log';
import { killAll, makeTempDir, startInspected, type InspectedProcess, type ParsedSnapshot } from './inspectedProcess';

after(killAll);

function checkSnapshot(text: string, marker: string): void {
  const parsed = JSON.parse(text) as ParsedSnapshot;
  const fieldCount = parsed.snapshot.meta.node_fields.length;
  assert.ok(fieldCount >= 6, 'meta lists the node fields');
  assert.ok(parsed.snapshot.node_count > 0);
  assert.equal(parsed.nodes.length, parsed.snapshot.node_count * fieldCount);
  assert.ok(parsed.strings.includes(marker), `${marker} is among the snapshot strings`);
}

async function expectCaptureError(promise: Promise<unknown>, reason: CaptureError['reason']): Promise<CaptureError> {
  const error = await promise.then(
    () => assert.fail(`expected CaptureError '${reason}', but the capture succeeded`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof CaptureError, `expected a CaptureError, got ${String(error)}`);
  assert.equal(error.reason, reason, error.message);
  return error;
}

describe('captureHeapSnapshot on a small program', () => {
  let target: InspectedProcess;
  before(async () => {
    target = await startInspected('smallProgram.js');
  });
  after(async () => {
    await target?.kill();
  });

  it('streams a valid snapshot to the file, reports phases in order, and leaves nothing else behind', async () => {
    const temp = makeTempDir();
    const connection = await CdpConnection.connect(target.wsUrl);
    try {
      const file = join(temp.dir, 'small.heapsnapshot');
      const progress: CaptureProgress[] = [];
      const result = await captureHeapSnapshot(connection, { output: file, onProgress: (p) => progress.push(p) });
      assert.equal(result.file, file);
      assert.equal(result.bytes, statSync(file).size);
      assert.ok(result.durationMs >= 0);
      assert.deepEqual(temp.list(), ['small.heapsnapshot']);
      checkSnapshot(readFileSync(file, 'utf8'), 'CaptureFixtureMarker');

      const phases = progress.map((p) => p.phase).filter((phase, i, all) => phase !== all[i - 1]);
      assert.deepEqual(phases, ['preparing', 'building', 'writing', 'finishing']);
      const building = progress.filter((p) => p.phase === 'building');
      assert.ok(building.every((p) => typeof p.total === 'number' && p.total > 0 && p.done <= p.total));
      const writing = progress.filter((p) => p.phase === 'writing').map((p) => p.done);
      assert.deepEqual(
        writing,
        [...writing].sort((a, b) => a - b),
        'bytes written only grow',
      );
      assert.equal(writing.at(-1), result.bytes);
      assert.equal(progress.at(-1)?.done, result.bytes);
    } finally {
      await connection.close();
      temp.remove();
    }
  });

  it('a progress callback that throws neither breaks the capture nor goes unheard: the log gets it', async () => {
    const temp = makeTempDir();
    const connection = await CdpConnection.connect(target.wsUrl);
    try {
      const file = join(temp.dir, 'throwing-progress.heapsnapshot');
      const log = new LogRecord();
      const result = await captureHeapSnapshot(connection, {
        output: file,
        log,
        onProgress: () => {
          throw new Error('progress UI is gone');
        },
      });
      assert.equal(result.bytes, statSync(file).size);
      checkSnapshot(readFileSync(file, 'utf8'), 'CaptureFixtureMarker');
      assert.ok(log.entries.length > 0, 'each failure is logged');
      assert.ok(
        log.entries.every(
          (e) => e.level === 'warn' && e.line === 'reporting heap snapshot progress: progress UI is gone',
        ),
        JSON.stringify(log.entries.slice(0, 2)),
      );
    } finally {
      await connection.close();
      temp.remove();
    }
  });

  it('reports a garbage-collection phase first when asked to collect garbage', async () => {
    const temp = makeTempDir();
    const connection = await CdpConnection.connect(target.wsUrl);
    try {
      const phases: string[] = [];
      await captureHeapSnapshot(connection, {
        output: join(temp.dir, 'gc.heapsnapshot'),
        collectGarbage: true,
        onProgress: (p) => {
          if (phases.at(-1) !== p.phase) phases.push(p.phase);
        },
      });
      assert.deepEqual(phases, ['collecting-garbage', 'preparing', 'building', 'writing', 'finishing']);
      checkSnapshot(readFileSync(join(temp.dir, 'gc.heapsnapshot'), 'utf8'), 'CaptureFixtureMarker');
    } finally {
      await connection.close();
      temp.remove();
    }
  });

  it('feeds a chunk callback in order, waiting for a slow consumer (back-pressure)', async () => {
    const connection = await CdpConnection.connect(target.wsUrl);
    try {
      const chunks: string[] = [];
      let inFlight = 0;
      let maxInFlight = 0;
      const result = await captureHeapSnapshot(connection, {
        output: async (chunk) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((r) => setTimeout(r, 2));
          chunks.push(chunk);
          inFlight--;
        },
      });
      assert.equal(result.file, undefined);
      assert.equal(maxInFlight, 1, 'one chunk at a time');
      assert.ok(chunks.length > 1);
      assert.equal(result.bytes, Buffer.byteLength(chunks.join('')));
      checkSnapshot(chunks.join(''), 'CaptureFixtureMarker');
    } finally {
      await connection.close();
    }
  });

  it('rejects with write-failed and creates nothing when the output folder does not exist', async () => {
    const temp = makeTempDir();
    const connection = await CdpConnection.connect(target.wsUrl);
    try {
      const missing = join(temp.dir, 'no-such-folder', 'x.heapsnapshot');
      const error = await expectCaptureError(captureHeapSnapshot(connection, { output: missing }), 'write-failed');
      assert.match(error.message, /cannot create the snapshot file: ENOENT/);
      assert.deepEqual(temp.list(), []);
    } finally {
      await connection.close();
      temp.remove();
    }
  });

  it('rejects with write-failed when the sink fails mid-stream, and tells the sink to drop its data', async () => {
    const connection = await CdpConnection.connect(target.wsUrl);
    try {
      let written = 0;
      let aborted = 0;
      let ended = 0;
      const sink = createChunkSink(
        () => {
          if (++written === 3)
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
        {
          onAbort: () => {
            aborted++;
          },
          onEnd: () => {
            ended++;
          },
        },
      );
      const error = await expectCaptureError(captureHeapSnapshot(connection, { output: sink }), 'write-failed');
      assert.match(error.message, /could not write the snapshot: ENOSPC/);
      assert.equal(written, 3, 'no chunk is offered after the failure');
      assert.equal(aborted, 1);
      assert.equal(ended, 0);
    } finally {
      await connection.close();
    }
  });

  it('rejects with protocol when the target refuses a call (JsDebug.subscribe on a plain inspector), leaving no file', async () => {
    const temp = makeTempDir();
    const connection = await CdpConnection.connect(target.wsUrl);
    try {
      const error = await expectCaptureError(
        captureHeapSnapshot(connection, { output: join(temp.dir, 'x.heapsnapshot'), viaJsDebugProxy: true }),
        'protocol',
      );
      assert.match(error.message, /JsDebug\.subscribe/);
      assert.deepEqual(temp.list(), []);
    } finally {
      await connection.close();
      temp.remove();
    }
  });

  it('rejects at once with cancelled when the signal is already aborted, touching nothing', async () => {
    const temp = makeTempDir();
    const connection = await CdpConnection.connect(target.wsUrl);
    try {
      const controller = new AbortController();
      controller.abort();
      await expectCaptureError(
        captureHeapSnapshot(connection, { output: join(temp.dir, 'x.heapsnapshot'), signal: controller.signal }),
        'cancelled',
      );
      assert.deepEqual(temp.list(), []);
    } finally {
      await connection.close();
      temp.remove();
    }
  });
});

describe('interrupting a capture of a large heap', () => {
  // Large enough that building and writing take a noticeable time (≈ 25 MB of snapshot).
  const largeEnv = { FIXTURE_NODES: '400000' };

  for (const phase of ['building', 'writing'] as const) {
    it(`cancel during ${phase}: rejects with cancelled, removes the partial file, and the target can be captured again`, async () => {
      const target = await startInspected('largeHeapProgram.js', largeEnv);
      const temp = makeTempDir();
      const connection = await CdpConnection.connect(target.wsUrl);
      try {
        const controller = new AbortController();
        let filesAtCancel: string[] = [];
        await expectCaptureError(
          captureHeapSnapshot(connection, {
            output: join(temp.dir, 'large.heapsnapshot'),
            signal: controller.signal,
            onProgress: (p) => {
              if (p.phase === phase && !controller.signal.aborted) {
                filesAtCancel = temp.list();
                controller.abort();
              }
            },
          }),
          'cancelled',
        );
        assert.equal(filesAtCancel.length, 1);
        assert.match(
          filesAtCancel[0],
          /^large\.heapsnapshot\.[0-9a-f]{8}\.partial$/,
          'the capture was writing a partial file',
        );
        assert.deepEqual(temp.list(), [], 'neither the final nor the partial file is left');
        await connection.close();

        // V8 finishes the abandoned snapshot on its own; a new session then captures normally.
        const again = await CdpConnection.connect(target.wsUrl);
        try {
          const result = await captureHeapSnapshot(again, { output: join(temp.dir, 'again.heapsnapshot') });
          assert.ok(result.bytes > 1_000_000);
          assert.deepEqual(temp.list(), ['again.heapsnapshot']);
        } finally {
          await again.close();
        }
      } finally {
        await connection.close();
        await target.kill();
        temp.remove();
      }
    });

    it(`target killed during ${phase}: rejects with target-closed and leaves no file`, async () => {
      const target = await startInspected('largeHeapProgram.js', largeEnv);
      const temp = makeTempDir();
      const connection = await CdpConnection.connect(target.wsUrl);
      try {
        let killed = false;
        const error = await expectCaptureError(
          captureHeapSnapshot(connection, {
            output: join(temp.dir, 'large.heapsnapshot'),
            onProgress: (p) => {
              if (p.phase === phase && !killed) {
                killed = true;
                target.child.kill('SIGKILL');
              }
            },
          }),
          'target-closed',
        );
        assert.ok(killed);
        assert.match(error.message, /the target went away/);
        assert.deepEqual(temp.list(), []);
      } finally {
        await connection.close();
        await target.kill();
        temp.remove();
      }
    });
  }
});

describe('no file is ever left under the final name on failure', () => {
  it('keeps an existing file at the output path untouched when a capture fails', async () => {
    const target = await startInspected('smallProgram.js');
    const temp = makeTempDir();
    const connection = await CdpConnection.connect(target.wsUrl);
    try {
      const file = join(temp.dir, 'kept.heapsnapshot');
      await captureHeapSnapshot(connection, { output: file });
      const before = readFileSync(file, 'utf8');
      const controller = new AbortController();
      await expectCaptureError(
        captureHeapSnapshot(connection, {
          output: file,
          signal: controller.signal,
          onProgress: (p) => {
            if (p.phase === 'writing') controller.abort();
          },
        }),
        'cancelled',
      );
      assert.ok(existsSync(file));
      assert.equal(readFileSync(file, 'utf8'), before, 'the earlier good snapshot is not replaced by a half one');
      assert.deepEqual(temp.list(), ['kept.heapsnapshot']);
    } finally {
      await connection.close();
      await target.kill();
      temp.remove();
    }
  });
});
