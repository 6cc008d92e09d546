// Chrome's Statistics pie (JSHeapSnapshot.calculateStatistics): code, strings, JS arrays (with their
// elements store when only the array holds it), typed arrays' backing stores, system objects, native total.
import type { HeapSnapshot } from './snapshot';

export interface Statistics {
  total: number;
  native: { total: number; typedArrays: number };
  v8heap: { total: number; code: number; jsArrays: number; strings: number; system: number };
}

export function statistics(snapshot: HeapSnapshot): Statistics {
  const g = snapshot.graph;
  const t = g.layout.nodeType;
  const extra = g.header.extra_native_bytes;
  let native = typeof extra === 'number' ? extra : 0;
  let typedArrays = 0,
    code = 0,
    strings = 0,
    jsArrays = 0,
    system = 0;
  const arrayName = findString(snapshot, 'Array');
  for (let n = 0; n < g.nodeCount; n++) {
    const size = g.selfSizeOf(n);
    const type = g.nodeType[n];
    if (type === t.hidden) system += size;
    else if (type === t.native) {
      native += size;
      if (g.nodeNameString(n) === 'system / JSArrayBufferData') typedArrays += size;
    } else if (type === t.code) code += size;
    else if (type === t.consString || type === t.slicedString || type === t.string) strings += size;
    else if (g.nameOf(n) === arrayName) jsArrays += arraySize(snapshot, n);
  }
  const total = snapshot.totalSize;
  return {
    total,
    native: { total: native, typedArrays },
    v8heap: { total: total - native, code, jsArrays, strings, system },
  };
}

function arraySize(snapshot: HeapSnapshot, n: number): number {
  const g = snapshot.graph;
  let size = g.selfSizeOf(n);
  const internal = g.layout.edgeType.internal;
  for (let e = g.firstEdge.get(n); e < g.firstEdge.get(n + 1); e++) {
    if (g.edgeTypeOf(e) !== internal || g.edgeNameString(e) !== 'elements') continue;
    const elements = g.targetOf(e);
    if (g.retainerCount(elements) === 1) size += g.selfSizeOf(elements);
    break;
  }
  return size;
}

/** Index of a string among node names (V8 deduplicates strings), or -1. */
function findString(snapshot: HeapSnapshot, text: string): number {
  const g = snapshot.graph;
  for (let n = 0; n < g.nodeCount; n++) {
    if (g.strings.rawLength(g.nameOf(n)) === text.length && g.nodeNameString(n) === text) return g.nameOf(n);
  }
  return -1;
}
