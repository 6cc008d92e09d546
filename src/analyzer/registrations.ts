// Recognizes the calls that attach a callback to something else: event listeners, emitters, subscriptions
// and observers. Shared by listener-not-removed (is it released?) and closure-large-scope (is the callback
// long-lived?).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { DefinitionType } from '@typescript-eslint/scope-manager';
import {
  T,
  calleeName,
  calleeObject,
  enclosingClass,
  isFunction,
  keyName,
  memberPath,
  propertyName,
  stringValue,
  unwrap,
  type Node,
} from './ast';
import { hasOnceOption } from './lifetimes';
import type { FileModel } from './model';
import * as dom from './vocabulary/dom';
import * as events from './vocabulary/events';
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
  /** addEventListener's capture flag (a removal must pass the same one). */
  capture?: boolean;
  /** The event may never fire (abort, close, error…): releasing on it is not releasing on the normal path. */
  terminal?: boolean;
  /**
   * The call's result is the release (a Disposable from `addAbortListener`, `emitter.onDidChange(fn)`): only a
   * kept result can undo it.
   */
  disposable?: boolean;
  /** A helper taking the target as its first argument: `DomEvent.on(el, 'click', fn)`. */
  wrapper?: boolean;
}

const EVENT_METHODS = new Set(['addEventListener', 'on', 'addListener', 'prependListener', '$on', 'once']);
const TERMINAL = new Set(events.TERMINAL_EVENTS);
const WRAPPER_ADDERS = new Set(events.WRAPPER_ADDERS);
const ABORT_HELPERS = new Set(events.ABORT_LISTENER_HELPERS);
/** `onDidChangeModel`, `onData`, `onWillDispose`: VS Code-style events that return a Disposable. */
const DISPOSABLE_EVENT = /^on[A-Z]\w*$/;
const END_HOOK = /^on(Will|Did)?(Destroy|Dispose|Close|End|Unmount|Detach|Remove|Cleanup|Teardown|Abort|Exit)\w*$/;

export function isTerminalEvent(type: string | undefined): boolean {
  return type !== undefined && TERMINAL.has(type);
}

/** `true` or `{ capture: true }` as addEventListener's third argument. */
export function captureFlag(options: Node | undefined): boolean {
  if (!options) return false;
  const o = unwrap(options);
  if (o.type === T.Literal) return o.value === true;
  if (o.type !== T.ObjectExpression) return false;
  return o.properties.some(
    (p) =>
      p.type === T.Property &&
      keyName(p.key, p.computed) === 'capture' &&
      p.value.type === T.Literal &&
      p.value.value === true,
  );
}
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
  const t = m.memoFor<Registration | null>('registration');
  if (t.has(call)) return t.get(call) ?? undefined;
  const reg = computeRegistration(m, call);
  t.set(call, reg ?? null);
  return reg;
}

