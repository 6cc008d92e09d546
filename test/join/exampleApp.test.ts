// The whole join on real snapshots of examples/leaky-server: a clean phase (only /clean requests) must
// confirm nothing; then each planted leak is found by the analyzer, by the leak triage, and joined.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { leaksCommand } from '../../src/cli/leaksCommand';
import type { LeakGroup } from '../../src/heap/leaks';
import { loadSnapshotFile } from '../../src/heap/loader';
import { joinSnapshot, type FileFindings, type JoinReport } from '../../src/join/index';
import { exampleDir, exampleFindings, startExample, type ExampleRun } from './exampleApp';

async function triage(files: string[]): Promise<LeakGroup[]> {
  let json = '';
  const code = await leaksCommand.run([...files, '--top', '40', '--format', 'json'], {
    out: (t) => {
      json += t;
    },
    err: () => undefined,
    cwd: '/',
  });
  assert.equal(code, 0);
  return JSON.parse(json).leaks.groups.items;
}

async function joined(files: string[], findings: FileFindings[]): Promise<JoinReport> {
  const leakGroups = await triage(files);
  const snapshot = await loadSnapshotFile(files[2]);
  return joinSnapshot(snapshot, {
    findings,
    leakGroups,
    map: { cwd: exampleDir, workspaceRoots: [exampleDir] },
    base: exampleDir,
  });
}

const src = (name: string): string => join(exampleDir, 'src', name);

