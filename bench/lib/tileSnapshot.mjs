// Writes a snapshot of at least <MB> from a real one by tiling it: k copies of its graph, node ids and
// ordinals shifted per copy, one strings table, and copy 0's root holding each other copy's root by an extra
// element edge. Every copy but the first hangs below its own root, so a node's retained size is the same in
// each copy (a check for sizes DevTools' pipeline cannot load), and every count is k times the source's. Usage: node tileSnapshot.mjs <source> <MB> <out>
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

const [source, mb, out] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
const text = readFileSync(source);
const find = (key, from = 0) => {
  const at = text.indexOf(key, from);
  if (at < 0) throw new Error(`no ${key} in ${source}`);
  return at + key.length;
};
const nodesAt = find('"nodes":[');
const header = JSON.parse(text.subarray(text.indexOf('{', 1), text.lastIndexOf('}', nodesAt) + 1).toString());
function numbers(from) {
  const end = text.indexOf(93, from);
  const values = new Float64Array((end - from) / 2 + 1);
  let count = 0,
    num = 0,
    have = false;
  for (let i = from; i < end; i++) {
    const c = text[i];
    if (c >= 48 && c <= 57) {
      num = num * 10 + c - 48;
      have = true;
    } else if (have) {
      values[count++] = num;
      num = 0;
      have = false;
    }
  }
  if (have) values[count++] = num;
  return values.subarray(0, count);
}
const nodes = numbers(nodesAt);
const edges = numbers(find('"edges":['));
const locations = numbers(find('"locations":['));
const stringsAt = text.indexOf('"strings":[');
const stringsEnd = text.lastIndexOf(']');
const meta = header.meta;
const F = meta.node_fields.length;
const E = meta.edge_fields.length;
const nodeCount = nodes.length / F;
const tiles = Math.max(2, Math.ceil((mb * 1e6) / text.length) + (mb * 1e6 > 2 ** 32 ? 0 : 0));
const [idAt, edgeCountAt] = [meta.node_fields.indexOf('id'), meta.node_fields.indexOf('edge_count')];
const [typeAt, nameAt, toAt] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f));
const element = meta.edge_types[0].indexOf('element');
// Ids are renumbered (odd and ascending, as V8 writes them) so the copies' stay unique and within 32 bits.
if (2 * nodeCount * tiles >= 2 ** 32) throw new Error('ids would pass 32 bits');
const rootEdges = nodes[edgeCountAt];

const fd = openSync(out, 'w');
const buf = Buffer.allocUnsafe(1 << 22);
let at = 0;
const flush = () => {
  writeSync(fd, buf, 0, at);
  at = 0;
};
const ascii = (s) => {
  if (at + s.length * 3 > buf.length) flush();
  if (s.length * 3 > buf.length) {
    writeSync(fd, Buffer.from(s));
    return;
  }
  at += buf.write(s, at);
};
const uint = (v) => {
  if (at + 24 > buf.length) flush();
  at += buf.write(String(v), at, 'latin1');
};
const sep = (i, fields) => {
  if (i === 0) return;
  if (i % fields === 0) buf[at++] = 10;
  buf[at++] = 44;
};
const out8 = { ...header, node_count: nodeCount * tiles, edge_count: (edges.length / E) * tiles + tiles - 1 };
ascii(`{"snapshot":${JSON.stringify(out8)},\n"nodes":[`);
for (let k = 0, i = 0; k < tiles; k++) {
  for (let j = 0; j < nodes.length; j++, i++) {
    sep(i, F);
    const f = j % F;
    let v = nodes[j];
    if (f === idAt) v = 2 * (k * nodeCount + (j - f) / F) + 1;
    else if (j === edgeCountAt && k === 0) v += tiles - 1;
    uint(v);
  }
}
ascii('],\n"edges":[');
for (let k = 0, i = 0; k < tiles; k++) {
  for (let j = 0; j < edges.length; j++) {
    if (k === 0 && j === rootEdges * E) {
      // Copy 0's root also holds the other copies' roots.
      for (let t = 1; t < tiles; t++) {
        for (const v of [element, 1_000_000 + t, t * nodeCount * F]) {
          sep(i++, E);
          uint(v);
        }
      }
    }
    sep(i++, E);
    uint(j % E === toAt ? edges[j] + k * nodeCount * F : edges[j]);
  }
}
ascii('],\n"trace_function_infos":[],\n"trace_tree":[],\n"samples":[],\n"locations":[');
const L = meta.location_fields.length;
for (let k = 0, i = 0; k < tiles; k++) {
  for (let j = 0; j < locations.length; j++) {
    sep(i++, L);
    uint(j % L === 0 ? locations[j] + k * nodeCount * F : locations[j]);
  }
}
ascii('],\n');
flush();
writeSync(fd, text.subarray(stringsAt, stringsEnd + 1));
writeSync(fd, '}');
closeSync(fd);
process.stderr.write(`${tiles} copies of ${source}: ${nodeCount * tiles} nodes\n`);
void [typeAt, nameAt];
