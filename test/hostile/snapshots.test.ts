// Snapshots that lie: each is rejected with one clear line, never loaded and rendered wrong. And the
// snapshots V8 really writes (7 and 6 node fields, shared ids among embedder nodes) still load.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { HeapSnapshotError } from '../../src/heap/errors';
import { loadSnapshotFile } from '../../src/heap/loader';
import { fixtureSnapshots } from '../heap/fixture';
import { loadText } from '../heap/helpers';
import { buildSnapshot, EDGE_TYPES, NODE_TYPES, type TestEdge, type TestNode } from '../heap/snapshotBuilder';
import { tempDirForProcess } from '../support/tempDir';

const nodes: TestNode[] = [
  { key: 'root', type: 'synthetic', name: '' },
  { key: 'gc', type: 'synthetic', name: '(GC roots)' },
  { key: 'A', size: 10 },
  { key: 'B', size: 20 },
  { key: 'C', type: 'native', name: 'Native', size: 30 },
];
const edges: TestEdge[] = [
  { from: 'root', to: 'gc', type: 'element', name: 1 },
  { from: 'gc', to: 'A', name: 'a' },
  { from: 'A', to: 'B', name: 'b' },
  { from: 'A', to: 'C', name: 'c' },
];
const good = buildSnapshot(nodes, edges);

/** The header object of a built snapshot, edited, put back. */
function withHeader(text: string, edit: (header: Record<string, unknown>) => void): string {
  const start = text.indexOf('{"meta"');
  const end = text.indexOf(',\n"nodes"');
  const header = JSON.parse(text.slice(start, end)) as Record<string, unknown>;
  edit(header);
  return text.slice(0, start) + JSON.stringify(header) + text.slice(end);
}

async function rejection(text: string): Promise<string> {
  const error = await loadText(text, 64).then(
    () => assert.fail('the snapshot loaded'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof HeapSnapshotError, `a HeapSnapshotError, not ${String(error)}`);
  assert.ok(!error.message.includes('\n') && error.message.length < 200, error.message);
  return error.message;
}

describe('snapshots that lie are rejected with one clear line', () => {
  const cases: [string, string, RegExp][] = [
    [
      'a negative root_index',
      withHeader(good, (h) => (h.root_index = -7)),
      /^corrupt heap snapshot: root_index -7 is not a node index$/,
    ],
    [
      'a root_index past the last node',
      withHeader(good, (h) => (h.root_index = 35)),
      /^corrupt heap snapshot: root_index 35 is not one of the 5 nodes$/,
    ],
    [
      'a root_index inside a node',
      withHeader(good, (h) => (h.root_index = 3)),
      /^corrupt heap snapshot: root_index 3 is not one of the 5 nodes$/,
    ],
    [
      'a second "snapshot" header (with other types and another root)',
      good.replace(
        '\n"nodes"',
        `\n"snapshot":${JSON.stringify({ ...JSON.parse(good.slice(12, good.indexOf(',\n"nodes"'))), root_index: 7 })},\n"nodes"`,
      ),
      /^corrupt heap snapshot: the top-level key "snapshot" appears twice$/,
    ],
    [
      'a second locations array',
      good.replace('"strings":', '"locations":[0,1,2,3],\n"strings":'),
      /^corrupt heap snapshot: the top-level key "locations" appears twice$/,
    ],
    [
      'two objects with one id',
      buildSnapshot(
        nodes.map((n) => (n.key === 'B' ? { ...n, id: 5 } : n)),
        edges,
      ),
      /^corrupt heap snapshot: two objects share the node id 5$/,
    ],
    [
      'a self size above 2^53',
      good.replace(
        '"nodes":[9,0,1,0,1,0,0,9,1,3,0,1,0,0,3,2,5,10,',
        '"nodes":[9,0,1,0,1,0,0,9,1,3,0,1,0,0,3,2,5,18014398509481984,',
      ),
      /^corrupt heap snapshot: node 2 has an impossible self size \(18014398509481984\)$/,
    ],
    [
      'a self size of 400 digits (Infinity)',
      good.replace(
        '"nodes":[9,0,1,0,1,0,0,9,1,3,0,1,0,0,3,2,5,10,',
        `"nodes":[9,0,1,0,1,0,0,9,1,3,0,1,0,0,3,2,5,${'9'.repeat(400)},`,
      ),
      /^corrupt heap snapshot: node 2 has an impossible self size \(Infinity\)$/,
    ],
    [
      'self sizes that add up past 2^53',
      buildSnapshot(
        nodes.map((n) => (n.key === 'A' || n.key === 'B' ? { ...n, size: 2 ** 52 + 2 ** 51 } : n)),
        edges,
      ),
      /^corrupt heap snapshot: the self sizes add up to more than 2\^53 bytes$/,
    ],
    [
      'negative extra_native_bytes',
      withHeader(good, (h) => (h.extra_native_bytes = -1048576)),
      /^corrupt heap snapshot: extra_native_bytes -1048576 is not a size in bytes$/,
    ],
    [
      'extra_native_bytes of 1e300',
      withHeader(good, (h) => (h.extra_native_bytes = 1e300)),
      /^corrupt heap snapshot: extra_native_bytes 1e\+300 is not a size in bytes$/,
    ],
    [
      '300 node types (a one-byte type column wraps at 256)',
      withHeader(good, (h) => {
        const meta = h.meta as { node_types: unknown[] };
        meta.node_types[0] = [...NODE_TYPES, ...Array.from({ length: 300 - NODE_TYPES.length }, (_, i) => `t${i}`)];
      }).replace('"nodes":[9,0,1,0,1,0,0,9,1,3,0,1,0,0,3,', '"nodes":[9,0,1,0,1,0,0,9,1,3,0,1,0,0,265,'),
      /^corrupt heap snapshot: snapshot\.meta lists 300 node types; there are at most 256$/,
    ],
    [
      '300 edge types',
      withHeader(good, (h) => {
        const meta = h.meta as { edge_types: unknown[] };
        meta.edge_types[0] = [...EDGE_TYPES, ...Array.from({ length: 300 - EDGE_TYPES.length }, (_, i) => `e${i}`)];
      }),
      /^corrupt heap snapshot: snapshot\.meta lists 301 edge types; there are at most 8$/,
    ],
    [
      'a node_count that lies',
      buildSnapshot(nodes, edges, { nodeCount: 9 }),
      /^corrupt heap snapshot: the header counts 9 nodes but the nodes array holds 5$/,
    ],
    [
      'an edge_count that lies',
      buildSnapshot(nodes, edges, { edgeCount: 3 }),
      /^corrupt heap snapshot: the header counts 3 edges but the edges array holds 4$/,
    ],
    [
      'a node_count that is not a count',
      withHeader(good, (h) => (h.node_count = -5)),
      /^corrupt heap snapshot: node_count -5 is not a count$/,
    ],
    [
      'a location naming no node',
      buildSnapshot(nodes, edges, { locations: [[40, 1, 2, 3]] }),
      /^corrupt heap snapshot: location 0 names object_index 280, which is not a node$/,
    ],
    [
      'a locations array that is not whole records',
      good.replace('"locations":[]', '"locations":[14,1,2]'),
      /^corrupt heap snapshot: the locations array is not a multiple of 4 fields \(3 values\)$/,
    ],
  ];
  for (const [name, text, expected] of cases) {
    it(name, async () => {
      assert.match(await rejection(text), expected);
    });
  }

  it('the CLI prints that one line and exits 1', async () => {
    const dir = tempDirForProcess('rl-hostile-snapshots-');
    const file = join(dir, 'negative-root.heapsnapshot');
    writeFileSync(
      file,
      withHeader(good, (h) => (h.root_index = -7)),
    );
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['inspect', file], { out: (t) => out.push(t), err: (t) => err.push(t), cwd: dir });
    assert.equal(code, 1);
    assert.deepEqual(out, []);
    assert.equal(err.length, 1);
    assert.match(err[0], /root_index -7 is not a node index/);
  });
});

