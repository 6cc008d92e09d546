import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SYSTEM_DISTANCE } from '../../src/heap/distances';
import type { HeapSnapshot } from '../../src/heap/snapshot';
import { chromeOracle, loadText } from './helpers';
import { buildSnapshot, type TestEdge, type TestNode } from './snapshotBuilder';

const root: TestNode = { key: 'root', type: 'synthetic', name: '' };
const gcRoots: TestNode = { key: '(GC roots)', type: 'synthetic' };

function byName(s: HeapSnapshot): Map<string, number> {
  const m = new Map<string, number>();
  for (let n = 0; n < s.nodeCount; n++) m.set(s.graph.nodeNameString(n) || 'root', n);
  return m;
}

/** Dominator names, retained sizes and distances by node name, for compact assertions. */
function summarize(s: HeapSnapshot) {
  const names = byName(s);
  const dom: Record<string, string> = {};
  const retained: Record<string, number> = {};
  const distance: Record<string, number | null> = {};
  for (const [name, n] of names) {
    dom[name] = s.graph.nodeNameString(s.dominator[n]) || 'root';
    retained[name] = s.retainedSize[n];
    distance[name] = s.distances.get(n) === -5 ? null : s.distances.get(n);
  }
  return { dom, retained, distance };
}

/** The same text through Chrome's own pipeline must give identical arrays. */
async function assertMatchesChrome(text: string, s: HeapSnapshot): Promise<void> {
  const chrome = await chromeOracle(text);
  assert.deepEqual(Array.from(s.retainedSize), Array.from(chrome.retainedSizes));
  assert.deepEqual(Array.from(s.dominator), Array.from(chrome.dominators));
  assert.deepEqual(Array.from(s.distances.toArray()), Array.from(chrome.distances));
}

const diamondNodes: TestNode[] = [
  root,
  gcRoots,
  { key: 'G', name: 'Window', size: 10 },
  { key: 'A', size: 100 },
  { key: 'B', size: 200 },
  { key: 'C', size: 50 },
  { key: 'D', size: 5 },
  { key: 'E', size: 1000 },
  { key: 'F', size: 7 },
];
const diamondEdges: TestEdge[] = [
  { from: 'root', to: 'G', type: 'shortcut', name: 'global' },
  { from: 'root', to: '(GC roots)', type: 'element', name: 1 },
  { from: 'G', to: 'A' },
  { from: 'G', to: 'B' },
  { from: 'A', to: 'C' },
  { from: 'B', to: 'C' },
  { from: 'C', to: 'D' },
  { from: 'A', to: 'A', name: 'self' },
  { from: 'B', to: 'E', type: 'weak', name: 'weakRef' },
  { from: 'G', to: 'F', type: 'shortcut', name: 'f' },
];

for (const fields of [7, 6] as const) {
  test(`diamond, self edge, weak-only and shortcut-only nodes (${fields}-field layout)`, async () => {
    const text = buildSnapshot(diamondNodes, diamondEdges, { fields });
    const s = await loadText(text);
    const { dom, retained, distance } = summarize(s);
    assert.deepEqual(dom, {
      root: 'root',
      '(GC roots)': 'root',
      Window: 'root',
      A: 'Window',
      B: 'Window',
      C: 'Window',
      D: 'C',
      E: 'root',
      F: 'root',
    });
    assert.deepEqual(retained, {
      root: 1372,
      '(GC roots)': 0,
      Window: 365,
      A: 100,
      B: 200,
      C: 55,
      D: 5,
      E: 1000,
      F: 7,
    });
    assert.deepEqual(distance, {
      root: SYSTEM_DISTANCE,
      '(GC roots)': SYSTEM_DISTANCE + 1,
      Window: 1,
      A: 2,
      B: 2,
      C: 3,
      D: 4,
      E: null,
      F: 2,
    });
    assert.equal(s.totalSize, 1372);
    await assertMatchesChrome(text, s);
  });
}