describe('join on the example app', { timeout: 120_000 }, () => {
  let app: ExampleRun;
  let findings: FileFindings[];
  let clean: JoinReport;
  let leaky: JoinReport;

  before(async () => {
    findings = exampleFindings();
    app = await startExample();
    const times = async (n: number, path: (i: number) => string): Promise<void> => {
      for (let i = 0; i < n; i++) await app.request(path(i));
    };
    // Phase 1: only the clean route.
    await times(5, (i) => `/clean?n=${i}`);
    const c0 = await app.snapshot('clean0');
    await times(60, (i) => `/clean?n=${i * 10}`);
    const c1 = await app.snapshot('clean1');
    await times(10, (i) => `/clean?n=${i}`);
    const c2 = await app.snapshot('clean2');
    clean = await joined([c0, c1, c2], findings);
    // Phase 2: every leaky route, baseline = the last clean snapshot.
    const leakyRound = async (n: number, offset: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        await app.request(`/report?id=${offset + i}`);
        await app.request('/session');
        await app.request('/subscribe');
        await app.request('/poll');
        if (i % 10 === 0) await app.request('/upload');
        await app.request(`/clean?n=${i}`);
      }
    };
    await leakyRound(30, 1000);
    const t = await app.snapshot('target');
    await leakyRound(5, 5000);
    const f = await app.snapshot('final');
    leaky = await joined([c2, t, f], findings);
  });

  after(async () => {
    await app?.stop();
  });

  it('the analyzer flags one finding per planted leak and none in clean.js', () => {
    const rules = findings
      .flatMap((f) => f.findings.map((x) => `${f.file.slice(exampleDir.length + 5)}:${x.rule}`))
      .sort();
    assert.deepEqual(rules, [
      'cache.js:unbounded-collection',
      'events.js:listener-not-removed',
      'poller.js:interval-not-cleared',
      'sessions.js:map-object-key',
      'uploads.js:closure-large-scope',
    ]);
  });

  it('a clean route confirms no finding and shows no dead context variable', () => {
    assert.deepEqual(
      clean.confirmed.map((c) => c.message),
      [],
    );
    assert.deepEqual(
      clean.dead.filter((d) => d.retainedSize > 1024).map((d) => d.name),
      [],
    );
    for (const g of clean.leaks ?? [])
      assert.ok(
        !g.sites.some((s) => s.file === src('clean.js') && s.role !== 'on-path'),
        `clean.js leaked: ${g.group.trace}`,
      );
  });

  it('confirms each planted leak through a leak group, with size and root path', () => {
    const byFile = new Map(leaky.confirmed.map((c) => [c.file, c]));
    const expect: [string, string, RegExp][] = [
      ['cache.js', 'unbounded-collection', /^\(GC roots\) → … → cache\.js → buildReport\(\) → reportCache/],
      ['sessions.js', 'map-object-key', /^\(GC roots\) → … → sessions\.js → trackSession\(\) → sessionStarts/],
      ['events.js', 'listener-not-removed', /broadcast/],
      // A timer's path names the timers module, not whichever of its functions was the shortest way in.
      ['poller.js', 'interval-not-cleared', /^\(GC roots\) → global → node:timers → timerListMap\[\] → .*_onTimeout$/],
      ['uploads.js', 'closure-large-scope', /^\(GC roots\) → global → node:timers → timerListMap\[\] → .*_onTimeout$/],
    ];
    for (const [file, rule, path] of expect) {
      const c = byFile.get(src(file));
      assert.ok(c, `${file} ${rule} not confirmed: ${leaky.confirmed.map((x) => x.message).join('\n')}`);
      assert.equal(c.rule, rule);
      assert.equal(c.confirmation.by, 'leak', c.message);
      assert.match(c.confirmation.path, path);
      assert.match(
        c.message,
        new RegExp(`^\`src/${file}:\\d+\` ${rule} — confirmed: [\\d,]+ \\w+, [\\d.]+ [kM]?B retained via`),
      );
      assert.ok(c.confirmation.count >= (file === 'uploads.js' ? 4 : 30), c.message);
    }
    assert.equal(leaky.confirmed.length, 5);
    // The cache holds ~29 kB per report; 35 reports (and the Map's own table) are well past 900 kB.
    assert.ok(byFile.get(src('cache.js'))!.confirmation.retainedSize > 900_000);
    // Four uploads, 1 MB each, kept by their timers.
    assert.ok(byFile.get(src('uploads.js'))!.confirmation.retainedSize >= 4 * 1024 * 1024);
    // …and the large value is the dead context variable the finding names.
    const uploads = byFile.get(src('uploads.js'))!;
    assert.equal(uploads.confirmation.dead?.name, 'payload');
    assert.deepEqual(uploads.confirmation.dead?.usedOnlyBy, ['checksum']);
    assert.match(uploads.message, /; dead context variable `payload` \(Buffer, [\d.]+ MB\), used only by checksum$/);
  });

  it('joins each leak group of the example to the finding on its line', () => {
    const groups = leaky.leaks!;
    const joinedTo = (className: string): string[] => {
      const found = groups.map((g, i) => ({ g, i })).filter(({ g }) => g.group.className === className);
      assert.ok(found.length, `no ${className} group`);
      return leaky.confirmed
        .filter((c) => found.some(({ i }) => c.confirmation.leakGroups?.includes(i)))
        .map((c) => c.rule);
    };
    assert.deepEqual(joinedTo('Report'), ['unbounded-collection']);
    assert.deepEqual(joinedTo('SessionInfo'), ['map-object-key']);
    assert.deepEqual(joinedTo('ClientSubscription'), ['listener-not-removed']);
    assert.deepEqual(joinedTo('PollState'), ['interval-not-cleared']);
    assert.deepEqual(joinedTo('Buffer'), ['closure-large-scope']);
  });

  it('finds payload as the dead context variable the timer keeps alive', () => {
    const payload = leaky.dead.find((d) => d.name === 'payload');
    assert.ok(payload, JSON.stringify(leaky.dead.map((d) => d.name)));
    assert.equal(payload.file, src('uploads.js'));
    assert.equal(payload.line, 3); // 0-based: `const payload = Buffer.alloc(…)`
    assert.equal(payload.scope, 'handleUpload');
    assert.equal(payload.className, 'Buffer');
    assert.equal(payload.contexts, 4);
    assert.ok(payload.retainedSize >= 4 * 1024 * 1024);
    assert.deepEqual(
      payload.usedOnlyBy.map((u) => u.name),
      ['checksum'],
    );
    assert.deepEqual(
      payload.heldBy.map((h) => h.line),
      [6],
    );
    assert.equal(leaky.dead[0], payload, 'largest first');
    // startedAt is in the same context but the timer uses it.
    assert.ok(!leaky.dead.some((d) => d.name === 'startedAt'));
  });

  it('aggregates retention by workspace line', () => {
    const uploads = leaky.files.find((f) => f.file === src('uploads.js'));
    const timerLine = uploads?.lines.find((l) => l.line === 6);
    assert.ok(timerLine, 'no retention on uploads.js:7');
    assert.equal(timerLine.closures, 4);
    assert.ok(timerLine.retainedSize >= 4 * 1024 * 1024);
    const events = leaky.files.find((f) => f.file === src('events.js'))!;
    assert.equal(events.lines.find((l) => l.line === 15)?.closures, 35);
    // Built-ins map to no workspace file and are left out by default.
    assert.ok(leaky.files.every((f) => f.mapped && f.file.startsWith(exampleDir)));
  });
});