describe('what V8 really writes still loads', () => {
  it('the unmodified test snapshot', async () => {
    const s = await loadText(good);
    assert.equal(s.nodeCount, 5);
    assert.equal(s.totalSize, 60);
  });

  it('embedder (native) nodes sharing an id: V8 derives theirs from C++ pointers', async () => {
    const text = buildSnapshot(
      [...nodes, { key: 'D', type: 'native', name: 'Native', size: 40, id: 9 }],
      [...edges, { from: 'A', to: 'D', name: 'd' }],
    );
    const s = await loadText(text);
    assert.deepEqual([s.graph.idOf(4), s.graph.idOf(5)], [9, 9]);
    assert.deepEqual([s.graph.nodeTypeName(4), s.graph.nodeTypeName(5)], ['native', 'native']);
    assert.equal(s.totalSize, 100);
  });

  it('a snapshot written by Node (7 node fields) and the same graph in the older 6-field layout', async () => {
    const { target } = fixtureSnapshots();
    const seven = await loadSnapshotFile(target);
    assert.equal(seven.graph.layout.nodeFieldCount, 7);
    const six = await loadText(toSixFields(readFileSync(target, 'utf8')), 1 << 16);
    assert.equal(six.graph.layout.nodeFieldCount, 6);
    assert.equal(six.nodeCount, seven.nodeCount);
    assert.equal(six.totalSize, seven.totalSize);
  });
});

/** Drops `detachedness` (the 7th node field, added in 2021) and renumbers to_node and object_index. */
function toSixFields(text: string): string {
  const json = JSON.parse(text) as {
    snapshot: { meta: { node_fields: string[]; node_types: unknown[]; edge_fields: string[] } };
    nodes: number[];
    edges: number[];
    locations: number[];
  };
  const meta = json.snapshot.meta;
  const drop = meta.node_fields.indexOf('detachedness');
  assert.equal(meta.node_fields.length, 7);
  assert.ok(drop >= 0);
  meta.node_fields.splice(drop, 1);
  meta.node_types.splice(drop, 1);
  json.nodes = json.nodes.filter((_, i) => i % 7 !== drop);
  const toNode = meta.edge_fields.indexOf('to_node');
  json.edges = json.edges.map((v, i) => (i % meta.edge_fields.length === toNode ? (v / 7) * 6 : v));
  json.locations = json.locations.map((v, i) => (i % 4 === 0 ? (v / 7) * 6 : v));
  return JSON.stringify(json);
}
