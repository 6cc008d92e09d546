// The join with allocation stacks, on a real recorded program: per-function allocations for every object
// kind, and static findings confirmed through the allocation site of what their collection or global holds —
// a module Map, a Map held on `this`, a class's static array filled from its constructor, a sloppy global.
// The same program captured without allocation tracking confirms only what the older evidence can.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { analyze } from '../../src/analyzer/index';
import { CdpConnection, captureHeapSnapshot } from '../../src/capture';
import { loadSnapshotFile } from '../../src/heap/loader';
import type { HeapSnapshot } from '../../src/heap/snapshot';
import { joinSnapshot, type FileFindings, type JoinReport } from '../../src/join/index';
import { explainLine } from '../../src/service/agent/explainLine';
import { tempDirForProcess } from '../support/tempDir';
import { fixturesDir, recordProgram, startProgram } from './recordProgram';

const app = join(fixturesDir, 'leakyApp');
const findings: FileFindings[] = readdirSync(app)
  .filter((f) => f.endsWith('.js'))
  .map((f) => {
    const file = join(app, f);
    const text = readFileSync(file, 'utf8');
    return { file, text, findings: analyze(text, file).findings };
  });
const lineOf = (file: string, text: string): number =>
  readFileSync(join(app, file), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text));

let recorded: HeapSnapshot;
let report: JoinReport;

function join_(snapshot: HeapSnapshot): Promise<JoinReport> {
  return joinSnapshot(snapshot, { findings, map: { workspaceRoots: [app], cwd: app }, base: app });
}

before(async () => {
  recorded = await loadSnapshotFile(await recordProgram(join(app, 'main.js')));
  report = await join_(recorded);
});

test('the join lists live objects per allocating workspace function, for every object kind', () => {
  const allocations = report.allocations;
  assert.ok(allocations, 'a recorded snapshot gives allocations');
  const byName = (name: string) => allocations.find((f) => f.name === name);
  const open = byName('open');
  assert.ok(open);
  assert.equal(open.file, join(app, 'store.js'));
  assert.equal(open.line, lineOf('store.js', '  open(id) {'));
  // Each session: the entry object and its scratch array (the Map's table is the Map's).
  assert.equal(open.count, 400);
  assert.deepEqual(
    open.holders.find((h) => h.name === 'sessions'),
    {
      ...open.holders.find((h) => h.name === 'sessions'),
      via: 'entry',
      edge: 'property',
      className: 'Map',
      objectClass: '{id, scratch}',
      count: 200,
    },
  );
  const cache = byName('cacheResponse');
  assert.ok(cache && cache.holders.some((h) => h.name === 'cache' && h.via === 'entry' && h.edge === 'variable'));
  // `new Widget(…)` is allocated by its caller: plant in main.js.
  const plant = byName('plant');
  assert.ok(plant?.holders.some((h) => h.name === 'instances' && h.objectClass === 'Widget' && h.count === 200));
  // Buffer.alloc runs in node:buffer; the workspace function that called it is the allocating one.
  const upload = byName('keepLastUpload');
  assert.ok(upload?.holders.some((h) => h.name === 'lastUpload' && h.via === 'value' && h.className === 'Buffer'));
});

function confirmed(r: JoinReport, file: string, rule: string) {
  return r.confirmed.find((c) => c.file === join(app, file) && c.rule === rule);
}

test('findings about a collection on `this`, a static registry and a global are confirmed by allocation site', () => {
  const store = confirmed(report, 'store.js', 'unbounded-collection');
  assert.ok(store, 'this.sessions');
  assert.equal(store.confirmation.count, 200);
  assert.equal(store.confirmation.unit, 'entries');
  assert.deepEqual(store.confirmation.allocatedIn?.name, 'open');
  assert.match(store.message, /confirmed: 200 entries allocated in `open` \(store\.js:\d+\), [\d.]+ kB retained/);

  const registry = confirmed(report, 'registry.js', 'unbounded-collection');
  assert.ok(registry, 'Widget.instances');
  assert.equal(registry.confirmation.count, 200);
  assert.equal(registry.confirmation.allocatedIn?.name, 'plant');

  const global = confirmed(report, 'globals.js', 'global-leak');
  assert.ok(global, 'lastUpload');
  assert.equal(global.confirmation.allocatedIn?.name, 'keepLastUpload');
  assert.ok(global.confirmation.retainedSize > 1024 * 1024, `${global.confirmation.retainedSize} bytes`);

  const cache = confirmed(report, 'cache.js', 'unbounded-collection');
  assert.ok(cache, 'the module cache is confirmed too');
});

let plain: HeapSnapshot;

test('without allocation stacks, only the older evidence confirms (the module variable)', async () => {
  const program = await startProgram(join(app, 'main.js'));
  const connection = await CdpConnection.connect(program.wsUrl);
  try {
    await program.command('plant', 'planted');
    const file = join(tempDirForProcess('retainer-lens-plain-'), 'plain.heapsnapshot');
    await captureHeapSnapshot(connection, { output: file });
    plain = await loadSnapshotFile(file);
  } finally {
    await connection.close();
    await program.kill();
  }
  const r = await join_(plain);
  assert.equal(r.allocations, undefined);
  assert.ok(confirmed(r, 'cache.js', 'unbounded-collection'));
  assert.equal(confirmed(r, 'store.js', 'unbounded-collection'), undefined);
  assert.equal(confirmed(r, 'registry.js', 'unbounded-collection'), undefined);
  assert.equal(confirmed(r, 'globals.js', 'global-leak'), undefined);
});

test('explain_line names the function that starts on a line and what it allocated, from the recording', () => {
  const file = join(app, 'store.js');
  const line = lineOf('store.js', '  open(id) {');
  const show = (f: string, l?: number) => `${f.replace(`${app}/`, '')}${l === undefined ? '' : `:${l + 1}`}`;
  const text = explainLine({ file, line, findings: [], join: report, snapshotLabel: 's1', show });
  assert.match(text, /^- allocated in ⟦open⟧ \(starts here\), still alive: 400 objects, [\d.]+ [kM]?B retained \(/m);
  assert.match(text, /most held as entries of property ⟦sessions⟧/);
  // A line inside the function: V8 records the function, so the answer says where to look instead.
  const inside = explainLine({ file, line: line + 1, findings: [], join: report, snapshotLabel: 's1', show });
  assert.match(inside, /^- allocation sites: no function starting on this line allocated live objects/m);
});
