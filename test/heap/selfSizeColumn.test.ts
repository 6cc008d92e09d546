import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SelfSizeColumn } from '../../src/heap/selfSizeColumn';

test('shallow sizes read back exactly after compaction, large ones from the map, and can be rewritten', () => {
  const sizes = [0, 1, 0xfffe, 0xffff, 0x10000, 2 ** 32 - 1, 12, 40];
  const loaded = new Uint32Array(4096);
  loaded.set(sizes);
  const column = new SelfSizeColumn(loaded);
  assert.equal(column.compact(), loaded, 'the loaded column is handed back, dead');
  assert.deepEqual(
    sizes.map((_, n) => column.get(n)),
    sizes,
  );
  assert.equal(column.get(4095), 0);
  assert.ok(column.values instanceof Uint16Array);
  assert.equal(column.byteLength, 2 * 4096 + 16 * 3);
  // The owner fold moves sizes around after compaction: across the 64 kB line both ways.
  column.set(6, 12 + 0xffff);
  column.set(4, 0);
  column.set(7, 40);
  assert.deepEqual([column.get(4), column.get(6), column.get(7)], [0, 12 + 0xffff, 40]);
  assert.equal(column.byteLength, 2 * 4096 + 16 * 3);
  assert.equal(column.wide, false);
});

test('a heap of mostly large objects keeps the loaded column; so many large sizes later widen it again', () => {
  const loaded = new Float64Array(2048).fill(2 ** 33);
  const column = new SelfSizeColumn(loaded);
  assert.equal(column.compact(), undefined);
  assert.equal(column.values, loaded);
  assert.equal(column.get(7), 2 ** 33);
  assert.equal(column.wide, true);

  const small = new SelfSizeColumn(new Uint32Array(40_000));
  small.compact();
  for (let n = 0; n < 40_000; n += 2) small.set(n, 100_000 + n);
  assert.ok(small.values instanceof Uint32Array, 'widened back to 4 bytes');
  for (let n = 0; n < 40_000; n += 1000) assert.equal(small.get(n), 100_000 + n);
  assert.equal(small.get(1), 0);
});

test("compact from the start (the decode threads' codes): large sizes from their pairs, many of them a plain column", () => {
  const codes = new Uint16Array(4096);
  codes.set([5, 0xfffe, 0xffff, 0xffff]);
  const column = SelfSizeColumn.fromCodes(codes, [2, 0xffff, 3, 2 ** 32 - 1], true);
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((n) => column.get(n)),
    [5, 0xfffe, 0xffff, 2 ** 32 - 1, 0],
  );
  assert.equal(column.values, codes);
  assert.equal(column.compact(), undefined, 'no loaded column to hand back');
  assert.equal(column.wide, true);
  // More than one node in 32 (and 1024) at 64 kB or more: plain again, as `compact` would have kept it.
  const many = new Uint16Array(64_000).fill(0xffff, 0, 3000);
  const pairs = Array.from({ length: 3000 }, (_, n) => [n, 70_000 + n]).flat();
  const plain = SelfSizeColumn.fromCodes(many, pairs, false);
  assert.ok(plain.values instanceof Uint32Array);
  assert.deepEqual([plain.get(0), plain.get(2999), plain.get(3000)], [70_000, 72_999, 0]);
});
