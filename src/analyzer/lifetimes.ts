// Which code runs many times (component bodies, handlers, methods, callbacks) versus once at module load.
// A registration that runs once is meant to live as long as the program and is never a finding.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  T,
  calleeName,
  classMemberOf,
  enclosingFunction,
  functionName,
  isFunction,
  isInside,
  keyName,
  memberPath,
  rootOf,
  stringValue,
  unwrap,
  valueParent,
  type CallLike,
  type FunctionNode,
  type Node,
} from './ast';
import type { FileModel } from './model';
import type { InputDrivenCall } from './types';
import * as di from './vocabulary/di';
import * as lifecycle from './vocabulary/lifecycle';
import { oneOf } from './vocabulary/names';
import * as vue from './vocabulary/vue';

/** Callbacks these call run at most once per run of the caller: they inherit the caller's lifetime. */
const INHERITING_CALLEES = new Set([
  'forEach',
  'map',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'sort',
  'then',
  'catch',
  'finally',
  'call',
  'apply',
  'setTimeout',
  'setImmediate',
  'nextTick',
  'queueMicrotask',
  'requestIdleCallback',
  'requestAnimationFrame',
  'once',
  'ready',
  'whenReady',
  'describe',
  'it',
  'test',
  'before',
  'after',
  'beforeAll',
  'afterAll',
  'beforeEach',
  'afterEach',
  'suite',
  'define',
  'require',
  'run',
  'runInAction',
  'act',
  'batch',
  'startTransition',
  'Promise',
  'listen',
  'replace',
  'from',
  'allSettled',
  'race',
  'any',
  'tap',
  'forOwn',
  'each',
  'times',
  'task',
  'connect',
]);

/** Callbacks these call run many times (events, routes, timers, framework lifecycles per instance). */
const REPEATING_CALLEES = new Set([
  'addEventListener',
  'on',
  'addListener',
  'prependListener',
  'subscribe',
  'setInterval',
  '$on',
  'watch',
  'watchEffect',
  'computed',
  'useEffect',
  'useLayoutEffect',
  'useInsertionEffect',
  'useCallback',
  'useMemo',
  'useState',
  'useReducer',
  'onMounted',
  'onBeforeMount',
  'onMount',
  'onActivated',
  'onUpdated',
  'afterUpdate',
  'beforeUpdate',
  'createServer',
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'all',
  'use',
  'route',
  'handle',
  'effect',
  'autorun',
  'reaction',
  'createEffect',
  'onCleanup',
  'MutationObserver',
  'ResizeObserver',
  'IntersectionObserver',
  'PerformanceObserver',
  'forwardRef',
  'memo',
  'observer',
]);

/**
 * Calls that invoke their callback at most once per call: promise reactions, one-shot timers and ticks, and
 * the mount hooks of a component (once per instance, i.e. once per run of the setup function that registers
 * them). Not the array iterators: those call it once per element.
 */
const ONCE_CALLBACK_CALLEES = new Set([
  'then',
  'catch',
  'finally',
  'Promise',
  'setTimeout',
  'setImmediate',
  'nextTick',
  'queueMicrotask',
  'requestIdleCallback',
  'requestAnimationFrame',
  'once',
  ...lifecycle.MOUNT_HOOKS,
]);

/** Events that fire once; a handler for them runs once if it was registered once. */
const ONCE_EVENTS = new Set(['DOMContentLoaded', 'load', 'ready', 'deviceready', 'readystatechange']);

// `patch…`: monkey-patching (polyfills, zone.js) is applied once per program.
const INIT_NAME = oneOf(
  [
    'main',
    /init\w*/,
    /initiali[sz]e\w*/,
    /bootstrap\w*/,
    'activate',
    /install\w*/,
    'boot',
    'startup',
    /setup\w*/,
    /configure\w*/,
    /patch\w*/,
  ],
  'i',
);

const VUE_KEYS = new Set(vue.OPTION_KEYS);

/**
 * An init/setup/install-named function runs once per program, unless it takes a per-call input:
 * `setupWSConnection(conn, req)` sets up each connection.
 */
function initOnly(fn: FunctionNode, name: string | undefined): boolean {
  if (!name || !INIT_NAME.test(name)) return false;
  return !fn.params.some((p) => p.type === T.Identifier && PER_CALL_INPUT.test(p.name));
}

