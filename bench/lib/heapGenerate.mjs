// Writes a heap snapshot of roughly the requested size (MB) from a real Node process holding a mix of
// objects, strings, arrays, Maps and closures. Usage: node --max-old-space-size=8192 heapGenerate.mjs <MB> <out>
import { writeHeapSnapshot } from 'node:v8';

const [mb, out] = [Number(process.argv[2]), process.argv[3]];
// Measured (Node 20): about 88.4 bytes of snapshot per node, about 3.8 nodes per item below, so <MB> is the
// file's size in MB within a few percent.
const items = Math.round((mb * 1e6) / 88.4 / 3.8);

class Item {
  constructor(i, prev) {
    this.id = i;
    this.name = 'item-' + i;
    this.tags = [i, i + 1];
    this.prev = prev;
  }
}

const keep = [];
const byName = new Map();
let prev = null;
for (let i = 0; i < items; i++) {
  const item = new Item(i, i % 100 === 0 ? null : prev);
  prev = item;
  keep.push(item);
  if (i % 10 === 0) byName.set(item.name, item);
  if (i % 50 === 0) {
    const captured = item;
    keep.push(() => captured.id);
  }
}
globalThis.keep = keep;
globalThis.byName = byName;
writeHeapSnapshot(out);
