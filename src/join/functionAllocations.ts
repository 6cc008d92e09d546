// Allocation stacks → source: the live objects of a recorded snapshot grouped by the workspace function that
// allocated them, for every object kind (arrays, strings, Map entries, instances, closures). The allocating
// function of an object is the innermost frame of its stack that maps to a workspace file, so an array a
// built-in (`Array.prototype.map`) or a library made counts for the workspace code that called it. Each
// group also says which names hold its objects (`cache`, `this.entries`, a global), which is how a static
// finding about a collection or a global is confirmed from allocation stacks (confirm.ts).
import { allocationIndex } from '../heap/allocationSites';
import { NO_DISTANCE } from '../heap/distances';
import type { HeapSnapshot } from '../heap/snapshot';
import type { ScriptMapper } from './mapScript';
import { rootPathOf } from './rootPath';
import type { AllocationHolder, FunctionAllocations, MappedPosition } from './types';
import { outermostOfGroup } from '../heap/dominatorWalk';

export interface FunctionAllocationOptions {
  /** Holders listed per function (default 5), root paths for those retaining at least `pathMinBytes` (4 KiB). */
  holders?: number;
  pathMinBytes?: number;
  /** Sample ids per function (default 5). */
  samples?: number;
}

/** Per object ordinal, its group in the result (or -1): for the explorer and the lenses' "show objects". */
export interface FunctionAllocationIndex {
  functions: FunctionAllocations[];
  groupOf: Int32Array;
}

const cache = new WeakMap<HeapSnapshot, WeakMap<ScriptMapper, FunctionAllocationIndex>>();

/** The snapshot's allocations by workspace function; undefined when it has no allocation stacks. */
export function functionAllocations(
  snapshot: HeapSnapshot,
  mapper: ScriptMapper,
  options: FunctionAllocationOptions = {},
): FunctionAllocationIndex | undefined {
  const index = allocationIndex(snapshot);
  if (!index) return undefined;
  let perMapper = cache.get(snapshot);
  if (!perMapper) cache.set(snapshot, (perMapper = new WeakMap()));
  const cached = perMapper.get(mapper);
  if (cached) return cached;
  const traces = index.traces;
  const g = snapshot.graph;

  // Trace node → group of its innermost workspace frame (parents come first, so one forward pass).
  const mappedKey = new Map<number, MappedPosition | null>();
  const mapKey = (key: number): MappedPosition | null => {
    let m = mappedKey.get(key);
    if (m === undefined) {
      const f = traces.keyFrame(key);
      m = f.url && f.line >= 0 ? (mapper.map(f.url, f.line, Math.max(0, f.column)) ?? null) : null;
      mappedKey.set(key, m);
    }
    return m;
  };
  const groupKeys = new Map<string, number>();
  const groups: FunctionAllocations[] = [];
  const groupOfTrace = new Int32Array(traces.traceNodeCount).fill(-1);
  for (let t = 0; t < traces.traceNodeCount; t++) {
    const key = traces.keyOf(t);
    const mapped = mapKey(key);
    if (!mapped) {
      const p = traces.treeParent[t];
      groupOfTrace[t] = p >= 0 && p < t ? groupOfTrace[p] : -1;
      continue;
    }
    const k = `${mapped.file}\u0000${mapped.line}\u0000${mapped.column}`;
    let group = groupKeys.get(k);
    if (group === undefined) {
      group = groups.length;
      groupKeys.set(k, group);
      groups.push({
        file: mapped.file,
        line: mapped.line,
        column: mapped.column,
        name: traces.keyFrame(key).name || '(anonymous)',
        count: 0,
        selfSize: 0,
        retainedSize: 0,
        classes: [],
        holders: [],
        sampleIds: [],
      });
    }
    groupOfTrace[t] = group;
  }

  const groupOf = new Int32Array(g.nodeCount).fill(-1);
  const members: number[][] = groups.map(() => []);
  for (let n = 0; n < g.nodeCount; n++) {
    const t = index.traceOf[n];
    if (t < 0) continue;
    const group = groupOfTrace[t];
    if (group < 0) continue;
    groupOf[n] = group;
    members[group].push(n);
    groups[group].count++;
    groups[group].selfSize += g.selfSizeOf(n);
  }
  countRetainedOnce(snapshot, groupOf, groups);

  const samples = options.samples ?? 5;
  const retained = snapshot.retainedSize;
  groups.forEach((group, i) => {
    const list = members[i];
    const classes = new Map<string, number>();
    for (const n of list) classes.set(snapshot.className(n), (classes.get(snapshot.className(n)) ?? 0) + 1);
    group.classes = [...classes]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([name, count]) => ({ name, count }));
    group.sampleIds = [...list]
      .sort((a, b) => retained[b] - retained[a])
      .slice(0, samples)
      .map((n) => g.idOf(n));
    group.holders = holdersOf(snapshot, list, options);
  });
  const functions = groups.filter((f) => f.count > 0).sort((a, b) => b.retainedSize - a.retainedSize);
  const result = { functions, groupOf: remap(groupOf, groups, functions) };
  perMapper.set(mapper, result);
  return result;
}

