import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocationTable } from '../../src/heap/locationTable';

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
