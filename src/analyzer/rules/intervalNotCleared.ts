// interval-not-cleared: setInterval (or a setTimeout loop that reschedules itself) started on a repeatable
// path whose id is dropped or never cleared. The timer list is a GC root: the callback and its context
// live until the timer is cleared, and each run starts one more.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { DefinitionType } from '@typescript-eslint/scope-manager';
import { VISITOR_KEYS as visitorKeys } from '../parse';
import {
  T,
  calleeName,
  classMemberOf,
  guardsAbove,
  enclosingClass,
  enclosingFunction,
  functionName,
  isFunction,
  isInside,
  keyName,
  memberPath,
  propertyName,
  unwrap,
  valueParent,
  walk,
  type FunctionNode,
  type Node,
} from '../ast';
import { describeRunner, enclosingEffect, existingTeardown, teardownHint } from '../frameworks';
import { insertCleanup, returnsAlready } from '../fixes';
import { functionRepeats, isComponentOrHook, runsOncePerRunOf, runsRepeatedly } from '../lifetimes';
import type { FileModel } from '../model';
import { clearsOf, timerCleared, timerSlot } from '../teardown';
import { enclosingOwnerMethod, methodReaches, pairedTeardownMethod } from '../owners';
import { releasePath } from '../paths';
import { registrationOf } from '../registrations';
import type { Fix } from '../types';
import type { RuleContext, RuleImpl } from './context';
import { clearStoredIntervalFixes } from '../quickFixes/teardownRelease';
import { stopsWrapper, wrappedStarts, type WrappedStart } from '../timerWrappers';
import * as lifecycle from '../vocabulary/lifecycle';
import { oneOf } from '../vocabulary/names';

/** `setInterval(...)`, `window.setInterval(...)`, but not a local function that happens to share the name. */
function isGlobalTimer(m: FileModel, call: TSESTree.CallExpression, name: string): boolean {
  if (calleeName(call) !== name) return false;
  const c = unwrap(call.callee);
  if (c.type === T.Identifier) return m.isGlobalName(c);
  const path = memberPath(c);
  return (
    path === `window.${name}` || path === `globalThis.${name}` || path === `global.${name}` || path === `self.${name}`
  );
}

const CLEARS = ['clearInterval', 'clearTimeout'];
/** Lifecycle methods a framework calls once per instance, like a constructor. */
const ONCE_PER_INSTANCE = oneOf(lifecycle.ONCE_PER_INSTANCE);

function checkInterval(ctx: RuleContext, call: TSESTree.CallExpression): void {
  const m = ctx.model;
  if (!runsRepeatedly(m, call)) return;
  const state = timerCleared(m, call, CLEARS);
  if (state === 'kept') return;
  const callbacks = callbackFunctions(m, call.arguments[0]);
  if (state === 'cleared') return checkClearPaths(ctx, call, callbacks);
  if (callbacks.some(callsClearInterval)) return;
  const where = describeRunner(m, call);
  const hint = teardownHint(m, call);
  const idless = callbacks.map(idlessClear).find((c) => !!c);
  const message =
    state === 'dropped'
      ? `setInterval started each time ${where} runs drops its id, so it can never be cleared` +
        (idless ? ` (the ${calleeName(idless)}() at line ${m.line(idless)} passes no id, which clears nothing)` : '') +
        `: the timer keeps the callback ` +
        `and everything it closes over alive, and each run adds one more. Keep the id and call clearInterval(id) in ${hint}.`
      : `The interval id stored here is never passed to clearInterval, so the timer keeps the callback and everything it ` +
        `closes over alive, and each run of ${where} adds one more. Call clearInterval with it in ${hint}.`;
  ctx.report({
    rule: 'interval-not-cleared',
    message,
    range: m.range(call),
    fixes: state === 'dropped' ? intervalFixes(m, call) : clearStoredIntervalFixes(m, call),
  });
}

/**
 * The interval's id is cleared somewhere. Which paths clear it? Only its own callback, once a condition that
 * may never hold holds; only after the slot it sits in was overwritten by a newer timer; or never on the
 * teardown path of the object that started it.
 */
