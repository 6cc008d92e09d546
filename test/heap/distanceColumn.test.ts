import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DistanceColumn, NO_DISTANCE, SYSTEM_DISTANCE } from '../../src/heap/distanceColumn';

test('distances read back exactly, across every boundary of the 1-byte codes', () => {
  const values = [
    0,
    1,
    0x7f, // the last user distance stored as is
    0x80, // past it: kept in the map
    70_000,
    SYSTEM_DISTANCE - 1,
    SYSTEM_DISTANCE,
    SYSTEM_DISTANCE + 1,
    SYSTEM_DISTANCE + 0x7d, // the last system distance with a code
    SYSTEM_DISTANCE + 0x7e, // the first in the map
    SYSTEM_DISTANCE + 1_000_000,
    NO_DISTANCE,
  ];
  const column = new DistanceColumn(values.length + 1);
  values.forEach((d, n) => column.set(n, d));
  assert.deepEqual(
    values.map((_, n) => column.get(n)),
    values,
  );
  assert.equal(column.get(values.length), NO_DISTANCE, 'unset reads as no distance');
  assert.equal(column.isSet(values.length), false);
  assert.deepEqual(Array.from(column.toArray()), [...values, NO_DISTANCE]);
  // A wide value overwritten by a coded one leaves nothing behind in the map.
  column.set(3, 5);
  assert.equal(column.get(3), 5);
  assert.equal(column.byteLength, values.length + 1 + 16 * 4);
  assert.ok(column.values instanceof Uint8Array);
});

test('many distances past the 1-byte codes widen them to 2 bytes, with every value kept', () => {
  const length = 100_000;
  const column = new DistanceColumn(length);
  const expected = (n: number): number =>
    n % 3 === 0 ? n % 0x7f : n % 3 === 1 ? 0x80 + (n % 1000) : SYSTEM_DISTANCE + (n % 0x7000);
  for (let n = 0; n < length; n++) column.set(n, expected(n));
  assert.ok(column.values instanceof Uint16Array);
  for (let n = 0; n < length; n++) assert.equal(column.get(n), expected(n));
  assert.equal(column.byteLength, 2 * length);
});

test('a long chain (many distances past the codes) widens the column to 4 bytes, still exact', () => {
  const length = 200_000;
  const column = new DistanceColumn(length);
  for (let n = 0; n < length; n++) column.set(n, n);
  for (let n = 0; n < length; n += 997) assert.equal(column.get(n), n);
  assert.equal(column.get(length - 1), length - 1);
  assert.equal(column.byteLength, 4 * length);
  assert.ok(column.values instanceof Int32Array);
});
