// listener-not-removed: a listener, subscription or observer added on a repeatable path to a target that
// outlives that code, with no matching removal. Each run adds one more; the target keeps every handler
// and everything the handlers close over.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { VISITOR_KEYS as visitorKeys } from '../parse';
import { DefinitionType } from '@typescript-eslint/scope-manager';
import {
  T,
  calleeName,
  calleeObject,
  enclosingFunction,
  hasCallNamed,
  isFreshFunction,
  isFunction,
  isInside,
  memberPath,
  propertyName,
  rootOf,
  stringValue,
  unwrap,
  walk,
  type FunctionNode,
  type Node,
} from '../ast';
import { describeRunner, enclosingEffect, teardownHint } from '../frameworks';
import { hasOnceOption, inputDriven, runsRepeatedly } from '../lifetimes';
import { enclosingOwnerMethod, returnedRelease } from '../owners';
import { releasePath } from '../paths';
import { handlerDroppedInTeardown, handlerOverwritten } from '../droppedHandlers';
import { unpulledSignal } from '../abortSignals';
import { keptHandleRelease, overwrittenHandle, resolveCallOf, uncalledCollectedRelease } from '../keptHandles';
import { targetLongevity } from '../targets';
import type { FileModel } from '../model';
import {
  isTerminalEvent,
  observerCreation,
  registrationOf,
  silentTakeUntil,
  type Registration,
} from '../registrations';
import {
  findListenerRemoval,
  handlerIdentity,
  removalsFromTargetWithin,
  returnValueKept,
  type RemovalSearch,
} from '../teardown';
import type { Fix, RelatedLocation } from '../types';
import { insertCleanup, returnsAlready } from '../fixes';
import type { RuleContext, RuleImpl } from './context';
import { removeInTeardownFixes } from '../quickFixes/teardownRelease';
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

/** `service.stream(…)`: a call on an object that outlives this code. */
function ofLongObject(m: FileModel, target: Node): boolean {
  const t = unwrap(target);
  const obj = t.type === T.CallExpression ? calleeObject(t) : undefined;
  return !!obj && targetLongevity(m, obj) === 'long';
}

function targetText(m: FileModel, reg: Registration): string {
  return reg.target ? m.source(reg.target) : 'window';
}

