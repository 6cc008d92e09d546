// Source maps: our VLQ decoder against esbuild's own maps, and a real transpiled program whose closures, in
// a real heap snapshot, map back to the `.ts` line — through an external .map file and an inline data URL.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { buildSync } from 'esbuild';
import { loadSnapshotFile } from '../../src/heap/loader';
import { WorkspaceFiles } from '../../src/common/workspaceFiles';
import {
  aggregateByLine,
  loadWorkspaceSources,
  readScript,
  ScriptMapper,
  SourceMap,
  sourceMappingUrl,
  type MapOptions,
} from '../../src/join/index';

const fixture = join(__dirname, 'fixtures', 'tsApp');
const source = join(fixture, 'jobs.ts');
/** 0-based line of `pending.push(() => …)` in jobs.ts. */
const CLOSURE_LINE = 15;
const tmp = mkdtempSync(join(tmpdir(), 'retainer-lens-srcmap-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function build(name: string, sourcemap: 'linked' | 'inline', minify: boolean): string {
  const outfile = join(tmp, name, 'jobs.js');
  buildSync({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    sourcemap,
    minify,
    logLevel: 'silent',
  });
  return outfile;
}

describe('source maps', { timeout: 60_000 }, () => {
  it('decodes VLQ mappings like the generator wrote them', () => {
    const outfile = build('decode', 'linked', false);
    const js = readFileSync(outfile, 'utf8');
    assert.equal(sourceMappingUrl(js), 'jobs.js.map');
    const map = new SourceMap(JSON.parse(readFileSync(outfile + '.map', 'utf8')), outfile + '.map');
    assert.deepEqual(map.sources, [source]);
    const lines = js.split('\n');
    const generatedLine = lines.findIndex((l) => l.includes('pending.push('));
    const column = lines[generatedLine].indexOf('pending.push(');
    assert.notEqual(generatedLine, CLOSURE_LINE, 'the fixture should shift lines');
    assert.deepEqual(map.originalPosition(generatedLine, column), { source, line: CLOSURE_LINE, column: 2 });
  });

  it('decodes negative deltas, multi-digit values, and segments without a source', () => {
    // 'SAAgB' = [9, 0, 0, 16] ('gB' is a two-digit value); 'AACA' moves to source line 1 (original columns
    // carry over lines); 'EAAF' = [2, 0, 0, -2]; 'C' = [1] is a segment that maps nothing.
    const map = new SourceMap({ version: 3, sources: ['a.ts'], mappings: 'AAAA,SAAgB;;AACA,EAAF,C' }, '/x/a.js.map');
    assert.deepEqual(map.originalPosition(0, 0), { source: '/x/a.ts', line: 0, column: 0 });
    assert.deepEqual(map.originalPosition(0, 12), { source: '/x/a.ts', line: 0, column: 16 });
    assert.equal(map.originalPosition(1, 0), undefined);
    assert.deepEqual(map.originalPosition(2, 1), { source: '/x/a.ts', line: 1, column: 16 });
    assert.deepEqual(map.originalPosition(2, 2), { source: '/x/a.ts', line: 1, column: 14 });
    assert.equal(map.originalPosition(2, 3), undefined);
  });

  for (const [name, sourcemap, minify] of [
    ['linked', 'linked', false],
    ['inline-minified', 'inline', true],
  ] as const) {
    it(`maps closures of a transpiled program back to the .ts line (${name} map)`, async () => {
      const outfile = build(name, sourcemap, minify);
      const snapshotFile = join(tmp, name, 'jobs.heapsnapshot');
      execFileSync(process.execPath, [outfile, snapshotFile], { cwd: tmp, stdio: 'ignore' });
      const snapshot = await loadSnapshotFile(snapshotFile);
      const mapper = new ScriptMapper(
        await loadWorkspaceSources(snapshot, { cwd: tmp, workspaceRoots: [fixture, tmp] }),
      );
      const files = aggregateByLine(snapshot, mapper);
      const ts = files.find((f) => f.file === source);
      assert.ok(ts, `no retention mapped to jobs.ts: ${files.map((f) => f.file).join(', ')}`);
      const line = ts.lines.find((l) => l.line === CLOSURE_LINE);
      assert.ok(line, `lines: ${ts.lines.map((l) => l.line).join(', ')}`);
      assert.equal(line.closures, 40);
      const site = line.sites.find((s) => s.kind === 'closure');
      assert.equal(site?.column, 15, 'V8 places an arrow function at its `(`');
      // Nothing may land on the generated file once a map exists.
      assert.ok(!files.some((f) => f.file === outfile));
    });
  }
});

describe('script URLs to workspace files', () => {
  const root = join(tmp, 'ws');
  mkdirSync(join(root, 'src'), { recursive: true });
  const file = join(root, 'src', 'a.js');
  writeFileSync(file, 'module.exports = 1;\n');

  const scriptPath = async (url: string, options: MapOptions = {}): Promise<string | undefined> => {
    const roots = options.workspaceRoots ?? [root];
    const files = new WorkspaceFiles(roots);
    const read = async (f: string) => {
      const r = await files.readText(f);
      return r.ok ? r.text : undefined;
    };
    return (await readScript(url, { ...options, workspaceRoots: roots }, read))?.file;
  };

  it('takes absolute paths, file URLs and cwd-relative names', async () => {
    assert.equal(await scriptPath(file), file);
    assert.equal(await scriptPath(pathToFileURL(file).href), file);
    assert.equal(await scriptPath('src/a.js', { cwd: root }), file);
  });

  it('finds a path from another machine by its suffix under a workspace root', async () => {
    assert.equal(await scriptPath('/app/build/src/a.js', { workspaceRoots: [root] }), file);
    assert.equal(await scriptPath('file:///srv/app/src/a.js', { workspaceRoots: [root] }), file);
    assert.equal(await scriptPath('C:\\app\\build\\src\\a.js', { workspaceRoots: [root] }), file);
  });

  it('maps built-ins, missing files and files outside the workspace to nothing', async () => {
    assert.equal(await scriptPath('node:internal/timers'), undefined);
    assert.equal(await scriptPath('evalmachine.<anonymous>'), undefined);
    assert.equal(await scriptPath('https://example.com/a.js'), undefined);
    assert.equal(await scriptPath(join(root, 'missing.js')), undefined);
    assert.equal(await scriptPath(file, { workspaceRoots: [join(tmp, 'elsewhere')] }), undefined);
    assert.equal(await scriptPath(file, { workspaceRoots: [] }), undefined, 'no workspace, no file');
  });
});
