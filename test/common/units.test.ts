import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { exactBytes, formatBytes, formatCount, formatSigned } from '../../src/common/units';
import { table } from '../../src/cli/format';
import { confirmationMessage } from '../../src/join/confirm';

// Six byte counts and the one text each prints as, everywhere: Chrome DevTools' decimal units.
const PINNED: [number, string][] = [
  [0, '0 B'],
  [999, '999 B'],
  [1000, '1.00 kB'],
  [65_536, '65.5 kB'],
  [1_048_576, '1.05 MB'],
  [10_000_000, '10.0 MB'],
];

test('one formatter: six byte counts pinned to the text users compare with DevTools', () => {
  for (const [bytes, text] of PINNED) assert.equal(formatBytes(bytes), text);
  assert.equal(formatBytes(-1500), '−1.50 kB');
  assert.equal(formatBytes(2.5e12), '2.50 TB');
  assert.equal(formatBytes(Number.NaN), '–');
  assert.equal(formatSigned(1500, formatBytes), '+1.50 kB');
  assert.equal(formatSigned(-1500, formatBytes), '−1.50 kB');
  assert.equal(formatSigned(0), '0');
  assert.equal(formatCount(1203), '1,203');
  assert.equal(exactBytes(1_048_576), '1,048,576 bytes');
});

test('the CLI table and a confirmed diagnostic print the same text for the same bytes', () => {
  for (const [bytes, text] of PINNED) {
    assert.match(table(['retained'], [[formatBytes(bytes)]]), new RegExp(`${text.replace('.', '\\.')}$`));
    const finding = {
      rule: 'interval-not-cleared',
      range: { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } },
    } as Parameters<typeof confirmationMessage>[1];
    const confirmation = { count: 2, unit: 'closures', retainedSize: bytes } as Parameters<
      typeof confirmationMessage
    >[2];
    const message = confirmationMessage('/w/a.js', finding, confirmation, '/w');
    assert.ok(message.includes(`${text} retained`), message);
  }
});
