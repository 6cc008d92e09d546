// Random graphs against Chrome's own pipeline, and truncated, mutated and hostile files: each must give a
// clear HeapSnapshotError or a valid result — never a hang, a crash or another exception.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HeapSnapshotError } from '../../src/heap/errors';
import { pathsToRoot } from '../../src/heap/paths';
import type { HeapSnapshot } from '../../src/heap/snapshot';
import { classSummary } from '../../src/heap/summary';
import { chromeOracle, loadText } from './helpers';
import { buildSnapshot, type TestEdge, type TestNode } from './snapshotBuilder';

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomGraph(seed: number, size: number): string {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const types = ['object', 'object', 'object', 'closure', 'array', 'hidden', 'string', 'native', 'code'];
  const nodes: TestNode[] = [
    { key: 'root', type: 'synthetic', name: '' },
    { key: 'gc', type: 'synthetic', name: '(GC roots)' },
  ];
  for (let i = 0; i < size; i++)
    nodes.push({
      key: `n${i}`,
      type: pick(types),
      name: pick(['A', 'B', 'Object', 'system / Context', `s${i}`]),
      size: Math.floor(r() * 100),
    });
  const edges: TestEdge[] = [
    { from: 'root', to: 'gc', type: 'element', name: 1 },
    { from: 'root', to: 'n0', type: 'shortcut', name: 'global' },
  ];
  const edgeTypes = ['property', 'property', 'element', 'internal', 'context', 'hidden', 'weak', 'shortcut'];
  for (let i = 0; i < size * 2; i++) {
    const type = pick(edgeTypes);
    edges.push({
      from: i < 4 ? 'gc' : `n${Math.floor(r() * size)}`,
      to: `n${Math.floor(r() * size)}`,
      type,
      name: type === 'element' || type === 'hidden' ? i : `p${i % 7}`,
    });
  }
  return buildSnapshot(nodes, edges);
}

function checkInvariants(s: HeapSnapshot): void {
  let sum = 0;
  for (let n = 0; n < s.nodeCount; n++) {
    sum += s.graph.selfSizeOf(n);
    assert.ok(s.retainedSize[n] >= s.graph.selfSizeOf(n));
    assert.ok(s.dominator[n] < s.nodeCount);
  }
  assert.equal(s.retainedSize[s.graph.rootOrdinal], sum); // everything hangs under the root, reachable or not
  classSummary(s, { limit: 5 });
  pathsToRoot(s, { ordinal: s.nodeCount - 1 });
}

test("random graphs: retained sizes, dominators and distances equal Chrome DevTools' pipeline", async () => {
  for (let seed = 1; seed <= 40; seed++) {
    const text = randomGraph(seed, 5 + (seed % 4) * 15);
    const ours = await loadText(text, 13);
    const chrome = await chromeOracle(text);
    assert.deepEqual(Array.from(ours.retainedSize), Array.from(chrome.retainedSizes), `seed ${seed}`);
    assert.deepEqual(Array.from(ours.dominator), Array.from(chrome.dominators), `seed ${seed}`);
    assert.deepEqual(Array.from(ours.distances.toArray()), Array.from(chrome.distances), `seed ${seed}`);
    checkInvariants(ours);
  }
});

// The eval forest's ancestors and the DFS numbers are split into 16 low bits and the high ones (dominators.ts).
// A chain of 70,000 objects comes first, so every vertex of the random part after it is numbered past 2^16: a lost
// or misplaced high part changes its dominators.
test("a random graph numbered past 2^16: dominators and retained sizes equal Chrome DevTools' pipeline", async () => {
  const r = rng(11);
  const chain = 70_000;
  const tail = 6_000;
  const nodes: TestNode[] = [{ key: 'root', type: 'synthetic', name: '' }];
  const edges: TestEdge[] = [{ from: 'root', to: 'c0', type: 'shortcut', name: 'global' }];
  for (let i = 0; i < chain; i++) {
    nodes.push({ key: `c${i}`, name: 'Link', size: 1 });
    if (i > 0) edges.push({ from: `c${i - 1}`, to: `c${i}`, name: 'next' });
  }
  for (let i = 0; i < tail; i++) nodes.push({ key: `t${i}`, name: `T${i % 5}`, size: 1 + Math.floor(r() * 50) });
  edges.push({ from: `c${chain - 1}`, to: 't0', name: 'tail' });
  for (let i = 0; i < tail * 3; i++) {
    const from = `t${Math.floor(r() * tail)}`;
    edges.push({ from, to: `t${Math.floor(r() * tail)}`, name: `p${i % 9}` });
  }
  const text = buildSnapshot(nodes, edges);
  const ours = await loadText(text, 1 << 16);
  const chrome = await chromeOracle(text);
  let notParent = 0;
  for (let i = 1; i < tail; i++) if (ours.dominator[1 + chain + i] !== chain + 1) notParent++;
  assert.ok(notParent > 100, `${notParent} tail objects dominated below the tail's head`);
  assert.deepEqual(Array.from(ours.retainedSize), Array.from(chrome.retainedSizes));
  assert.deepEqual(Array.from(ours.dominator), Array.from(chrome.dominators));
});

async function outcome(text: string | Buffer): Promise<'ok' | 'error'> {
  try {
    const s = await loadText(typeof text === 'string' ? text : text.toString('latin1'), 5);
    checkInvariants(s);
    return 'ok';
  } catch (error) {
    if (error instanceof HeapSnapshotError) {
      assert.ok(!error.message.includes('\n') && error.message.length < 300, error.message);
      return 'error';
    }
    throw error;
  }
}

