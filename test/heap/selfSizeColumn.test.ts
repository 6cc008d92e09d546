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
