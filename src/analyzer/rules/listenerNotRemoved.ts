// listener-not-removed: a listener, subscription or observer added on a repeatable path to a target that
// outlives that code, with no matching removal. Each run adds one more; the target keeps every handler
// and everything the handlers close over.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { VISITOR_KEYS as visitorKeys } from '../parse';
import { T, calleeName, calleeObject, isFreshFunction, isFunction, memberPath, unwrap, walk, type Node } from '../ast';
import { describeRunner, enclosingEffect, teardownHint } from '../frameworks';
import { inputDriven, runsRepeatedly } from '../lifetimes';
import { targetLongevity } from '../targets';
import type { FileModel } from '../model';
import { observerCreation, registrationOf, type Registration } from '../registrations';
import { findListenerRemoval, handlerIdentity, returnValueKept } from '../teardown';
import type { Fix, RelatedLocation } from '../types';
import { insertCleanup, returnsAlready } from '../fixes';
import type { RuleContext, RuleImpl } from './context';
import { oneOf } from '../vocabulary/names';
import * as vue from '../vocabulary/vue';
import { reportUnboundWatchers } from '../vueWatchers';

/** Calls that remove a listener. */
const REMOVING_CALLS = oneOf([
  'removeEventListener',
  'off',
  'removeListener',
  'removeAllListeners',
  vue.REMOVE_LISTENER,
]);

const REMOVER_OF: Record<string, string> = {
  addEventListener: 'removeEventListener',
  on: 'off',
  addListener: 'removeListener',
  prependListener: 'removeListener',
  $on: '$off',
};

function targetText(m: FileModel, reg: Registration): string {
  return reg.target ? m.source(reg.target) : 'window';
}

function check(ctx: RuleContext, call: TSESTree.CallExpression): void {
  const m = ctx.model;
  const reg = registrationOf(m, call);
  if (!reg || reg.selfReleasing) return;
  if (!runsRepeatedly(m, call)) return;
  if (reg.kind === 'observe') return checkObserver(ctx, reg);
  const longevity = reg.target ? targetLongevity(m, reg.target) : 'long';
  if (longevity !== 'long') return;
  // Process-wide hooks (exit, signals, uncaughtException, IPC) are set up once per process by design unless
  // they sit in a handler, a component or a lifecycle method.
  if (reg.target && isProcessTarget(reg.target) && !inputDriven(m, call)) return;
  if (reg.kind === 'subscribe') {
    if (returnValueKept(m, call)) return;
    ctx.report({
      rule: 'listener-not-removed',
      message:
        `Subscription to ${targetText(m, reg)} is made each time ${describeRunner(m, call)} runs and never unsubscribed, ` +
        `so ${targetText(m, reg)} keeps the callback and everything it closes over alive. Keep the subscription and ` +
        `unsubscribe in ${teardownHint(m, call)}, or end it with takeUntil(...).`,
      range: m.range(call),
    });
    return;
  }
  // `.on()` / `addListener()` of some libraries return an unsubscribe handle (React Native, nanoevents, Node's
  // EventEmitter returns the emitter itself for chaining): a kept return value may well be the release.
  if (reg.method !== 'addEventListener' && returnValueKept(m, call) && !isChained(call)) return;
  const removal = findListenerRemoval(m, call, reg.method, reg.type, reg.handler);
  if (removal.effective) return;
  if (reg.handler && handlerRemovesItself(m, reg)) return;
  const remover = REMOVER_OF[reg.method] ?? 'the matching removal';
  const typeText = reg.type !== undefined ? `'${reg.type}' ` : '';
  const related: RelatedLocation[] = [];
  let message =
    `Listener for ${typeText}on ${targetText(m, reg)} is added each time ${describeRunner(m, call)} runs and never removed, ` +
    `so ${targetText(m, reg)} keeps every copy of the handler and everything it closes over alive.`;
  if (removal.ineffective.length) {
    const bad = removal.ineffective[0];
    message +=
      ` The ${calleeName(bad)}() at line ${m.line(bad)} passes a new function (${freshKind(bad)}), which removes nothing: ` +
      `create the handler once, keep it, and pass that same reference to both calls.`;
    related.push({
      message: 'this removal passes a different function object, so it removes nothing',
      range: m.range(bad),
    });
  } else if (reg.handler && isFreshFunction(reg.handler)) {
    message += ` Keep the handler in a variable and call ${remover}() with it in ${teardownHint(m, call)}, or pass an AbortSignal ({ signal }).`;
  } else {
    message += ` Call ${remover}() with the same handler in ${teardownHint(m, call)}.`;
  }
  ctx.report({ rule: 'listener-not-removed', message, range: m.range(call), related, fixes: effectCleanupFix(m, reg) });
}

