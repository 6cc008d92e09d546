// The child half of bench/heapMemory.mjs: loads one snapshot with our engine, printing each stage as it starts
// (the parent samples this process's RSS meanwhile), then what each array that stays holds, as JSON lines.
// Usage: node heapMemoryRun.mjs <file> <engine bundle>
import { createRequire } from 'node:module';

const [file, engineBundle] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { openSnapshotFile } = require(engineBundle);
const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');

const started = performance.now();
let current = 'read';
say({ stage: current, ms: 0 });
const s = await openSnapshotFile(file, {
  parallel: process.env.SEQUENTIAL ? false : undefined,
  onProgress: (p) => {
    if (p.stage === current) return;
    current = p.stage;
    if (process.env.GC_AT_STAGES) globalThis.gc();
    say({ stage: current, ms: performance.now() - started });
  },
});
say({ stage: 'first rows', ms: performance.now() - started });
await s.ready;
say({ stage: 'ready', ms: performance.now() - started });
const g = s.graph;
const arrays = {
  'node type': g.nodeType,
  // 16-bit codes, their bases and escapes (edgeInfo.ts), or an older build's 4-byte column.
  'node name': g.nodeNameCode ?? g.nodeName,
  'node name bases': g.nodeNames?.base,
  'node name escapes': g.nodeNames?.escapeEdges,
  'node escaped names': g.nodeNames?.escapeNames,
  'node escape index': g.nodeNames?.escapeIndex,
  // Compact ids (idColumn.ts): the plain column, or the runs' starts and first ids.
  'node id': g.nodeIds.parts().plain ?? g.nodeIds.parts().runStart,
  'node id runs': g.nodeIds.parts().runFirst,
  'node self size': g.selfSizes?.values ?? g.nodeSelfSize,
  'node detachedness': g.nodeDetachedness.length > 0 ? g.nodeDetachedness : undefined,
  'detached name bits': g.detachedName,
  // 16-bit offsets, their bases and wide blocks (firstEdgeColumn.ts), or an older build's 4-byte column.
  'first edge': g.firstEdge.offset ?? g.firstEdge,
  'first edge bases': g.firstEdge.base,
  'first edge wide': g.firstEdge.wide,
  'edge type+name': g.edgeInfo,
  // Edge names' bases and escapes (edgeInfo.ts), in builds that have them.
  'edge name bases': g.edgeNames?.base,
  'edge name escapes': g.edgeNames?.escapeEdges,
  'edge escaped names': g.edgeNames?.escapeNames,
  'edge escape index': g.edgeNames?.escapeIndex,
  'edge to': g.edgeTo,
  'retainer starts': g.retainers.blockStart,
  'retainer lengths': g.retainers.length,
  'retainer lists': g.retainers.bytes,
  'owner blocks': g.ownerBlock,
  // A plain Int32Array in builds before the 2-byte column (--engine of an older commit).
  distances: ArrayBuffer.isView(s.distances) ? s.distances : s.distances.values,
  dominator: s.dominator,
  'retained size': s.retainedSize,
  'class of': s.classes.classOf,
};
const strings = g.strings.parts();
for (const [name, a] of Object.entries(strings))
  if (a && typeof a === 'object' && 'byteLength' in a) arrays[`strings: ${name}`] = a;
// Distinct buffers only (views sharing one buffer are counted once, by the buffer's size).
const seen = new Set();
const sizes = {};
for (const [name, a] of Object.entries(arrays)) {
  if (!a) continue;
  if (!a.buffer) throw new Error(`${name} is not a typed array`);
  const bytes = seen.has(a.buffer) ? 0 : a.buffer.byteLength;
  seen.add(a.buffer);
  sizes[name] = { bytes, view: a.byteLength };
}
// Compact tables that are not one typed array: their own accounting.
sizes.locations = { bytes: g.locations.byteLength, view: g.locations.byteLength };
globalThis.gc?.();
const mu = process.memoryUsage();
say({
  done: true,
  nodes: s.nodeCount,
  edges: s.edgeCount,
  strings: g.strings.fileCount,
  sizes,
  after: { rss: mu.rss, heapUsed: mu.heapUsed, external: mu.external, arrayBuffers: mu.arrayBuffers },
  ms: performance.now() - started,
  check: s.retainedSize[g.rootOrdinal],
});
if (process.env.SMAPS) {
  const text = (await import('node:fs')).readFileSync('/proc/self/smaps', 'utf8');
  const maps = [];
  let cur;
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      cur = { size: parseInt(head[2], 16) - parseInt(head[1], 16), name: head[3], rss: 0 };
      maps.push(cur);
    } else if (line.startsWith('Rss:')) cur.rss = Number(/(\d+)/.exec(line)[1]) * 1024;
  }
  maps.sort((a, b) => b.rss - a.rss);
  process.stderr.write(
    `total rss ${maps.reduce((s, m) => s + m.rss, 0) / 1e6} MB; memoryUsage ${process.memoryUsage().rss / 1e6}\n`,
  );
  for (const m of maps.slice(0, 40))
    process.stderr.write(`${(m.rss / 1e6).toFixed(1)} MB rss of ${(m.size / 1e6).toFixed(1)} ${m.name}\n`);
}
