// Sampling heap profiles (`.heapprofile`: CDP's HeapProfiler.SamplingHeapProfile, as DevTools saves it): V8
// sampled allocations still alive when the profile was taken, as a call tree with sampled bytes per frame.
// Indexed into typed arrays with inclusive totals, then asked for top-down and bottom-up rows like the
// allocation sites of a recorded snapshot (allocationQueries.ts). Positions are 0-based, -1 when unknown.
import { readFile, stat } from 'node:fs/promises';
import type { AllocationFrame } from './allocationTraces';
import { HeapSnapshotError } from './errors';
import { page, type Page, type PageParams } from './queries';

interface RawNode {
  callFrame?: {
    functionName?: unknown;
    scriptId?: unknown;
    url?: unknown;
    lineNumber?: unknown;
    columnNumber?: unknown;
  };
  selfSize?: unknown;
  id?: unknown;
  children?: unknown;
}

export interface ProfileRow {
  /** The tree node: a profile node (top-down) or a bottom-up node. */
  node: number;
  frame: AllocationFrame;
  /** Sampled live bytes allocated in this frame itself (top-down) or with this exact call chain (bottom-up). */
  selfSize: number;
  /** Including everything called below it (top-down), or every stack through this chain (bottom-up). */
  totalSize: number;
  /** Live samples behind totalSize. */
  samples: number;
  children: number;
}

export interface ProfileTreeParams extends PageParams {
  direction: 'top-down' | 'bottom-up';
  parent?: number;
  sortBy?: 'totalSize' | 'selfSize' | 'name';
}

/** One bar of a flame chart: depth (0 at the top level), start offset and width in bytes. */
export interface FlameBar {
  node: number;
  depth: number;
  start: number;
  width: number;
  frame: AllocationFrame;
  selfSize: number;
}

const MAX_PROFILE_BYTES = 512 * 1024 * 1024;

export class SamplingProfile {
  readonly frames: AllocationFrame[] = [];
  readonly parent: Int32Array;
  readonly selfSize: Float64Array;
  readonly totalSize: Float64Array;
  readonly samples: Float64Array;
  private readonly first: Uint32Array;
  private readonly children: Uint32Array;
  private bottomUp?: BottomUpTree;

  private constructor(nodes: { frame: AllocationFrame; parent: number; selfSize: number; samples: number }[]) {
    const n = nodes.length;
    this.parent = new Int32Array(n);
    this.selfSize = new Float64Array(n);
    this.totalSize = new Float64Array(n);
    this.samples = new Float64Array(n);
    nodes.forEach((node, i) => {
      this.frames.push(node.frame);
      this.parent[i] = node.parent;
      this.selfSize[i] = node.selfSize;
      this.totalSize[i] = node.selfSize;
      this.samples[i] = node.samples;
    });
    // Nodes are numbered in preorder: children after parents, so a backward pass sums subtrees.
    for (let i = n - 1; i > 0; i--) {
      this.totalSize[this.parent[i]] += this.totalSize[i];
      this.samples[this.parent[i]] += this.samples[i];
    }
    this.first = new Uint32Array(n + 1);
    for (let i = 1; i < n; i++) this.first[this.parent[i] + 1]++;
    for (let i = 0; i < n; i++) this.first[i + 1] += this.first[i];
    const fill = this.first.slice(0, n);
    this.children = new Uint32Array(Math.max(0, n - 1));
    for (let i = 1; i < n; i++) this.children[fill[this.parent[i]]++] = i;
  }

