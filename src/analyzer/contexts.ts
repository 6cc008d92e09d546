// V8's closure contexts. A variable that any inner function references lives in its scope's context object
// (every variable does when the scope contains a direct `eval`); every closure created in that scope holds
// the whole context and, through `previous`, the contexts of all outer scopes. So a long-lived closure
// retains what its siblings captured, not just what it uses itself.
import { ScopeType, type Scope, type Variable } from '@typescript-eslint/scope-manager';
import { T, isFunction, isInside, type FunctionNode, type Node } from './ast';
import type { FileModel } from './model';

export interface ContextSlot {
  variable: Variable;
  /** The functions (other than the scope's own code) whose references put it in the context. */
  capturedBy: FunctionNode[];
}

export interface ContextLevel {
  scope: Scope;
  slots: ContextSlot[];
}

function functionScopeOf(scope: Scope): Scope {
  return scope.variableScope;
}

function isModuleOrGlobal(scope: Scope): boolean {
  return scope.type === ScopeType.global || scope.type === ScopeType.module;
}

/** Scopes containing a direct `eval(...)` call (they context-allocate everything, up the chain). */
function evalScopes(m: FileModel): Set<Scope> {
  const t = m.memoFor<Set<Scope>>('evalScopes');
  const cached = t.get(m.ast);
  if (cached) return cached;
  const set = new Set<Scope>();
  for (const call of m.callsNamed('eval')) {
    if (call.callee.type === T.Identifier && call.callee.name === 'eval' && m.isGlobalName(call.callee)) {
      for (let s: Scope | null = m.scopeAt(call); s; s = s.upper) set.add(s);
    }
  }
  t.set(m.ast, set);
  return set;
}

/** The outermost function between `from` (a scope inside `owner`) and `owner`. */
function capturingFunction(from: Scope, owner: Scope): FunctionNode | undefined {
  let fn: FunctionNode | undefined;
  for (let s: Scope | null = from; s && s !== owner; s = s.upper) {
    if (isFunction(s.block as Node)) fn = s.block as FunctionNode;
  }
  return fn;
}

/** The context-allocated variables of `scope`, each with the inner functions that captured it. */
export function contextSlots(m: FileModel, scope: Scope): ContextSlot[] {
  const t = m.memoFor<ContextSlot[]>('contextSlots');
  const key = scope.block as Node;
  const cached = t.get(key);
  if (cached) return cached;
  const everything = evalScopes(m).has(scope);
  const own = functionScopeOf(scope);
  const slots: ContextSlot[] = [];
  for (const v of scope.variables) {
    if (v.name === 'arguments' && v.defs.length === 0) continue;
    const capturedBy = new Set<FunctionNode>();
    for (const r of v.references) {
      if (functionScopeOf(r.from) === own) continue;
      const fn = capturingFunction(r.from, scope);
      if (fn) capturedBy.add(fn);
    }
    if (capturedBy.size || everything) slots.push({ variable: v, capturedBy: [...capturedBy] });
  }
  t.set(key, slots);
  return slots;
}

/** The context chain a closure created by `fn` holds: its defining scope outward, module scope excluded. */
export function contextChain(m: FileModel, fn: FunctionNode): ContextLevel[] {
  const own = m.scopeManager.acquire(fn);
  const levels: ContextLevel[] = [];
  for (let s: Scope | null = own?.upper ?? null; s && !isModuleOrGlobal(s); s = s.upper) {
    // A named function expression's own-name scope and class scopes hold no interesting values.
    if (s.type === ScopeType.functionExpressionName || s.type === ScopeType.class) continue;
    const slots = contextSlots(m, s);
    if (slots.length) levels.push({ scope: s, slots });
  }
  return levels;
}

/** Does `fn` (or any function inside it) reference `v`? */
export function closureUses(fn: FunctionNode, v: Variable): boolean {
  return v.references.some((r) => isInside(r.identifier, fn));
}