test('cycles: a loop below a node is dominated through its entry', async () => {
  const text = buildSnapshot(
    [root, { key: 'G', size: 1 }, { key: 'X', size: 1 }, { key: 'Y', size: 2 }, { key: 'Z', size: 4 }],
    [
      { from: 'root', to: 'G', type: 'shortcut' },
      { from: 'G', to: 'X' },
      { from: 'X', to: 'Y' },
      { from: 'Y', to: 'X' },
      { from: 'Y', to: 'Z' },
    ],
  );
  const s = await loadText(text);
  const { dom, retained } = summarize(s);
  assert.deepEqual(dom, { root: 'root', G: 'root', X: 'G', Y: 'X', Z: 'Y' });
  assert.deepEqual(retained, { root: 8, G: 8, X: 7, Y: 6, Z: 4 });
  await assertMatchesChrome(text, s);
});

// W's only essential holder, A299, is its DFS parent, and its edge comes last in W's retainer list (over 255 bytes
// long: the weak edges count there too): the dominator pass must find that edge again (dominators.ts).
test('a DFS parent at the end of a retainer list of more than 255 bytes', async () => {
  const holders: TestNode[] = Array.from({ length: 300 }, (_, k) => ({ key: `A${k}`, size: 1 }));
  const edges: TestEdge[] = [];
  for (let k = 299; k >= 0; k--) edges.push({ from: 'root', to: `A${k}`, type: 'shortcut', name: `a${k}` });
  for (let k = 0; k < 300; k++) edges.push({ from: `A${k}`, to: 'W', type: k < 299 ? 'weak' : 'property', name: 'w' });
  const text = buildSnapshot([root, ...holders, { key: 'W', size: 10 }], edges);
  const s = await loadText(text);
  const { dom, retained } = summarize(s);
  assert.equal(dom.W, 'A299');
  assert.equal(retained.A299, 11);
  await assertMatchesChrome(text, s);
});

// Chrome visits leftover cliques one node at a time with no DFS tree among them, so even R (held only by Q)
// ends up under the root: a quirk we keep, because users compare our numbers with Chrome's.
test('unreachable clique: each member hangs under the root with only its own size', async () => {
  const text = buildSnapshot(
    [root, { key: 'G', size: 1 }, { key: 'P', size: 3 }, { key: 'Q', size: 5 }, { key: 'R', size: 11 }],
    [
      { from: 'root', to: 'G', type: 'shortcut' },
      { from: 'P', to: 'Q' },
      { from: 'Q', to: 'P' },
      { from: 'Q', to: 'R' },
    ],
  );
  const s = await loadText(text);
  const { dom, retained, distance } = summarize(s);
  assert.deepEqual(dom, { root: 'root', G: 'root', P: 'root', Q: 'root', R: 'root' });
  assert.deepEqual(retained, { root: 20, G: 1, P: 3, Q: 5, R: 11 });
  assert.deepEqual(distance, { root: SYSTEM_DISTANCE, G: 1, P: null, Q: null, R: null });
  assert.equal(s.reachableCount, 2);
  await assertMatchesChrome(text, s);
});

