// Lingering call state: a function that outlives its calls (returned by a factory) keeps a variable of the
// factory's scope, and each call stores its own arguments there for the helpers it calls
// (`context = { component, write, done }`). Nothing clears the variable when the call is done, so the last
// call's objects stay reachable for as long as the function lives. The next call writes the variable before
// it reads it, which shows the value is only needed during a call (a memo that compares with the last call
// reads it first, and keeps it on purpose).
import type { Variable } from '@typescript-eslint/scope-manager';
import { DefinitionType } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { T, enclosingFunction, isFunction, isInside, rootOf, unwrap, type FunctionNode, type Node } from './ast';
import { runsRepeatedly } from './lifetimes';
import type { FileModel } from './model';

export interface LingeringState {
  variable: Variable;
  /** The store that puts a call's arguments in it. */
  store: TSESTree.AssignmentExpression;
  /** The function whose calls store there (it outlives them). */
  runner: FunctionNode;
  /** The factory whose scope holds the variable. */
  factory: FunctionNode;
  /** The runner's parameters the stored value holds. */
  params: string[];
}

/** Every lingering call state in the file. Memoized per file. */
export function lingeringStates(m: FileModel): LingeringState[] {
  const t = m.memoFor<LingeringState[]>('lingeringStates');
  const cached = t.get(m.ast);
  if (cached) return cached;
  const out: LingeringState[] = [];
  for (const scope of m.scopeManager.scopes) {
    if (scope.type !== 'function' || !isFunction(scope.block as Node)) continue;
    for (const v of scope.variables) {
      const found = stateOf(m, v, scope.block as FunctionNode);
      if (found) out.push(found);
    }
  }
  t.set(m.ast, out);
  return out;
}

function stateOf(m: FileModel, v: Variable, factory: FunctionNode): LingeringState | undefined {
  if (v.defs.length !== 1 || v.defs[0].type !== DefinitionType.Variable) return undefined;
  const writes = v.references.filter((r) => r.isWrite() && !r.init);
  if (!writes.length) return undefined;
  let store: TSESTree.AssignmentExpression | undefined;
  for (const w of writes) {
    const a = w.identifier.parent;
    if (a?.type !== T.AssignmentExpression || a.operator !== '=' || a.left !== w.identifier) return undefined;
    // Cleared or put back somewhere (`context = null`, `current = prev`): released.
    if (!holdsCallState(a.right)) return undefined;
    store ??= a;
  }
  if (!store) return undefined;
  const runner = enclosingFunction(store);
  if (!runner || runner === factory || !returnedBy(runner, factory)) return undefined;
  const params = paramsHeld(m, store.right, runner);
  if (!params.length) return undefined;
  // Written before it is read in the runner: only needed during a call.
  const inRunner = v.references.filter((r) => !r.init && isInside(r.identifier as Node, runner));
  const first = inRunner.reduce<(typeof inRunner)[number] | undefined>(
    (a, r) => (!a || r.identifier.range[0] < a.identifier.range[0] ? r : a),
    undefined,
  );
  if (first?.identifier !== store.left) return undefined;
  // Read somewhere, by the helpers the call runs.
  if (!v.references.some((r) => r.isRead())) return undefined;
  if (!runsRepeatedly(m, store)) return undefined;
  return { variable: v, store, runner, factory, params };
}

/** An object made of the call's inputs, not a reset (`null`, a literal, another variable put back). */
function holdsCallState(value: Node): boolean {
  const u = unwrap(value);
  return u.type === T.ObjectExpression || u.type === T.ArrayExpression || u.type === T.MemberExpression;
}

/** The runner is the factory's returned function (or inside it). */
function returnedBy(runner: FunctionNode, factory: FunctionNode): boolean {
  let top: FunctionNode = runner;
  for (let f = enclosingFunction(runner); f && f !== factory; f = enclosingFunction(f)) top = f;
  if (enclosingFunction(top) !== factory) return false;
  const p = top.parent;
  if (p?.type === T.ReturnStatement) return true;
  return factory.type === T.ArrowFunctionExpression && factory.body === top;
}

/** The runner's parameters that `value` holds: itself, a member of one, or values of an object or array literal. */
function paramsHeld(m: FileModel, value: Node, runner: FunctionNode): string[] {
  const out = new Set<string>();
  const isParam = (id: TSESTree.Identifier) => {
    const def = m.resolve(id)?.defs[0];
    return def?.type === DefinitionType.Parameter && def.node === runner;
  };
  const visit = (e: Node, depth: number) => {
    if (depth > 2) return;
    const u = unwrap(e);
    if (u.type === T.Identifier) {
      if (isParam(u)) out.add(u.name);
    } else if (u.type === T.MemberExpression) {
      const root = rootOf(u);
      if (root.type === T.Identifier && isParam(root)) out.add(root.name);
    } else if (u.type === T.ObjectExpression) {
      for (const p of u.properties) if (p.type === T.Property) visit(p.value as Node, depth + 1);
    } else if (u.type === T.ArrayExpression) {
      for (const el of u.elements) if (el && el.type !== T.SpreadElement) visit(el, depth + 1);
    }
  };
  visit(value, 0);
  return [...out];
}
