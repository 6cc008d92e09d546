// Where each node's edges start, in about 2 bytes per node instead of 4: per block of 32 nodes a 32-bit base (the
// block's first node's first edge) and per node a 16-bit offset from it. A block whose nodes span 65536 edges or
// more (a large array among them) keeps its 32 starts whole in `wide`, its base then `WIDE + its index there`.
// Node n's edges are get(n) .. get(n + 1) - 1; get(nodeCount) is the edge count.
import { HeapSnapshotError } from './errors';

export const FIRST_EDGE_BLOCK_SHIFT = 5;
const BLOCK = 1 << FIRST_EDGE_BLOCK_SHIFT;
/** Bases from this on point into `wide` (so edge ordinals stay below it). */
const WIDE = 0x80000000;

export interface FirstEdgeParts {
  base: Uint32Array;
  offset: Uint16Array;
  wide: Uint32Array;
}

function allocate<T>(
  ctor: { new (buffer: ArrayBufferLike, offset: number, length: number): T; BYTES_PER_ELEMENT: number },
  shared: boolean,
  length: number,
): T {
  const bytes = Math.max(1, length) * ctor.BYTES_PER_ELEMENT;
  return new ctor(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes), 0, length);
}

export class FirstEdgeColumn {
  private constructor(
    readonly base: Uint32Array,
    readonly offset: Uint16Array,
    readonly wide: Uint32Array,
  ) {}

  static fromParts(parts: FirstEdgeParts): FirstEdgeColumn {
    return new FirstEdgeColumn(parts.base, parts.offset, parts.wide);
  }

  parts(): FirstEdgeParts {
    return { base: this.base, offset: this.offset, wide: this.wide };
  }

  /**
   * From per-node edge counts (nodeCount of them), which must add up to `edgeCount`; in shared memory when
   * asked (helper threads read it).
   */
  static fromCounts(counts: ArrayLike<number>, nodeCount: number, edgeCount: number, shared = false): FirstEdgeColumn {
    if (edgeCount >= WIDE)
      throw new HeapSnapshotError(`heap snapshot too large: ${edgeCount} edges (at most ${WIDE - 1} are supported)`);
    const entries = nodeCount + 1;
    const blocks = Math.ceil(entries / BLOCK);
    const base = allocate(Uint32Array, shared, blocks);
    const offset = allocate(Uint16Array, shared, entries);
    let wide: number[] | undefined;
    const starts = new Float64Array(BLOCK);
    let edge = 0;
    for (let b = 0; b < blocks; b++) {
      const first = b * BLOCK;
      const count = Math.min(BLOCK, entries - first);
      for (let k = 0; k < count; k++) {
        const n = first + k;
        starts[k] = edge;
        if (n < nodeCount) {
          edge += counts[n];
          if (edge > edgeCount) {
            throw new HeapSnapshotError(
              `corrupt heap snapshot: nodes declare more than ${edgeCount} edges but the edges array holds ${edgeCount}`,
            );
          }
        }
      }
      const from = starts[0];
      if (starts[count - 1] - from <= 0xffff) {
        base[b] = from;
        for (let k = 0; k < count; k++) offset[first + k] = starts[k] - from;
      } else {
        wide ??= [];
        base[b] = WIDE + wide.length / BLOCK;
        for (let k = 0; k < BLOCK; k++) wide.push(k < count ? starts[k] : 0);
      }
    }
    if (edge !== edgeCount) {
      throw new HeapSnapshotError(
        `corrupt heap snapshot: nodes declare ${edge} edges but the edges array holds ${edgeCount}`,
      );
    }
    const wideColumn = allocate(Uint32Array, shared, wide?.length ?? 0);
    if (wide) wideColumn.set(wide);
    return new FirstEdgeColumn(base, offset, wideColumn);
  }

  /** From plain starts (nodeCount + 1 of them; tests and graphs built in code). */
  static fromStarts(starts: ArrayLike<number>): FirstEdgeColumn {
    const counts = new Float64Array(starts.length - 1);
    for (let n = 0; n < counts.length; n++) counts[n] = starts[n + 1] - starts[n];
    return FirstEdgeColumn.fromCounts(counts, counts.length, starts[starts.length - 1] - starts[0]);
  }

  /** The first edge of node n (n up to nodeCount: then the edge count). */
  get(n: number): number {
    const b = this.base[n >>> FIRST_EDGE_BLOCK_SHIFT];
    return b < WIDE ? b + this.offset[n] : this.wide[((b - WIDE) << FIRST_EDGE_BLOCK_SHIFT) + (n & (BLOCK - 1))];
  }

  /** Bytes held (the benchmark's accounting). */
  get byteLength(): number {
    return this.base.byteLength + this.offset.byteLength + this.wide.byteLength;
  }
}
