// V8 closure contexts as the snapshot shows them: closure → `context` (internal edge) → `system / Context`,
// one `context` edge per captured variable, and `previous` up to the enclosing scope's context. These
// helpers find, for one context, the live closures that share it (directly, or through an inner context
// whose `previous` chain reaches it) and the function whose scope created it (V8's ScopeInfo is shared by
// the context and by that function's SharedFunctionInfo).
import type { HeapSnapshot } from '../heap/snapshot';
import { childNamed } from './locatedNodes';

export function isContext(snapshot: HeapSnapshot, n: number): boolean {
  // Chrome adds the scope: `system / Context / scope @45573`.
  const name = snapshot.graph.nodeNameString(n);
  return (
    name === 'system / Context' ||
    name === 'system / ScriptContext' ||
    name.startsWith('system / Context / ') ||
    name.startsWith('system / ScriptContext / ')
  );
}

/** Names V8 puts in contexts that are not the program's variables, or that we cannot judge from source. */
export function isJudgeableName(name: string): boolean {
  return /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name) && name !== 'this' && name !== 'arguments';
}

/** The context's variables: [name, value ordinal] for each `context` edge. */
export function contextVariables(snapshot: HeapSnapshot, c: number): [string, number][] {
  const g = snapshot.graph;
  const out: [string, number][] = [];
  for (let e = g.firstEdge.get(c); e < g.firstEdge.get(c + 1); e++) {
    if (g.edgeTypeOf(e) === g.layout.edgeType.context) out.push([g.edgeNameString(e), g.targetOf(e)]);
  }
  return out;
}

/** Retainers of `n` over an edge named `name` (any type). */
function retainersNamed(snapshot: HeapSnapshot, n: number, name: string): number[] {
  const g = snapshot.graph;
  const out: number[] = [];
  g.forEachRetainer(n, (e, from) => {
    if (g.edgeHasStringName(e) && g.edgeNameString(e) === name) out.push(from);
  });
  return out;
}

export interface SharingClosures {
  /** Closures whose own context is this one. */
  direct: number[];
  /** Closures made in inner scopes, holding this context through `previous`. */
  inner: number[];
}

const MAX_INNER = 10_000;

export function sharingClosures(snapshot: HeapSnapshot, c: number): SharingClosures {
  const closureType = snapshot.graph.layout.nodeType.closure;
  const isClosure = (n: number): boolean => snapshot.graph.nodeType[n] === closureType;
  const direct = retainersNamed(snapshot, c, 'context').filter(isClosure);
  const inner: number[] = [];
  const seen = new Set<number>([c]);
  const queue = retainersNamed(snapshot, c, 'previous').filter((n) => isContext(snapshot, n));
  while (queue.length && inner.length < MAX_INNER) {
    const ctx = queue.pop()!;
    if (seen.has(ctx)) continue;
    seen.add(ctx);
    inner.push(...retainersNamed(snapshot, ctx, 'context').filter(isClosure));
    for (const p of retainersNamed(snapshot, ctx, 'previous')) if (isContext(snapshot, p)) queue.push(p);
  }
  return { direct, inner };
}

/** Closures of the function that created this context (same ScopeInfo), when the snapshot links them. */
export function contextOwnerClosures(snapshot: HeapSnapshot, c: number): number[] {
  const scopeInfo = childNamed(snapshot, c, 'scope_info');
  if (scopeInfo < 0) return [];
  const closureType = snapshot.graph.layout.nodeType.closure;
  const out: number[] = [];
  for (const shared of retainersNamed(snapshot, scopeInfo, 'name_or_scope_info')) {
    for (const f of retainersNamed(snapshot, shared, 'shared'))
      if (snapshot.graph.nodeType[f] === closureType) out.push(f);
  }
  return out;
}

/** The local names a ScopeInfo lists (V8 writes them as hidden string edges). */
export function scopeInfoNames(snapshot: HeapSnapshot, c: number): string[] {
  const g = snapshot.graph;
  const scopeInfo = childNamed(snapshot, c, 'scope_info');
  if (scopeInfo < 0) return [];
  const names: string[] = [];
  for (let e = g.firstEdge.get(scopeInfo); e < g.firstEdge.get(scopeInfo + 1); e++) {
    const to = g.targetOf(e);
    if (g.edgeTypeOf(e) === g.layout.edgeType.hidden && g.nodeTypeName(to).includes('string'))
      names.push(g.nodeNameString(to));
  }
  return names;
}
