// Output bounded by what a reader can use, not by what a snapshot can make us print: a path through a chain of
// a million objects, a class named by a 100 MB string, a header nested millions deep. Each answer stays small
// and says what it left out.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { tempDirForProcess } from '../support/tempDir';
import { loadSnapshotFile } from '../../src/heap/loader';
import { rootPathOf } from '../../src/join/rootPath';
import { createHeapWorker } from '../../src/service/workerClient';
import { hostileWorkspace, runCliProcess } from './hostileWorkspace';

const CHAIN = 1_000_000;

/**
 * A snapshot whose one object at the end is held through a chain of `links` objects (written as a stream),
 * their class named `className` and each link's property `edgeName`.
 */
async function writeChain(file: string, links = CHAIN, className = 'Link', edgeName = 'next'): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const meta = {
    node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
    node_types: [['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic']],
    edge_fields: ['type', 'name_or_index', 'to_node'],
    edge_types: [['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak']],
    location_fields: ['object_index', 'script_id', 'line', 'column'],
  };
  const nodes = links + 2;
  await write(`{"snapshot":${JSON.stringify({ meta, node_count: nodes, edge_count: nodes - 1 })},\n"nodes":[`);
  // root (synthetic) → (GC roots) (synthetic) → Link 0 → Link 1 → … → Link CHAIN-1; ids 1, 3, 5, …
  let chunk = '9,0,1,0,1,0,0,9,1,3,0,1,0,0';
  for (let i = 0; i < links; i++) {
    chunk += `,3,2,${5 + 2 * i},32,${i < links - 1 ? 1 : 0},0,0`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk + '],\n"edges":[');
  chunk = `1,1,7,2,3,14`; // root -[1]-> (GC roots) -.head-> Link 0
  for (let i = 0; i < links - 1; i++) {
    chunk += `,2,4,${(i + 3) * 7}`; // Link i -.next-> Link i+1
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  const strings = JSON.stringify(['', '(GC roots)', className, 'head', edgeName]);
  await write(chunk + `],\n"locations":[],\n"strings":${strings}}\n`);
  out.end();
  await once(out, 'finish');
}

describe('a path through a chain of a million objects', () => {
  const dir = tempDirForProcess('retainer-lens-bounded-');
  const file = join(dir, 'chain.heapsnapshot');
  before(() => writeChain(file));
  const lastId = 5 + 2 * (CHAIN - 1);

  it(
    'retainers --format json: a few hundred kB, the path cut in its middle and said so',
    { timeout: 180_000 },
    async () => {
      const run = await runCliProcess(['retainers', file, '--node-id', String(lastId), '--format', 'json'], {
        timeoutMs: 150_000,
      });
      assert.ok(!run.hung, 'hung');
      assert.equal(run.code, 0, run.err.slice(0, 500));
      assert.ok(run.out.length < 1_000_000, `printed ${run.out.length} bytes`);
      const json = JSON.parse(run.out) as {
        paths: { steps: { node: { id: number } }[]; length: number; omitted?: { after: number; count: number } }[];
        dominators: { total: number; items: unknown[] };
      };
      const [path] = json.paths;
      assert.equal(path.length, CHAIN + 1, 'the whole path is (GC roots) and every link');
      assert.equal(path.steps.length + path.omitted!.count, path.length);
      assert.equal(path.steps[path.steps.length - 1].node.id, lastId, 'the object itself is kept');
      assert.equal(path.steps[0].node.id, 3, 'and the root end');
      assert.equal(json.dominators.total, CHAIN + 2);
      assert.ok(json.dominators.items.length <= 50);
    },
  );

  it('retainers as text: the path names how many steps it left out', { timeout: 180_000 }, async () => {
    const run = await runCliProcess(['retainers', file, '--node-id', String(lastId)], { timeoutMs: 150_000 });
    assert.equal(run.code, 0, run.err.slice(0, 500));
    assert.ok(run.out.length < 100_000, `printed ${run.out.length} bytes`);
    assert.match(run.out, /999,\d{3} steps left out/);
    assert.match(run.out, /and 999,\d{3} more/, 'the dominator chain says how much it did not print');
  });
});

describe('a chain of 2,000 links whose class and property are named by 1 MB strings', () => {
  const dir = tempDirForProcess('retainer-lens-bounded-');
  const file = join(dir, 'long-names.heapsnapshot');
  const LINKS = 2000;
  const lastId = 5 + 2 * (LINKS - 1);
  before(() => writeChain(file, LINKS, 'L'.repeat(1 << 20), 'n'.repeat(1 << 20)));

  it('retainers --format json: names cut in every step and in the text', { timeout: 120_000 }, async () => {
    const run = await runCliProcess(['retainers', file, '--node-id', String(lastId), '--format', 'json']);
    assert.equal(run.code, 0, run.err.slice(0, 500));
    assert.ok(run.out.length < 1_000_000, `printed ${run.out.length} bytes`);
  });

  it('the join and the reports name the path by its ends, the cut said', { timeout: 120_000 }, async () => {
    const snapshot = await loadSnapshotFile(file);
    const path = rootPathOf(snapshot, snapshot.ordinalOfId(lastId));
    // The chain reads as one repeated run, each 1 MB property name cut to its first 1,000 characters.
    assert.ok(path.length < 10_000, `a path of ${path.length} characters`);
    assert.match(path, /^\(GC roots\) → .*head → .*n{1000}…/);
    assert.doesNotMatch(path, /n{1001}/);
  });

  it(
    "the explorer's worker: a path of 1,000 steps at most, its text a few MB at most",
    { timeout: 120_000 },
    async () => {
      const worker = createHeapWorker(undefined, { process: true });
      try {
        await worker.request('open', { path: file, snapshot: 'names' });
        // The page asks for more steps than the worker sends.
        const page = await worker.request('pathsToRoot', { snapshot: 'names', id: lastId, maxPaths: 1, maxSteps: 1e9 });
        const [path] = page.items;
        assert.equal(path.length, LINKS + 1);
        assert.equal(path.steps.length, 1000);
        assert.equal(path.omitted?.count, LINKS + 1 - 1000);
        assert.ok(path.text.length < 4_000_000, `text of ${path.text.length} characters`);
        assert.ok(path.steps.every((s) => s.node.className.length <= 1001 && String(s.edgeName ?? '').length <= 1001));
      } finally {
        await worker.terminate();
      }
    },
  );
});