function computeRegistration(m: FileModel, call: TSESTree.CallExpression): Registration | undefined {
  const method = calleeName(call);
  if (!method) return undefined;
  const target = calleeObject(call);
  const args = call.arguments;
  const wrapped = wrapperRegistration(m, call, method);
  if (wrapped) return wrapped;
  if (EVENT_METHODS.has(method)) {
    if (!target && !(method === 'addEventListener' && m.isGlobalName(call.callee as TSESTree.Identifier)))
      return undefined;
    if (method === 'addEventListener') {
      if (args.length < 2) return undefined;
      const type = stringValue(args[0]);
      const terminal = isTerminalEvent(type);
      const opts = args[2] ? unwrap(args[2]) : undefined;
      // `{ once: true }` releases the handler when the event fires, which for abort/close may be never.
      const selfReleasing =
        !!opts &&
        ((hasOnceOption(opts) && !terminal) ||
          hasSignal(opts) ||
          opts.type === T.Identifier ||
          opts.type === T.MemberExpression);
      return {
        call,
        kind: 'event',
        method,
        target,
        type,
        handler: args[1],
        selfReleasing,
        capture: captureFlag(args[2]),
        terminal,
      };
    }
    if (args.length === 0) return undefined;
    const first = unwrap(args[0]);
    if (first.type === T.ObjectExpression) return undefined; // `.on({ click: f })` maps: too varied to judge
    if (args.length === 1) {
      // chrome.runtime.onMessage.addListener(fn), mql.addListener(fn)
      if (method === 'on' || method === '$on' || method === 'once') return undefined;
      return { call, kind: 'event', method, target, handler: args[0], selfReleasing: false };
    }
    // `emitter.on('close', makeHandler(self))`: with a literal event name, whatever comes second is the handler
    // (a factory call makes a new function each time).
    const factoryHandler =
      args.length === 2 && stringValue(args[0]) !== undefined && unwrap(args[1]).type === T.CallExpression
        ? args[1]
        : undefined;
    const handler = factoryHandler ?? [...args].reverse().find((a) => isFunction(unwrap(a)) || isReferenceLike(a));
    if (!handler || handler === args[0]) return undefined;
    if (
      first.type !== T.Literal &&
      first.type !== T.TemplateLiteral &&
      first.type !== T.Identifier &&
      first.type !== T.MemberExpression
    )
      return undefined;
    const type = stringValue(args[0]);
    const terminal = isTerminalEvent(type);
    // `.once(type, fn)` lets go of fn when the event fires: a release on the normal path unless the event
    // is one that may never fire.
    if (method === 'once' && !terminal) return undefined;
    return { call, kind: 'event', method, target, type, handler, selfReleasing: false, terminal };
  }
  if (DISPOSABLE_EVENT.test(method) && target && (args.length === 1 || args.length === 2)) {
    const handler = args[0];
    if (!handlerLike(m, handler)) return undefined;
    // A component calling the callback props it was given (`props.onSelect(fn)`) is not subscribing; a hook
    // run when the target itself ends (`view.onDestroy(fn)`) goes with it.
    if (/(^|\.)props$/.test(memberPath(target) ?? '') || END_HOOK.test(method)) return undefined;
    return { call, kind: 'event', method, target, handler, selfReleasing: false, disposable: true };
  }
  if (method === 'subscribe' && target) {
    return { call, kind: 'subscribe', method, target, handler: args[0], selfReleasing: pipeCompletes(m, target) };
  }
  if (method === 'observe' && target && observerCreation(m, target)) {
    return { call, kind: 'observe', method, target, handler: undefined, selfReleasing: false };
  }
  return undefined;
}

/**
 * Registration helpers that take the target first: `addAbortListener(signal, fn)` (returns a Disposable),
 * `DomEvent.on(el, 'click', fn)`, `listen(el, 'resize', fn)`, `on(el, 'click', fn)`.
 */
function wrapperRegistration(m: FileModel, call: TSESTree.CallExpression, method: string): Registration | undefined {
  const args = call.arguments;
  if (ABORT_HELPERS.has(method) && args.length >= 2 && args[0].type !== T.SpreadElement) {
    if (!handlerLike(m, args[1])) return undefined;
    return {
      call,
      kind: 'event',
      method,
      target: args[0],
      type: 'abort',
      handler: args[1],
      selfReleasing: false,
      terminal: true,
      disposable: true,
      wrapper: true,
    };
  }
  if (!WRAPPER_ADDERS.has(method) || args.length < 3) return undefined;
  const target = unwrap(args[0]);
  if (target.type !== T.Identifier && target.type !== T.MemberExpression && target.type !== T.ThisExpression)
    return undefined;
  const type = stringValue(args[1]) ?? typeList(args[1]);
  if (type === undefined || !handlerLike(m, args[2])) return undefined;
  return {
    call,
    kind: 'event',
    method,
    target: args[0],
    type,
    handler: args[2],
    selfReleasing: false,
    terminal: isTerminalEvent(type),
    wrapper: true,
  };
}

/** `['scroll', 'wheel', 'resize']`: several event types at once, as DOM helpers take them (`on(window, [...], fn)`). */
function typeList(node: Node): string | undefined {
  const u = unwrap(node);
  if (u.type !== T.ArrayExpression || !u.elements.length) return undefined;
  const types = u.elements.map((e) => (e && e.type !== T.SpreadElement ? stringValue(e) : undefined));
  return types.every((t) => t !== undefined) ? types.join(', ') : undefined;
}

