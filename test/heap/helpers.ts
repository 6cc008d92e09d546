// Shared helpers for heap tests: load snapshot text through our engine and through Chrome DevTools' own
// heap snapshot worker (heap-snapshot-toolkit), the oracle for "the numbers Chrome shows".
import { Readable } from 'node:stream';
import { parse } from 'heap-snapshot-toolkit';
import { loadSnapshotFromChunks } from '../../src/heap/loader';
import type { HeapSnapshot } from '../../src/heap/snapshot';

/** Feeds the text in small uneven chunks, so chunk boundaries fall inside numbers, strings and escapes. */
export function loadText(text: string, chunkSize = 7, options = {}): Promise<HeapSnapshot> {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const size = chunkSize + (k % 3);
    chunks.push(bytes.subarray(i, i + size));
    i += size;
  }
  return loadSnapshotFromChunks(chunks, options);
}

export interface ChromeView {
  nodeCount: number;
  edgeCount: number;
  retainedSizes: Float64Array;
  dominators: Uint32Array;
  distances: Int32Array;
  selfSize(ordinal: number): number;
  className(ordinal: number): string;
  totalSize: number;
  statistics: unknown;
  aggregates: Record<string, { count: number; distance: number; self: number; maxRet: number; name: string }>;
  /** Node ordinals a DevTools named filter passes (createNamedFilter). */
  namedFilter(name: string): number[];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the toolkit ships untyped internals */
export async function chromeOracle(source: string | NodeJS.ReadableStream): Promise<ChromeView> {
  const stream = typeof source === 'string' ? Readable.from([source]) : source;
  const s: any = await parse(stream as any);
  return {
    nodeCount: s.nodeCount,
    edgeCount: s.containmentEdges.length / s.edgeFieldsCount,
    retainedSizes: s.retainedSizes,
    dominators: s.dominatorsTree,
    distances: s.nodeDistances,
    selfSize: (o) => s.createNode(o * s.nodeFieldCount).selfSize(),
    className: (o) => s.createNode(o * s.nodeFieldCount).className(),
    totalSize: s.totalSize,
    statistics: s.getStatistics(),
    aggregates: s.aggregatesWithFilter({}),
    namedFilter: (name) => {
      const passes = s.createNamedFilter(name);
      const out: number[] = [];
      for (let o = 0; o < s.nodeCount; o++) if (passes(s.createNode(o * s.nodeFieldCount))) out.push(o);
      return out;
    },
  };
}
