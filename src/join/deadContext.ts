// Dead context variables: the V8 shared-context leak, measured. A context holds every variable any closure
// of its scope captured; if the closures that used a variable are gone and the survivors never use it, the
// value stays alive for nothing. For each context in the snapshot we take the live closures sharing it,
// find each one's function in the mapped source, and ask the analyzer's scope model which of the context's
// variables they reference. V8's own tables help where the snapshot has them: the context's ScopeInfo is
// the one its creating function's SharedFunctionInfo carries, which pins the context to one source scope
// (names alone could match two scopes); ScopeInfo does not record which variables an inner function uses,
// so "uses" always comes from source. Anything we cannot map or parse is skipped, never guessed.
import type { Scope, Variable } from '@typescript-eslint/scope-manager';
import type { Node } from '../analyzer/ast';
import { contextSlots } from '../analyzer/contexts';
import type { HeapSnapshot } from '../heap/snapshot';
import { contextOwnerClosures, contextVariables, isContext, isJudgeableName, sharingClosures } from './contextNodes';
import { locatedNodes, siteName, type LocatedTable } from './locatedNodes';
import type { ScriptMapper } from './mapScript';
import {
  enclosingScopes,
  functionAt,
  functionLabel,
  references,
  SourceModels,
  usesDynamicScope,
  type SourceFile,
} from './sourceModel';
import type { DeadVariable } from './types';

export interface DeadContextOptions {
  /** Leave out variables retaining less than this (default 0: all). */
  minRetainedBytes?: number;
  /** Parsed sources, to share with other join steps. */
  sources?: SourceModels;
  /** Each dead value (ordinal) with the variable it is the value of (filled in as the walk goes on). */
  onValue?(value: number, dead: DeadVariable): void;
}

/** CommonJS wrapper parameters: context-allocated by V8, but no declaration in the file's scope model. */
const CJS_WRAPPER = new Set(['exports', 'require', 'module', '__filename', '__dirname']);

interface Resolved {
  src: SourceFile;
  fn: Node;
  file: string;
}

function resolveClosure(
  snapshot: HeapSnapshot,
  table: LocatedTable,
  sources: SourceModels,
  f: number,
): Resolved | undefined {
  const mapped = table.nodes[table.indexOf[f]]?.mapped;
  if (!mapped) return undefined;
  const src = sources.get(mapped.file);
  if (!src) return undefined;
  const fn = functionAt(src, mapped.line, mapped.column);
  return fn ? { src, fn, file: mapped.file } : undefined;
}

/** The source scope a context belongs to: the owner function's own scope, else the nearest whose names fit. */
function contextScope(owner: Resolved | undefined, sample: Resolved, names: string[]): Scope | undefined {
  if (owner && owner.file === sample.file) {
    const own = owner.src.model.scopeManager.acquire(owner.fn);
    // A function's parameters and body may be two scopes; the context holds the one declaring the names.
    const candidates = own
      ? [own, ...own.childScopes.filter((s) => s.block === (owner.fn as { body?: Node }).body)]
      : [];
    const fit = candidates.find((s) => names.every((n) => s.set.has(n)));
    if (fit) return fit;
  }
  return enclosingScopes(sample.src, sample.fn).find((s) => names.every((n) => s.set.has(n)));
}

function dominatedBy(snapshot: HeapSnapshot, n: number, owner: number): boolean {
  const root = snapshot.graph.rootOrdinal;
  for (let d = snapshot.dominator[n], steps = 0; steps < 64; d = snapshot.dominator[d], steps++) {
    if (d === owner) return true;
    if (d === root) return false;
  }
  return false;
}

interface Acc {
  dead: DeadVariable;
  held: Map<string, DeadVariable['heldBy'][number]>;
  values: Set<number>;
  samples: number[];
}

