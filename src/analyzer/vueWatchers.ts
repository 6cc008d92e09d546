// Vue watchers that belong to no component. `watch()`/`watchEffect()` called synchronously in setup() (or in
// a lifecycle hook, or an effect scope's run()) are bound to the component and stopped when it unmounts.
// Called after an `await` in setup() or in any async function, or in a callback that runs later (a timer, a
// promise's then(), an event handler), no component is current: the watcher runs until its stop handle is
// called, keeping its callback and everything that closes over alive. `<script setup>` is the exception
// for its own top-level awaits: Vue's compiler restores the component after each of them.
// listener-not-removed reports them (`reportUnboundWatchers`).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  T,
  calleeName,
  enclosingFunction,
  isFunction,
  keyName,
  unwrap,
  valueParent,
  walk,
  type FunctionNode,
  type Node,
} from './ast';
import { describeRunner } from './frameworks';
import { runsRepeatedly } from './lifetimes';
import type { FileModel } from './model';
import type { RuleContext } from './rules/context';
import { VISITOR_KEYS } from './parse';
import * as vue from './vocabulary/vue';

export interface UnboundWatcher {
  call: TSESTree.CallExpression;
  name: string;
  /** Why no component is current when it is created: "after the await at line 12", "in a setTimeout() callback". */
  why: string;
  /** The await that comes before it, for related information. */
  after?: Node;
}

const MODULES = new Set(vue.WATCHER_MODULES);
const WATCHERS = new Set(vue.WATCHERS);
const OWNING = new Set(vue.OWNING_CALLS);

/** Calls whose callback runs later, when no component is being set up. */
const DEFERRING = new Set([
  'setTimeout',
  'setInterval',
  'setImmediate',
  'requestAnimationFrame',
  'requestIdleCallback',
  'queueMicrotask',
  'nextTick',
  '$nextTick',
  'then',
  'catch',
  'finally',
  'addEventListener',
  'on',
  'once',
  '$on',
  'subscribe',
]);

/**
 * Which Vue watcher `callee` names: imported from a Vue module (under any local name), or, in a component
 * file, an auto-imported global (Nuxt, unplugin-auto-import).
 */
function vueWatcherName(m: FileModel, callee: TSESTree.Identifier): string | undefined {
  const v = m.resolve(callee);
  if (!v) return m.component?.kind === 'vue' && WATCHERS.has(callee.name) ? callee.name : undefined;
  const def = v.defs[0];
  if (def?.type !== 'ImportBinding' || def.node.type !== T.ImportSpecifier) return undefined;
  const decl = def.parent;
  if (decl?.type !== T.ImportDeclaration || !MODULES.has(decl.source.value)) return undefined;
  const imported = def.node.imported;
  const name = imported.type === T.Identifier ? imported.name : imported.value;
  return WATCHERS.has(name) ? name : undefined;
}

/** `{ once: true }`: the watcher stops itself after its first run. */
function stopsItself(options: Node | undefined): boolean {
  const o = options ? unwrap(options) : undefined;
  return (
    o?.type === T.ObjectExpression &&
    o.properties.some(
      (p) =>
        p.type === T.Property &&
        keyName(p.key, p.computed) === 'once' &&
        p.value.type === T.Literal &&
        p.value.value === true,
    )
  );
}

/** The stop handle is kept where it can be called: returned, passed on, stored and read again. */
function stopHandleKept(m: FileModel, call: Node): boolean {
  const { parent } = valueParent(call);
  if (!parent || parent.type === T.ExpressionStatement) return false;
  if (parent.type === T.UnaryExpression && parent.operator === 'void') return false;
  const id =
    parent.type === T.VariableDeclarator
      ? parent.id
      : parent.type === T.AssignmentExpression && parent.right === call
        ? parent.left
        : undefined;
  if (id?.type === T.Identifier) {
    const v = m.resolve(id);
    return !v || v.references.some((r) => r.isRead());
  }
  return true;
}

