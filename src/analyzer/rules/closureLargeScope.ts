// closure-large-scope: a long-lived closure whose context chain holds a large value that only a short-lived
// sibling closure (or the enclosing function) uses. V8 puts every captured variable of a scope in one
// context object shared by all closures created there, so the long-lived one keeps the large value too.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  T,
  calleeName,
  calleeObject,
  functionName,
  isFunction,
  memberPath,
  numberValue,
  rootOf,
  unwrap,
  valueParent,
  type FunctionNode,
  type Node,
} from '../ast';
import { closureUses, contextChain } from '../contexts';
import { describeRunner } from '../frameworks';
import { hasOnceOption, inputDriven, runsRepeatedly } from '../lifetimes';
import { findListenerRemoval, timerCleared } from '../teardown';
import { targetLongevity } from '../targets';
import type { FileModel } from '../model';
import { registrationOf } from '../registrations';
import { isProcessTarget } from './listenerNotRemoved';
import { isReleased, variableSize } from '../sizes';
import type { RuleContext, RuleImpl } from './context';

const ONCE_EVENTS = new Set(['DOMContentLoaded', 'load', 'ready']);

interface LongLived {
  reason: string;
  /** Nothing can release it (timer id dropped or never cleared, listener never removed, stored globally). */
  unreleased: boolean;
  /** The registering call runs repeatedly, so each run retains another copy. */
  repeated: boolean;
  /** A process-wide hook outside any input-driven path: set up once per process by design. */
  processWide?: boolean;
}

/** Why `fn` outlives the call that created it, or undefined when it does not (clearly) do so. */
export function longLivedReason(m: FileModel, fn: FunctionNode): string | undefined {
  return longLived(m, fn)?.reason;
}

function longLived(m: FileModel, fn: FunctionNode): LongLived | undefined {
  const t = m.memoFor<LongLived | null>('longLived');
  if (t.has(fn)) return t.get(fn) ?? undefined;
  t.set(fn, null);
  const reason = computeReason(m, fn);
  t.set(fn, reason ?? null);
  return reason;
}

function computeReason(m: FileModel, fn: FunctionNode): LongLived | undefined {
  const { parent, child } = valueParent(fn);
  if (!parent) return undefined;
  const asArgument = (call: TSESTree.CallExpression | TSESTree.NewExpression, arg: Node): LongLived | undefined => {
    if (call.type !== T.CallExpression) return undefined;
    const name = calleeName(call);
    const c = unwrap(call.callee);
    const timer = (reason: string): LongLived | undefined => {
      // A timer cleared in teardown lives only as long as its owner.
      const state = timerCleared(m, call, ['clearInterval', 'clearTimeout']);
      if (state === 'cleared') return undefined;
      return { reason, unreleased: state !== 'kept', repeated: runsRepeatedly(m, call) };
    };
    if (name === 'setInterval' && call.arguments[0] === arg && (c.type === T.Identifier ? m.isGlobalName(c) : true))
      return timer('interval callback');
    if (name === 'setTimeout' && call.arguments[0] === arg) {
      const delayArg = call.arguments[1];
      if (!delayArg) return undefined;
      const delay = numberValue(delayArg);
      // A delay only known at run time (a setting, an option) may be long: the callback can stay pending.
      if (delay === undefined)
        return delayArg.type === T.SpreadElement ? undefined : timer('callback of a timer with a run-time delay');
      return delay >= 60_000 ? timer(`callback of a ${Math.round(delay / 1000)} s timer`) : undefined;
    }
    const reg = registrationOf(m, call);
    if (!reg || reg.selfReleasing || reg.handler !== arg || reg.kind !== 'event') return undefined;
    if (reg.type && ONCE_EVENTS.has(reg.type)) return undefined;
    if (hasOnceOption(call.arguments[2])) return undefined;
    if (reg.target && targetLongevity(m, reg.target) !== 'long') return undefined;
    // A listener removed in teardown lives only as long as its owner.
    if (findListenerRemoval(m, reg).effective) return undefined;
    // Process-wide hooks are set up once per process by design unless they sit on an input-driven path
    // (the same judgement listener-not-removed makes).
    const processWide = !!reg.target && isProcessTarget(reg.target) && !inputDriven(m, call);
    return {
      reason: `listener on ${reg.target ? m.source(reg.target) : 'window'}`,
      unreleased: true,
      repeated: runsRepeatedly(m, call),
      processWide,
    };
  };
  if (
    (parent.type === T.CallExpression || parent.type === T.NewExpression) &&
    parent.arguments.includes(child as TSESTree.CallExpressionArgument)
  ) {
    const why = asArgument(parent, child);
    if (why) return why;
  }
  // `const onTick = () => ...; setInterval(onTick, ...)` / `function onResize() {}; window.addEventListener(..., onResize)`
  let declId: TSESTree.Identifier | undefined;
  if (fn.type === T.FunctionDeclaration && fn.id) declId = fn.id;
  else if (parent.type === T.VariableDeclarator && parent.id.type === T.Identifier) declId = parent.id;
  if (declId) {
    const v = m.resolve(declId);
    for (const r of v?.references ?? []) {
      const { parent: p, child: c } = valueParent(r.identifier);
      if (
        p &&
        (p.type === T.CallExpression || p.type === T.NewExpression) &&
        p.arguments.includes(c as TSESTree.CallExpressionArgument)
      ) {
        const why = asArgument(p, c);
        if (why) return why;
      }
      const stored = storedGlobally(m, r.identifier);
      if (stored) return { reason: stored, unreleased: true, repeated: runsRepeatedly(m, r.identifier) };
    }
    return undefined;
  }
  const stored = storedGlobally(m, fn);
  return stored ? { reason: stored, unreleased: true, repeated: runsRepeatedly(m, fn) } : undefined;
}