function checkClearPaths(ctx: RuleContext, call: TSESTree.CallExpression, callbacks: FunctionNode[]): void {
  const m = ctx.model;
  const slot = timerSlot(m, call);
  if (!slot.key) return;
  const clears = clearsOf(m, slot.key, CLEARS);
  const inCallback = (c: Node) => callbacks.some((f) => isInside(c, f));
  const where = describeRunner(m, call);
  const hint = teardownHint(m, call);
  if (clears.length && clears.every(inCallback)) {
    // A self-stopping poll. An unconditional clear makes it a one-shot; a countdown or a deadline always ends it.
    // A condition that cannot change between ticks is decided at the first one: not a poll at all.
    const fixed = clears.map((c) =>
      invariantGuard(
        m,
        c,
        callbacks.find((f) => isInside(c, f))!,
      ),
    );
    if (fixed.every((g) => !!g)) {
      const test = m.source(fixed[0]!);
      ctx.report({
        rule: 'interval-not-cleared',
        message:
          `This interval is cleared only from its own callback when ${test} holds (line ${m.line(clears[0])}), but ` +
          `${test} reads only values that never change while the timer runs, so it is decided at the first tick: if ` +
          `it does not hold then, it never will, and the timer keeps the callback and everything it closes over alive, ` +
          `one more each time ${where} runs. Clear the interval where its work is done, or test something that changes.`,
        range: m.range(call),
        related: [{ message: 'the only clear, behind a condition that cannot change', range: m.range(clears[0]) }],
      });
      return;
    }
    const idText = slotText(m, slot.store!);
    const open = clears.filter((c) => {
      const cb = callbacks.find((f) => isInside(c, f))!;
      return releasePath(m, c, idText ? [c.arguments[0]] : [], cb) !== 'normal' && !terminates(m, c, cb);
    });
    if (open.length < clears.length) return;
    const ends = ownerEnds(m, call);
    ctx.report({
      rule: 'interval-not-cleared',
      confidence: ends ? 'high' : 'medium',
      message:
        `This interval is cleared only from its own callback, once a condition holds (line ${m.line(clears[0])}); ` +
        `${ends ? `if ${ends} first` : 'if that never happens'}, nothing clears it, so the timer keeps the callback and ` +
        `everything it closes over alive, and each run of ${where} can leave one more. Also clear it in ${hint}.`,
      range: m.range(call),
      related: [{ message: 'the only clear, inside the callback', range: m.range(clears[0]) }],
    });
    return;
  }
  const overwrite = overwriteRisk(m, call, slot.store!, clears);
  if (overwrite) {
    const owned = enclosingOwnerMethod(m, call);
    const runner = owned && owned.name !== 'constructor' ? `${owned.name}()` : where;
    ctx.report({
      rule: 'interval-not-cleared',
      confidence: overwrite.confidence,
      message:
        `${m.source(overwrite.slot)} is overwritten with a new interval id each time ${runner} runs, without clearing the ` +
        `one already there, so the earlier interval can never be cleared: it keeps its callback and everything that closes ` +
        `over alive. Clear ${m.source(overwrite.slot)} before storing the new id (or return when it is set).`,
      range: m.range(call),
    });
    return;
  }
  const missed = teardownMisses(m, call, slot.key, clears);
  if (missed) {
    ctx.report({
      rule: 'interval-not-cleared',
      confidence: missed.confidence,
      message:
        `This interval is cleared only on other paths (line ${m.line(clears[0])}), never in ${missed.teardown}, so once the ` +
        `owner ends the timer keeps running and keeps the callback and everything it closes over alive. Also clear it in ` +
        `${missed.teardown}.`,
      range: m.range(call),
      related: clears.slice(0, 3).map((c) => ({ message: 'cleared here', range: m.range(c) })),
    });
  }
}

/** The functions an interval runs: a function literal, a named function, or the method behind `this.m.bind(this)`. */
function callbackFunctions(m: FileModel, arg: Node | undefined): FunctionNode[] {
  if (!arg) return [];
  let a = unwrap(arg);
  if (a.type === T.CallExpression && calleeName(a) === 'bind') {
    const c = unwrap(a.callee);
    if (c.type === T.MemberExpression) a = unwrap(c.object);
  }
  const out: FunctionNode[] = [];
  if (isFunction(a)) out.push(a);
  else if (a.type === T.Identifier) {
    const def = m.resolve(a)?.defs[0]?.node;
    if (def && isFunction(def)) out.push(def);
    else if (def?.type === T.VariableDeclarator && def.init && isFunction(unwrap(def.init)))
      out.push(unwrap(def.init) as FunctionNode);
  } else if (a.type === T.MemberExpression) {
    const owned = enclosingOwnerMethod(m, a);
    const name = propertyName(a);
    const method = name ? owned?.owner.methods.get(name) : undefined;
    if (method) out.push(method);
  }
  // One level of `this.check()` from the callback: where a polling callback usually keeps its stop.
  const owned = out[0] ? enclosingOwnerMethod(m, out[0]) : undefined;
  for (const fn of [...out]) {
    walk(
      fn.body,
      (n) => {
        if (n.type !== T.CallExpression) return;
        const c = unwrap(n.callee);
        if (c.type !== T.MemberExpression || c.object.type !== T.ThisExpression) return;
        const target = owned?.owner.methods.get(propertyName(c) ?? '');
        if (target && !out.includes(target)) out.push(target);
      },
      visitorKeys,
    );
  }
  return out;
}

function slotText(m: FileModel, store: Node): string | undefined {
  if (store.type === T.VariableDeclarator) return m.source(store.id);
  if (store.type === T.AssignmentExpression) return m.source(store.left);
  return undefined;
}

/** The clear sits under a countdown (`--n`, `count++ > max`) or a deadline (`Date.now() > end`): it will run. */
/**
 * The condition a clear sits behind inside the callback, when it reads only bindings made outside the callback
 * and never written after they are made (`const`, a loop's `const` binding, a parameter never assigned) and
 * literals: no member, no call, no `this`. Such a condition has the same value on every tick of the timer.
 */
