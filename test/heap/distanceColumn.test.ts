import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DistanceColumn, NO_DISTANCE, SYSTEM_DISTANCE } from '../../src/heap/distanceColumn';

test('distances read back exactly, across every boundary of the 2-byte codes', () => {
  const values = [
    0,
    1,
    0x7fff, // the last user distance stored as is
    0x8000, // past it: kept in the map
    70_000,
    SYSTEM_DISTANCE - 1,
    SYSTEM_DISTANCE,
    SYSTEM_DISTANCE + 1,
    SYSTEM_DISTANCE + 0x7ffd, // the last system distance with a code
    SYSTEM_DISTANCE + 0x7ffe, // the first in the map
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
  assert.equal(column.byteLength, 2 * (values.length + 1) + 16 * 4);
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