function memo<V>(m: FileModel, table: string, node: Node, compute: () => V, whileComputing: V): V {
  const t = m.memoFor<V>(table);
  if (t.has(node)) return t.get(node)!;
  t.set(node, whileComputing); // breaks cycles (recursion, self-rescheduling) neutrally
  const v = compute();
  t.set(node, v);
  return v;
}

/** Is the code at `node` on a path that can run repeatedly? Module-level code runs once. */
export function runsRepeatedly(m: FileModel, node: Node): boolean {
  const fn = enclosingFunction(node);
  if (!fn) return false;
  if (isGuardedOnce(m, node, fn)) return false;
  return functionRepeats(m, fn);
}

export function isComponentOrHook(m: FileModel, fn: FunctionNode): boolean {
  const name = functionName(fn);
  if (!name) return false;
  if (/^use[A-Z0-9]/.test(name)) return true;
  if (!/^[A-Z]/.test(name)) return false;
  if (classMemberOf(fn)) return false;
  return m.hasJsx || /\.[jt]sx$/i.test(m.fileName);
}

export function functionRepeats(m: FileModel, fn: FunctionNode): boolean {
  return memo(m, 'repeats', fn, () => computeRepeats(m, fn), false);
}

function computeRepeats(m: FileModel, fn: FunctionNode): boolean {
  const { parent, child } = valueParent(fn);
  if (!parent) return true;
  // IIFE: `(function () {...})()` / `(() => {...})()`.
  if (parent.type === T.CallExpression && parent.callee === child) return runsRepeatedly(m, parent);
  if (
    parent.type === T.MemberExpression &&
    parent.object === child &&
    ['call', 'apply'].includes(calleeNameOfMember(parent))
  ) {
    return parent.parent ? runsRepeatedly(m, parent.parent) : false;
  }
  if (
    (parent.type === T.CallExpression || parent.type === T.NewExpression) &&
    parent.arguments.includes(child as TSESTree.CallExpressionArgument)
  ) {
    return callbackRepeats(m, parent, child);
  }
  const member = classMemberOf(fn);
  if (member) {
    if (member.static) return !initOnly(fn, keyName(member.key, member.computed));
    if (member.type === T.MethodDefinition && member.kind === 'constructor')
      return !classIsSingleton(m, member.parent.parent);
    return true;
  }
  if (parent.type === T.Property && parent.value === child && parent.parent.type === T.ObjectExpression) {
    const obj = parent.parent;
    if (looksLikeVueComponent(obj)) return true;
    const name = keyName(parent.key, parent.computed) ?? '';
    return !(initOnly(fn, name) && !enclosingFunction(obj));
  }
  if (isComponentOrHook(m, fn)) return true;
  const variable = declaredVariable(m, fn, parent);
  if (variable) return variableRepeats(m, fn, variable);
  if (parent.type === T.AssignmentExpression) {
    // Whoever reads the property decides when it runs; an init/patch name says once.
    return !initOnly(fn, functionName(fn));
  }
  if (parent.type === T.ExportDefaultDeclaration) return !initOnly(fn, functionName(fn));
  return true;
}

function calleeNameOfMember(member: TSESTree.MemberExpression): string {
  return !member.computed && member.property.type === T.Identifier ? member.property.name : '';
}

/** An options-API Vue component object (`export default { data, mounted, … }`, `defineComponent({ … })`). */
export function looksLikeVueComponent(obj: TSESTree.ObjectExpression): boolean {
  let n = 0;
  for (const p of obj.properties) if (p.type === T.Property && VUE_KEYS.has(keyName(p.key, p.computed) ?? '')) n++;
  if (n >= 1 && obj.parent?.type === T.ExportDefaultDeclaration) return true;
  if (
    obj.parent?.type === T.CallExpression &&
    ['defineComponent', 'component', 'extend', 'Component'].includes(calleeName(obj.parent) ?? '')
  )
    return true;
  // `methods: { ... }` inside a component.
  const holder = obj.parent?.type === T.Property ? obj.parent : undefined;
  if (holder && ['methods', 'computed', 'watch'].includes(keyName(holder.key, holder.computed) ?? '')) return true;
  return n >= 2;
}

function declaredVariable(m: FileModel, fn: FunctionNode, parent: Node) {
  if (fn.type === T.FunctionDeclaration && fn.id) return m.resolve(fn.id);
  if (parent.type === T.VariableDeclarator && parent.id.type === T.Identifier) return m.resolve(parent.id);
  return null;
}

function isExported(node: Node): boolean {
  let n: Node | undefined = node.parent;
  for (let i = 0; n && i < 3; i++, n = n.parent) {
    if (n.type === T.ExportNamedDeclaration || n.type === T.ExportDefaultDeclaration) return true;
  }
  return false;
}