/** An `await` in `fn`'s own body (not in a nested function) that finishes before `node` runs. */
function awaitBefore(fn: FunctionNode, node: Node): Node | undefined {
  let found: Node | undefined;
  walk(
    fn.body,
    (n) => {
      if (found || n.range[0] >= node.range[1]) return false;
      if (n !== fn.body && isFunction(n)) return false;
      const isAwait = n.type === T.AwaitExpression || (n.type === T.ForOfStatement && n.await);
      // `watch(await source(), cb)`: the arguments are awaited before the call runs.
      if (isAwait && (n.range[1] <= node.range[0] || (n.range[0] >= node.range[0] && n.range[1] <= node.range[1])))
        found = n;
      return !found;
    },
    VISITOR_KEYS,
  );
  return found;
}

/** `setup() {}` / `setup: async () => {}` of a component object. */
function isSetupOption(fn: Node): boolean {
  const p = fn.parent;
  return (p?.type === T.Property || p?.type === T.MethodDefinition) && keyName(p.key, p.computed) === 'setup';
}

function whyUnbound(m: FileModel, call: TSESTree.CallExpression): Pick<UnboundWatcher, 'why' | 'after'> | undefined {
  const scriptSetup = m.component?.kind === 'vue' ? m.component.instance : undefined;
  let node: Node = call;
  for (let fn = enclosingFunction(node); fn; node = fn, fn = enclosingFunction(fn)) {
    if (fn.async && fn !== scriptSetup) {
      const after = awaitBefore(fn, node);
      if (after) return { why: `after the await at line ${m.line(after)}`, after };
    }
    if (fn === scriptSetup || isSetupOption(fn)) return undefined;
    const { parent, child } = valueParent(fn);
    if (
      (parent?.type === T.CallExpression || parent?.type === T.NewExpression) &&
      parent.arguments.includes(child as TSESTree.CallExpressionArgument)
    ) {
      const name = calleeName(parent) ?? '';
      if (DEFERRING.has(name)) return { why: `in a ${name}() callback` };
      if (OWNING.has(name)) return undefined;
    }
  }
  return undefined;
}

/** Watchers created where no component owns them, whose stop handle is dropped, on a path that repeats. */
export function unboundWatchers(m: FileModel): UnboundWatcher[] {
  const out: UnboundWatcher[] = [];
  for (const call of m.calls) {
    const callee = unwrap(call.callee);
    if (callee.type !== T.Identifier) continue;
    const name = vueWatcherName(m, callee);
    if (!name) continue;
    if (stopsItself(call.arguments[name === 'watch' ? 2 : 1])) continue;
    if (stopHandleKept(m, call)) continue;
    const reason = whyUnbound(m, call);
    if (!reason || !runsRepeatedly(m, call)) continue;
    out.push({ call, name: callee.name, ...reason });
  }
  return out.sort((a, b) => a.call.range[0] - b.call.range[0]);
}

/** listener-not-removed's findings for unbound watchers. */
export function reportUnboundWatchers(ctx: RuleContext): void {
  const m = ctx.model;
  for (const w of unboundWatchers(m)) {
    const release = w.after
      ? `Keep the stop handle (const stop = ${w.name}(…)) and call it from an onUnmounted() registered before the first await, or create the watcher before the await.`
      : `Keep the stop handle (const stop = ${w.name}(…)) and call it in onUnmounted(), or create the watcher synchronously in setup.`;
    const where = w.after ? `${w.why} in ${describeRunner(m, w.call)}` : w.why;
    ctx.report({
      rule: 'listener-not-removed',
      message:
        `${w.name}() runs ${where}, when no component is current, so the watcher belongs to none and is never ` +
        `stopped: it keeps watching, and keeps its callback and everything it closes over alive, after the ` +
        `component unmounts. ${release}`,
      range: m.range(w.call),
      related: w.after ? [{ message: 'no component is current after this await', range: m.range(w.after) }] : [],
    });
  }
}
