// A TypeScript program bundled by esbuild with source maps, recorded while it runs: its allocation sites map
// back to the `.ts` file and line (engine + the join's ScriptMapper, and `retainer-lens allocations`).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { buildSync } from 'esbuild';
import { siteJson } from '../../src/cli/allocationsCommand';
import { allAllocationSites } from '../../src/heap/allocationQueries';
import { loadSnapshotFile } from '../../src/heap/loader';
import { ScriptMapper } from '../../src/join/index';
import { loadWorkspaceSources } from '../../src/join/workspaceSources';
import { tempDirForProcess } from '../support/tempDir';
import { fixturesDir, recordProgram } from './recordProgram';

const fixture = join(fixturesDir, 'tsStore');
const storeTs = join(fixture, 'store.ts');
const lines = readFileSync(storeTs, 'utf8').split('\n');
/** 1-based line of the first line of store.ts starting (after indentation) with `text`. */
const lineOf = (text: string): number => lines.findIndex((l) => l.trimStart().startsWith(text)) + 1;
const root = join(__dirname, '..', '..');

function bundle(dir: string, sourcemap: 'linked' | 'inline', minify: boolean): string {
  const outfile = join(dir, 'main.js');
  buildSync({
    entryPoints: [join(fixture, 'main.ts')],
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

describe('allocation sites of a bundled TypeScript program', { timeout: 120_000 }, () => {
  for (const [name, sourcemap, minify] of [
    ['linked map', 'linked', false],
    ['inline map, minified', 'inline', true],
  ] as const) {
    it(`show the .ts lines (${name})`, async () => {
      const dir = tempDirForProcess('retainer-lens-ts-');
      const outfile = bundle(dir, sourcemap, minify);
      const file = await recordProgram(outfile, { output: join(dir, 'store.heapsnapshot') });
      const snapshot = await loadSnapshotFile(file);
      // The files are read through the trust boundary first, as the join and the CLI read them.
      const sources = await loadWorkspaceSources(snapshot, { cwd: dir, workspaceRoots: [fixture, dir] });
      const mapper = new ScriptMapper(sources);
      const sites = allAllocationSites(snapshot).map((s) => siteJson(s, mapper));
      const ours = sites.filter((s) => s.file.startsWith(fixture));
      // Minified, several functions share a generated line, and an anonymous one may map near another: the
      // line's largest site is the one that allocates there.
      const add = ours.filter((s) => s.line === lineOf('add(key: string')).sort((a, b) => b.count - a.count)[0];
      assert.ok(add, `Store.add in store.ts: ${JSON.stringify(ours)}`);
      assert.equal(add.file, storeTs);
      assert.equal(add.count, 100, 'an entry and its array per key');
      if (!minify) assert.equal(add.function, 'add');
      const keys = ours
        .filter((s) => s.line === lineOf('export function makeKeys('))
        .sort((a, b) => b.count - a.count)[0];
      assert.ok(keys, 'makeKeys in store.ts');
      assert.equal(keys.count, 50, 'the key strings kept by the entries');
      if (!minify) assert.equal(keys.function, 'makeKeys');

      if (!minify) {
        // The CLI prints the same mapping.
        const cli = spawnSync(
          process.execPath,
          [
            '--import',
            pathToFileURL(require.resolve('tsx')).href,
            join(root, 'src', 'cli', 'main.ts'),
            'allocations',
            file,
            '--format',
            'json',
            '--source',
            fixture,
            '--cwd',
            dir,
          ],
          { cwd: root, encoding: 'utf8', timeout: 60_000 },
        );
        assert.equal(cli.status, 0, cli.stderr);
        const printed = JSON.parse(cli.stdout) as { function: string; file: string; line: number }[];
        assert.ok(
          printed.some((s) => s.function === 'add' && s.file === storeTs && s.line === lineOf('add(key: string')),
        );
      }
    });
  }
});