function check(ctx: RuleContext, call: TSESTree.CallExpression): void {
  const m = ctx.model;
  const reg = registrationOf(m, call) ?? onceRegistration(m, call);
  if (!reg) return;
  if (reg.selfReleasing) return checkUnpulledSignal(ctx, reg);
  if (!runsRepeatedly(m, call)) return;
  if (reg.kind === 'observe') return checkObserver(ctx, reg);
  const longevity = reg.target ? targetLongevity(m, reg.target) : 'long';
  const removal = reg.kind === 'event' && !reg.disposable ? findListenerRemoval(m, reg) : undefined;
  // Whether the target outlives this code may not be visible; the code's own removals say so: it takes this
  // listener off again (on some path, or with a call that removes nothing), or the function that adds it
  // takes other listeners off the same target.
  // So does a teardown that drops the handler's field while a removal exists elsewhere: both say the target
  // keeps the handler past the owner's end.
  // A subscription the code bounds with takeUntil(a notifier of its own) is one its author expects to outlive
  // the subscriber: when that notifier never emits, nothing else ends it.
  // Removed only by the handler itself when its event comes, inside a promise a timer may settle instead.
  const timedOut = removal?.effective ? timeoutLeavesListener(m, reg, removal) : undefined;
  const boundedByOwnNotifier =
    reg.kind === 'subscribe' && longevity === 'unknown' && !!reg.target && !!silentTakeUntil(m, reg.target);
  // Handles collected for a teardown say the source outlives the subscriber (`this.ruler.change(100)` of an
  // injected service), even when the teardown forgets to call the release.
  const uncalled =
    reg.kind === 'subscribe' &&
    reg.target &&
    longevity !== 'local' &&
    (longevity === 'long' || ofLongObject(m, reg.target))
      ? uncalledCollectedRelease(m, call)
      : undefined;
  if (
    longevity !== 'long' &&
    !boundedByOwnNotifier &&
    !uncalled &&
    !(removal && authorMeansTargetToOutlive(m, reg, removal)) &&
    !(longevity !== 'local' && !removal?.attempted.length && teardownReturnedWithout(m, reg)) &&
    // The handler's own removal says the target outlives the promise, even a field the owner made itself.
    !timedOut &&
    !(longevity !== 'local' && removal?.effective && handlerDroppedInTeardown(m, reg))
  )
    return;
  if (timedOut) {
    ctx.report({
      rule: 'listener-not-removed',
      message:
        `Listener for ${reg.type !== undefined ? `'${reg.type}' ` : ''}on ${targetText(m, reg)} is added each time ` +
        `${describeRunner(m, enclosingFunction(call)!.parent as Node)} runs and removed only by the handler itself when its event comes (line ` +
        `${m.line(removal!.effective!)}); when the timer at line ${m.line(timedOut)} settles the promise instead, ` +
        `nothing removes it, so ${targetText(m, reg)} keeps every timed-out handler and everything it closes over ` +
        `alive. Remove the listener in the timer's callback too.`,
      range: m.range(call),
      related: [
        { message: 'settles the promise without removing the listener', range: m.range(timedOut) },
        { message: 'the only removal', range: m.range(removal!.effective!) },
      ],
    });
    return;
  }
  // A `once` listener for an event that comes on the normal path lets go by itself; an explicit removal of it
  // says the event may not come, and then only a removal on the normal path releases it.
  if (isPlainOnce(reg) && !removal?.effective) return;
  // Process-wide hooks (exit, signals, uncaughtException, IPC) are set up once per process by design unless
  // they sit in a handler, a component or a lifecycle method, the code tries to remove them again, or each
  // instance of an object with a teardown adds its own.
  if (
    reg.target &&
    isProcessTarget(reg.target) &&
    !inputDriven(m, call) &&
    !removal?.attempted.length &&
    !perInstance(m, call)
  )
    return;
  // `if (!emitter.listeners('error').includes(onError)) emitter.on('error', onError)` adds it at most once.
  if (guardedAgainstDuplicates(m, call)) return;
  if (reg.kind === 'subscribe') {
    if (uncalled) {
      const read = m.source(uncalled.read);
      ctx.report({
        rule: 'listener-not-removed',
        message:
          `The subscription to ${targetText(m, reg)} made each time ${describeRunner(m, call)} runs is kept in ` +
          `${uncalled.holder}, but the release at line ${m.line(uncalled.read)} reads ${read} without calling it, so ` +
          `nothing is ever unsubscribed: ${targetText(m, reg)} keeps the callback and everything it closes over alive. ` +
          `Call it: ${read}().`,
        range: m.range(call),
        related: [{ message: 'read, never called', range: m.range(uncalled.read) }],
      });
      return;
    }
    if (returnValueKept(m, call)) return reportKeptHandle(ctx, reg);
    const silent = reg.target ? silentTakeUntil(m, reg.target) : undefined;
    if (silent) {
      const n = m.source(silent);
      ctx.report({
        rule: 'listener-not-removed',
        message:
          `This subscription, made each time ${describeRunner(m, call)} runs, is ended by takeUntil(${n}), but ${n} never ` +
          `emits (nothing calls ${n}.next(); at most it is completed or unsubscribed): takeUntil ends a subscription when its notifier emits a value, not when it ` +
          `completes, so the source keeps the callback and everything it closes over alive. Call ${n}.next() before ` +
          `${n}.complete() in ${teardownHint(m, call)}.`,
        range: m.range(call),
      });
      return;
    }
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
  if (reg.disposable && !reg.wrapper) {
    // `emitter.onDidChange(fn)` returns the only handle that can remove fn.
    if (returnValueKept(m, call)) return reportKeptHandle(ctx, reg);
    ctx.report({
      rule: 'listener-not-removed',
      message:
        `${reg.method}() registers a listener on ${targetText(m, reg)} each time ${describeRunner(m, call)} runs and the ` +
        `disposable it returns is dropped, so nothing can remove the listener: ${targetText(m, reg)} keeps it and everything ` +
        `it closes over alive. Keep the result and dispose it in ${teardownHint(m, call)}.`,
      range: m.range(call),
    });
    return;
  }
  // `.on()` / `addListener()` of some libraries return an unsubscribe handle (React Native, nanoevents, Node's
  // EventEmitter returns the emitter itself for chaining): a kept return value may well be the release.
  if (reg.method !== 'addEventListener' && returnValueKept(m, call) && !isChained(call)) return;
  if (removal?.effective) {
    // A teardown that sets the handler's field to null without taking it off the target: the author releases
    // it there, and the removals that exist run on other paths (before re-adding it, once its event comes).
    const lost = handlerOverwritten(m, reg, removal.effectiveAll);
    if (lost) {
      const h = m.source(reg.handler!);
      ctx.report({
        rule: 'listener-not-removed',
        message:
          `${h} is replaced with a new function and added to ${targetText(m, reg)} each time ${lost.method}() runs, ` +
          `without removing the one already there; the removal at line ${m.line(removal.effective)} reads only the ` +
          `newest, so every earlier handler stays on ${targetText(m, reg)} with everything it closes over. Remove the ` +
          `current ${h} before replacing it (or create it once, in the constructor).`,
        range: m.range(call),
        related: [
          { message: 'replaced here', range: m.range(lost.store) },
          { message: 'removes only the newest', range: m.range(removal.effective) },
        ],
      });
      return;
    }
    const dropped = handlerDroppedInTeardown(m, reg);
    if (dropped) {
      const h = m.source(reg.handler!);
      ctx.report({
        rule: 'listener-not-removed',
        message:
          `Listener ${h} is added to ${targetText(m, reg)} each time ${describeRunner(m, call)} runs, and ` +
          `${dropped.teardown}() sets ${h} to null (line ${m.line(dropped.drop)}) without removing it: that drops only ` +
          `this reference, while ${targetText(m, reg)} still holds the handler and everything it closes over. ` +
          `The removal at line ${m.line(removal.effective)} does not run there. Remove the listener in ` +
          `${dropped.teardown}() before dropping it.`,
        range: m.range(call),
        related: [
          { message: 'dropped here, not removed', range: m.range(dropped.drop) },
          { message: 'a removal on another path', range: m.range(removal.effective) },
        ],
      });
      return;
    }
    // A removal that runs only on failure does not release on the normal path; one behind an unrelated
    // condition may not run: a less certain finding.
    const subjects = [reg.target, reg.handler].filter((n): n is Node => !!n);
    const paths = removal.effectiveAll.map((r) => releasePath(m, r, subjects));
    if (paths.includes('normal')) return;
    const path = paths.includes('conditional') ? 'conditional' : 'exceptional';
    const where = path === 'exceptional' ? 'only when something fails or is cancelled' : 'only under a condition';
    const orOnce = isPlainOnce(reg) ? ` (or when a '${reg.type}' comes, which may not happen)` : '';
    ctx.report({
      rule: 'listener-not-removed',
      confidence: path === 'exceptional' ? 'high' : 'medium',
      message:
        `Listener for ${reg.type !== undefined ? `'${reg.type}' ` : ''}on ${targetText(m, reg)} is added each time ` +
        `${describeRunner(m, call)} runs but removed ${where} (line ${m.line(removal.effective)})${orOnce}, so on the normal path ` +
        `${targetText(m, reg)} keeps every copy of the handler and everything it closes over alive. Remove it ` +
        `unconditionally in ${teardownHint(m, call)}.`,
      range: m.range(call),
      related: [{ message: 'the only removal', range: m.range(removal.effective) }],
    });
    return;
  }
  // A handler that removes itself when its event fires (a hand-written once) is released, unless the event is
  // one that may never fire (a signal that is not aborted, a socket that is not closed).
  if (reg.handler && !reg.terminal && handlerRemovesItself(m, reg)) return;
  if (reg.wrapper && reg.disposable && returnValueKept(m, call)) return;
  const remover = reg.wrapper ? 'the matching removal' : (REMOVER_OF[reg.method] ?? 'the matching removal');
  const typeText = reg.type !== undefined ? `'${reg.type}' ` : '';
  const related: RelatedLocation[] = [];
  let message =
    `Listener for ${typeText}on ${targetText(m, reg)} is added each time ${describeRunner(m, call)} runs and never removed, ` +
    `so ${targetText(m, reg)} keeps every copy of the handler and everything it closes over alive.`;
  if (reg.terminal && (reg.method === 'once' || reg.disposable || hasOnceOption(call.arguments[2])))
    message += ` Such a '${reg.type}' listener goes away only if ${targetText(m, reg)} ever emits '${reg.type}'.`;
  const bad = removal?.ineffective[0];
  const unsure = !bad ? removal?.uncertain[0] : undefined;
  if (unsure) {
    message +=
      ` The ${calleeName(unsure)}() at line ${m.line(unsure)} passes the same call, ${m.source(unwrap(unsure.arguments[unsure.arguments.length - 1]))}: ` +
      `it removes the listener only if that helper returns the same function each time (a memoizing bind); ` +
      `if it makes a new one, nothing is removed. Keep the handler in a field and pass that to both calls.`;
    related.push({ message: 'this removal passes the same helper call', range: m.range(unsure) });
  } else if (bad && removal?.reasons[0] === 'capture') {
    message +=
      ` The ${calleeName(bad)}() at line ${m.line(bad)} passes a different capture flag, so it removes nothing: ` +
      `the capture phase is part of a listener's identity; pass the same flag to both calls.`;
    related.push({ message: 'this removal names the other capture phase, so it removes nothing', range: m.range(bad) });
  } else if (bad) {
    message +=
      ` The ${calleeName(bad)}() at line ${m.line(bad)} passes a new function (${freshKind(bad)}), which removes nothing: ` +
      `create the handler once, keep it, and pass that same reference to both calls.`;
    related.push({
      message: 'this removal passes a different function object, so it removes nothing',
      range: m.range(bad),
    });
  } else if (reg.disposable) {
    message += ` Keep the disposable ${reg.method}() returns and dispose it ${releaseHint(m, call)}.`;
  } else if (reg.handler && isFreshFunction(reg.handler)) {
    message += ` Keep the handler in a variable and call ${remover}() with it ${releaseHint(m, call)}`;
    message += reg.type === 'abort' ? '.' : ', or pass an AbortSignal ({ signal }).';
  } else {
    message += ` Call ${remover}() with the same handler ${releaseHint(m, call)}.`;
  }
  const ender = reg.target ? handedTargetEnded(m, reg.target, call) : undefined;
  if (ender) related.push({ message: `${targetText(m, reg)} itself is ended here`, range: m.range(ender) });
  ctx.report({
    rule: 'listener-not-removed',
    // The owner ends what it was handed: its listeners go with it, unless other owners share it (not visible).
    // A removal through a helper call may or may not pass the same function.
    confidence: ender || unsure ? 'medium' : 'high',
    message,
    range: m.range(call),
    related,
    fixes: [...effectCleanupFix(m, reg), ...removeInTeardownFixes(m, reg)],
  });
}

/**
 * The subscription's handle is kept, but every call that releases it is off the normal path: only in a
 * `.then()` callback (a rejection skips it), only when something fails, only inside the subscriber once its
 * event comes. Released on failure only is certain to stay on the normal path; the others stay when the
 * promise rejects or the event never comes.
 */
function reportKeptHandle(ctx: RuleContext, reg: Registration): void {
  const m = ctx.model;
  const call = reg.call;
  const over = overwrittenHandle(m, call);
  if (over) {
    ctx.report({
      rule: 'listener-not-removed',
      message:
        `${over.field} is overwritten with a new subscription to ${targetText(m, reg)} each time ${over.method}() runs, ` +
        `without releasing the one already there; the release at line ${m.line(over.release)} reads only the newest, so ` +
        `every earlier subscription stays and ${targetText(m, reg)} keeps its callback and everything it closes over ` +
        `alive. Release ${over.field} before storing the new one (or switch to the new source with switchMap).`,
      range: m.range(call),
      related: [{ message: 'releases only the newest subscription', range: m.range(over.release) }],
    });
    return;
  }
  const kept = keptHandleRelease(m, call);
  if (!kept) return;
  const first = kept.uses[0];
  const then = kept.uses.map((u) => resolveCallOf(u, enclosingFunction(call))).find((c) => !!c);
  const where =
    kept.path === 'exceptional'
      ? 'only when something fails or is cancelled'
      : kept.path === 'success-only'
        ? `only when the promise of the .then() at line ${m.line(then ?? first)} resolves, never when it rejects`
        : 'only under a condition (or once the subscriber sees the event it waits for), which may never hold';
  const fix =
    kept.path === 'success-only'
      ? 'Release it in .finally() (or in both callbacks of .then())'
      : `Release it unconditionally in ${teardownHint(m, call)}`;
  ctx.report({
    rule: 'listener-not-removed',
    confidence: kept.path === 'exceptional' || kept.path === 'success-only' ? 'high' : 'medium',
    message:
      `The subscription to ${targetText(m, reg)} made each time ${describeRunner(m, call)} runs is kept, but it is ` +
      `released ${where} (line ${m.line(first)}), so on the other paths ${targetText(m, reg)} keeps the callback and ` +
      `everything it closes over alive. ${fix}.`,
    range: m.range(call),
    related: kept.uses.slice(0, 3).map((u) => ({ message: 'released here, off the normal path', range: m.range(u) })),
  });
}

/**
 * `{ signal: ac.signal }` whose controller this file makes and never aborts (or aborts only on failure): the
 * option is the only release, and nothing pulls it.
 */
function checkUnpulledSignal(ctx: RuleContext, reg: Registration): void {
  const m = ctx.model;
  const call = reg.call;
  const unpulled = unpulledSignal(m, call);
  if (!unpulled || !runsRepeatedly(m, call)) return;
  if (reg.target && targetLongevity(m, reg.target) !== 'long') return;
  const where =
    unpulled.path === 'never'
      ? `${unpulled.controller} is never aborted`
      : `${unpulled.controller}.abort() runs only when something fails (line ${m.line(unpulled.abort!)})`;
  ctx.report({
    rule: 'listener-not-removed',
    message:
      `Listener for ${reg.type !== undefined ? `'${reg.type}' ` : ''}on ${targetText(m, reg)} is added each time ` +
      `${describeRunner(m, call)} runs with { signal } as its only release, but ${where}, so ${targetText(m, reg)} ` +
      `keeps every copy of the handler and everything it closes over alive. Call ${unpulled.controller}.abort() in ` +
      `${teardownHint(m, call)}.`,
    range: m.range(call),
    related: unpulled.abort ? [{ message: 'the only abort', range: m.range(unpulled.abort) }] : [],
  });
}

/** `target.once('event', handler)` for an event that is not terminal (registrationOf leaves those out). */
function onceRegistration(m: FileModel, call: TSESTree.CallExpression): Registration | undefined {
  if (calleeName(call) !== 'once' || call.arguments.length !== 2) return undefined;
  const target = calleeObject(call);
  const type = stringValue(call.arguments[0]);
  const handler = unwrap(call.arguments[1]);
  if (!target || type === undefined || isTerminalEvent(type)) return undefined;
  // Only a handler kept by reference can be removed explicitly.
  if (handler.type !== T.Identifier && handler.type !== T.MemberExpression) return undefined;
  return { call, kind: 'event', method: 'once', target, type, handler, selfReleasing: false };
}

function isPlainOnce(reg: Registration): boolean {
  return reg.method === 'once' && !reg.terminal && !reg.wrapper;
}

/**
 * The code treats the target as outliving the registering code: it removes this listener somewhere (an
 * effective removal on whichever path, or one that removes nothing because it passes another function or
 * capture phase), or the function that adds it removes other listeners from the same target.
 */
/**
 * The function that adds the listener returns its own teardown (a function, or an object with a
 * destroy/dispose/unsubscribe/… method: a plugin view, a Svelte action, a setup returning its cleanup), and that
 * teardown releases something else the function set up but never this listener: the author ends this scope's
 * registrations there, so the target is meant to outlive it, and this one stays on it after every teardown.
 */
function teardownReturnedWithout(m: FileModel, reg: Registration): boolean {
  const fn = enclosingFunction(reg.call);
  // Listeners only: a subscription made with the subscriber it serves (RxJS operators) ends with it.
  if (reg.kind !== 'event' || !fn || !reg.target || createdWithin(m, reg.target, fn)) return false;
  // A target reached from the inputs or from outside (`view.dom`, `this.bus`, a module object), not a local the
  // function computed.
  const root = rootOf(unwrap(reg.target));
  if (root.type === T.Identifier) {
    const def = m.resolve(root)?.defs[0];
    if (def && def.type !== DefinitionType.Parameter && isInside(def.node as Node, fn)) return false;
  }
  // The element an action or directive is handed (`(node) => { node.addEventListener(…) }`) usually ends with
  // it; something reached from it (`view.dom`, `el.ownerDocument`) need not.
  const t = unwrap(reg.target);
  if (t.type === T.Identifier && m.resolve(t)?.defs[0]?.type === DefinitionType.Parameter) return false;
  const teardown = returnedRelease(fn, TEARDOWN_KEY);
  return !!teardown && hasCallNamed(teardown.body, RELEASING_CALL, visitorKeys);
}

const RELEASING_CALL =
  /^(removeEventListener|removeListener|removeAllListeners|off|\$off|unsubscribe|unlisten|dispose|disconnect|unobserve|clearInterval|clearTimeout|cancelAnimationFrame|abort)$/;
const TEARDOWN_KEY = /^(destroy|dispose|unsubscribe|teardown|cleanup|unmount|remove|stop|close|detach|unbind|off)$/;

function authorMeansTargetToOutlive(m: FileModel, reg: Registration, removal: RemovalSearch): boolean {
  const fn = enclosingFunction(reg.call);
  // An object this run creates (a request, a child process, a new emitter) goes away with the run's own
  // references: removing a listener from it is tidiness, not a release.
  if (!reg.target || !fn || createdWithin(m, reg.target, fn)) return false;
  // A removal on the failure path says the normal path leaves it; one inside its own handler or behind some
  // other condition (a hand-written once, a drag's end) says nothing about the target.
  const handler = reg.handler && unwrap(reg.handler);
  const own = (r: Node) => !!handler && isFunction(handler) && isInside(r, handler);
  const subjects = [reg.target, reg.handler].filter((n): n is Node => !!n);
  if (
    removal.effectiveAll.length &&
    removal.effectiveAll.every((r) => !own(r) && releasePath(m, r, subjects) === 'exceptional')
  )
    return true;
  if (removal.ineffective.some((r, i) => removal.reasons[i] === 'capture' || meantFor(m, reg, r))) return true;
  // Another listener this same run adds to the target comes off again when the run ends (in a callback of
  // the registering function). Listeners added and removed inside such callbacks (a drag's pointermove
  // between pointerdown and pointerup) say nothing about the target.
  const ends = removalsFromTargetWithin(m, reg.call, fn).filter((r) => r !== reg.call && enclosingFunction(r) !== fn);
  if (!ends.length) return false;
  const removed = new Set(
    ends
      .flatMap((r) => r.arguments.slice(1))
      .map((h) => handlerIdentity(m, h))
      .filter((k) => k !== undefined),
  );
  return ['on', 'addListener', 'addEventListener'].some((name) =>
    m.callsNamed(name).some((c) => {
      if (c === reg.call || enclosingFunction(c) !== fn) return false;
      const sibling = registrationOf(m, c);
      return !!sibling?.handler && removed.has(handlerIdentity(m, sibling.handler) ?? '');
    }),
  );
}

/**
 * A removal that passes a new function made the same way as the registered one (`this.onClose.bind(this)`
 * both times): written for this listener, though it removes nothing.
 */
function meantFor(m: FileModel, reg: Registration, removal: TSESTree.CallExpression): boolean {
  const made = (n: Node | undefined): string | undefined => {
    const u = n && unwrap(n);
    if (u?.type !== T.CallExpression) return undefined;
    const callee = unwrap(u.callee);
    if (calleeName(u) === 'bind' && callee.type === T.MemberExpression) {
      const fn = unwrap(callee.object);
      return fn.type === T.MemberExpression ? `bind:${propertyName(fn)}` : `bind:${m.source(fn)}`;
    }
    return undefined;
  };
  const a = made(reg.handler);
  return a !== undefined && a === made(removal.arguments[removal.arguments.length - 1]);
}

/** The target's root is a variable of `fn` (or a function inside it) holding something made there. */
function createdWithin(m: FileModel, target: Node, fn: Node): boolean {
  let root = unwrap(target);
  while (root.type === T.MemberExpression) root = unwrap(root.object);
  if (root.type !== T.Identifier) return false;
  const def = m.resolve(root)?.defs[0];
  if (!def || !isInside(def.node, fn)) return false;
  if (def.type === DefinitionType.Parameter) return false;
  const init = def.node.type === T.VariableDeclarator && def.node.init ? unwrap(def.node.init) : undefined;
  return !init || init.type === T.NewExpression || init.type === T.CallExpression || init.type === T.ObjectExpression;
}

const ENDING_CALLS = ['close', 'destroy', 'dispose', 'end', 'disconnect', 'terminate'];

/**
 * The target is a parameter of the registering function (an owner handed its emitter) and the same file
 * ends it: `this.s.topology.close()` where `topology` was handed in. The target's life then ends with its
 * owner's, and the listeners with it.
 */
function handedTargetEnded(m: FileModel, target: Node, call: Node): TSESTree.CallExpression | undefined {
  const t = unwrap(target);
  if (t.type !== T.Identifier) return undefined;
  const def = m.resolve(t)?.defs[0];
  if (def?.type !== DefinitionType.Parameter || !isInside(call, def.node)) return undefined;
  for (const name of ENDING_CALLS)
    for (const c of m.callsNamed(name)) {
      const callee = unwrap(c.callee);
      if (callee.type !== T.MemberExpression) continue;
      const obj = unwrap(callee.object);
      const objName =
        obj.type === T.Identifier ? obj.name : obj.type === T.MemberExpression ? (propertyName(obj) ?? '') : '';
      if (objName === t.name && !isInside(c, def.node)) return c;
    }
  return undefined;
}

const LISTENER_QUERIES = oneOf(['listeners', 'rawListeners', 'listenerCount', /has\w*Listeners?/]);

/** The registration sits behind a test of the target's current listeners (in an `if`, or an early return). */
function guardedAgainstDuplicates(m: FileModel, call: TSESTree.CallExpression): boolean {
  const asksListeners = (test: Node): boolean => hasCallNamed(test, LISTENER_QUERIES, visitorKeys);
  for (let n: Node | undefined = call.parent, child: Node = call; n && !isFunction(n); child = n, n = n.parent) {
    if ((n.type === T.IfStatement || n.type === T.ConditionalExpression) && child !== n.test && asksListeners(n.test))
      return true;
    if (n.type === T.LogicalExpression && child === n.right && asksListeners(n.left)) return true;
    if (n.type === T.BlockStatement) {
      for (const stmt of n.body) {
        if (stmt.range[0] >= child.range[0]) break;
        if (stmt.type === T.IfStatement && asksListeners(stmt.test) && /\breturn\b/.test(m.source(stmt.consequent)))
          return true;
      }
    }
  }
  return false;
}

/** "in destroy()", or for plain functions "when fetchJson() finishes (in a finally block)". */
function releaseHint(m: FileModel, call: Node): string {
  const hint = teardownHint(m, call);
  if (hint !== 'the matching teardown') return `in ${hint}`;
  const runner = describeRunner(m, call);
  return runner === 'this code' ? 'in the matching teardown' : `when ${runner} is done (in a finally block)`;
}

/** Code that runs for each instance of an owner with a teardown (its constructor or a method). */
function perInstance(m: FileModel, call: Node): boolean {
  const found = enclosingOwnerMethod(m, call);
  return !!found && (found.owner.teardowns.length > 0 || found.owner.component);
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
  if (u?.type !== T.CallExpression) return 'a new function literal';
  return calleeName(u) === 'bind' ? '.bind() returns a new function each call' : 'a call that makes a new function';
}

/** A handler that removes itself (a hand-written "once"). */
/**
 * `new Promise((resolve) => { const timer = setTimeout(() => resolve(null), ms); const h = (x) => { … off(h);
 * resolve(x) }; bus.on('pong', h) })`: every removal sits in the handler, and a timer in the same executor
 * settles the promise without taking the handler off. A timeout is a normal outcome (nobody answered), and each
 * one leaves its handler on the target. Returns the timer call.
 */
function timeoutLeavesListener(
  m: FileModel,
  reg: Registration,
  removal: RemovalSearch,
): TSESTree.CallExpression | undefined {
  const fn = enclosingFunction(reg.call);
  const handler = reg.handler ? functionOf(m, reg.handler) : undefined;
  if (!fn || !handler || !reg.target || createdWithin(m, reg.target, fn)) return undefined;
  if (!removal.effectiveAll.every((r) => isInside(r, handler))) return undefined;
  const made = fn.parent;
  if (made?.type !== T.NewExpression || memberPath(made.callee) !== 'Promise' || made.arguments[0] !== fn)
    return undefined;
  const settlers = fn.params.filter((p): p is TSESTree.Identifier => p.type === T.Identifier).map((p) => p.name);
  if (!settlers.length) return undefined;
  for (const timer of m.callsNamed('setTimeout')) {
    if (enclosingFunction(timer) !== fn) continue;
    const cb = timer.arguments[0] ? functionOf(m, timer.arguments[0]) : undefined;
    if (!cb || cb === handler) continue;
    let settles = false;
    let other = false;
    walk(
      cb.body,
      (n) => {
        if (n.type !== T.CallExpression) return true;
        const callee = unwrap(n.callee);
        if (callee.type === T.Identifier && settlers.includes(callee.name)) settles = true;
        // Anything else it calls may take the handler off (a shared cleanup): not judged.
        else if (REMOVING_CALLS.test(calleeName(n) ?? '') || callee.type === T.Identifier) other = true;
        return true;
      },
      visitorKeys,
    );
    if (settles && !other) return timer;
  }
  return undefined;
}

/** The function an expression is: a function literal, or a local const/function declaration it names. */
function functionOf(m: FileModel, node: Node): FunctionNode | undefined {
  const n = unwrap(node);
  if (isFunction(n)) return n;
  if (n.type !== T.Identifier) return undefined;
  const def = m.resolve(n)?.defs[0]?.node as Node | undefined;
  if (def && isFunction(def)) return def;
  if (def?.type === T.VariableDeclarator && def.init && isFunction(unwrap(def.init)))
    return unwrap(def.init) as FunctionNode;
  return undefined;
}

function handlerRemovesItself(m: FileModel, reg: Registration): boolean {
  const h = unwrap(reg.handler!);
  return isFunction(h) && hasCallNamed(h.body, REMOVING_CALLS, visitorKeys);
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
