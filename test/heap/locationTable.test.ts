import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocationTable, LocationTableBuilder } from '../../src/heap/locationTable';

test('records read back exactly, in order and one by one, across blocks and with any values below 2^32', () => {
  const fields = 4;
  const values: number[] = [];
  for (let r = 0; r < 100; r++)
    values.push(r * 7, r % 3 === 0 ? 2 ** 32 - 1 : 5, (r * 7919) % 100_000, r === 50 ? 0 : 2 ** 31 + r);
  const table = LocationTable.from(Uint32Array.from(values), fields);
  assert.equal(table.count, 100);
  const seen: number[] = [];
  table.forEach((i, v) => {
    assert.equal(i, seen.length / fields);
    seen.push(...v);
  });
  assert.deepEqual(seen, values);
  for (const r of [99, 0, 15, 16, 17, 63, 64, 50])
    assert.deepEqual(Array.from(table.read(r)), values.slice(r * fields, r * fields + fields), `record ${r}`);
  assert.ok(table.byteLength < values.length * 4);
});

test('no fields or no records: an empty table', () => {
  assert.equal(LocationTable.from(new Uint32Array(0), 0).count, 0);
  const empty = LocationTable.from(new Uint32Array(0), 4);
  let visits = 0;
  empty.forEach(() => visits++);
  assert.equal(visits, 0);
});

test('built value by value as the file is read: the same table as from the flat values, across chunks', () => {
  const fields = 4;
  const values: number[] = [];
  // Enough records for several of the builder's 1 MB chunks (most take 8 to 16 bytes here).
  for (let r = 0; r < 200_000; r++)
    values.push(r * 7 * 4, r % 3 === 0 ? 2 ** 32 - 1 : 5, (r * 7919) % 100_000, r % 1000 === 0 ? 0 : 2 ** 31 + r);
  const flat = LocationTable.from(Uint32Array.from(values), fields);
  const builder = new LocationTableBuilder(fields, 0, 4);
  for (const v of values) builder.push(v);
  // A last record left incomplete is dropped, as the flat values' table drops it.
  builder.push(12);
  const built = builder.finish();
  assert.equal(built.count, flat.count);
  assert.equal(built.byteLength, flat.byteLength);
  for (const r of [0, 1, 15, 16, 99_999, 131_071, 131_072, 199_999])
    assert.deepEqual(Array.from(built.read(r)), Array.from(flat.read(r)), `record ${r}`);
  const all: number[] = [];
  built.forEach((_, v) => all.push(...v));
  assert.deepEqual(all, values);
  // What the checks need (validate.ts): every value read, the largest object index, whether one is misaligned.
  assert.deepEqual(built.loaded, { values: values.length + 1, maxObjectIndex: 199_999 * 28, misaligned: false });
  const odd = new LocationTableBuilder(fields, 0, 4);
  for (const v of [8, 1, 1, 1, 6, 1, 1, 1]) odd.push(v);
  assert.equal(odd.finish().loaded?.misaligned, true);
  const none = new LocationTableBuilder(0, -1, 4);
  none.push(1);
  assert.equal(none.finish().count, 0);
});
