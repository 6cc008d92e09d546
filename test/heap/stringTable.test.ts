import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StringTable, StringTableBuilder } from '../../src/heap/stringTable';

test('strings of every length around the one-byte limit, at every position of a block, read back exactly', () => {
  const texts: string[] = [];
  for (const length of [0, 1, 7, 254, 255, 256, 1000, 3, 0, 70_000, 12, 255, 9])
    texts.push(String(texts.length % 10).repeat(length));
  texts.push('a \\"quoted\\" one', '');
  const builder = new StringTableBuilder(16, 4);
  const bytes = new TextEncoder();
  for (const text of texts) {
    // Fed in two pieces, as a chunk boundary would cut it.
    const raw = bytes.encode(text);
    const cut = raw.length >> 1;
    builder.appendBytes(raw, 0, cut);
    builder.appendBytes(raw, cut, raw.length);
    builder.endString(text.includes('\\'));
  }
  const table = builder.finish();
  const copy = StringTable.fromParts(structuredClone(table.parts()));
  for (const t of [table, copy]) {
    assert.equal(t.fileCount, texts.length);
    texts.forEach((text, i) => {
      assert.equal(t.rawLength(i), text.length, `length of ${i}`);
      assert.equal(t.get(i), text.includes('\\') ? 'a "quoted" one' : text, `string ${i}`);
      assert.equal(t.startsWithDigit(i), /^\d/.test(text));
    });
    assert.deepEqual(t.getTruncated(9, 5), { text: '99999', truncated: true });
  }
});