function invariantGuard(m: FileModel, clear: Node, cb: FunctionNode): Node | undefined {
  let guard: Node | undefined;
  for (let n = clear.parent, child: Node = clear; n && n !== cb; child = n, n = n.parent) {
    const test =
      (n.type === T.IfStatement || n.type === T.ConditionalExpression) && child !== n.test
        ? n.test
        : n.type === T.LogicalExpression && child === n.right
          ? n.left
          : undefined;
    if (!test) continue;
    if (!readsOnlyFixedBindings(m, test, cb)) return undefined;
    guard ??= test;
  }
  return guard;
}

function readsOnlyFixedBindings(m: FileModel, test: Node, cb: FunctionNode): boolean {
  let fixed = true;
  walk(
    test,
    (x) => {
      if (!fixed) return false;
      switch (x.type) {
        case T.Identifier: {
          if (x.name === 'undefined') return true;
          const v = m.resolve(x);
          // Declared outside the callback (one declared inside is made anew each tick) and written only where it
          // is declared (its initializer, or each iteration's loop binding).
          const declared = v?.defs[0]?.name;
          if (!v || !declared || isInside(declared, cb) || v.references.some((r) => r.isWrite() && !r.init))
            fixed = false;
          return false;
        }
        case T.Literal:
        case T.BinaryExpression:
        case T.LogicalExpression:
        case T.UnaryExpression:
          return x.type !== T.UnaryExpression || x.operator !== 'delete';
        default:
          fixed = false;
          return false;
      }
    },
    visitorKeys,
  );
  return fixed;
}