test('every truncation is a clear error naming where the file ended', async () => {
  const text = randomGraph(7, 8);
  for (let cut = 0; cut < text.trimEnd().length; cut++) {
    await assert.rejects(
      loadText(text.slice(0, cut)),
      (e: Error) =>
        e instanceof HeapSnapshotError &&
        (/truncated heap snapshot: ended inside .* at byte \d+$/.test(e.message) ||
          /^not a V8 heap snapshot/.test(e.message)),
      `cut at ${cut}`,
    );
  }
  await assert.rejects(
    loadText(text.slice(0, text.indexOf('"edges"') + 20)),
    /truncated heap snapshot: ended inside the edges array at byte \d+/,
  );
});

test('random byte mutations give an error or a valid result', async () => {
  const base = Buffer.from(randomGraph(11, 20), 'latin1');
  const r = rng(99);
  const alphabet = Buffer.from('0123456789,[]{}":9\\ x-');
  let errors = 0;
  for (let round = 0; round < 600; round++) {
    const mutated = Buffer.from(base);
    const flips = 1 + Math.floor(r() * 3);
    for (let k = 0; k < flips; k++)
      mutated[Math.floor(r() * mutated.length)] = alphabet[Math.floor(r() * alphabet.length)];
    if ((await outcome(mutated)) === 'error') errors++;
  }
  assert.ok(errors > 50, `${errors} mutations were rejected`);
});

test('hostile headers and indices', async () => {
  const nodes: TestNode[] = [
    { key: 'root', type: 'synthetic', name: '' },
    { key: 'A', size: 5 },
  ];
  const edges: TestEdge[] = [{ from: 'root', to: 'A', type: 'shortcut' }];
  // A header claiming 2^31 nodes must not make us allocate for them; the lie is then one clear error.
  await assert.rejects(
    loadText(buildSnapshot(nodes, edges, { nodeCount: 2 ** 31 - 1, edgeCount: 2 ** 31 - 1 })),
    (e: Error) =>
      e instanceof HeapSnapshotError &&
      e.message === 'corrupt heap snapshot: the header counts 2147483647 nodes but the nodes array holds 2',
  );
  const good = buildSnapshot(nodes, edges);
  const cases: [string, RegExp][] = [
    [good.replace('"edges":[5,', '"edges":[99,'), /edge type index 99 out of range/],
    [good.replace(/"edges":\[5,(\d+),7\]/, '"edges":[5,$1,700]'), /edge 0 points to node 100 of 2/],
    [good.replace(/"edges":\[5,(\d+),7\]/, '"edges":[5,$1,8]'), /to_node 8 is not a multiple of 7/],
    [good.replace(/"edges":\[5,\d+,/, '"edges":[5,12345,'), /edge 0 names string 12345/],
    [good.replace('"nodes":[9,', '"nodes":[99,'), /node type index 99 out of range/],
    [good.replace('"nodes":[9,0,1,0,1,', '"nodes":[9,0,1,0,7,'), /nodes declare more than .* edges/],
    [good.replace('"nodes":[9,0,1,0,1,0,0,', '"nodes":[9,0,1,0,1,0,'), /nodes array is not a multiple of 7/],
    [good.replace('"nodes":[9,', '"nodes":[99999999999999999999,'), /out of range/],
    [
      good.replace('"node_fields":["type",', '"node_fields":["kind",'),
      /unknown node field layout: \[kind, .*\] lacks type/,
    ],
    [good.replace('"meta":', '"mesa":'), /not a V8 heap snapshot: missing snapshot.meta/],
    ['[1,2,3]', /not a V8 heap snapshot: starts with '\['/],
    ['', /truncated heap snapshot: ended inside the top-level object \(no data\) at byte 0/],
    [good.replace('"strings":', '"strungs":'), /missing the strings array/],
    [good + 'x', /data after the end/],
  ];
  for (const [text, expected] of cases)
    await assert.rejects(
      loadText(text),
      (e: Error) => e instanceof HeapSnapshotError && expected.test(e.message),
      String(expected),
    );
});

test('a long linked list (deep paths, deep dominator tree) does not overflow the stack', async () => {
  const count = 50_000;
  const nodes: TestNode[] = [{ key: 'root', type: 'synthetic', name: '' }];
  const edges: TestEdge[] = [{ from: 'root', to: 'n0', type: 'shortcut' }];
  for (let i = 0; i < count; i++) {
    nodes.push({ key: `n${i}`, name: 'Link', size: 1 });
    if (i > 0) edges.push({ from: `n${i - 1}`, to: `n${i}`, name: 'next' });
  }
  const s = await loadText(buildSnapshot(nodes, edges), 4096);
  assert.equal(s.retainedSize[1], count);
  const path = pathsToRoot(s, { ordinal: count, maxPaths: 1, maxSteps: Infinity }).items[0];
  assert.equal(path.steps.length, count);
  // By default a path keeps its two ends (1,000 steps) and says how many it left out.
  const cut = pathsToRoot(s, { ordinal: count, maxPaths: 1 }).items[0];
  assert.deepEqual([cut.length, cut.steps.length, cut.omitted?.count], [count, 1000, count - 1000]);
  assert.equal(cut.steps[cut.steps.length - 1].node.ordinal, count);
});