function variableRepeats(
  m: FileModel,
  fn: FunctionNode,
  variable: NonNullable<ReturnType<FileModel['resolve']>>,
): boolean {
  const name = variable.name;
  let exported = isExported(fn);
  let sawUse = false;
  let calls = 0;
  for (const ref of variable.references) {
    if (ref.init) continue;
    const id = ref.identifier;
    const { parent, child } = valueParent(id);
    if (!parent) continue;
    // `Foo.prototype.bar = …`: a constructor with methods is made for `new Foo()` wherever its instances are
    // made (often in other files); defining its methods says nothing about how often it runs.
    if (parent.type === T.MemberExpression && parent.object === child && propertyNameOf(parent) === 'prototype')
      continue;
    sawUse = true;
    if (parent.type === T.CallExpression && parent.callee === child) {
      // Called from two places, or from a loop, it runs more than once even at module level.
      if (runsRepeatedly(m, parent) || ++calls > 1 || inLoop(parent)) return true;
    } else if (
      (parent.type === T.CallExpression || parent.type === T.NewExpression) &&
      parent.arguments.includes(child as TSESTree.CallExpressionArgument)
    ) {
      if (callbackRepeats(m, parent, child)) return true;
    } else if (parent.type === T.ExportSpecifier || parent.type === T.ExportDefaultDeclaration) {
      exported = true;
    } else if (parent.type === T.AssignmentExpression && /^(module\.)?exports\b/.test(memberPath(parent.left) ?? '')) {
      exported = true;
    } else if (parent.type === T.MemberExpression && parent.object === child) {
      // `f.call(...)`, `f.bind(...)` and friends: treat like a call from there.
      if (parent.parent && runsRepeatedly(m, parent.parent)) return true;
    } else {
      // Stored, returned, passed to JSX or an object: someone else decides when it runs.
      if (!(
        parent.type === T.Property &&
        parent.parent.type === T.ObjectExpression &&
        !enclosingFunction(parent) &&
        INIT_NAME.test(name)
      ))
        return true;
    }
  }
  if (exported || !sawUse) return !initOnly(fn, name);
  return false;
}

/**
 * Does `fn` run again and again during one run of `outer` (an enclosing function), later, at someone else's
 * call: a function `outer` hands out by reference (`registerType('status', StatusNode)`, `return Node`,
 * `exports.handle = handle`) or registers as a repeating callback (an event handler, an interval)? Then whatever
 * `fn` reaches in `outer`'s scope outlives every one of its runs. Synchronous iteration callbacks (`forEach`)
 * and one-shot callbacks (`then`, `setTimeout`) do not count.
 */
export function runsOverTimeWithin(m: FileModel, fn: FunctionNode, outer: Node): boolean {
  for (let f: FunctionNode | undefined = fn; f && f !== outer; f = enclosingFunction(f)) {
    const { parent, child } = valueParent(f);
    if (
      (parent?.type === T.CallExpression || parent?.type === T.NewExpression) &&
      parent.arguments.includes(child as TSESTree.CallExpressionArgument)
    ) {
      const name = calleeName(parent as TSESTree.CallExpression) ?? '';
      if (REPEATING_CALLEES.has(name) && !hasOnceOption(parent.arguments[2])) return true;
      continue;
    }
    const variable = declaredVariable(m, f, parent!);
    if (
      variable?.references.some((r) => {
        const { parent: p, child: c } = valueParent(r.identifier);
        if (!p || r.init) return false;
        if ((p.type === T.CallExpression || p.type === T.NewExpression) && p.callee === c) return false;
        return (
          ((p.type === T.CallExpression || p.type === T.NewExpression) &&
            p.arguments.includes(c as TSESTree.CallExpressionArgument) &&
            !INHERITING_CALLEES.has(calleeName(p as TSESTree.CallExpression) ?? '') &&
            !ONCE_CALLBACK_CALLEES.has(calleeName(p as TSESTree.CallExpression) ?? '')) ||
          p.type === T.ReturnStatement ||
          (p.type === T.AssignmentExpression && p.right === c && p.left.type === T.MemberExpression)
        );
      })
    )
      return true;
  }
  return false;
}

/**
 * Does `fn` run at most once per run of `outer` (a function enclosing it)? Each function between them must be
 * an IIFE or the callback of a call that invokes it once (a promise reaction, a one-shot timer, a component's
 * mount hook), and each such call must not sit in a loop. A variable of `outer` stored from `fn` then holds one
 * value per run of `outer`: nothing overwrites it.
 */