function terminates(m: FileModel, clear: Node, cb: FunctionNode): boolean {
  for (const test of guardsAbove(clear, cb)) {
    const text = m.source(test);
    if (/\+\+|--|Date\.now\(|performance\.now\(|getTime\(|new Date\b/.test(text)) return true;
    // `if (attempts >= max)` where the callback counts attempts up.
    const counted = new Set<string>();
    walk(
      cb.body,
      (x) => {
        if (x.type === T.UpdateExpression || (x.type === T.AssignmentExpression && /^[-+]=$/.test(x.operator))) {
          const target = x.type === T.UpdateExpression ? x.argument : x.left;
          const p = memberPath(target);
          if (p) counted.add(p);
        }
      },
      visitorKeys,
    );
    let uses = false;
    walk(
      test,
      (x) => {
        const p = x.type === T.Identifier || x.type === T.MemberExpression ? memberPath(x) : undefined;
        if (p && counted.has(p)) uses = true;
        return !uses;
      },
      visitorKeys,
    );
    if (uses) return true;
  }
  return false;
}

/**
 * How the code that started the timer visibly ends, as a clause: "the component unmounts", "Widget is
 * destroyed" (through its destroy()), "ws emits 'close'".
 */
function ownerEnds(m: FileModel, call: Node): string | undefined {
  if (enclosingEffect(call)) return 'the component unmounts';
  const owned = enclosingOwnerMethod(m, call);
  if (owned && (owned.owner.teardowns.length || owned.owner.component)) {
    const name = ownerName(m, owned.owner.node);
    const teardown = owned.owner.teardowns[0];
    return teardown ? `${name} ends (${teardown}())` : `${name} unmounts`;
  }
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
    if (isComponentOrHook(m, fn)) return 'the component unmounts';
    // The same function reacts to its subject's end (`conn.on('close', …)`) without clearing the timer.
    for (const c of m.calls) {
      if (!isInside(c, fn) || enclosingFunction(c) !== fn) continue;
      const reg = registrationOf(m, c);
      if (reg?.kind === 'event' && reg.terminal && reg.target && reg.type !== 'error')
        return `${m.source(reg.target)} emits '${reg.type}'`;
    }
  }
  return undefined;
}

function ownerName(m: FileModel, node: Node): string {
  if ((node.type === T.ClassDeclaration || node.type === T.ClassExpression) && node.id) return node.id.name;
  if (isFunction(node)) return functionName(node) ?? 'its owner';
  return 'its owner';
}

/**
 * `slot = setInterval(...)` into a slot that outlives the call (a module-level variable, an outer function's
 * variable, or a field set outside the constructor), with nothing before it in that function that clears or
 * checks the slot: a second run loses the first interval.
 */
function overwriteRisk(
  m: FileModel,
  call: Node,
  store: Node,
  clears: TSESTree.CallExpression[],
): { slot: Node; confidence: 'high' | 'medium' } | undefined {
  if (store.type !== T.AssignmentExpression) return undefined;
  let fn = enclosingFunction(call);
  if (!fn) return undefined;
  const left = unwrap(store.left);
  const owned = enclosingOwnerMethod(m, call);
  let confidence: 'high' | 'medium';
  if (left.type === T.Identifier) {
    const v = m.resolve(left);
    if (!v || v.scope.variableScope === m.scopeAt(fn).variableScope) return undefined;
    // A mount hook's or a promise's callback runs once per run of the function that declares the slot (the
    // component's setup): one slot per instance, one interval in it.
    const declaring = v.scope.variableScope.block;
    if (declaring !== m.ast && isFunction(declaring) && runsOncePerRunOf(fn, declaring)) return undefined;
    // One slot shared by every instance of a component or class: a second live instance loses the first's
    // timer. Whether two ever live at once cannot be told from the code, so this stays medium. A slot of one
    // instance's closure written by a helper that two of its entry points call (`load()` and
    // `setQuality()` both run `completeLoad()`) is overwritten whenever the second runs after the first.
    confidence =
      declaring !== m.ast && isFunction(declaring) && enteredFromTwoPlaces(m, fn, declaring) ? 'high' : 'medium';
  } else if (left.type === T.MemberExpression && left.object.type === T.ThisExpression) {
    // Arrow callbacks inside a method (a Promise executor) share its `this`: look at the whole method.
    if (!owned || owned.name === 'constructor' || ONCE_PER_INSTANCE.test(owned.name)) return undefined;
    for (let f: FunctionNode | undefined = fn; f && f !== owned.method; f = enclosingFunction(f))
      if (f.type !== T.ArrowFunctionExpression) return undefined;
    fn = owned.method;
    // A public start() may well be called once; one the owner itself calls again (a reconnect, a retry, a
    // second entry point) runs more than once per instance. When the only release is another method clearing
    // the field (`stop()`, `destroy()`), that release reads only the newest id: the earlier interval is lost.
    if (!calledAgainByOwner(m, owned.name, owned.method)) return undefined;
    confidence = releasedOnlyByOtherMethod(m, call, owned.method, clears) ? 'high' : 'medium';
  } else return undefined;
  const scope = fn;
  const slotText = m.source(left);
  // Anything in the function before the store that clears it, tests it, or calls a method that clears it.
  if (clears.some((c) => c.range[0] < store.range[0] && isInside(c, scope))) return undefined;
  let guarded = false;
  walk(
    scope.body,
    (n) => {
      if (guarded || n.range[0] >= store.range[0]) return false;
      if ((n.type === T.IfStatement || n.type === T.ConditionalExpression) && m.source(n.test).includes(slotText))
        guarded = true;
      if (n.type === T.LogicalExpression && m.source(n.left).includes(slotText)) guarded = true;
      if (n.type === T.CallExpression && owned) {
        const c = unwrap(n.callee);
        const name = c.type === T.MemberExpression && c.object.type === T.ThisExpression ? propertyName(c) : undefined;
        if (name && methodReaches(owned.owner, name, (f) => clears.some((x) => isInside(x, f)))) guarded = true;
      }
      return !guarded;
    },
    visitorKeys,
  );
  // The slot is tested where it is stored (`if (!timer) timer = setInterval(...)`).
  for (let n: Node | undefined = store.parent; n && n !== scope && !guarded; n = n.parent)
    if ((n.type === T.IfStatement || n.type === T.ConditionalExpression) && m.source(n.test).includes(slotText))
      guarded = true;
  if (guarded) return undefined;
  return { slot: left, confidence };
}

/**
 * The interval's slot is cleared somewhere other than the storing function and the interval's own callback (a
 * stop/teardown), and the callback never clears a timer itself (a self-ending poll loses nothing when its slot
 * is overwritten): the author meant one live interval per slot, released by reading the slot.
 */
function releasedOnlyByOtherMethod(
  m: FileModel,
  call: Node,
  fn: FunctionNode,
  clears: TSESTree.CallExpression[],
): boolean {
  const callbacks = call.type === T.CallExpression ? callbackFunctions(m, call.arguments[0]) : [];
  if (callbacks.some(callsClearInterval)) return false;
  return clears.some((c) => !isInside(c, fn) && !callbacks.some((cb) => isInside(c, cb)));
}

/** `fn` (a named inner function of `scope`) is called from two different functions of that scope. */
function enteredFromTwoPlaces(m: FileModel, fn: FunctionNode, scope: FunctionNode): boolean {
  const id =
    fn.type === T.FunctionDeclaration
      ? fn.id
      : (() => {
          const { parent } = valueParent(fn);
          return parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier ? parent.id : undefined;
        })();
  const v = id ? m.resolve(id) : undefined;
  if (!v || v.scope.variableScope.block !== scope) return false;
  const callers = new Set<Node>();
  for (const r of v.references) {
    const p = r.identifier.parent;
    if (p?.type !== T.CallExpression || p.callee !== r.identifier || isInside(p, fn)) continue;
    const caller = enclosingFunction(p);
    if (caller && caller !== scope) callers.add(caller);
  }
  return callers.size >= 2;
}

/** `this.<name>()` is called from the owner's own code somewhere other than its constructor. */
function calledAgainByOwner(m: FileModel, name: string, method: FunctionNode): boolean {
  return m.callsNamed(name).some((c) => {
    const callee = unwrap(c.callee);
    if (callee.type !== T.MemberExpression || callee.object.type !== T.ThisExpression) return false;
    // Its own body calling it again is recursion; a callback inside it (`onclose = () => this.reconnect()`) is not.
    if (enclosingFunction(c) === method) return false;
    return enclosingOwnerMethod(m, c)?.name !== 'constructor';
  });
}

/**
 * A field timer of an owner with a teardown that none of the clears is on: not in a teardown method (or what it
 * calls), not in the paired teardown of the method that started it, not in a handler of the owner's end.
 */
function teardownMisses(
  m: FileModel,
  call: Node,
  key: string,
  clears: TSESTree.CallExpression[],
): { teardown: string; confidence: 'high' | 'medium' } | undefined {
  if (!key.includes(':this.')) return undefined;
  const owned = enclosingOwnerMethod(m, call);
  if (!owned) return undefined;
  const { owner } = owned;
  const teardowns = [...owner.teardowns];
  const paired = pairedTeardownMethod(owner, owned.name);
  if (paired) teardowns.unshift(paired);
  if (!teardowns.length) return undefined;
  const onTeardown = (c: Node) =>
    teardowns.some((t) => methodReaches(owner, t, (f) => isInside(c, f))) || inEndHandler(m, c);
  if (clears.some(onTeardown)) return undefined;
  const teardown = `${teardowns[0]}()`;
  return { teardown, confidence: owner.component ? 'high' : 'medium' };
}

/** Inside a handler for its subject's end (`this.on('close', () => clearInterval(t))`). */
function inEndHandler(m: FileModel, node: Node): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const { parent } = valueParent(fn);
    if (parent?.type !== T.CallExpression) continue;
    const reg = registrationOf(m, parent);
    if (reg?.terminal) return true;
  }
  return false;
}

