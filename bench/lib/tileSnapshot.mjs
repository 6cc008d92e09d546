// Writes a snapshot of at least <MB> from a real one by tiling it: k copies of its graph, node ids and
// ordinals shifted per copy, one strings table. The root of copy 0 holds what every copy's root held (the other
// copies' roots keep no edges), so each copy hangs below the root exactly as the original did: a node's
// retained size, distance and class are the same in every copy and equal to the original's (what
// verifyTiled.mjs checks against DevTools' pipeline on the original). Usage: node tileSnapshot.mjs <source> <MB> <out>
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
// The copies share one strings table: what they add is the rest of the file.
const tiles = Math.max(2, Math.ceil((mb * 1e6 - (stringsEnd - stringsAt)) / (text.length - (stringsEnd - stringsAt))));
const [idAt, edgeCountAt] = [meta.node_fields.indexOf('id'), meta.node_fields.indexOf('edge_count')];
const [typeAt, nameAt, toAt] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f));
const internal = meta.edge_types[0].indexOf('internal');

// WeakMap ephemeron edges are named by the ids of key, value and table, and Chrome pairs their two halves by
// that text: each copy gets its own names, with its own ids (ids are renumbered below).
const strings = JSON.parse(text.subarray(stringsAt + '"strings":'.length, stringsEnd + 1).toString());
const EPHEMERON = /^(\d+ \/ part of key \(.*? @)(\d+)(\) -> value \(.*? @)(\d+)(\) pair in WeakMap \(table @)(\d+)\)$/;
const ephemeral = new Map();
for (let i = 0; i < strings.length; i++) {
  const m = EPHEMERON.exec(strings[i]);
  if (m) ephemeral.set(i, m);
}
const ordinalOfId = new Map();
for (const m of ephemeral.values()) for (const g of [2, 4, 6]) ordinalOfId.set(Number(m[g]), -1);
for (let n = 0; n < nodeCount; n++) if (ordinalOfId.has(nodes[n * F + idAt])) ordinalOfId.set(nodes[n * F + idAt], n);
const added = [];
const copyNames = new Map();
const nameInCopy = (s, k) => {
  const key = s * 64 + k;
  let index = copyNames.get(key);
  if (index === undefined) {
    const m = ephemeral.get(s);
    const id = (g) => {
      const n = ordinalOfId.get(Number(m[g]));
      return n >= 0 ? 2 * (k * nodeCount + n) + 1 : Number(m[g]);
    };
    index = strings.length + added.length;
    added.push(`${m[1]}${id(2)}${m[3]}${id(4)}${m[5]}${id(6)})`);
    copyNames.set(key, index);
  }
  return index;
};
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
const out8 = { ...header, node_count: nodeCount * tiles, edge_count: (edges.length / E) * tiles };
ascii(`{"snapshot":${JSON.stringify(out8)},\n"nodes":[`);
for (let k = 0, i = 0; k < tiles; k++) {
  for (let j = 0; j < nodes.length; j++, i++) {
    sep(i, F);
    const f = j % F;
    let v = nodes[j];
    if (f === idAt) v = 2 * (k * nodeCount + (j - f) / F) + 1;
    else if (j === edgeCountAt) v = k === 0 ? rootEdges * tiles : 0;
    uint(v);
  }
}
ascii('],\n"edges":[');
const rootEnd = rootEdges * E;
let written = 0;
const edge = (j, k) => {
  sep(written++, E);
  const f = j % E;
  let v = edges[j];
  if (f === toAt) v += k * nodeCount * F;
  else if (f === nameAt && edges[j - nameAt + typeAt] === internal && ephemeral.has(v)) v = nameInCopy(v, k);
  uint(v);
};
for (let k = 0; k < tiles; k++) for (let j = 0; j < rootEnd; j++) edge(j, k);
for (let k = 0; k < tiles; k++) for (let j = rootEnd; j < edges.length; j++) edge(j, k);
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
writeSync(fd, text.subarray(stringsAt, stringsEnd));
for (const name of added) ascii(`,\n${JSON.stringify(name)}`);
ascii(']}');
flush();
closeSync(fd);
process.stderr.write(`${tiles} copies of ${source}: ${nodeCount * tiles} nodes\n`);
