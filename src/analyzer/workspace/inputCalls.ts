// Which calls of a module run per input: handlers (callbacks of `on`, `get`, …; request-taking functions; `onX`
// methods; hooks) and everything they call inside the module, so the workspace index can join them across modules.
import ts from 'typescript';
import { HANDLER_CALLEES, INPUT_PARAM, REPEATED_METHODS } from '../lifetimes';
import type { ModuleSummary } from './moduleSummary';
import { article, calleeText, functionNameOf, isFunctionLike, unwrapExpr, valueParent } from './tsSyntax';

/** A function that runs per input by itself: a handler's callback, a request-taking function, an `onX` method, a hook. */
function handlerReason(fn: ts.FunctionLikeDeclaration): string | undefined {
  const { parent, child } = valueParent(fn);
  if (parent && ts.isCallExpression(parent) && parent.arguments.includes(child as ts.Expression)) {
    const callee = unwrapExpr(parent.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (HANDLER_CALLEES.has(name)) return `${article(name)} ${name}() callback`;
  }
  const name = functionNameOf(fn);
  const first = fn.parameters[0];
  if (first && ts.isIdentifier(first.name) && INPUT_PARAM.test(first.name.text))
    return `${name ?? 'a function'}(${first.name.text})`;
  if (name && ts.isMethodDeclaration(fn) && REPEATED_METHODS.test(name)) return `${name}()`;
  if (name && /^use[A-Z0-9]/.test(name)) return `the hook ${name}()`;
  return undefined;
}

/**
 * Records the module's per-input calls to imported functions and methods (summary.inputCalls), and returns how to
 * ask whether any node runs per input (the handler its path starts at). A function runs per input when it is a
 * handler (handlerReason) or when one calls it: `this.x()` from a method of the same class, `x()` for a function
 * of the module, followed to a fixed point. Only the module's own calls are followed; the workspace index joins
 * them.
 */
export function findInputCalls(
  source: ts.SourceFile,
  summary: ModuleSummary,
  lineOf: (n: ts.Node) => number,
): (node: ts.Node) => string | undefined {
  if (!summary.imports.size && !summary.instanceVars.size) return () => undefined;
  // One walk: every function and call, grouped by the function they sit directly in (undefined: module code).
  type Fn = ts.FunctionLikeDeclaration;
  const inside = new Map<Fn | undefined, { fns: Fn[]; calls: ts.CallExpression[] }>();
  const group = (fn: Fn | undefined) => {
    let g = inside.get(fn);
    if (!g) inside.set(fn, (g = { fns: [], calls: [] }));
    return g;
  };
  const functions: Fn[] = [];
  const calls: { call: ts.CallExpression; fn: Fn | undefined }[] = [];
  const collect = (n: ts.Node, fn: Fn | undefined): void => {
    let here = fn;
    if (isFunctionLike(n) && (n as Fn).body) {
      functions.push(n as Fn);
      group(fn).fns.push(n as Fn);
      here = n as Fn;
    } else if (ts.isCallExpression(n)) {
      group(fn).calls.push(n);
      calls.push({ call: n, fn });
    }
    ts.forEachChild(n, (c) => collect(c, here));
  };
  collect(source, undefined);
  // Named callables of the module: top-level functions by name, methods by class and name.
  const topLevel = new Map<string, Fn>();
  const methods = new Map<ts.Node, Map<string, Fn>>();
  for (const fn of group(undefined).fns) {
    const name = functionNameOf(fn);
    if (name && !ts.isMethodDeclaration(fn)) topLevel.set(name, fn);
  }
  for (const fn of functions) {
    const cls = ts.isMethodDeclaration(fn)
      ? fn.parent
      : ts.isPropertyDeclaration(fn.parent) && ts.isClassLike(fn.parent.parent)
        ? fn.parent.parent
        : undefined;
    const name = cls && functionNameOf(fn);
    if (!cls || !name || !ts.isClassLike(cls)) continue;
    let byName = methods.get(cls);
    if (!byName) methods.set(cls, (byName = new Map()));
    byName.set(name, fn);
  }
  /** The callable a reference names from inside `at`: `this.x` (a method of the enclosing class) or `x`. */
  const callableAt = (expr: ts.Expression, at: ts.Node): Fn | undefined => {
    const e = unwrapExpr(expr);
    if (ts.isIdentifier(e)) return topLevel.get(e.text);
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
      for (let p = at.parent; p; p = p.parent) if (ts.isClassLike(p)) return methods.get(p)?.get(e.name.text);
    }
    return undefined;
  };
  // A function runs per input when it is a handler, sits in one, or is called from one: marked once each, and
  // what it holds and calls is marked in turn (a worklist, linear in the module's functions and calls).
  const via = new Map<Fn, string>();
  const queue: Fn[] = [];
  const mark = (fn: Fn | undefined, reason: string) => {
    if (!fn || via.has(fn)) return;
    via.set(fn, reason);
    queue.push(fn);
  };
  for (const fn of functions) {
    const reason = handlerReason(fn);
    if (reason) mark(fn, reason);
  }
  // `emitter.on('x', this.onX)` / `.on('x', handleX)`: the named function is a handler.
  for (const { call } of calls) {
    const callee = unwrapExpr(call.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    if (!HANDLER_CALLEES.has(name)) continue;
    for (const a of call.arguments) mark(callableAt(a, call), `${article(name)} ${name}() handler`);
  }
  while (queue.length) {
    const fn = queue.pop()!;
    const reason = via.get(fn)!;
    const g = inside.get(fn);
    if (!g) continue;
    for (const nested of g.fns) mark(nested, reason);
    for (const call of g.calls) mark(callableAt(call.expression, call), reason);
  }
  for (const { call, fn } of calls) {
    const reason = fn && via.get(fn);
    if (!reason) continue;
    const callee = calleeText(call.expression);
    if (!callee) continue;
    const dot = callee.indexOf('.');
    const head = dot < 0 ? callee : callee.slice(0, dot);
    // An imported function, a namespace's, or a method of an imported or module-level instance.
    if (!summary.imports.has(head) && !(dot > 0 && summary.instanceVars.has(head))) continue;
    summary.inputCalls.push({ callee, line: lineOf(call), via: reason });
  }
  return (node) => {
    for (let p = node.parent; p; p = p.parent) if (isFunctionLike(p)) return via.get(p as Fn);
    return undefined;
  };
}