/** `process`, `process.stdin`, `process.stdout`: one per process. */
export function isProcessTarget(target: Node): boolean {
  return /^process(\.(stdin|stdout|stderr))?$/.test(memberPath(target) ?? '');
}

function isChained(call: TSESTree.CallExpression): boolean {
  const p = call.parent;
  return p?.type === T.MemberExpression && p.object === call;
}

function freshKind(removal: TSESTree.CallExpression): string {
  const h = removal.arguments[removal.arguments.length - 1];
  const u = h ? unwrap(h) : undefined;
  return u && u.type === T.CallExpression ? '.bind() returns a new function each call' : 'a new function literal';
}

/** A handler that removes itself (a hand-written "once"). */
function handlerRemovesItself(m: FileModel, reg: Registration): boolean {
  const h = unwrap(reg.handler!);
  if (!isFunction(h)) return false;
  let found = false;
  walk(
    h.body,
    (n) => {
      if (found) return false;
      if (n.type === T.CallExpression && REMOVING_CALLS.test(calleeName(n) ?? '')) found = true;
      return !found;
    },
    visitorKeys,
  );
  return found;
}

function checkObserver(ctx: RuleContext, reg: Registration): void {
  const m = ctx.model;
  const target = reg.target!;
  const creation = observerCreation(m, target);
  if (!creation) return;
  const key = handlerIdentity(m, target);
  for (const c of [...m.callsNamed('disconnect'), ...m.callsNamed('unobserve')]) {
    const obj = calleeObject(c);
    if (!obj) continue;
    if (key !== undefined && handlerIdentity(m, obj) === key) return;
    // `(entries, observer) => observer.disconnect()` inside its own callback.
    if (
      creation.arguments[0] &&
      c.range[0] >= creation.arguments[0].range[0] &&
      c.range[1] <= creation.arguments[0].range[1]
    )
      return;
  }
  // Returned or handed on: the caller decides.
  if (unwrap(target).type === T.Identifier) {
    const v = m.resolve(unwrap(target) as TSESTree.Identifier);
    if (v?.references.some((r) => r.isRead() && r.identifier.parent?.type !== T.MemberExpression)) return;
  }
  const ctor = memberPath(creation.callee) ?? 'observer';
  ctx.report({
    rule: 'listener-not-removed',
    message:
      `${ctor} started each time ${describeRunner(m, reg.call)} runs is never disconnected, so the observed element keeps ` +
      `the observer and its callback (with everything it closes over) alive. Call ${m.source(target)}.disconnect() in ${teardownHint(m, reg.call)}.`,
    range: m.range(reg.call),
  });
}

/** `useEffect(() => { window.addEventListener('x', h) })` → add `return () => window.removeEventListener('x', h);`. */
function effectCleanupFix(m: FileModel, reg: Registration): Fix[] {
  const effect = enclosingEffect(reg.call);
  if (!effect || effect.body.type !== T.BlockStatement || reg.method !== 'addEventListener' || !reg.handler) return [];
  if (unwrap(reg.handler).type !== T.Identifier) return [];
  if (reg.target && !memberPath(reg.target)) return [];
  // The registration must run on every pass of the effect body, not in a nested callback.
  if (
    returnsAlready(effect.body) ||
    reg.call.parent?.type !== T.ExpressionStatement ||
    reg.call.parent.parent !== effect.body
  )
    return [];
  const target = reg.target ? m.source(reg.target) + '.' : '';
  const args = reg.call.arguments.map((a) => m.source(a as Node)).join(', ');
  return insertCleanup(
    m,
    effect.body,
    reg.call,
    `return () => ${target}removeEventListener(${args});`,
    'Return a cleanup that removes this listener',
  );
}

export const listenerNotRemoved: RuleImpl = {
  id: 'listener-not-removed',
  run(ctx) {
    for (const call of ctx.model.calls) check(ctx, call);
    reportUnboundWatchers(ctx); // Vue watchers created where no component owns them
  },
};