/** A `clearInterval()` / `clearTimeout()` with no argument in `fn` (a no-op). */
function idlessClear(fn: FunctionNode): TSESTree.CallExpression | undefined {
  let found: TSESTree.CallExpression | undefined;
  walk(
    fn.body,
    (n) => {
      if (n.type === T.CallExpression && /^clear(Interval|Timeout)$/.test(calleeName(n) ?? '') && !n.arguments.length)
        found = n;
      return !found;
    },
    visitorKeys,
  );
  return found;
}

function callsClearInterval(fn: FunctionNode): boolean {
  let found = false;
  walk(
    fn.body,
    (n) => {
      // `clearInterval()` without an id clears nothing.
      if (n.type === T.CallExpression && /^clear(Interval|Timeout)$/.test(calleeName(n) ?? '') && n.arguments.length)
        found = true;
      return !found;
    },
    visitorKeys,
  );
  return found;
}

/** A `setTimeout` whose callback re-enters the function that scheduled it, unconditionally: a timer loop. */
function checkTimeoutLoop(ctx: RuleContext, call: TSESTree.CallExpression): void {
  const m = ctx.model;
  const fn = enclosingFunction(call);
  const cb = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  if (!fn || !cb) return;
  const loop = loopFunction(m, fn, cb);
  if (!loop) return;
  // A component's poll started from an effect that returns no cleanup: whatever its own conditions test (a
  // prop, a response), nothing that runs on unmount can stop it.
  const started = effectStartWithoutCleanup(m, loop);
  if (started) {
    ctx.report({
      rule: 'interval-not-cleared',
      confidence: started.otherCleanups ? 'medium' : 'high',
      message:
        `${loopName(m, loop)} reschedules itself with setTimeout and is started from an effect that returns no cleanup ` +
        `(line ${m.line(started.effect)}), so after the component unmounts the poll keeps running and keeps its ` +
        `callback and everything it closes over (props, state setters) alive. Return a cleanup from the effect that ` +
        `clears the pending timer${started.otherCleanups ? '' : ' and stops the loop (a flag checked before rescheduling)'}.`,
      range: m.range(call),
      related: [{ message: 'started here, with no cleanup', range: m.range(started.start) }],
    });
    return;
  }
  // A condition or early return on the way lets the loop stop; so does a stored-and-cleared id.
  const conditions: Node[] = [];
  for (let n: Node | undefined = call.parent; n && n !== loop; n = n.parent) {
    if (isFunction(n)) continue;
    if (n.type === T.TryStatement || n.type === T.SwitchStatement || n.type === T.CatchClause) return;
    if (n.type === T.IfStatement || n.type === T.ConditionalExpression) conditions.push(n.test);
    if (n.type === T.LogicalExpression) conditions.push(n.left);
  }
  // The loop's own body, and the bodies of the callbacks between it and the call (a `.then()` continuation that
  // returns before rescheduling stops the loop as surely as the loop's own early return).
  const bodies: FunctionNode[] = [loop];
  for (let f = enclosingFunction(call); f && f !== loop && isInside(f, loop); f = enclosingFunction(f)) bodies.push(f);
  for (const body of bodies)
    walk(
      body.body,
      (n) => {
        if (n !== body.body && isFunction(n)) return false;
        // A return that hands back the chain that reschedules (`return fetch(u).then(() => setTimeout(poll, 1000))`)
        // or comes after the rescheduling call does not stop the loop.
        if (
          (n.type === T.ReturnStatement || n.type === T.ThrowStatement) &&
          (isInside(call, n) || n.range[0] >= call.range[1])
        )
          return true;
        if (n.type === T.ReturnStatement || n.type === T.ThrowStatement) {
          const test = enclosingTest(n, body);
          conditions.push(test ?? n);
        }
        return true;
      },
      visitorKeys,
    );
  if (
    timerCleared(m, call, ['clearTimeout', 'clearInterval']) !== 'dropped' &&
    timerCleared(m, call, ['clearTimeout', 'clearInterval']) !== 'stored-never-cleared'
  )
    return;
  if (!loopStartsRepeatedly(m, loop)) return;
  if (conditions.length) {
    // The loop goes on until what it polls says so (`if (status !== 'done') setTimeout(poll, 1000)`): nothing
    // else can stop it. A countdown or deadline always ends it, and a flag set outside the loop is its stop.
    if (conditions.some((c) => c.type === T.ReturnStatement || c.type === T.ThrowStatement)) return;
    if (terminates(m, call, loop) || conditions.some((c) => readsOutsideState(m, c, loop))) return;
    ctx.report({
      rule: 'interval-not-cleared',
      confidence: 'medium',
      message:
        `${loopName(m, loop)} reschedules itself with setTimeout until a condition it polls holds (line ` +
        `${m.line(conditions[0])}), and nothing outside the loop can stop it: if that never happens the pending ` +
        `timer keeps it and everything it closes over alive, and each start adds another loop. Keep the timer id ` +
        `and clearTimeout it in ${teardownHint(m, call)}, or give the loop a deadline or a stop flag.`,
      range: m.range(call),
    });
    return;
  }
  ctx.report({
    rule: 'interval-not-cleared',
    message:
      `${functionName(loop) ?? 'This function'} reschedules itself with setTimeout on every run and nothing can stop it, ` +
      `so the pending timer keeps it and everything it closes over alive, and each start adds another loop. ` +
      `Keep the timer id and clearTimeout it in ${teardownHint(m, call)} (or check a stop flag before rescheduling).`,
    range: m.range(call),
  });
}