/** groupOf refers to `groups`; the result lists only non-empty groups, sorted: renumber. */
function remap(groupOf: Int32Array, groups: FunctionAllocations[], functions: FunctionAllocations[]): Int32Array {
  const to = new Map(functions.map((f, i) => [groups.indexOf(f), i]));
  for (let n = 0; n < groupOf.length; n++) if (groupOf[n] >= 0) groupOf[n] = to.get(groupOf[n]) ?? -1;
  return groupOf;
}

function countRetainedOnce(snapshot: HeapSnapshot, groupOf: Int32Array, groups: FunctionAllocations[]): void {
  const outermost = outermostOfGroup(snapshot, groupOf, groups.length);
  for (let n = 0; n < groupOf.length; n++)
    if (outermost[n]) groups[groupOf[n]].retainedSize += snapshot.retainedSize[n];
}

interface HolderAcc {
  holder: AllocationHolder;
  /** The collection (entry), or the values (value). */
  targets: Set<number>;
  /** Classes of the objects held this way. */
  classes: Map<string, number>;
}

/**
 * Which names hold a function's objects: for each object, a named edge straight into it (a variable or a
 * property: 'value'), or a named edge into the collection whose backing store (`table`, `elements`,
 * `properties`) or element edge holds it ('entry').
 */
function holdersOf(snapshot: HeapSnapshot, objects: number[], options: FunctionAllocationOptions): AllocationHolder[] {
  const g = snapshot.graph;
  const t = g.layout.edgeType;
  const nt = g.layout.nodeType;
  const accs = new Map<string, HolderAcc>();
  const add = (name: string, via: 'entry' | 'value', edge: number, target: number, object: number): void => {
    const kind = g.edgeTypeOf(edge) === t.context ? 'variable' : 'property';
    const key = `${name}\u0000${via}\u0000${kind}`;
    let acc = accs.get(key);
    if (!acc) {
      acc = {
        holder: {
          name,
          via,
          edge: kind,
          className: snapshot.className(target),
          objectClass: '',
          count: 0,
          retainedSize: 0,
          sampleId: g.idOf(target),
        },
        targets: new Set(),
        classes: new Map(),
      };
      accs.set(key, acc);
    }
    acc.holder.count++;
    acc.targets.add(target);
    const cls = snapshot.className(object);
    acc.classes.set(cls, (acc.classes.get(cls) ?? 0) + 1);
  };
  /** Named edges (variables, properties) into `n`, first few. */
  const namedInto = (n: number, visit: (name: string, edge: number) => void): void => {
    let seen = 0;
    g.forEachRetainer(n, (e) => {
      if (g.edgeTypeOf(e) === t.context || g.edgeTypeOf(e) === t.property) visit(g.edgeNameString(e), e);
      return ++seen < 16;
    });
  };
  const isStore = (n: number): boolean => g.nodeType[n] === nt.array || g.nodeType[n] === nt.hidden;
  for (const n of objects) {
    const found = new Set<string>();
    const once = (name: string, via: 'entry' | 'value', edge: number, target: number): void => {
      const k = `${name}\u0000${via}\u0000${target}`;
      if (found.has(k)) return;
      found.add(k);
      add(name, via, edge, target, n);
    };
    namedInto(n, (name, e) => once(name, 'value', e, n));
    let seen = 0;
    g.forEachRetainer(n, (e, owner) => {
      if (g.edgeTypeOf(e) !== t.weak) {
        if (isStore(owner)) {
          // A backing store: the collection is what holds the store.
          let s = 0;
          g.forEachRetainer(owner, (_, c) => {
            if (!isStore(c) && snapshot.distances.get(c) !== NO_DISTANCE)
              namedInto(c, (name, ce) => once(name, 'entry', ce, c));
            return ++s < 4;
          });
        } else if (g.edgeTypeOf(e) === t.element) {
          namedInto(owner, (name, ce) => once(name, 'entry', ce, owner));
        }
      }
      return ++seen < 8;
    });
  }
  const pathMin = options.pathMinBytes ?? 4096;
  const holders = [...accs.values()]
    .map(({ holder, targets, classes }) => {
      let retained = 0;
      let largest = -1;
      for (const target of targets) {
        retained += snapshot.retainedSize[target];
        if (largest < 0 || snapshot.retainedSize[target] > snapshot.retainedSize[largest]) largest = target;
      }
      const objectClass = [...classes].sort((a, b) => b[1] - a[1])[0][0];
      return { holder: { ...holder, objectClass, retainedSize: retained, sampleId: g.idOf(largest) }, largest };
    })
    .sort((a, b) => b.holder.count - a.holder.count || b.holder.retainedSize - a.holder.retainedSize)
    .slice(0, options.holders ?? 5);
  for (const h of holders) if (h.holder.retainedSize >= pathMin) h.holder.path = rootPathOf(snapshot, h.largest);
  return holders.map((h) => h.holder);
}