export function deadContextVariables(
  snapshot: HeapSnapshot,
  mapper: ScriptMapper,
  options: DeadContextOptions = {},
): DeadVariable[] {
  const g = snapshot.graph;
  const table = locatedNodes(snapshot, mapper);
  const sources = options.sources ?? new SourceModels(mapper.sources);
  const accs = new Map<string, Acc>();
  for (let c = 0; c < g.nodeCount; c++) {
    if (!isContext(snapshot, c)) continue;
    const vars = contextVariables(snapshot, c);
    if (vars.length === 0) continue;
    const { direct, inner } = sharingClosures(snapshot, c);
    if (direct.length === 0) continue;
    const live = [...direct, ...inner];
    const resolved = live.map((f) => resolveClosure(snapshot, table, sources, f));
    // One closure we cannot see the source of could be the user: then nothing here is provably dead.
    if (resolved.some((r) => r === undefined)) continue;
    const closures = resolved as Resolved[];
    const sample = closures[0];
    if (closures.some((r) => r.file !== sample.file)) continue;
    if (closures.some((r) => usesDynamicScope(r.fn))) continue;
    const owners = contextOwnerClosures(snapshot, c)
      .map((f) => resolveClosure(snapshot, table, sources, f))
      .filter((r) => r !== undefined);
    const names = vars.map(([n]) => n).filter((n) => isJudgeableName(n) && !CJS_WRAPPER.has(n));
    const scope = contextScope(owners[0], sample, names);
    if (!scope) continue;
    // Every live closure must really sit inside that scope, or the mapping went wrong somewhere.
    if (closures.some((r) => r.fn.range[0] < scope.block.range[0] || r.fn.range[1] > scope.block.range[1])) continue;
    const slots = contextSlots(sample.src.model, scope);
    for (const [name, value] of vars) {
      if (!isJudgeableName(name) || CJS_WRAPPER.has(name)) continue;
      const variable: Variable | undefined = scope.set.get(name);
      if (!variable || closures.some((r) => references(r.fn, variable))) continue;
      // Only what the context alone keeps alive: a value reachable another way would stay anyway.
      if (!dominatedBy(snapshot, value, c)) continue;
      const decl = variable.identifiers[0];
      const pos = decl ? sample.src.model.positionAt(decl.range[0]) : { line: 0, column: 0 };
      const key = `${sample.file}\u0000${pos.line}:${pos.column}\u0000${name}`;
      let acc = accs.get(key);
      if (!acc) {
        const usedOnlyBy = (slots.find((s) => s.variable === variable)?.capturedBy ?? []).map((fn) => {
          const at = sample.src.model.positionAt(fn.range[0]);
          return { line: at.line, column: at.column, name: functionLabel(fn) };
        });
        const scopeLabel = scope.block.type === 'Program' ? 'module' : functionLabel(scope.block as Node);
        acc = {
          dead: {
            file: sample.file,
            name,
            line: pos.line,
            column: pos.column,
            scope: scopeLabel,
            contexts: 0,
            retainedSize: 0,
            className: snapshot.className(value),
            heldBy: [],
            usedOnlyBy,
            sampleIds: [],
          },
          held: new Map(),
          values: new Set(),
          samples: [],
        };
        accs.set(key, acc);
      }
      acc.dead.contexts++;
      if (!acc.values.has(value)) {
        acc.values.add(value);
        acc.dead.retainedSize += snapshot.retainedSize[value];
        acc.samples.push(value);
        options.onValue?.(value, acc.dead);
      }
      for (let i = 0; i < closures.length; i++) {
        const at = closures[i].src.model.positionAt(closures[i].fn.range[0]);
        const hk = `${at.line}:${at.column}`;
        const h = acc.held.get(hk) ?? {
          line: at.line,
          column: at.column,
          name:
            siteName(snapshot, live[i]) === '(anonymous)' ? functionLabel(closures[i].fn) : siteName(snapshot, live[i]),
          count: 0,
        };
        h.count++;
        acc.held.set(hk, h);
      }
    }
  }
  const min = options.minRetainedBytes ?? 0;
  const result: DeadVariable[] = [];
  for (const acc of accs.values()) {
    if (acc.dead.retainedSize < min) continue;
    acc.dead.heldBy = [...acc.held.values()].sort((a, b) => b.count - a.count);
    acc.dead.sampleIds = acc.samples
      .sort((a, b) => snapshot.retainedSize[b] - snapshot.retainedSize[a])
      .slice(0, 5)
      .map((o) => g.idOf(o));
    result.push(acc.dead);
  }
  return result.sort((a, b) => b.retainedSize - a.retainedSize);
}
