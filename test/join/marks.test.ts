// The explorer's marks and the dead-variable confirmation, on real snapshots: a closure-large-scope finding
// whose value is a dead context variable is confirmed by it (even below the snapshot-only thresholds), and
// the worker marks the timer closure and the dead Buffer with that finding.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyze } from '../../src/analyzer/index';
import { loadSnapshotFile } from '../../src/heap/loader';
import type { HeapSnapshot } from '../../src/heap/snapshot';
import { analyzeAndJoin } from '../../src/service/joinRequest';
import { marksOf, type NodeMarks } from '../../src/join/marks';
import { confirmFindings, type JoinReport } from '../../src/join/index';

const fixture = join(__dirname, 'fixtures', 'deadScope');
const upload = join(fixture, 'upload.js');
const tmp = mkdtempSync(join(tmpdir(), 'retainer-lens-marks-'));

describe('dead variables confirm closure-large-scope; explorer marks', { timeout: 60_000 }, () => {
  let snapshot: HeapSnapshot;
  let report: JoinReport;
  let marks: NodeMarks;
  const marksFor = (s: HeapSnapshot, ids: number[]) => marksOf(s, marks, ids);

  before(async () => {
    const file = join(tmp, 'dead.heapsnapshot');
    execFileSync(process.execPath, [join(fixture, 'drive.js'), file], { timeout: 30_000 });
    snapshot = await loadSnapshotFile(file);
    ({ report, marks } = await analyzeAndJoin(snapshot, { workspaceRoots: [fixture] }));
  });

  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('confirms the finding by the dead variable alone', () => {
    assert.equal(report.confirmed.length, 1, report.confirmed.map((c) => c.message).join('\n'));
    const [c] = report.confirmed;
    assert.equal(c.rule, 'closure-large-scope');
    assert.equal(c.file, upload);
    assert.equal(c.confirmation.by, 'snapshot');
    assert.equal(c.confirmation.count, 1);
    assert.equal(c.confirmation.unit, 'context');
    assert.equal(c.confirmation.line, 7); // the timer callback
    assert.deepEqual(c.confirmation.dead && { ...c.confirmation.dead, retainedSize: 0 }, {
      name: 'chunk',
      className: 'Buffer',
      retainedSize: 0,
      contexts: 1,
      line: 4,
      column: 8,
      usedOnlyBy: ['digest'],
    });
    assert.ok(c.confirmation.dead!.retainedSize >= 256 * 1024);
    assert.match(c.message, /; dead context variable `chunk` \(Buffer, 262 kB\), used only by digest$/);
  });

  it('without the dead variable the same snapshot would not confirm it', () => {
    const text = readFileSync(upload, 'utf8');
    const findings = [{ file: upload, text, findings: analyze(text, upload).findings }];
    const evidence = { files: report.files, variables: report.variables };
    assert.deepEqual(
      confirmFindings(findings, evidence).map((c) => c.rule),
      [],
    );
    assert.deepEqual(
      confirmFindings(findings, { ...evidence, dead: report.dead }).map((c) => c.rule),
      ['closure-large-scope'],
    );
    // A leak triage that shows no leak group there keeps it unconfirmed: every confirmation then needs one.
    assert.deepEqual(
      confirmFindings(findings, { ...evidence, dead: report.dead, leaks: [] }).map((c) => c.rule),
      [],
    );
  });

  it('marks the timer closure and the dead Buffer with the finding; the Buffer as dead', () => {
    const dead = report.dead.find((d) => d.name === 'chunk')!;
    const [bufferMark] = marksFor(snapshot, dead.sampleIds.slice(0, 1));
    assert.equal(bufferMark?.finding?.rule, 'closure-large-scope');
    assert.equal(bufferMark.finding.display, 'upload.js:8');
    assert.deepEqual(bufferMark.finding.range.start, { line: 7, column: 13 });
    assert.match(bufferMark.finding.confirmed ?? '', /confirmed: 1 context/);
    assert.deepEqual(
      bufferMark.dead && {
        name: bufferMark.dead.name,
        scope: bufferMark.dead.scope,
        usedOnlyBy: bufferMark.dead.usedOnlyBy,
        heldBy: bufferMark.dead.heldBy,
        display: bufferMark.dead.display,
      },
      {
        name: 'chunk',
        scope: 'receive',
        usedOnlyBy: ['digest'],
        heldBy: ['setTimeout() callback'],
        display: 'upload.js:5',
      },
    );

    const timerIds = report.files
      .find((f) => f.file === upload)!
      .lines.find((l) => l.line === 7)!
      .sites.flatMap((s) => s.sampleIds);
    const [timerMark] = marksFor(snapshot, timerIds);
    assert.equal(timerMark?.finding?.rule, 'closure-large-scope');
    assert.equal(timerMark.dead, undefined);
  });

  it('answers null for unmarked, unknown and malformed ids', () => {
    const g = snapshot.graph;
    assert.deepEqual(marksFor(snapshot, [g.idOf(g.rootOrdinal), 987654321, 'x' as unknown as number]), [
      null,
      null,
      null,
    ]);
  });
});