/** A function literal, a bound method, or a name or member that refers to a function. */
function handlerLike(m: FileModel, node: Node): boolean {
  const u = unwrap(node);
  if (isFunction(u)) return true;
  if (u.type === T.CallExpression) return calleeName(u) === 'bind' && unwrap(u.callee).type === T.MemberExpression;
  if (u.type === T.MemberExpression) {
    const path = memberPath(u) ?? '';
    if (/^this\.[_#]*(on[A-Z]|handle)|(Handler|Listener|Callback)$/.test(path)) return true;
    // `this.update` where the class defines update() or `update = () => {}`.
    const cls = u.object.type === T.ThisExpression ? enclosingClass(u) : undefined;
    const name = path.slice(5);
    return (
      !!cls &&
      cls.body.body.some(
        (el) =>
          (el.type === T.MethodDefinition ||
            (el.type === T.PropertyDefinition && !!el.value && isFunction(unwrap(el.value)))) &&
          keyName(el.key, el.computed) === name,
      )
    );
  }
  if (u.type === T.Identifier) {
    const def = m.resolve(u)?.defs[0];
    if (!def) return false;
    if (def.type === DefinitionType.FunctionName) return true;
    if (def.node.type === T.VariableDeclarator && def.node.init) return isFunction(unwrap(def.node.init));
    return def.type === DefinitionType.Parameter && /(handler|listener|callback|cb|fn|onAbort|abort)$/i.test(u.name);
  }
  return false;
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
function pipeCompletes(m: FileModel, target: Node): boolean {
  let t = unwrap(target);
  const completes = (op: TSESTree.CallExpression): boolean => {
    const name = calleeName(op) ?? '';
    if (!COMPLETING_OPERATORS.has(name)) return false;
    // takeUntil ends the subscription when its notifier emits a value, not when it completes.
    return name !== 'takeUntil' || !op.arguments[0] || !neverEmits(m, op.arguments[0]);
  };
  while (t.type === T.CallExpression) {
    const name = calleeName(t);
    if (name === 'pipe') {
      for (const a of t.arguments) {
        const op = unwrap(a);
        if (op.type === T.CallExpression && completes(op)) return true;
      }
    }
    if (name && completes(t)) return true; // fluent style: src.take(1).subscribe
    const obj = calleeObject(t);
    if (!obj) return false;
    t = unwrap(obj);
  }
  return false;
}

/** The notifier of a `takeUntil(...)` in the subscription's pipe that never emits (see neverEmits). */
export function silentTakeUntil(m: FileModel, target: Node): Node | undefined {
  for (let t = unwrap(target); t.type === T.CallExpression;) {
    const ops = calleeName(t) === 'pipe' ? t.arguments.map((a) => unwrap(a)) : [t];
    for (const op of ops)
      if (op.type === T.CallExpression && calleeName(op) === 'takeUntil' && op.arguments[0])
        if (neverEmits(m, op.arguments[0])) return op.arguments[0];
    const obj = calleeObject(t);
    if (!obj) break;
    t = unwrap(obj);
  }
  return undefined;
}

const SUBJECTS = oneOf(['Subject', 'ReplaySubject', 'BehaviorSubject', 'AsyncSubject']);
/** What may be done to a notifier without making it emit. */
const SILENT_USES = new Set(['complete', 'unsubscribe', 'pipe', 'asObservable', 'subscribe']);

/**
 * A takeUntil notifier that is a Subject made here (a field or a variable) and only ever completed or
 * unsubscribed: never `next()`ed, never handed on. takeUntil reacts to a value, not to completion, so it never
 * ends the subscription (`this.destroy$.complete()` alone in ngOnDestroy).
 */
function neverEmits(m: FileModel, notifier: Node): boolean {
  const n = unwrap(notifier);
  const uses: Node[] = [];
  const created = (init: Node | null | undefined): boolean => {
    const u = init ? unwrap(init) : undefined;
    return u?.type === T.NewExpression && SUBJECTS.test(memberPath(u.callee) ?? '');
  };
  let made = false;
  if (n.type === T.Identifier) {
    const v = m.resolve(n);
    const def = v?.defs[0]?.node;
    if (!v || def?.type !== T.VariableDeclarator) return false;
    made = created(def.init);
    for (const r of v.references) if (!r.init) uses.push(r.identifier);
  } else {
    const path = memberPath(n);
    const cls = enclosingClass(n);
    if (!path?.startsWith('this.') || path.split('.').length !== 2 || !cls) return false;
    const field = path.slice(5);
    for (const el of cls.body.body)
      if (el.type === T.PropertyDefinition && !el.static && keyName(el.key, el.computed) === field && created(el.value))
        made = true;
    for (const me of m.membersWithPathInClass(path, cls)) {
      const p = me.parent;
      if (p?.type === T.AssignmentExpression && p.left === me) {
        if (!created(p.right)) return false;
        made = true;
        continue;
      }
      uses.push(me);
    }
  }
  if (!made) return false;
  return uses.every((u) => {
    const p = u.parent;
    if (p?.type === T.MemberExpression && p.object === u) return SILENT_USES.has(propertyName(p) ?? '');
    // Handed to takeUntil itself; anything else (another component, an emitter) may make it emit.
    return p?.type === T.CallExpression && p.arguments[0] === u && calleeName(p) === 'takeUntil';
  });
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