test('WeakMap ephemerons: the value is held by its key, not the table; distance is the later of the two', async () => {
  const pair = ' / part of key (Object @9) -> value (Object @11) pair in WeakMap (table @7)';
  const text = buildSnapshot(
    [
      root,
      { key: 'G', size: 1 },
      { key: 'WM', name: 'WeakMap', size: 2, id: 5 },
      { key: 'T', type: 'array', name: 'system / EphemeronHashTable', size: 4, id: 7 },
      { key: 'K', name: 'Key', size: 8, id: 9 },
      { key: 'V', name: 'Value', size: 16, id: 11 },
    ],
    [
      { from: 'root', to: 'G', type: 'shortcut' },
      { from: 'G', to: 'WM', name: 'wm' },
      { from: 'G', to: 'K', name: 'key' },
      { from: 'WM', to: 'T', type: 'internal', name: 'table' },
      { from: 'T', to: 'V', type: 'internal', name: '3' + pair },
      { from: 'K', to: 'V', type: 'internal', name: '2' + pair },
    ],
  );
  const s = await loadText(text);
  const { dom, retained, distance } = summarize(s);
  assert.equal(dom.Value, 'Key');
  assert.equal(retained.Key, 24);
  // The table (an array owned by the WeakMap alone) has its size folded into the WeakMap, as Chrome does.
  assert.equal(retained.WeakMap, 6);
  assert.equal(s.graph.selfSizeOf(byName(s).get('system / EphemeronHashTable')!), 0);
  assert.deepEqual(
    {
      G: distance.G,
      WM: distance.WeakMap,
      K: distance.Key,
      T: distance['system / EphemeronHashTable'],
      V: distance.Value,
    },
    { G: 1, WM: 2, K: 2, T: 3, V: 4 },
  );
  await assertMatchesChrome(text, s);
});

test('edges from objects the page does not own into page objects do not count for dominators', async () => {
  const text = buildSnapshot(
    [
      root,
      gcRoots,
      { key: 'G', size: 1 },
      { key: 'H', type: 'hidden', name: 'handle', size: 2 },
      { key: 'A', size: 4 },
    ],
    [
      { from: 'root', to: 'G', type: 'shortcut' },
      { from: 'root', to: '(GC roots)', type: 'element', name: 1 },
      { from: '(GC roots)', to: 'H', type: 'element', name: 1 },
      { from: 'H', to: 'A', type: 'internal', name: 'x' },
      { from: 'G', to: 'A' },
    ],
  );
  const s = await loadText(text);
  const { dom } = summarize(s);
  assert.equal(dom.A, 'G');
  await assertMatchesChrome(text, s);
});

test('without user roots (expose-internals snapshots) shallow sizes are kept raw and distances start at 0', async () => {
  const text = buildSnapshot(
    [root, gcRoots, { key: 'O', size: 3 }, { key: 'Arr', type: 'array', size: 40 }],
    [
      { from: 'root', to: '(GC roots)', type: 'element', name: 1 },
      { from: '(GC roots)', to: 'O', type: 'element', name: 1 },
      { from: 'O', to: 'Arr', type: 'internal', name: 'elements' },
    ],
  );
  const s = await loadText(text);
  const { retained, distance } = summarize(s);
  assert.deepEqual(retained, { root: 43, '(GC roots)': 43, O: 43, Arr: 40 });
  assert.deepEqual(distance, { root: 0, '(GC roots)': 1, O: 2, Arr: 3 });
  await assertMatchesChrome(text, s);
});

test('rawShallowSizes keeps V8 sizes where Chrome folds owned arrays into their owner', async () => {
  const nodes: TestNode[] = [
    root,
    { key: 'G', size: 1 },
    { key: 'O', size: 3 },
    { key: 'Arr', type: 'array', size: 40 },
  ];
  const edges: TestEdge[] = [
    { from: 'root', to: 'G', type: 'shortcut' },
    { from: 'G', to: 'O' },
    { from: 'O', to: 'Arr', type: 'internal', name: 'elements' },
  ];
  const folded = await loadText(buildSnapshot(nodes, edges));
  const raw = await loadText(buildSnapshot(nodes, edges), 7, { rawShallowSizes: true });
  const o = byName(folded).get('O')!;
  const arr = byName(folded).get('Arr')!;
  assert.deepEqual([folded.graph.selfSizeOf(o), folded.graph.selfSizeOf(arr)], [43, 0]);
  assert.deepEqual([raw.graph.selfSizeOf(o), raw.graph.selfSizeOf(arr)], [3, 40]);
  assert.equal(folded.retainedSize[o], 43);
  assert.equal(raw.retainedSize[o], 43);
});