export function runsOncePerRunOf(fn: FunctionNode, outer: Node): boolean {
  for (let f: FunctionNode | undefined = fn; f && f !== outer; f = enclosingFunction(f)) {
    const { parent, child } = valueParent(f);
    if (parent?.type !== T.CallExpression && parent?.type !== T.NewExpression) return false;
    if (inLoop(parent)) return false;
    if (parent.callee === child) continue;
    if (!parent.arguments.includes(child as TSESTree.CallExpressionArgument)) return false;
    const callee = unwrap(parent.callee);
    const name =
      parent.type === T.NewExpression && callee.type === T.Identifier ? callee.name : (calleeName(parent) ?? '');
    if (!ONCE_CALLBACK_CALLEES.has(name)) return false;
  }
  return true;
}

function inLoop(node: Node): boolean {
  for (let n = node.parent; n && !isFunction(n); n = n.parent) {
    if (
      n.type === T.ForStatement ||
      n.type === T.ForOfStatement ||
      n.type === T.ForInStatement ||
      n.type === T.WhileStatement ||
      n.type === T.DoWhileStatement
    )
      return true;
  }
  return false;
}

/** For a function passed as an argument to `call`: does it run repeatedly? */
function callbackRepeats(m: FileModel, call: CallLike, fnArg: Node): boolean {
  const name =
    call.type === T.NewExpression && unwrap(call.callee).type === T.Identifier
      ? (unwrap(call.callee) as TSESTree.Identifier).name
      : calleeName(call);
  const inherit = () => runsRepeatedly(m, call);
  if (!name) return inherit();
  if (['addEventListener', 'on', 'addListener', '$on'].includes(name)) {
    const type = stringValue(call.arguments[0]);
    if (type && ONCE_EVENTS.has(type)) return inherit();
    if (hasOnceOption(call.arguments[2])) return inherit();
    return true;
  }
  if ((name === '$' || name === 'jQuery') && call.arguments.length === 1 && call.arguments[0] === fnArg)
    return inherit();
  if (REPEATING_CALLEES.has(name)) return true;
  if (INHERITING_CALLEES.has(name)) return inherit();
  return inherit();
}

export function hasOnceOption(options: Node | undefined): boolean {
  if (!options) return false;
  const o = unwrap(options);
  if (o.type !== T.ObjectExpression) return false;
  return o.properties.some(
    (p) =>
      p.type === T.Property &&
      keyName(p.key, p.computed) === 'once' &&
      p.value.type === T.Literal &&
      p.value.value === true,
  );
}

/**
 * `if (!installed) { installed = true; add(...) }` or `if (installed) return; installed = true;` with a
 * module-level or global flag: the guarded code runs once per program however often the function runs.
 */
function isGuardedOnce(m: FileModel, node: Node, fn: FunctionNode): boolean {
  const flagOk = (test: Node): string[] => {
    const paths: string[] = [];
    const collect = (e: Node) => {
      const u = unwrap(e);
      if (u.type === T.UnaryExpression && u.operator === '!') return collect(u.argument);
      if (u.type === T.LogicalExpression) {
        collect(u.left);
        collect(u.right);
        return;
      }
      const p = memberPath(u);
      if (!p) return;
      const root = rootOf(u);
      if (root.type === T.Identifier) {
        const v = m.resolve(root);
        if (v === null || m.isModuleLevel(v)) paths.push(p);
      } else if (root.type === T.ThisExpression && member0IsStatic(m, fn)) paths.push(p);
    };
    collect(test);
    return paths;
  };
  const assigns = (scope: Node, paths: string[]) => {
    const src = m.source(scope);
    return paths.some((p) => new RegExp(`(^|[^.\\w$])${p.replace(/[.$]/g, '\\$&')}\\s*=[^=]`).test(src));
  };
  for (let n: Node | undefined = node.parent; n && n !== fn; n = n.parent) {
    if (n.type === T.IfStatement) {
      const paths = flagOk(n.test);
      if (paths.length && assigns(n, paths)) return true;
    }
  }
  // An early-return guard in fn's body before `node`. Where the first one is depends on fn alone: found once
  // per function, so a function with thousands of registrations does not rescan its body for each.
  const body = fn.body;
  if (body.type !== T.BlockStatement) return false;
  const guardAt = memo(
    m,
    'onceGuardAt',
    fn,
    () => {
      for (const stmt of body.body) {
        if (stmt.type === T.IfStatement && containsReturn(stmt.consequent)) {
          const paths = flagOk(stmt.test);
          if (paths.length && assigns(body, paths)) return stmt.range[0];
        }
      }
      return Infinity;
    },
    Infinity,
  );
  return guardAt < node.range[0];
}

