// Leak triage on a recorded baseline/target/final (three snapshots taken while recording allocations, through
// the capture client): `retainer-lens leaks` and the service's triage (the Leaks view) name each group's
// allocating function and line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, test } from 'node:test';
import { CdpConnection, Recording } from '../../src/capture';
import { HeapEngine } from '../../src/service/engine';
import type { HeapMethod, HeapParams, HeapResult, MappedFrame } from '../../src/service/protocol';
import { tempDirForProcess } from '../support/tempDir';
import { fixturesDir, startProgram } from './recordProgram';

const app = join(fixturesDir, 'leakyApp');
const root = join(__dirname, '..', '..');
const files = { baseline: '', target: '', final: '' };

before(async () => {
  const dir = tempDirForProcess('retainer-lens-leaks-');
  const program = await startProgram(join(app, 'main.js'));
  const connection = await CdpConnection.connect(program.wsUrl);
  try {
    const recording = await Recording.start(connection, { mode: 'allocations' });
    files.baseline = (await recording.takeSnapshot({ output: join(dir, 'baseline.heapsnapshot') })).file!;
    await program.command('plant', 'planted');
    files.target = (await recording.takeSnapshot({ output: join(dir, 'target.heapsnapshot') })).file!;
    files.final = (await recording.stop({ output: join(dir, 'final.heapsnapshot') })).file!;
  } finally {
    await connection.close();
    await program.kill();
  }
});

function leaks(format: 'json' | 'text') {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      pathToFileURL(require.resolve('tsx')).href,
      join(root, 'src', 'cli', 'main.ts'),
      'leaks',
      files.baseline,
      files.target,
      files.final,
      '--top',
      '20',
      '--format',
      format,
    ],
    { cwd: app, encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

interface Group {
  className: string;
  count: number;
  trace: string;
  allocatedIn?: { function: string; file: string; line: number; column: number; stack: { function: string }[] };
}

const lineOf = (file: string, text: string): number =>
  readFileSync(join(app, file), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text)) + 1;

test("each leak group names its allocating function and line (the group's most frequent stack)", () => {
  const groups = (JSON.parse(leaks('json')) as { leaks: { groups: { items: Group[] } } }).leaks.groups.items;
  const expected: [string, string, string, string][] = [
    // class, function, file, text on the function's line
    ['{id, scratch}', 'open', 'store.js', '  open(id) {'],
    ['{requestId, body, chunks}', 'cacheResponse', 'cache.js', 'function cacheResponse('],
    ['Widget', 'plant', 'main.js', 'function plant('],
    ['Buffer', 'keepLastUpload', 'globals.js', 'function keepLastUpload('],
  ];
  for (const [className, fn, file, text] of expected) {
    const group = groups.find((g) => g.className === className);
    assert.ok(group, `a leak group of ${className}: ${groups.map((g) => g.className).join(', ')}`);
    assert.ok(group.allocatedIn, `${className} names where it was allocated`);
    assert.equal(group.allocatedIn.function, fn);
    assert.equal(group.allocatedIn.file, join(app, file));
    assert.equal(group.allocatedIn.line, lineOf(file, text));
    assert.ok(group.allocatedIn.stack.length >= 2, 'with its callers');
  }
});

test('the text report shows an "allocated in" column and says a frame is a function', () => {
  const text = leaks('text');
  assert.match(text, /allocated in/);
  assert.match(text, /open \(store\.js:\d+\)/);
  assert.match(text, /names a function \(where it starts\), not the allocating statement/);
});

test("the service's triage (Leaks view, Markdown report) gives each group its stack, mapped into the workspace after a join", async () => {
  const engine = new HeapEngine();
  let id = 0;
  const request = <M extends HeapMethod>(method: M, params: HeapParams<M>) =>
    engine.handle({ id: ++id, method, params } as never, new AbortController().signal, () => undefined) as Promise<
      HeapResult<M>
    >;
  for (const role of ['baseline', 'target', 'final'] as const)
    await request('open', { path: files[role], snapshot: role });
  await request('join', { snapshot: 'final', workspaceRoots: [app], cwd: app });
  const page = await request('leaks', { baseline: 'baseline', target: 'target', final: 'final', limit: 20 });
  const group = page.leaks.groups.items.find((g) => g.className === '{id, scratch}');
  assert.ok(group?.allocation, 'the sessions group names where it was allocated');
  const frames = group.allocation.frames as MappedFrame[];
  assert.equal(frames[0].name, 'open');
  assert.deepEqual(frames[0].source && { ...frames[0].source, column: 0 }, {
    file: join(app, 'store.js'),
    line: lineOf('store.js', '  open(id) {') - 1,
    column: 0,
  });
  const report = await request('leakReport', { baseline: 'baseline', target: 'target', final: 'final' });
  const line = lineOf('store.js', '  open(id) {');
  assert.ok(
    report.includes(`- allocated in \` open \` (\` ${join(app, 'store.js')}:${line} \`)`),
    'the Markdown report names it too',
  );
  for (const role of ['baseline', 'target', 'final']) await request('close', { snapshot: role });
});
