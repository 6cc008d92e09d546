// Retention chains: `const prev = this.task; this.task = loop(() => { prev.abort(); … })`. The new value of a
// holder keeps a closure whose context holds the holder's previous value, whose closure holds the one before:
// every value ever stored stays reachable, one link per run, for as long as the holder lives. Nothing about
// sizes or names is needed: the shape alone makes the retention grow with each run.
import type { Variable } from '@typescript-eslint/scope-manager';
import { DefinitionType } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  T,
  calleeName,
  classMemberOf,
  enclosingFunction,
  functionName,
  isFunction,
  isInside,
  memberPath,
  rootOf,
  unwrap,
  walk,
  type FunctionNode,
  type Node,
} from './ast';
import { runsRepeatedly } from './lifetimes';
import type { FileModel } from './model';
import { methodOwner } from './owners';
import { VISITOR_KEYS } from './parse';

export interface RetentionChain {
  /** The local that snapshots the holder's previous value. */
  previous: Variable;
  /** Its declaration (`const prev = this.task`). */
  declaration: TSESTree.VariableDeclarator;
  /** The store that replaces the holder's value (`this.task = …`). */
  store: TSESTree.AssignmentExpression;
  /** The closure in the stored value that holds `previous` through its context. */
  closure: FunctionNode;
  /** The holder, as written (`this.task`). */
  holder: string;
  /** The function whose every run adds a link. */
  runner: FunctionNode;
  /**
   * The previous value is only put out of service (`prev.abort()`, `if (prev) prev.cancel()`): nothing needs it
   * once that is done. Otherwise it is called or passed on (a deliberate chain of handlers), which needs it.
   */
  supersedes: boolean;
}

/**
 * Calls that use their callback while they run or once after, and do not keep it in what they return: array
 * iterators, promise reactions, one-shot timers (their id or handle is all that is stored).
 */
const NOT_RETAINING = new Set([
  'map',
  'filter',
  'reduce',
  'reduceRight',
  'flatMap',
  'find',
  'findIndex',
  'some',
  'every',
  'forEach',
  'sort',
  'then',
  'catch',
  'finally',
  'setTimeout',
  'setImmediate',
  'requestAnimationFrame',
  'requestIdleCallback',
  'queueMicrotask',
  'nextTick',
  'Promise',
]);

/** Every retention chain in the file. Memoized per file; one pass over the file finds the stores. */
export function retentionChains(m: FileModel): RetentionChain[] {
  const t = m.memoFor<RetentionChain[]>('retentionChains');
  const cached = t.get(m.ast);
  if (cached) return cached;
  const candidates: Candidate[] = [];
  for (const scope of m.scopeManager.scopes) {
    if (scope.type === 'global' || scope.type === 'module') continue;
    for (const v of scope.variables) {
      const c = candidateOf(m, v);
      if (c) candidates.push(c);
    }
  }
  const out: RetentionChain[] = [];
  if (candidates.length) {
    const stores = storesTo(m, new Set(candidates.map((c) => c.holder)));
    for (const c of candidates) {
      const chain = chainOf(m, c, stores.get(c.holder) ?? []);
      if (chain) out.push(chain);
    }
  }
  t.set(m.ast, out);
  return out;
}

interface Candidate {
  v: Variable;
  decl: TSESTree.VariableDeclarator;
  runner: FunctionNode;
  holder: string;
  /** The references to `v` from closures inside the runner. */
  captured: Node[];
}

/** `const prev = <holder>` in a function, captured by a closure and never written again. */
function candidateOf(m: FileModel, v: Variable): Candidate | undefined {
  const def = v.defs[0];
  if (v.defs.length !== 1 || def.type !== DefinitionType.Variable) return undefined;
  const decl = def.node as TSESTree.VariableDeclarator;
  if (decl.id.type !== T.Identifier || !decl.init) return undefined;
  const init = unwrap(decl.init);
  if (init.type !== T.Identifier && init.type !== T.MemberExpression) return undefined;
  const runner = enclosingFunction(decl);
  if (!runner) return undefined;
  // Written again after its declaration (`prev = null` once used): the link is cut.
  if (v.references.some((r) => r.isWrite() && !r.init)) return undefined;
  // In the context only when a closure uses it.
  const captured = v.references
    .map((r) => r.identifier as Node)
    .filter((id) => enclosingFunction(id) !== runner && isInside(id, runner));
  if (!captured.length) return undefined;
  const holder = holderText(m, init, runner);
  return holder ? { v, decl, runner, holder, captured } : undefined;
}

/** Every plain assignment to one of `holders`, by holder. */
function storesTo(m: FileModel, holders: Set<string>): Map<string, TSESTree.AssignmentExpression[]> {
  const out = new Map<string, TSESTree.AssignmentExpression[]>();
  walk(
    m.ast,
    (n) => {
      if (n.type !== T.AssignmentExpression || n.operator !== '=') return true;
      const text = n.left.type === T.Identifier ? n.left.name : memberPath(n.left);
      if (text && holders.has(text)) {
        let list = out.get(text);
        if (!list) out.set(text, (list = []));
        list.push(n);
      }
      return true;
    },
    VISITOR_KEYS,
  );
  return out;
}