function member0IsStatic(_m: FileModel, fn: FunctionNode): boolean {
  const member = classMemberOf(fn);
  return !!member?.static;
}

function containsReturn(stmt: Node): boolean {
  if (stmt.type === T.ReturnStatement) return true;
  if (stmt.type === T.BlockStatement) return stmt.body.some((s) => s.type === T.ReturnStatement);
  return false;
}

/** A class instantiated once at module load (or with a getInstance/instance singleton) is a singleton. */
const SINGLETON_DECORATORS = new Set(di.SINGLETON_DECORATORS);

export function classIsSingleton(m: FileModel, cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
  return memo(
    m,
    'singleton',
    cls,
    () => {
      // A DI-managed class is created once by its injector: an Angular/NestJS @Injectable service, a NestJS
      // controller, gateway or resolver, a typedi @Service or a tsyringe @singleton.
      if (
        (cls.decorators ?? []).some(
          (d) =>
            d.expression.type === T.CallExpression &&
            SINGLETON_DECORATORS.has(calleeName(d.expression) ?? '') &&
            !d.expression.arguments.some((a) =>
              /\bscope\s*:\s*Scope\.(REQUEST|TRANSIENT)\b/.test(m.text.slice(a.range[0], a.range[1])),
            ),
        )
      )
        return true;
      for (const el of cls.body.body) {
        if (
          (el.type === T.PropertyDefinition || el.type === T.MethodDefinition) &&
          el.static &&
          /^_?(instance|getInstance|INSTANCE|shared|default)$/.test(keyName(el.key, el.computed) ?? '')
        )
          return true;
      }
      const { parent, child } = valueParent(cls);
      if (parent?.type === T.NewExpression && parent.callee === child) return !runsRepeatedly(m, parent);
      const id = cls.id;
      if (!id || isExported(cls)) return false;
      const v = m.resolve(id);
      if (!v) return false;
      let news = 0;
      for (const ref of v.references) {
        const p = ref.identifier.parent;
        if (p?.type === T.NewExpression && p.callee === ref.identifier) {
          if (runsRepeatedly(m, p)) return false;
          news++;
        } else if (p && !(p.type === T.MemberExpression && p.object === ref.identifier)) return false;
      }
      return news === 1;
    },
    false,
  );
}

/** Parameters that are a new object on every call: a request, a connection, a socket, a client. */
const PER_CALL_INPUT = oneOf([
  'req',
  'request',
  'res',
  'ctx',
  'socket',
  'ws',
  'conn',
  'connection',
  'client',
  'peer',
  'session',
  'sock',
]);

/** First parameters of a handler: a request, an event, a message, a connection. */
export const INPUT_PARAM = oneOf([
  'req',
  'request',
  'ctx',
  'event',
  'evt',
  'e',
  'msg',
  'payload',
  'socket',
  'ws',
  'conn',
]);
export const REPEATED_METHODS = oneOf(lifecycle.REPEATED_METHODS);
export const HANDLER_CALLEES = new Set([
  'addEventListener',
  'on',
  'addListener',
  'prependListener',
  'subscribe',
  'setInterval',
  '$on',
  'useEffect',
  'useLayoutEffect',
  'onMounted',
  'onMount',
  'createServer',
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'all',
  'use',
  'route',
  'handle',
  'watch',
  'watchEffect',
]);

/** Is `node` on a path driven by outside input: a handler, listener, timer, component, or request-taking function? */
export function inputDriven(m: FileModel, node: Node): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const { parent, child } = valueParent(fn);
    if (
      parent?.type === T.CallExpression &&
      parent.arguments.includes(child as TSESTree.CallExpressionArgument) &&
      HANDLER_CALLEES.has(calleeName(parent) ?? '')
    )
      return true;
    if (isComponentOrHook(m, fn)) return true;
    const first = fn.params[0];
    if (first?.type === T.Identifier && INPUT_PARAM.test(first.name)) return true;
    const member = classMemberOf(fn);
    if (member && REPEATED_METHODS.test(keyName(member.key, member.computed) ?? '')) return true;
    // The workspace pass saw another module call this function from a handler (or from what one calls).
    if ((m.workspace.inputDrivenFunctions || m.workspace.inputDrivenMethods) && workspaceInputCall(m, fn)) return true;
    // This file calls it from a handler (`window.addEventListener('click', () => Metrics.get().record(t))`).
    if (calledPerInputHere(m, fn)) return true;
  }
  return false;
}

