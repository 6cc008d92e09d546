#!/usr/bin/env node
// Draws media/icon.png (128×128): a magnifying lens over a chain link, in plain RGBA written as a PNG with
// zlib, so the icon is reproducible from source and needs no image tool.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const size = 128;
const px = Buffer.alloc(size * size * 4);
const set = (x, y, [r, g, b, a]) => {
  const i = (y * size + x) * 4;
  px[i] = r;
  px[i + 1] = g;
  px[i + 2] = b;
  px[i + 3] = a;
};
for (let y = 0; y < size; y++)
  for (let x = 0; x < size; x++) {
    const bg = Math.hypot(x - 64, y - 64) < 62 ? [24, 37, 64, 255] : [0, 0, 0, 0];
    set(x, y, bg);
    const d = Math.hypot(x - 56, y - 54);
    if (d > 28 && d < 36)
      set(x, y, [120, 200, 255, 255]); // lens rim
    else if (d <= 28) set(x, y, [40, 70, 110, 255]);
    // handle
    const t = (x - 80 + (y - 78)) / 2;
    const off = Math.abs(x - 80 - (y - 78)) / Math.SQRT2;
    if (t > 0 && t < 26 && off < 6) set(x, y, [120, 200, 255, 255]);
    // two links of a chain inside the lens (the retainer path)
    for (const [cx, cy] of [
      [47, 54],
      [65, 54],
    ]) {
      const e = Math.hypot((x - cx) / 1.4, y - cy);
      if (e > 6 && e < 9.5 && d < 28) set(x, y, [255, 196, 80, 255]);
    }
  }
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header[8] = 8;
header[9] = 6;
const raw = Buffer.alloc((size * 4 + 1) * size);
for (let y = 0; y < size; y++) px.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
writeFileSync(
  new URL('../media/icon.png', import.meta.url),
  Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]),
);
console.log('media/icon.png written');