/** Stored in a module-level or global structure: `cache.set(k, fn)`, `window.x = fn`, `state = { m: fn }`. */
function storedGlobally(m: FileModel, node: Node): string | undefined {
  let { parent, child } = valueParent(node);
  // Through object literals: `theThing = { someMethod: function () {...} }`.
  while (
    parent &&
    (parent.type === T.Property || parent.type === T.ObjectExpression || parent.type === T.ArrayExpression)
  ) {
    ({ parent, child } = valueParent(parent));
  }
  if (!parent) return undefined;
  const longRoot = (e: Node): string | undefined => {
    const root = rootOf(e);
    if (root.type !== T.Identifier) return undefined;
    const v = m.resolve(root);
    if (v === null) return `the global ${memberPath(e) ?? root.name}`;
    return m.isModuleLevel(v) ? `module-level ${memberPath(e) ?? root.name}` : undefined;
  };
  if (parent.type === T.AssignmentExpression && parent.right === child) {
    const where = longRoot(parent.left);
    return where ? `closure stored in ${where}` : undefined;
  }
  if (
    parent.type === T.CallExpression &&
    parent.arguments.includes(child as TSESTree.CallExpressionArgument) &&
    /^(set|push|add|unshift)$/.test(calleeName(parent) ?? '')
  ) {
    const obj = calleeObject(parent);
    const where = obj ? longRoot(obj) : undefined;
    return where ? `closure stored in ${where}` : undefined;
  }
  return undefined;
}

function describeFn(m: FileModel, fn: FunctionNode): string {
  const name = functionName(fn);
  return name ? `${name}` : `the function at line ${m.line(fn)}`;
}

export const closureLargeScope: RuleImpl = {
  id: 'closure-large-scope',
  run(ctx: RuleContext) {
    const m = ctx.model;
    for (const fn of m.functions) {
      const chain = contextChain(m, fn);
      if (!chain.length) continue;
      // Large values are rare: look for one in the chain before working out whether fn is long-lived.
      if (!chain.some((level) => level.slots.some((s) => variableSize(m, s.variable, ctx.largeValueBytes)))) continue;
      const life = longLived(m, fn);
      // Set up once (module load, main(), a process-wide hook): retained once, by design, not per run.
      if (!life || !life.repeated || life.processWide) continue;
      const reason = life.reason;
      let done = false;
      for (const level of chain) {
        for (const slot of level.slots) {
          const v = slot.variable;
          if (closureUses(fn, v)) {
            // Using the value itself is a leak only when nothing releases the closure and each run adds one.
            if (!life.unreleased) continue;
            const size = variableSize(m, v, ctx.largeValueBytes);
            if (!size || isReleased(v)) continue;
            ctx.report({
              rule: 'closure-large-scope',
              message:
                `This ${reason} is never released and uses '${v.name}' (${size.what}), so every run of ` +
                `${describeRunner(m, fn)} leaves another copy of '${v.name}' reachable through the closure's context. ` +
                `Release the closure (clear the timer or remove the listener in teardown), or keep only what it needs.`,
              range: m.headRange(fn),
              related: [{ message: `'${v.name}' (${size.what}) is declared here`, range: m.range(v.identifiers[0]) }],
            });
            done = true;
            break;
          }
          const capturers = slot.capturedBy.filter(
            (c) => c !== fn && !(c.range[0] >= fn.range[0] && c.range[1] <= fn.range[1]),
          );
          // When another long-lived closure really uses the value, it is retained on purpose anyway.
          if (!capturers.length || capturers.some((c) => !!longLivedReason(m, c))) continue;
          const size = variableSize(m, v, ctx.largeValueBytes);
          if (!size || isReleased(v)) continue;
          const sibling = capturers[0];
          const owner = level.scope.block as Node;
          const ownerName = isFunction(owner)
            ? `${functionName(owner) ?? 'the enclosing function'}`
            : 'the enclosing block';
          const isAncestor = sibling.range[0] <= fn.range[0] && sibling.range[1] >= fn.range[1];
          ctx.report({
            rule: 'closure-large-scope',
            message:
              `This ${reason} is long-lived and holds the closure context of ${ownerName}, which contains '${v.name}' ` +
              `(${size.what}) because ${isAncestor ? `the enclosing ${describeFn(m, sibling)}` : `the sibling closure ${describeFn(m, sibling)}`} uses it. ` +
              `V8 shares one context per scope among all its closures, so '${v.name}' stays alive as long as this one does. ` +
              `Move '${v.name}' into the closure that needs it, copy out only what is needed, or set it to null after use.`,
            range: m.headRange(fn),
            related: [
              { message: `'${v.name}' is captured here`, range: m.range(firstUseIn(v, sibling) ?? sibling) },
              { message: `'${v.name}' (${size.what}) is declared here`, range: m.range(v.identifiers[0]) },
            ],
          });
          done = true;
          break;
        }
        if (done) break;
      }
    }
  },
};

function firstUseIn(v: { references: { identifier: Node }[] }, fn: FunctionNode): Node | undefined {
  return v.references.find((r) => r.identifier.range[0] >= fn.range[0] && r.identifier.range[1] <= fn.range[1])
    ?.identifier;
}