  /** Parses a profile (the JSON text of a .heapprofile); a HeapSnapshotError names what is wrong. */
  static parse(text: string): SamplingProfile {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new HeapSnapshotError('not a sampling heap profile: not valid JSON');
    }
    const head = (raw as { head?: RawNode } | null)?.head;
    if (typeof head !== 'object' || head === null || !Array.isArray(head.children))
      throw new HeapSnapshotError('not a sampling heap profile: no "head" call tree');
    const samplesPerNode = new Map<number, number>();
    const samples = (raw as { samples?: unknown }).samples;
    if (Array.isArray(samples))
      for (const s of samples as { nodeId?: unknown }[])
        if (typeof s?.nodeId === 'number') samplesPerNode.set(s.nodeId, (samplesPerNode.get(s.nodeId) ?? 0) + 1);
    const nodes: { frame: AllocationFrame; parent: number; selfSize: number; samples: number }[] = [];
    // Iterative preorder: a deep recursion in the profiled program must not overflow our stack.
    const stack: { node: RawNode; parent: number }[] = [{ node: head, parent: -1 }];
    while (stack.length) {
      const { node, parent } = stack.pop()!;
      if (typeof node !== 'object' || node === null)
        throw new HeapSnapshotError('not a sampling heap profile: a call tree node is not an object');
      const index = nodes.length;
      const id = typeof node.id === 'number' ? node.id : -1;
      nodes.push({
        frame: frameOf(node),
        parent,
        selfSize: typeof node.selfSize === 'number' && node.selfSize > 0 ? node.selfSize : 0,
        samples: samplesPerNode.get(id) ?? 0,
      });
      const children = Array.isArray(node.children) ? (node.children as RawNode[]) : [];
      for (let k = children.length - 1; k >= 0; k--) stack.push({ node: children[k], parent: index });
    }
    return new SamplingProfile(nodes);
  }

  static async load(file: string): Promise<SamplingProfile> {
    let text: string;
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new HeapSnapshotError(`not a file: ${file}`);
      if (info.size > MAX_PROFILE_BYTES)
        throw new HeapSnapshotError(`${file} is too large for a sampling heap profile`);
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (error instanceof HeapSnapshotError) throw error;
      throw new HeapSnapshotError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    return SamplingProfile.parse(text);
  }

  get nodeCount(): number {
    return this.parent.length;
  }

  /** Sampled live bytes in all. */
  get totalBytes(): number {
    return this.totalSize[0] ?? 0;
  }

  childrenOf(node: number): Uint32Array {
    return this.children.subarray(this.first[node], this.first[node + 1]);
  }

  tree(params: ProfileTreeParams): Page<ProfileRow> {
    const rows: ProfileRow[] = [];
    if (params.direction === 'top-down') {
      const parent = params.parent ?? 0;
      if (!Number.isInteger(parent) || parent < 0 || parent >= this.nodeCount)
        throw new RangeError(`no profile node ${parent}`);
      for (const c of this.childrenOf(parent)) {
        if (!this.totalSize[c]) continue;
        rows.push({
          node: c,
          frame: this.frames[c],
          selfSize: this.selfSize[c],
          totalSize: this.totalSize[c],
          samples: this.samples[c],
          children: [...this.childrenOf(c)].filter((k) => this.totalSize[k] > 0).length,
        });
      }
    } else {
      const tree = (this.bottomUp ??= buildBottomUp(this));
      const parent = params.parent ?? -1;
      if (!Number.isInteger(parent) || parent < -1 || parent >= tree.frame.length)
        throw new RangeError(`no profile node ${parent}`);
      for (const c of tree.children.get(parent) ?? []) {
        rows.push({
          node: c,
          frame: this.frames[tree.frame[c]],
          selfSize: tree.exact[c],
          totalSize: tree.total[c],
          samples: tree.samples[c],
          children: tree.children.get(c)?.length ?? 0,
        });
      }
    }
    const key = params.sortBy ?? 'totalSize';
    rows.sort((a, b) =>
      key === 'name'
        ? (a.frame.name || '(anonymous)').localeCompare(b.frame.name || '(anonymous)')
        : b[key] - a[key] || b.totalSize - a.totalSize,
    );
    return page(rows, params);
  }

  /** The allocating functions (bottom-up roots), most live bytes first: what "the top line" means. */
  topFunctions(limit = 20): ProfileRow[] {
    return this.tree({ direction: 'bottom-up', limit }).items;
  }

  /** The flame chart: every node with live bytes, as bars laid out left to right within their parent. */
  flame(minWidthFraction = 0.001, maxBars = 20_000): { total: number; bars: FlameBar[] } {
    const total = this.totalBytes;
    const bars: FlameBar[] = [];
    const minWidth = total * minWidthFraction;
    const stack: { node: number; depth: number; start: number }[] = [];
    let start = 0;
    for (const c of this.childrenOf(0)) {
      stack.push({ node: c, depth: 0, start });
      start += this.totalSize[c];
    }
    stack.reverse();
    while (stack.length && bars.length < maxBars) {
      const { node, depth, start: at } = stack.pop()!;
      const width = this.totalSize[node];
      if (width <= 0 || width < minWidth) continue;
      bars.push({ node, depth, start: at, width, frame: this.frames[node], selfSize: this.selfSize[node] });
      let offset = at + this.selfSize[node];
      const kids: { node: number; depth: number; start: number }[] = [];
      for (const c of this.childrenOf(node)) {
        kids.push({ node: c, depth: depth + 1, start: offset });
        offset += this.totalSize[c];
      }
      for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]);
    }
    return { total, bars };
  }
}

