// Checks that a snapshot is not lying: what V8 never writes is rejected with one clear line, never rendered
// (a negative root_index printed "total NaN kB", a second "snapshot" header reinterpreted the types, duplicate
// ids made `retainers` pick the wrong object, sizes above 2^53 printed "Infinity TB", type lists longer than
// the one-byte type columns wrapped). The loader calls in here from three small places, so they can be put
// back after a rewrite of the tokenizer or the graph:
//   1. tokenizer.ts, when a top-level key has been read:       checkTopLevelKey(seenKeys, key)
//   2. tokenizer.ts, when the `snapshot` header has been parsed: checkHeader(header, layout)
//   3. graph.ts, HeapGraph's constructor, before any index:     checkGraph(raw)
import { LocationTable } from './locationTable';
import { MAX_EDGE_TYPES } from './edgeInfo';
import { HeapSnapshotError } from './errors';
import type { Layout, SnapshotHeader } from './meta';
import type { RawSnapshot } from './tokenizer';

/** Node types are kept in a Uint8Array column. */
const MAX_TYPES = 256;
/** Sizes are JavaScript numbers: above 2^53 they stop being exact (no heap is 8 PiB). */
const MAX_SIZE = Number.MAX_SAFE_INTEGER;

function corrupt(what: string): never {
  throw new HeapSnapshotError(`corrupt heap snapshot: ${what}`);
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** V8 writes each top-level key once; a second one (JSON takes the last, Chrome the first) is a forgery. */
export function checkTopLevelKey(seen: Set<string>, key: string): void {
  if (seen.has(key)) corrupt(`the top-level key ${show(key)} appears twice`);
  seen.add(key);
}

function isCount(value: unknown, limit: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= limit;
}

/** The header's numbers and type lists, as soon as it is parsed (before any array is read). */
export function checkHeader(header: SnapshotHeader, layout: Layout): void {
  if (header.root_index !== undefined && !isCount(header.root_index, 2 ** 32 - 1))
    corrupt(`root_index ${show(header.root_index)} is not a node index`);
  for (const key of ['node_count', 'edge_count'] as const) {
    if (header[key] !== undefined && !isCount(header[key], 2 ** 32 - 1))
      corrupt(`${key} ${show(header[key])} is not a count`);
  }
  if (header.extra_native_bytes !== undefined && !isCount(header.extra_native_bytes, MAX_SIZE))
    corrupt(`extra_native_bytes ${show(header.extra_native_bytes)} is not a size in bytes`);
  // edgeTypes includes the synthetic 'invisible' type the loader adds.
  if (layout.nodeTypes.length > MAX_TYPES)
    corrupt(`snapshot.meta lists ${layout.nodeTypes.length} node types; there are at most ${MAX_TYPES}`);
  // Edge types share a word with the edge's target (edgeInfo.ts).
  if (layout.edgeTypes.length > MAX_EDGE_TYPES)
    corrupt(`snapshot.meta lists ${layout.edgeTypes.length} edge types; there are at most ${MAX_EDGE_TYPES}`);
}

/** The arrays against the header and each other, once everything is read. */
/** What the checks read: a raw snapshot's columns (the per-node edge counts may already be gone). */
type GraphColumns = Omit<RawSnapshot, 'nodeEdgeCount'>;

export function checkGraph(raw: GraphColumns): void {
  const { header, layout, nodeCount, edgeCount } = raw;
  if (header.node_count !== undefined && header.node_count !== nodeCount)
    corrupt(`the header counts ${header.node_count} nodes but the nodes array holds ${nodeCount}`);
  if (header.edge_count !== undefined && header.edge_count !== edgeCount)
    corrupt(`the header counts ${header.edge_count} edges but the edges array holds ${edgeCount}`);
  const rootIndex = header.root_index ?? 0;
  if (rootIndex % layout.nodeFieldCount !== 0 || rootIndex / layout.nodeFieldCount >= nodeCount)
    corrupt(`root_index ${rootIndex} is not one of the ${nodeCount} nodes`);
  checkSizes(raw);
  checkLocations(raw);
  checkIds(raw);
}

function checkSizes(raw: GraphColumns): void {
  const sizes = raw.nodeSelfSize;
  // Compact already (parallel loader): each size below 2^32, their sum counted by the decode threads.
  let total = (raw.header.extra_native_bytes ?? 0) + (raw.selfSizes ? (raw.bounds?.selfTotal ?? 0) : 0);
  for (let n = 0; n < sizes.length; n++) {
    const size = sizes[n];
    if (!(size <= MAX_SIZE)) corrupt(`node ${n} has an impossible self size (${size})`);
    total += size;
  }
  if (!(total <= MAX_SIZE)) corrupt(`the self sizes add up to more than 2^53 bytes`);
}

function checkLocations(raw: GraphColumns): void {
  const fields = raw.layout.locationFields.length;
  const { locations } = raw;
  const values = locations instanceof LocationTable ? (locations.loaded?.values ?? 0) : locations.length;
  if (fields === 0) {
    if (values) corrupt('a locations array without meta.location_fields');
    return;
  }
  if (values % fields !== 0) corrupt(`the locations array is not a multiple of ${fields} fields (${values} values)`);
  const at = raw.layout.location.objectIndex;
  if (at < 0) return;
  const nodeFields = raw.layout.nodeFieldCount;
  const notANode = (record: number, index: number): void => {
    if (index % nodeFields !== 0 || index / nodeFields >= raw.nodeCount)
      corrupt(`location ${record} names object_index ${index}, which is not a node`);
  };
  if (locations instanceof LocationTable) {
    // Compacted while read: what the reader saw rules out a bad one, or the records are read back to find it.
    const seen = locations.loaded;
    if (seen && !seen.misaligned && seen.maxObjectIndex < raw.nodeCount * nodeFields) return;
    locations.forEach((record, v) => notANode(record, v[at]));
    return;
  }
  for (let i = at; i < locations.length; i += fields) notANode((i - at) / fields, locations[i]);
}

/**
 * Node ids of V8 heap objects are unique: V8 hands them out from one map keyed by address (HeapObjectsMap).
 * Embedder nodes (`native`, and `synthetic` groups) may share an id: V8 derives theirs from C++ pointers
 * (`pointer << 1`, truncated to 32 bits) or the native object's address, and Chrome's worker, which never
 * checks ids, loads such snapshots. So only a repeated id among the other nodes is a forgery.
 */
function checkIds(raw: GraphColumns): void {
  const { nodeId, nodeType, nodeCount } = raw;
  const skip = new Uint8Array(MAX_TYPES);
  for (const type of ['native', 'synthetic']) {
    const index = raw.layout.nodeTypes.indexOf(type);
    if (index >= 0) skip[index] = 1;
  }
  let min = Infinity,
    max = -1,
    checked = 0,
    ascending = true,
    previous = -1;
  for (let n = 0; n < nodeCount; n++) {
    if (skip[nodeType[n]]) continue;
    const id = nodeId[n];
    if (id < min) min = id;
    if (id > max) max = id;
    if (id <= previous) ascending = false;
    previous = id;
    checked++;
  }
  if (ascending || checked < 2) return;
  const duplicate = max - min < 2 ** 30 ? duplicateByBits(raw, skip, min, max) : duplicateBySort(raw, skip, checked);
  if (duplicate !== undefined) corrupt(`two objects share the node id ${duplicate}`);
}

/** One pass with a bit per id in [min, max]: V8's ids are dense, so this is a few MB at most. */
function duplicateByBits(raw: GraphColumns, skip: Uint8Array, min: number, max: number): number | undefined {
  const { nodeId, nodeType, nodeCount } = raw;
  const bits = new Uint8Array(Math.floor((max - min) / 8) + 1);
  for (let n = 0; n < nodeCount; n++) {
    if (skip[nodeType[n]]) continue;
    const offset = nodeId[n] - min;
    const mask = 1 << (offset & 7);
    if (bits[offset >>> 3] & mask) return nodeId[n];
    bits[offset >>> 3] |= mask;
  }
  return undefined;
}

function duplicateBySort(raw: GraphColumns, skip: Uint8Array, count: number): number | undefined {
  const { nodeId, nodeType, nodeCount } = raw;
  const ids = new Uint32Array(count);
  let k = 0;
  for (let n = 0; n < nodeCount; n++) if (!skip[nodeType[n]]) ids[k++] = nodeId[n];
  ids.sort();
  for (let i = 1; i < ids.length; i++) if (ids[i] === ids[i - 1]) return ids[i];
  return undefined;
}
