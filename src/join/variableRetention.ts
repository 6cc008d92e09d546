// What the program's variables hold: for every context owned by a workspace file, each captured variable's
// value, aggregated per (file, scope, name). Module-level state (`const reportCache = new Map()` in a
// CommonJS module) is one context; per-call state (a request handler's locals kept by a timer) is many.
import type { HeapSnapshot } from '../heap/snapshot';
import { contextVariables, isContext, scopeInfoNames, sharingClosures } from './contextNodes';
import { childNamed, entryCount, locatedNodes } from './locatedNodes';
import type { ScriptMapper } from './mapScript';
import { rootPathOf } from './rootPath';
import type { VariableRetention } from './types';

export interface VariableRetentionOptions {
  /** Root paths for variables retaining at least this much (default 4 KiB), at most `maxPaths` (default 200). */
  pathMinBytes?: number;
  maxPaths?: number;
}

interface Acc {
  v: VariableRetention;
  values: Set<number>;
  largest: number;
  holderKeys: Set<string>;
}

export function variableRetention(
  snapshot: HeapSnapshot,
  mapper: ScriptMapper,
  options: VariableRetentionOptions = {},
): VariableRetention[] {
  const g = snapshot.graph;
  const table = locatedNodes(snapshot, mapper);
  const accs = new Map<string, Acc>();
  for (let c = 0; c < g.nodeCount; c++) {
    if (!isContext(snapshot, c)) continue;
    const vars = contextVariables(snapshot, c);
    if (vars.length === 0) continue;
    const { direct } = sharingClosures(snapshot, c);
    const holders = direct.map((f) => table.nodes[table.indexOf[f]]?.mapped).filter((m) => m !== undefined);
    if (holders.length === 0) continue;
    const file = holders[0].file;
    // Contexts of one scope share a ScopeInfo; its names tell scopes of one file apart.
    const scope = scopeInfoNames(snapshot, c).join(',') || String(childNamed(snapshot, c, 'scope_info'));
    for (const [name, value] of vars) {
      const key = `${file}\u0000${scope}\u0000${name}`;
      let acc = accs.get(key);
      if (!acc) {
        acc = {
          v: {
            file,
            name,
            holders: [],
            contexts: 0,
            retainedSize: 0,
            className: snapshot.className(value),
            sampleId: g.idOf(value),
          },
          values: new Set(),
          largest: value,
          holderKeys: new Set(),
        };
        accs.set(key, acc);
      }
      acc.v.contexts++;
      if (!acc.values.has(value)) {
        acc.values.add(value);
        acc.v.retainedSize += snapshot.retainedSize[value];
      }
      if (snapshot.retainedSize[value] > snapshot.retainedSize[acc.largest]) acc.largest = value;
      for (const h of holders) {
        const hk = `${h.line}:${h.column}`;
        if (acc.holderKeys.size < 8 && !acc.holderKeys.has(hk)) {
          acc.holderKeys.add(hk);
          acc.v.holders.push({ line: h.line, column: h.column });
        }
      }
    }
  }
  const result = [...accs.values()];
  for (const acc of result) {
    acc.v.className = snapshot.className(acc.largest);
    acc.v.sampleId = g.idOf(acc.largest);
    const entries = entryCount(snapshot, acc.largest);
    if (entries !== undefined) acc.v.entries = entries;
  }
  result.sort((a, b) => b.v.retainedSize - a.v.retainedSize);
  const pathMin = options.pathMinBytes ?? 4096;
  result
    .filter((a) => a.v.retainedSize >= pathMin)
    .slice(0, options.maxPaths ?? 200)
    .forEach((a) => {
      a.v.path = rootPathOf(snapshot, a.largest);
    });
  return result.map((a) => a.v);
}