// Chrome's distance filter (distances.ts): a NativeContext's sloppy_function_map edge and every third element of
// a (map descriptors) array from index 2 on are not followed. The names are found by their text, also when the
// file spells them with escapes.
for (const escaped of [false, true]) {
  test(`distances skip the filtered edges, as Chrome does (names ${escaped ? 'with' : 'without'} escapes)`, async () => {
    const nodes: TestNode[] = [
      root,
      gcRoots,
      { key: 'G', name: 'Window', size: 10 },
      { key: 'NC', type: 'hidden', name: 'system / NativeContext', size: 10 },
      { key: 'M', type: 'hidden', size: 10 },
      { key: 'X', size: 10 },
      { key: 'Y', size: 10 },
      { key: 'DA', type: 'array', name: '(map descriptors)', size: 10 },
      ...[0, 1, 2, 3, 4].map((i): TestNode => ({ key: `D${i}`, size: 10 })),
      { key: 'Z', size: 10 },
      { key: 'Z2', size: 10 },
    ];
    const edges: TestEdge[] = [
      { from: 'root', to: 'G', type: 'shortcut', name: 'global' },
      { from: 'root', to: '(GC roots)', type: 'element', name: 1 },
      { from: 'G', to: 'NC', name: 'ctx' },
      { from: 'NC', to: 'M', type: 'internal', name: 'sloppy_function_map' },
      { from: 'NC', to: 'X', name: 'other' },
      { from: 'X', to: 'Y' },
      { from: 'Y', to: 'M' },
      { from: 'G', to: 'DA', name: 'descs' },
      ...[0, 1, 2, 3, 4].map((i): TestEdge => ({ from: 'DA', to: `D${i}`, type: 'element', name: i })),
      { from: 'G', to: 'Z' },
      { from: 'Z', to: 'Z2' },
      { from: 'Z2', to: 'D4' },
    ];
    let text = buildSnapshot(nodes, edges);
    if (escaped) {
      for (const [plain, spelled] of [
        ['sloppy_function_map', 'sloppy\\u005ffunction_map'],
        ['system / NativeContext', 'system \\/ NativeContext'],
        ['(map descriptors)', '\\u0028map descriptors)'],
      ]) {
        assert.ok(text.includes(`"${plain}"`));
        text = text.replace(`"${plain}"`, `"${spelled}"`);
      }
    }
    const s = await loadText(text);
    const { distance } = summarize(s);
    // M only through X and Y; D4 only through Z and Z2 (index 4 is filtered, 1 is not: under 2).
    assert.equal(distance.M, 5);
    assert.equal(distance.D1, 3);
    assert.equal(distance.D4, 4);
    await assertMatchesChrome(text, s);
  });
}

test('more classes than a byte numbers: the class column widens, and every class stays Chrome’s', async () => {
  const nodes: TestNode[] = [root, gcRoots, { key: 'G', name: 'Window', size: 10 }];
  const edges: TestEdge[] = [
    { from: 'root', to: 'G', type: 'shortcut', name: 'global' },
    { from: 'root', to: '(GC roots)', type: 'element', name: 1 },
  ];
  // Each class twice, the second instances after the 256th class is named.
  for (const round of [0, 1])
    for (let i = 0; i < 300; i++) {
      nodes.push({ key: `c${i}.${round}`, name: `Class${i}`, size: 4 + round });
      edges.push({ from: 'G', to: `c${i}.${round}`, name: `p${i}.${round}` });
    }
  const text = buildSnapshot(nodes, edges);
  const s = await loadText(text);
  const chrome = await chromeOracle(text);
  assert.ok(s.classes.names.length > 256);
  assert.ok(s.classes.classOf.BYTES_PER_ELEMENT > 1, 'widened');
  for (let n = 0; n < s.nodeCount; n++) assert.equal(s.className(n), chrome.className(n), `node ${n}`);
  assert.equal(s.classes.count[s.classes.names.indexOf('Class299')], 2);
});