/** The test of the innermost `if` (or `?:`) around `node` inside `stop`. */
function enclosingTest(node: Node, stop: Node): Node | undefined {
  for (let n = node.parent; n && n !== stop; n = n.parent) {
    if (isFunction(n)) return undefined;
    if (n.type === T.IfStatement || n.type === T.ConditionalExpression) return n.test;
  }
  return undefined;
}

/**
 * The condition reads something the loop does not compute itself: a variable or field written outside the
 * loop (a stop flag, a mounted ref, a `this.running` that stop() resets), or a member of `this`.
 */
function readsOutsideState(m: FileModel, test: Node, loop: FunctionNode): boolean {
  let outside = false;
  walk(
    test,
    (n) => {
      if (outside) return false;
      if (n.type === T.MemberExpression) {
        const root = unwrap(n.object);
        if (root.type === T.ThisExpression) outside = true;
        // `ref.current`, `state.stopped`: read through an object the loop did not make.
        else if (root.type === T.Identifier && !isInside(m.resolve(root)?.defs[0]?.node ?? loop, loop)) outside = true;
        return !outside;
      }
      if (n.type === T.Identifier && !(n.parent?.type === T.MemberExpression && n.parent.property === n)) {
        const v = m.resolve(n);
        if (v?.references.some((r) => r.isWrite() && !isInside(r.identifier, loop))) outside = true;
        // A parameter of the loop: each round passes it on (`attempt(n - 1)`), a countdown the caller sets.
        if (v?.defs[0]?.type === DefinitionType.Parameter && v.defs[0].node === loop) outside = true;
      }
      return !outside;
    },
    visitorKeys,
  );
  return outside;
}

/** The variable a loop function is kept in: `function poll()`, `const poll = () => …`, `const poll = useCallback(() => …)`. */
function loopVariable(m: FileModel, loop: FunctionNode): TSESTree.Identifier | undefined {
  if (loop.type === T.FunctionDeclaration) return loop.id ?? undefined;
  let { parent } = valueParent(loop);
  // A memoizing hook hands back the function it was given (`useCallback(fn, deps)`).
  if (parent?.type === T.CallExpression && parent.arguments[0] === loop && HANDS_BACK.has(calleeName(parent) ?? ''))
    parent = valueParent(parent).parent;
  return parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier ? parent.id : undefined;
}

const HANDS_BACK = new Set(['useCallback', 'useEvent', 'useEffectEvent', 'useMemoizedFn', 'useLatestCallback']);

function loopName(m: FileModel, loop: FunctionNode): string {
  return functionName(loop) ?? loopVariable(m, loop)?.name ?? 'This function';
}

/**
 * A loop defined in a component or hook and started (called) from an effect callback that returns nothing:
 * the effect, the call that starts it, and whether other effects of the component have cleanups (which might
 * stop it through a flag: then less sure).
 */