/** How many functions of the file have each name. Memoized per file. */
function functionNameCounts(m: FileModel): Map<string, number> {
  const t = m.memoFor<Map<string, number>>('functionNameCounts');
  let counts = t.get(m.ast);
  if (!counts) {
    counts = new Map();
    for (const f of m.functions) {
      const n = functionName(f);
      if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    t.set(m.ast, counts);
  }
  return counts;
}

/**
 * A named function or method (the only one of its name in the file, so a call by that name is a call of it) that
 * this file calls from an input-driven place: it runs per input too. Followed two calls deep.
 */
function calledPerInputHere(m: FileModel, fn: FunctionNode, depth = 0): boolean {
  if (depth > 1) return false;
  return memo(
    m,
    `calledPerInput${depth}`,
    fn,
    () => {
      const name = functionName(fn);
      if (!name || name === 'constructor' || functionNameCounts(m).get(name) !== 1) return false;
      return m.callsNamed(name).some((call) => {
        if (isInside(call, fn)) return false;
        const callee = unwrap(call.callee);
        // `this.record()` inside another class would be another method; the name is unique in the file.
        if (callee.type !== T.Identifier && callee.type !== T.MemberExpression) return false;
        for (let f = enclosingFunction(call); f; f = enclosingFunction(f)) {
          const { parent, child } = valueParent(f);
          if (
            parent?.type === T.CallExpression &&
            parent.arguments.includes(child as TSESTree.CallExpressionArgument) &&
            HANDLER_CALLEES.has(calleeName(parent) ?? '')
          )
            return true;
          const member = classMemberOf(f);
          if (member && REPEATED_METHODS.test(keyName(member.key, member.computed) ?? '')) return true;
          if (calledPerInputHere(m, f, depth + 1)) return true;
        }
        return false;
      });
    },
    false,
  );
}

/**
 * ` (fetchInfo() is called per input from src/abr.ts:839, in onLevelLoaded())`: why code that looks like an
 * ordinary function runs per input, when only the workspace pass knows. Empty when the file alone says so.
 */
export function workspaceInputNote(m: FileModel, node: Node): string {
  if (!m.workspace.inputDrivenFunctions && !m.workspace.inputDrivenMethods) return '';
  let note = '';
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const call = workspaceInputCall(m, fn);
    if (call) {
      const file = call.file.split(/[\\/]/).slice(-2).join('/');
      note = ` (${functionName(fn)}() is called per input from ${file}:${call.line}, in ${call.via})`;
    }
  }
  return note;
}

/** Where another module calls `fn` (a function of this module, by its name) on a per-input path. */
export function workspaceInputCall(m: FileModel, fn: FunctionNode): InputDrivenCall | undefined {
  const { parent } = valueParent(fn);
  const member = classMemberOf(fn);
  if (member) {
    const cls = member.parent.parent;
    const clsName =
      cls.id?.name ??
      (cls.parent?.type === T.VariableDeclarator && cls.parent.id.type === T.Identifier
        ? cls.parent.id.name
        : undefined);
    const key = `${clsName}.${keyName(member.key, member.computed)}`;
    const methods = m.workspace.inputDrivenMethods;
    return clsName && methods && Object.hasOwn(methods, key) ? methods[key] : undefined;
  }
  // `Store.prototype.add = function (…) {…}`
  const proto =
    parent?.type === T.AssignmentExpression
      ? /^([\w$]+)\.prototype\.([\w$]+)$/.exec(memberPath(parent.left) ?? '')
      : null;
  if (proto) {
    const methods = m.workspace.inputDrivenMethods;
    const key = `${proto[1]}.${proto[2]}`;
    return methods && Object.hasOwn(methods, key) ? methods[key] : undefined;
  }
  const calls = m.workspace.inputDrivenFunctions;
  if (!calls || enclosingFunction(fn)) return undefined;
  const name =
    fn.type === T.FunctionDeclaration
      ? fn.id?.name
      : parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier
        ? parent.id.name
        : undefined;
  return name && Object.hasOwn(calls, name) ? calls[name] : undefined;
}

function propertyNameOf(member: TSESTree.MemberExpression): string | undefined {
  return keyName(member.property, member.computed);
}
