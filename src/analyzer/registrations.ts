// Recognizes the calls that attach a callback to something else: event listeners, emitters, subscriptions
// and observers. Shared by listener-not-removed (is it released?) and closure-large-scope (is the callback
// long-lived?).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { T, calleeName, calleeObject, isFunction, keyName, memberPath, stringValue, unwrap, type Node } from './ast';
import { hasOnceOption } from './lifetimes';
import type { FileModel } from './model';
import * as dom from './vocabulary/dom';
import { oneOf } from './vocabulary/names';

export type RegistrationKind = 'event' | 'subscribe' | 'observe';

export interface Registration {
  call: TSESTree.CallExpression;
  kind: RegistrationKind;
  method: string;
  /** The object registered on; undefined for a bare global `addEventListener(...)` (= window). */
  target?: Node;
  type?: string;
  handler?: Node;
  /** Released by construction: `{ once: true }`, an AbortSignal, `takeUntil(...)`, `take(1)`, ... */
  selfReleasing: boolean;
}

const EVENT_METHODS = new Set(['addEventListener', 'on', 'addListener', 'prependListener', '$on']);
const COMPLETING_OPERATORS = new Set([
  'take',
  'first',
  'takeUntil',
  'takeWhile',
  'takeUntilDestroyed',
  'untilDestroyed',
  'single',
  'find',
  'findIndex',
  'elementAt',
  'timeout',
  'takeLast',
  'last',
  'exhaustMap',
]);
const OBSERVERS = oneOf(dom.OBSERVERS);

export function registrationOf(m: FileModel, call: TSESTree.CallExpression): Registration | undefined {
  const method = calleeName(call);
  if (!method) return undefined;
  const target = calleeObject(call);
  const args = call.arguments;
  if (EVENT_METHODS.has(method)) {
    if (!target && !(method === 'addEventListener' && m.isGlobalName(call.callee as TSESTree.Identifier)))
      return undefined;
    if (method === 'addEventListener') {
      if (args.length < 2) return undefined;
      const opts = args[2] ? unwrap(args[2]) : undefined;
      const selfReleasing =
        !!opts &&
        (hasOnceOption(opts) || hasSignal(opts) || opts.type === T.Identifier || opts.type === T.MemberExpression);
      return { call, kind: 'event', method, target, type: stringValue(args[0]), handler: args[1], selfReleasing };
    }
    if (args.length === 0) return undefined;
    const first = unwrap(args[0]);
    if (first.type === T.ObjectExpression) return undefined; // `.on({ click: f })` maps: too varied to judge
    if (args.length === 1) {
      // chrome.runtime.onMessage.addListener(fn), mql.addListener(fn)
      if (method === 'on' || method === '$on') return undefined;
      return { call, kind: 'event', method, target, handler: args[0], selfReleasing: false };
    }
    const handler = [...args].reverse().find((a) => isFunction(unwrap(a)) || isReferenceLike(a));
    if (!handler || handler === args[0]) return undefined;
    if (
      first.type !== T.Literal &&
      first.type !== T.TemplateLiteral &&
      first.type !== T.Identifier &&
      first.type !== T.MemberExpression
    )
      return undefined;
    return { call, kind: 'event', method, target, type: stringValue(args[0]), handler, selfReleasing: false };
  }
  if (method === 'subscribe' && target) {
    return { call, kind: 'subscribe', method, target, handler: args[0], selfReleasing: pipeCompletes(target) };
  }
  if (method === 'observe' && target && observerCreation(m, target)) {
    return { call, kind: 'observe', method, target, handler: undefined, selfReleasing: false };
  }
  return undefined;
}

function isReferenceLike(a: Node): boolean {
  const u = unwrap(a);
  return (
    u.type === T.Identifier ||
    u.type === T.MemberExpression ||
    (u.type === T.CallExpression && calleeName(u) === 'bind')
  );
}

function hasSignal(opts: Node): boolean {
  return (
    opts.type === T.ObjectExpression &&
    opts.properties.some(
      (p) => p.type === T.SpreadElement || (p.type === T.Property && keyName(p.key, p.computed) === 'signal'),
    )
  );
}

/** `src.pipe(takeUntil(this.destroy$))`, `src.pipe(take(1))`, `first()`: the subscription ends by itself. */
function pipeCompletes(target: Node): boolean {
  let t = unwrap(target);
  while (t.type === T.CallExpression) {
    const name = calleeName(t);
    if (name === 'pipe') {
      for (const a of t.arguments) {
        const op = unwrap(a);
        if (op.type === T.CallExpression && COMPLETING_OPERATORS.has(calleeName(op) ?? '')) return true;
      }
    }
    if (name && COMPLETING_OPERATORS.has(name)) return true; // fluent style: src.take(1).subscribe
    const obj = calleeObject(t);
    if (!obj) return false;
    t = unwrap(obj);
  }
  return false;
}

/** If `target` is (a variable or field holding) `new ResizeObserver(...)` and friends, that NewExpression. */
export function observerCreation(m: FileModel, target: Node): TSESTree.NewExpression | undefined {
  const t = unwrap(target);
  const isObs = (n: Node | null | undefined): n is TSESTree.NewExpression => {
    const u = n ? unwrap(n) : undefined;
    return !!u && u.type === T.NewExpression && OBSERVERS.test(memberPath(u.callee) ?? '');
  };
  if (isObs(t)) return t;
  if (t.type === T.Identifier) {
    const v = m.resolve(t);
    const d = v?.defs[0]?.node;
    if (d?.type === T.VariableDeclarator && isObs(d.init)) return unwrap(d.init!) as TSESTree.NewExpression;
    for (const r of v?.references ?? [])
      if (r.writeExpr && isObs(r.writeExpr as Node)) return unwrap(r.writeExpr as Node) as TSESTree.NewExpression;
    return undefined;
  }
  const path = memberPath(t);
  if (path?.startsWith('this.')) {
    for (const me of m.membersWithPath(path)) {
      const p = me.parent;
      if (p?.type === T.AssignmentExpression && p.left === me && isObs(p.right))
        return unwrap(p.right) as TSESTree.NewExpression;
    }
  }
  return undefined;
}