function effectStartWithoutCleanup(
  m: FileModel,
  loop: FunctionNode,
): { effect: Node; start: Node; otherCleanups: boolean } | undefined {
  let component: FunctionNode | undefined;
  for (let f = enclosingFunction(loop); f && !component; f = enclosingFunction(f))
    if (isComponentOrHook(m, f)) component = f;
  if (!component) return undefined;
  const id = loopVariable(m, loop);
  const v = id && m.resolve(id);
  if (!v) return undefined;
  for (const r of v.references) {
    const call = r.identifier.parent;
    if (call?.type !== T.CallExpression || call.callee !== r.identifier) continue;
    const effect = enclosingEffect(call);
    if (!effect || !isInside(effect, component) || isInside(call, loop)) continue;
    // Called from the effect itself (not from a callback inside it).
    if (enclosingFunction(call) !== effect) return undefined;
    if (mayReturnCleanup(m, effect, call, loop)) return undefined;
    const otherCleanups = effectsOf(m, component).some((e) => e !== effect && mayReturnCleanup(m, e));
    return { effect, start: call, otherCleanups };
  }
  return undefined;
}

/** `() => void poll()`, `() => { poll(); }` return nothing; `() => poll()` returns what a non-async poll returns. */
function mayReturnCleanup(m: FileModel, effect: FunctionNode, start?: Node, loop?: FunctionNode): boolean {
  if (effect.body.type === T.BlockStatement) return returnsAlready(effect.body);
  const body = unwrap(effect.body);
  if (body.type === T.UnaryExpression && body.operator === 'void') return false;
  return !(body === start && loop?.async);
}

function effectsOf(m: FileModel, component: FunctionNode): FunctionNode[] {
  const out: FunctionNode[] = [];
  walk(
    component.body,
    (n) => {
      if (
        n.type === T.CallExpression &&
        n.arguments[0] &&
        isFunction(n.arguments[0]) &&
        enclosingEffect(n.arguments[0].body) === n.arguments[0]
      )
        out.push(n.arguments[0]);
      return true;
    },
    visitorKeys,
  );
  return out;
}

/** The function that `cb` re-enters, if it is `fn` (directly, `this.method`, or a wrapper arrow calling it). */
function loopFunction(m: FileModel, fn: FunctionNode, cb: Node): FunctionNode | undefined {
  const refersTo = (e: Node): FunctionNode | undefined => {
    const u = unwrap(e);
    if (u.type === T.Identifier) {
      const v = m.resolve(u);
      // A parameter's definition node is its function too: `function (callback) { setTimeout(callback) }`
      // schedules what it was handed, not itself.
      if (v?.defs[0]?.type === 'Parameter') return undefined;
      const d = v?.defs[0]?.node;
      for (let f: FunctionNode | undefined = fn; f; f = enclosingFunction(f)) {
        if (d === f || (d?.type === T.VariableDeclarator && d.init && unwrap(d.init) === f)) return f;
        if (d?.type === T.VariableDeclarator && d.id.type === T.Identifier && loopVariable(m, f) === d.id) return f;
      }
      return undefined;
    }
    const path = memberPath(u);
    if (path?.startsWith('this.')) {
      for (let f: FunctionNode | undefined = fn; f; f = enclosingFunction(f)) {
        const member = classMemberOf(f);
        if (member && `this.${keyName(member.key, member.computed)}` === path) return f;
      }
    }
    return undefined;
  };
  const direct = refersTo(cb);
  if (direct) return direct;
  if (isFunction(cb) && cb.body.type !== T.BlockStatement) {
    const b = unwrap(cb.body);
    if (b.type === T.CallExpression) return refersTo(b.callee);
  } else if (isFunction(cb) && cb.body.type === T.BlockStatement && cb.body.body.length === 1) {
    const s = cb.body.body[0];
    if (s.type === T.ExpressionStatement && s.expression.type === T.CallExpression)
      return refersTo(s.expression.callee);
  }
  return undefined;
}

function loopStartsRepeatedly(m: FileModel, loop: FunctionNode): boolean {
  const member = classMemberOf(loop);
  if (member) {
    // A method loop is started from other methods; it repeats when the class is not a run-once singleton.
    const cls = enclosingClass(loop);
    const name = keyName(member.key, member.computed);
    if (!cls || !name) return false;
    return m
      .callsNamed(name)
      .some((c) => memberPath(c.callee) === `this.${name}` && !isInsideNode(c, loop) && runsRepeatedly(m, c));
  }
  return functionRepeats(m, loop);
}

function isInsideNode(a: Node, b: Node): boolean {
  return a.range[0] >= b.range[0] && a.range[1] <= b.range[1];
}

