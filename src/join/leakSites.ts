// Leak groups (from the engine's three-snapshot triage, each followed by the groups folded under it) → the
// source places they touch, in the final snapshot: the sample objects' own locations ('self'), located closures and objects they alone keep alive
// ('holds'), the located closures whose captured variables keep them ('held-by': a listener's closure
// holding the object it captured), closures their root path passes through ('on-path'), and the context
// variables on that path (`reportCache (variable)`), each with the file whose scope owns the context.
import { flattenGroups, type LeakGroup } from '../heap/leaks';
import type { HeapSnapshot } from '../heap/snapshot';
import { isContext, sharingClosures } from './contextNodes';
import type { FunctionAllocationIndex } from './functionAllocations';
import { entryCount, locatedNodes, type LocatedTable } from './locatedNodes';
import type { ScriptMapper } from './mapScript';
import { rootPathOf, rootPathOrdinals } from './rootPath';
import type { LeakGroupSites } from './types';

/** How far to look into what a sample dominates, and up its dominator chain. */
const MAX_HELD = 400;
const MAX_UP = 64;

type Site = LeakGroupSites['sites'][number];

function withoutFolded(group: LeakGroup): Omit<LeakGroup, 'folded'> {
  const { folded: _folded, ...rest } = group;
  return rest;
}

function addSite(out: Map<string, Site>, table: LocatedTable, n: number, role: Site['role']): void {
  const node = table.nodes[table.indexOf[n]];
  if (!node?.mapped) return;
  const key = `${node.mapped.file}:${node.mapped.line}:${node.mapped.column}:${node.kind}`;
  if (!out.has(key))
    out.set(key, { file: node.mapped.file, line: node.mapped.line, column: node.mapped.column, kind: node.kind, role });
}

/** The workspace function most of a group's samples were allocated in (allocation stacks), if any. */
function allocatedIn(
  snapshot: HeapSnapshot,
  sampleIds: readonly number[],
  allocations: FunctionAllocationIndex | undefined,
): LeakGroupSites['allocatedIn'] {
  if (!allocations) return undefined;
  const counts = new Map<number, number>();
  for (const id of sampleIds) {
    const n = snapshot.ordinalOfId(id);
    const group = n >= 0 ? allocations.groupOf[n] : -1;
    if (group >= 0) counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  const [top] = [...counts].sort((a, b) => b[1] - a[1]);
  if (!top) return undefined;
  const f = allocations.functions[top[0]];
  return { name: f.name, file: f.file, line: f.line, column: f.column, count: top[1] };
}

export function leakGroupSites(
  snapshot: HeapSnapshot,
  groups: readonly LeakGroup[],
  mapper: ScriptMapper,
  allocations?: FunctionAllocationIndex,
): LeakGroupSites[] {
  const g = snapshot.graph;
  const table = locatedNodes(snapshot, mapper);
  const { first, children } = snapshot.dominated;
  return flattenGroups(groups).map(({ group, foldedInto }) => {
    const sites = new Map<string, Site>();
    const variables = new Map<string, LeakGroupSites['variables'][number]>();
    let path = '';
    for (const id of group.sampleIds) {
      const s = snapshot.ordinalOfId(id);
      if (s < 0) continue;
      addSite(sites, table, s, 'self');
      // What the sample alone keeps alive (a Timeout's callback closure), breadth first and bounded.
      const queue = [s];
      for (let i = 0; i < queue.length && queue.length < MAX_HELD; i++) {
        const n = queue[i];
        for (let k = first[n]; k < first[n + 1] && queue.length < MAX_HELD; k++) queue.push(children[k]);
      }
      for (const n of queue.slice(1)) addSite(sites, table, n, 'holds');
      // Up the dominator chain to the nearest located closure: the closure whose context holds the sample.
      for (
        let d = snapshot.dominator[s], steps = 0;
        d !== g.rootOrdinal && steps < MAX_UP;
        d = snapshot.dominator[d], steps++
      ) {
        if (g.nodeType[d] === g.layout.nodeType.closure && table.indexOf[d] >= 0) {
          addSite(sites, table, d, 'held-by');
          break;
        }
        if (
          !isContext(snapshot, d) &&
          g.nodeType[d] !== g.layout.nodeType.hidden &&
          g.nodeType[d] !== g.layout.nodeType.array
        )
          break;
      }
      const { ordinals, steps } = rootPathOrdinals(snapshot, s);
      if (!path) path = group.path || rootPathOf(snapshot, s);
      for (let i = 1; i < steps.length; i++) {
        const from = ordinals[i - 1];
        const step = steps[i];
        if (step.edgeName === 'context' && g.nodeType[from] === g.layout.nodeType.closure)
          addSite(sites, table, from, 'on-path');
        if (step.edgeType !== 'context' || !isContext(snapshot, from)) continue;
        // `from` is the context, step.node the variable's value; the context's closures say whose scope it is.
        const holders = sharingClosures(snapshot, from)
          .direct.map((f) => table.nodes[table.indexOf[f]]?.mapped)
          .filter((m) => m !== undefined);
        if (holders.length === 0) continue;
        const name = String(step.edgeName);
        const value = ordinals[i];
        const key = `${holders[0].file}\u0000${name}\u0000${value}`;
        if (variables.has(key)) continue;
        variables.set(key, {
          file: holders[0].file,
          name,
          holders: holders.slice(0, 8).map((h) => ({ line: h.line, column: h.column })),
          valueId: g.idOf(value),
          retainedSize: snapshot.retainedSize[value],
          entries: entryCount(snapshot, value),
        });
      }
    }
    return {
      group: { ...withoutFolded(group), foldedInto },
      sites: [...sites.values()],
      allocatedIn: allocatedIn(snapshot, group.sampleIds, allocations),
      variables: [...variables.values()],
      path,
    };
  });
}