describe('a class named by a 100 MB string', () => {
  const dir = tempDirForProcess('retainer-lens-bounded-');
  const file = join(dir, 'huge-name.heapsnapshot');
  const HUGE = 100 * 1024 * 1024;
  before(() => {
    const meta = {
      node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
      node_types: [
        ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic'],
      ],
      edge_fields: ['type', 'name_or_index', 'to_node'],
      edge_types: [['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak']],
      location_fields: ['object_index', 'script_id', 'line', 'column'],
    };
    writeFileSync(
      file,
      `{"snapshot":${JSON.stringify({ meta, node_count: 3, edge_count: 2 })},\n` +
        `"nodes":[9,0,1,0,1,0,0,9,1,3,0,1,0,0,3,2,5,100,0,0,0],\n"edges":[1,1,7,2,3,14],\n"locations":[],\n` +
        `"strings":["","(GC roots)","${'X'.repeat(HUGE)}","held"]}\n`,
    );
  });

  for (const [command, args] of [
    ['inspect', ['--format', 'json']],
    ['inspect', []],
    ['retainers', ['--node-id', '5', '--format', 'json']],
    ['retainers', ['--node-id', '5']],
  ] as const) {
    it(`${command} ${args.join(' ')}: the name cut, the cut said`, { timeout: 120_000 }, async () => {
      const run = await runCliProcess([command, file, ...args]);
      assert.equal(run.code, 0, run.err.slice(0, 500));
      assert.ok(run.out.length < 200_000, `printed ${run.out.length} bytes`);
      if ((args as readonly string[]).includes('json')) assert.match(run.out, /X… \(104,8\d\d,\d{3} more characters\)/);
      else assert.match(run.out, /XXX…/);
    });
  }
});

describe('a snapshot header nested deep', () => {
  it('is refused with one line before JSON.parse builds it', { timeout: 120_000 }, async () => {
    const dir = tempDirForProcess('retainer-lens-bounded-');
    const file = join(dir, 'deep-header.heapsnapshot');
    const depth = 4 * 1024 * 1024; // 8 MB of brackets, within the old 16 MB header cap
    writeFileSync(
      file,
      `{"snapshot":{"meta":{"node_fields":["type"]},"x":${'['.repeat(depth)}${']'.repeat(depth)}},"nodes":[],"edges":[],"strings":[]}`,
    );
    // A V8 heap of 128 MB: parsing the header as it is would need several times that.
    const run = await runCliProcess(['inspect', file], { nodeArgs: ['--max-old-space-size=128'] });
    assert.equal(run.code, 1, run.err.slice(0, 500));
    assert.equal(run.err.trim().split('\n').length, 1, run.err.slice(0, 500));
    assert.match(run.err, /the snapshot header (nests too deep|is too large)/);
  });
});

describe('JSON a snapshot leads to, nested deep', () => {
  const DEPTH = 4 * 1024 * 1024;
  const deep = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;

  it('a source map in the workspace: no map, the join goes on', { timeout: 120_000 }, async () => {
    const w = hostileWorkspace();
    writeFileSync(join(w.ws, 'deep.js'), 'module.exports = 1;\n//# sourceMappingURL=deep.js.map\n');
    writeFileSync(join(w.ws, 'deep.js.map'), `{"version":3,"sources":["a.js"],"mappings":"","x":${deep}}`);
    const snapshot = w.snapshotNaming(join(w.ws, 'deep.js'), 'deep-map');
    const run = await runCliProcess(['join', snapshot, '--source', w.ws, '--format', 'json'], {
      nodeArgs: ['--max-old-space-size=128'],
    });
    assert.equal(run.code, 0, run.err.slice(0, 500));
    const report = JSON.parse(run.out) as { files: { file: string; mapped: boolean }[] };
    assert.ok(
      report.files.some((f) => f.mapped && f.file === join(w.ws, 'deep.js')),
      'the script itself maps',
    );
    assert.match(run.err, /source map of .*deep\.js.*nested deeper than 64 levels/);
  });

  it('join --leaks: one line', { timeout: 120_000 }, async () => {
    const w = hostileWorkspace();
    const leaks = join(w.dir, 'deep-leaks.json');
    writeFileSync(leaks, `{"leaks":{"groups":{"items":${deep}}}}`);
    const snapshot = w.snapshotNaming(join(w.ws, 'app.js'), 'leaks-original');
    const run = await runCliProcess(['join', snapshot, '--source', w.ws, '--leaks', leaks], {
      nodeArgs: ['--max-old-space-size=128'],
    });
    assert.equal(run.code, 2, run.err.slice(0, 500));
    assert.equal(run.err.trim().split('\n').length, 1, run.err.slice(0, 500));
    assert.match(run.err, /--leaks .*JSON nested deeper than 64 levels/);
  });
});