/** Keep the id and clear it: in the effect's cleanup, or in the class's existing teardown method. */
function intervalFixes(m: FileModel, call: TSESTree.CallExpression): Fix[] {
  const stmt = call.parent;
  if (stmt?.type !== T.ExpressionStatement) return [];
  const effect = enclosingEffect(call);
  if (
    effect &&
    effect.body.type === T.BlockStatement &&
    stmt.parent === effect.body &&
    !/\bintervalId\b/.test(m.source(effect))
  ) {
    if (returnsAlready(effect.body)) return [];
    const cleanup = insertCleanup(m, effect.body, call, 'return () => clearInterval(intervalId);', '');
    if (!cleanup.length) return [];
    const at = m.positionAt(call.range[0]);
    return [
      {
        title: 'Keep the interval id and clear it in the effect cleanup',
        edits: [{ range: { start: at, end: at }, newText: 'const intervalId = ' }, ...cleanup[0].edits],
      },
    ];
  }
  const fn = enclosingFunction(call);
  const cls = enclosingClass(call);
  if (!fn || !cls || !classMemberOf(fn) || /\bintervalId\b/.test(m.source(cls))) return [];
  const teardownName = existingTeardown(cls);
  const teardown = cls.body.body.find(
    (el) => el.type === T.MethodDefinition && keyName(el.key, el.computed) === teardownName,
  ) as TSESTree.MethodDefinition | undefined;
  if (!teardown?.value.body) return [];
  const body = teardown.value.body;
  const inner = body.body[0] ?? body;
  const cleanup = insertCleanup(m, body, inner === body ? teardown : inner, 'clearInterval(this.intervalId);', '');
  if (!cleanup.length || inner === body) return [];
  const at = m.positionAt(call.range[0]);
  const edits = [{ range: { start: at, end: at }, newText: 'this.intervalId = ' }, ...cleanup[0].edits];
  if (m.isTypeScript) {
    const first = cls.body.body[0];
    const pos = m.positionAt(first.range[0]);
    const indent = /^\s*/.exec(m.lineText(pos.line))![0];
    edits.unshift({
      range: { start: { line: pos.line, column: 0 }, end: { line: pos.line, column: 0 } },
      newText: `${indent}private intervalId?: ReturnType<typeof setInterval>;\n`,
    });
  }
  return [{ title: `Keep the interval id and clear it in ${teardownName}()`, edits }];
}

/**
 * `this.setInterval(100)` of a class that inherits the helper (a TaskLoop-style base class): the timer is the
 * base class's, released by `this.clearInterval()`. It must be on the teardown path of the method that started it.
 */
function checkInheritedTimer(ctx: RuleContext, call: TSESTree.CallExpression): void {
  const m = ctx.model;
  const owned = enclosingOwnerMethod(m, call);
  if (!owned || owned.owner.kind !== 'class' || owned.owner.methods.has('setInterval')) return;
  const cls = owned.owner.node as TSESTree.ClassDeclaration | TSESTree.ClassExpression;
  if (!cls.superClass || !runsRepeatedly(m, call)) return;
  const clears = m
    .callsNamed('clearInterval')
    .filter((c) => memberPath(c.callee) === 'this.clearInterval' && isInside(c, cls));
  const teardowns = [...owned.owner.teardowns];
  const paired = pairedTeardownMethod(owned.owner, owned.name);
  if (paired) teardowns.unshift(paired);
  if (!teardowns.length) return;
  if (clears.some((c) => teardowns.some((t) => methodReaches(owned.owner, t, (f) => isInside(c, f))))) return;
  const teardown = `${teardowns[0]}()`;
  ctx.report({
    rule: 'interval-not-cleared',
    confidence: paired || owned.owner.component ? 'high' : 'medium',
    message:
      `${owned.name}() starts the inherited interval (this.setInterval) but ${teardown} never calls this.clearInterval(), so ` +
      `after ${teardown} the timer keeps running and keeps this object and everything its callback reaches alive. Call ` +
      `this.clearInterval() in ${teardown}.`,
    range: m.range(call),
  });
}

/**
 * `this.poller = new Poller(); this.poller.start()` in an owner's setup, with no `this.poller.stop()` on its
 * teardown path: the wrapper's interval keeps running after the owner ends, holding both.
 */
function checkWrappedTimer(ctx: RuleContext, start: WrappedStart): void {
  const m = ctx.model;
  const owned = enclosingOwnerMethod(m, start.call);
  if (!owned || !runsRepeatedly(m, start.call)) return;
  const { owner } = owned;
  const paired = pairedTeardownMethod(owner, owned.name);
  const teardowns = paired ? [paired] : [...owner.teardowns];
  if (!teardowns.length && !owner.component) return;
  if (teardowns.some((t) => stopsWrapper(owner, t, start))) return;
  const teardown = teardowns.length ? `${teardowns[0]}()` : teardownHint(m, start.call);
  const runner = owned.name === 'constructor' ? describeRunner(m, start.call) : `${owned.name}()`;
  ctx.report({
    rule: 'interval-not-cleared',
    confidence: 'high',
    message:
      `${m.source(start.call.callee)}() starts the interval of a ${start.wrapper} each time ${runner} runs, but ` +
      `${teardown} never stops it, so once the owner ends the timer keeps running and keeps the ${start.wrapper}, its ` +
      `callback and the owner alive. Stop ${start.field} in ${teardown}.`,
    range: m.range(start.call),
  });
}

export const intervalNotCleared: RuleImpl = {
  id: 'interval-not-cleared',
  run(ctx) {
    const m = ctx.model;
    for (const call of m.callsNamed('setInterval'))
      if (memberPath(call.callee) === 'this.setInterval') checkInheritedTimer(ctx, call);
    for (const call of m.callsNamed('setInterval')) if (isGlobalTimer(m, call, 'setInterval')) checkInterval(ctx, call);
    for (const call of m.callsNamed('setTimeout'))
      if (isGlobalTimer(m, call, 'setTimeout')) checkTimeoutLoop(ctx, call);
    for (const start of wrappedStarts(m)) checkWrappedTimer(ctx, start);
  },
};