function chainOf(m: FileModel, c: Candidate, stores: TSESTree.AssignmentExpression[]): RetentionChain | undefined {
  const { v, decl, runner, holder } = c;
  // The next store to the holder in the runner itself (not in a function inside it).
  const store = stores.find((s) => s.range[0] > decl.range[1] && enclosingFunction(s) === runner);
  if (!store) return undefined;
  // Put back afterwards (`finally { Object.defineProperty = saved }`): the holder lets go of the new value.
  if (stores.some((s) => isInside(s, runner) && s.right.type === T.Identifier && m.resolve(s.right) === v))
    return undefined;
  const scopeBlock = v.scope.block as Node;
  const closure = retainedClosure(store.right).find((fn) => isInside(fn, scopeBlock));
  if (!closure) return undefined;
  // One link per run only when the store runs again (a method, a handler, a component), not behind a
  // run-once flag.
  if (!runsRepeatedly(m, store)) return undefined;
  const supersedes = c.captured.every((id) => onlyRetires(id));
  return { previous: v, declaration: decl, store, closure, holder, runner, supersedes };
}

/**
 * The holder as text when it outlives a run of `runner`: a field of `this` or of an object not made in
 * `runner` (`this.task`, `state.current`), or a variable declared outside it. Computed members
 * (`proto[name]`) differ per run, and so do a parameter's fields.
 */
function holderText(m: FileModel, e: Node, runner: FunctionNode): string | undefined {
  if (e.type === T.Identifier) return fixedVariable(m, e, runner, true) ? e.name : undefined;
  const path = memberPath(e);
  if (!path) return undefined;
  const root = rootOf(e);
  if (root.type === T.ThisExpression) {
    // `this` of an arrow is its creator's; of a function or method, its own. In a constructor it is a new
    // object on every run, so each run starts a chain of its own instead of extending one.
    let self: FunctionNode | undefined = runner;
    while (self?.type === T.ArrowFunctionExpression) self = enclosingFunction(self);
    if (!self || methodOwner(m, self)?.name === 'constructor') return undefined;
    if (!classMemberOf(self) && /^[A-Z]/.test(functionName(self) ?? '')) return undefined;
    return path;
  }
  return root.type === T.Identifier && fixedVariable(m, root, runner, false) ? path : undefined;
}

/**
 * A variable that is the same slot on every run of `runner`: a global, or one declared outside it that is not a
 * parameter (a new argument per call). The root of a holder's path must also not be reassigned (a "current"
 * pointer moving between objects); the holder itself is, by the store.
 */
function fixedVariable(m: FileModel, id: TSESTree.Identifier, runner: FunctionNode, isHolder: boolean): boolean {
  const v = m.resolve(id);
  if (v === null) return m.isGlobalName(id);
  const def = v.defs[0];
  if (!def || isInside(def.name as Node, runner) || def.type === DefinitionType.Parameter) return false;
  return isHolder || !v.references.some((r) => r.isWrite() && !r.init);
}

/**
 * The closures a stored value keeps: the value itself, the members of an object or array literal, and the
 * callbacks handed to the call or `new` that makes it (unless that call is known to let go of them).
 */
function retainedClosure(value: Node): FunctionNode[] {
  const out: FunctionNode[] = [];
  const visit = (e: Node, depth: number) => {
    if (depth > 3) return;
    const u = unwrap(e);
    if (isFunction(u)) out.push(u);
    else if (u.type === T.ObjectExpression) {
      for (const p of u.properties) if (p.type === T.Property) visit(p.value as Node, depth + 1);
    } else if (u.type === T.ArrayExpression) {
      for (const el of u.elements) if (el && el.type !== T.SpreadElement) visit(el, depth + 1);
    } else if (u.type === T.CallExpression || u.type === T.NewExpression) {
      if (NOT_RETAINING.has(calleeName(u) ?? '')) return;
      for (const a of u.arguments) if (a.type !== T.SpreadElement) visit(a, depth + 1);
    } else if (u.type === T.ConditionalExpression) {
      visit(u.consequent, depth + 1);
      visit(u.alternate, depth + 1);
    } else if (u.type === T.LogicalExpression) visit(u.right, depth + 1);
  };
  visit(value, 0);
  return out;
}

/**
 * `prev` used only to test it or to call a method on it (`prev?.abort()`, `if (prev) prev.cancel()`): the
 * previous value is put out of service and not needed afterwards. Calling it (`prev(e)`), passing it on or
 * returning it keeps it in use.
 */
function onlyRetires(ref: Node): boolean {
  let child: Node = ref;
  let p = ref.parent;
  while (p && (p.type === T.ChainExpression || p.type === T.TSNonNullExpression)) {
    child = p;
    p = p.parent;
  }
  if (!p) return false;
  if (p.type === T.MemberExpression && p.object === child) {
    let call: Node | undefined = p.parent;
    if (call?.type === T.ChainExpression) call = call.parent;
    return call?.type === T.CallExpression && unwrap(call.callee) === p;
  }
  if (p.type === T.IfStatement || p.type === T.ConditionalExpression) return p.test === child;
  if (p.type === T.UnaryExpression && p.operator === '!') return true;
  if (p.type === T.LogicalExpression) return p.left === child;
  if (p.type === T.BinaryExpression) return /^[!=]==?$/.test(p.operator);
  return false;
}
