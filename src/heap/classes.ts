// Class names as Chrome's Summary view shows them (HeapSnapshot.ts calculateObjectNames): the constructor
// name for objects, `(system)` for hidden nodes, `Function` for closures, `(compiled code)`, `RegExp`, and
// `(<type>)` for the rest — `(string)`, `(concatenated string)`, `(array)`, … — plus `{a, b}` for popular
// plain-object shapes. Each node gets a dense class id; names are kept once.
import type { HeapGraph } from './graph';
import { findObjectNameIndex, inferInterfaceNames } from './interfaces';

export interface ClassTable {
  /**
   * Dense class id per node ordinal: a byte while there are at most 256 classes (a Node.js program's snapshot has
   * a few hundred at most), 16-bit up to 65536.
   */
  classOf: Uint8Array | Uint16Array | Uint32Array;
  names: string[];
  /**
   * Per class, its members with a nonzero shallow size and their sizes' sum (the Summary's count and shallow
   * size, which leave zero-size nodes out as Chrome does): counted in the same pass, so the first Summary page
   * needs no pass of its own. The sizes as they were then (after the owner folding, shallowSizes.ts).
   */
  count: number[];
  shallow: number[];
}

/** `scratch`: a dead array, reused for the string index when it has room (no array left for a collection to free). */
export function computeClasses(graph: HeapGraph, scratch?: Uint32Array): ClassTable {
  const { nodeCount, nodeType } = graph;
  const t = graph.layout.nodeType;
  const names: string[] = [];
  const count: number[] = [];
  const shallow: number[] = [];
  const sizes = graph.selfSizes;
  const idByName = new Map<string, number>();
  // File string index -> class id + 1 (0: not seen yet), to avoid decoding (and hashing) per node.
  const strings = graph.strings.fileCount;
  const idByString =
    scratch && scratch.length >= strings ? scratch.subarray(0, strings).fill(0) : new Uint32Array(strings);
  let classOf: Uint8Array | Uint16Array | Uint32Array = new Uint8Array(nodeCount);
  const intern = (name: string): number => {
    let id = idByName.get(name);
    if (id === undefined) {
      id = names.length;
      names.push(name);
      count.push(0);
      shallow.push(0);
      idByName.set(name, id);
      // Widen (as the classes come: a browser's DOM may name thousands).
      if (id === 0x100) classOf = Uint16Array.from(classOf);
      else if (id === 0x10000) classOf = Uint32Array.from(classOf);
    }
    return id;
  };
  const byType = graph.layout.nodeTypes.map((type, i) => {
    if (i === t.hidden) return intern('(system)');
    if (i === t.code) return intern('(compiled code)');
    if (i === t.closure) return intern('Function');
    if (i === t.regexp) return intern('RegExp');
    if (i === t.object || i === t.native) return -1;
    return intern(`(${type})`);
  });
  const objectName = findObjectNameIndex(graph);
  const interfaceOf = inferInterfaceNames(graph, objectName);
  const objectType = t.object;
  for (let n = 0; n < nodeCount; n++) {
    let id = byType[nodeType[n]];
    if (id < 0) {
      const s = graph.nameOf(n);
      // Only plain objects (type object, named "Object") can have an interface name.
      const iface = s === objectName && nodeType[n] === objectType ? interfaceOf(n) : undefined;
      if (iface !== undefined) id = intern(iface);
      else if (graph.isDetachedName(n)) id = intern(domClassName(graph.displayName(n)));
      else {
        id = idByString[s] - 1;
        if (id < 0) {
          id = intern(domClassName(graph.strings.get(s)));
          idByString[s] = id + 1;
        }
      }
    }
    classOf[n] = id;
    const size = sizes.get(n);
    if (size !== 0) {
      count[id]++;
      shallow[id] += size;
    }
  }
  return { classOf, names, count, shallow };
}

/** `<div id="a">` → `<div>`, `Detached <div id="a">` → `Detached <div>`; other names unchanged. */
function domClassName(name: string): string {
  if (name.startsWith('<')) {
    const space = name.indexOf(' ');
    return space !== -1 ? name.substring(0, space) + '>' : name;
  }
  if (name.startsWith('Detached <')) {
    const space = name.indexOf(' ', 10);
    return space !== -1 ? name.substring(0, space) + '>' : name;
  }
  return name;
}
