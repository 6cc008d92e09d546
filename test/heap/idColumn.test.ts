import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NodeIdColumn } from '../../src/heap/idColumn';

/** Every id and every id's first ordinal, read back from the column, as from the plain array. */
function assertSame(ids: number[]): NodeIdColumn {
  const column = NodeIdColumn.from(Uint32Array.from(ids));
  assert.deepEqual(
    ids.map((_, n) => column.get(n)),
    ids,
  );
  // Reading backwards and at random exercises the run cache from both sides.
  for (let n = ids.length - 1; n >= 0; n -= 7) assert.equal(column.get(n), ids[n]);
  for (const id of new Set(ids)) assert.equal(column.ordinalOf(id), ids.indexOf(id), `id ${id}`);
  for (const id of [0, 2, ids[ids.length - 1] + 1, ids[ids.length - 1] + 2, 2 ** 32 - 1])
    if (!ids.includes(id)) assert.equal(column.ordinalOf(id), -1, `absent id ${id}`);
  const copy = NodeIdColumn.fromParts(structuredClone(column.parts()));
  assert.deepEqual(
    ids.map((_, n) => copy.get(n)),
    ids,
  );
  return column;
}

const v8Like = (count: number, gaps: Map<number, number>): number[] => {
  const ids: number[] = [];
  let id = 1;
  for (let n = 0; n < count; n++) {
    id += gaps.get(n) ?? (n === 0 ? 0 : 2);
    ids.push(id);
  }
  return ids;
};

test('V8-like ids (step 2 with gaps and steps back) become a few runs, read back exactly', () => {
  const ids = v8Like(
    5000,
    new Map([
      [100, 128],
      [900, 2],
      [2000, -3001],
      [2001, 4],
      [4000, 1 << 20],
    ]),
  );
  const column = assertSame(ids);
  assert.ok(column.byteLength < 200, `compact: ${column.byteLength} bytes`);
  // A step back makes run ranges overlap in id space only when ids interleave; here they stay disjoint.
  assert.equal(column.ordinalOf(ids[2000]), 2000);
});

test('ascending runs (gaps only) are found by a binary search over the runs', () => {
  const ids = v8Like(
    3000,
    new Map([
      [10, 130],
      [20, 6],
      [2999, 1 << 24],
    ]),
  );
  assertSame(ids);
});

test('runs whose id ranges interleave, and embedder nodes sharing an id: the first ordinal wins', () => {
  const ids = [...v8Like(1000, new Map()), ...v8Like(1000, new Map([[0, 1]])), 9, 9, 9];
  const column = assertSame(ids);
  assert.equal(column.ordinalOf(9), 4);
});

test('ids in no pattern keep the plain column', () => {
  const ids = Array.from({ length: 3000 }, (_, n) => (n * 7919) % 3001);
  const column = assertSame(ids);
  assert.equal(column.byteLength, 4 * ids.length);
  assertSame([5, 3, 1]);
  assertSame([1]);
});