function frameOf(node: RawNode): AllocationFrame {
  const f = node.callFrame ?? {};
  const num = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : -1);
  const line = num(f.lineNumber);
  return {
    name: typeof f.functionName === 'string' ? f.functionName : '',
    url: typeof f.url === 'string' ? f.url : '',
    scriptId: Number(f.scriptId) || 0,
    line,
    column: line >= 0 ? num(f.columnNumber) : -1,
  };
}

function hasScript(frame: AllocationFrame): boolean {
  return frame.url !== '' || frame.scriptId !== 0;
}

interface BottomUpTree {
  /** Per bottom-up node: the profile node whose frame it shows, its bytes, and its children (-1: the roots). */
  frame: number[];
  exact: number[];
  total: number[];
  samples: number[];
  children: Map<number, number[]>;
}

/**
 * Allocating function first, then its callers: one path per profile node that allocated. As for allocation
 * sites, bytes a built-in allocated (no script: `push`, `JSON.parse`) belong to the function that called it.
 */
function buildBottomUp(profile: SamplingProfile): BottomUpTree {
  const tree: BottomUpTree = { frame: [], exact: [], total: [], samples: [], children: new Map() };
  const byKey = new Map<string, number>();
  const key = (f: AllocationFrame) => `${f.name}\u0000${f.url}\u0000${f.line}\u0000${f.column}`;
  for (let n = 1; n < profile.nodeCount; n++) {
    const bytes = profile.selfSize[n];
    if (!bytes) continue;
    const ownSamples = profile.samples[n] - [...profile.childrenOf(n)].reduce((s, c) => s + profile.samples[c], 0);
    let site = n;
    while (site > 0 && !hasScript(profile.frames[site]) && profile.parent[site] > 0) site = profile.parent[site];
    if (!hasScript(profile.frames[site])) site = n;
    let b = -1;
    for (let a = site; a > 0; a = profile.parent[a]) {
      const id = `${b}\u0001${key(profile.frames[a])}`;
      let next = byKey.get(id);
      if (next === undefined) {
        next = tree.frame.length;
        byKey.set(id, next);
        tree.frame.push(a);
        tree.exact.push(0);
        tree.total.push(0);
        tree.samples.push(0);
        const list = tree.children.get(b) ?? [];
        list.push(next);
        tree.children.set(b, list);
      }
      tree.total[next] += bytes;
      tree.samples[next] += ownSamples;
      b = next;
    }
    if (b >= 0) tree.exact[b] += bytes;
  }
  return tree;
}
