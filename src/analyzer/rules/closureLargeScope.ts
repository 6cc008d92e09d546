// closure-large-scope: a long-lived closure whose context chain holds a large value that only a short-lived
// sibling closure (or the enclosing function) uses. V8 puts every captured variable of a scope in one
// context object shared by all closures created there, so the long-lived one keeps the large value too.
import type { Scope } from '@typescript-eslint/scope-manager';
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
  numberValue,
  rootOf,
  unwrap,
  valueParent,
  walk,
  type FunctionNode,
  type Node,
} from '../ast';
import { VISITOR_KEYS } from '../parse';
import { contextChain, type ContextLevel, type ContextSlot } from '../contexts';
import { describeRunner } from '../frameworks';
import { functionRepeats, hasOnceOption, inputDriven, runsRepeatedly } from '../lifetimes';
import { findListenerRemoval, timerCleared } from '../teardown';
import { targetLongevity } from '../targets';
import type { FileModel } from '../model';
import { registrationOf } from '../registrations';
import { isProcessTarget } from './listenerNotRemoved';
import { isReleased, variableSize, type SizeInfo } from '../sizes';
import type { RuleContext, RuleImpl } from './context';
import { releaseLargeValueFixes } from '../quickFixes/releaseLargeValue';
import { retentionChains } from '../chains';
import { lingeringStates } from '../lingering';
import { storedGlobally } from '../installed';
import { enclosingOwnerMethod } from '../owners';

const ONCE_EVENTS = new Set(['DOMContentLoaded', 'load', 'ready']);

interface LongLived {
  reason: string;
  /** Nothing can release it (timer id dropped or never cleared, listener never removed, stored globally). */
  unreleased: boolean;
  /** The registering call runs repeatedly, so each run retains another copy. */
  repeated: boolean;
  /** A process-wide hook outside any input-driven path: set up once per process by design. */
  processWide?: boolean;
  /** A one-shot timer: it lets go of its callback when it fires. */
  oneShot?: boolean;
  /** The listener's target. */
  target?: Node;
  /** Returned to the caller, who decides how long it lives. */
  returned?: boolean;
  /** Stored in a module-level or global structure, which may drop it when its job is done. */
  stored?: boolean;
  /** Stored on an object the caller handed in (`client.release = () => …`): it lives as long as that object. */
  handed?: boolean;
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
      return {
        reason,
        unreleased: state !== 'kept',
        repeated: runsRepeatedly(m, call),
        oneShot: name === 'setTimeout',
      };
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
      target: reg.target,
    };
  };
  if (
    (parent.type === T.CallExpression || parent.type === T.NewExpression) &&
    parent.arguments.includes(child as TSESTree.CallExpressionArgument)
  ) {
    const why = asArgument(parent, child);
    if (why) return why;
  }
  // `client.release = (err) => …` in a method the pool calls per checkout: the closure lives as long as the
  // object the caller handed in, and with it the whole context of the call that made it. What it uses itself
  // is its job; what only its siblings captured there is kept for nothing.
  if (parent.type === T.AssignmentExpression && parent.right === child && parent.left.type === T.MemberExpression) {
    const holder = handedHolder(m, parent.left, fn);
    if (holder) return { reason: `function stored on ${holder}`, unreleased: false, repeated: true, handed: true };
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
      if (stored) return { reason: stored, unreleased: true, repeated: runsRepeatedly(m, r.identifier), stored: true };
    }
    return undefined;
  }
  const stored = storedGlobally(m, fn);
  if (stored) return { reason: stored, unreleased: true, repeated: runsRepeatedly(m, fn), stored: true };
  // Returned to the caller as an undo function (unlink, dispose, teardown), which the caller keeps for as long
  // as what it undoes lives: it holds its
  // creator's context, and with it whatever a sibling closure captured there. Whether the caller keeps it long
  // is not visible, so only what it holds without using it counts (the shared-context case).
  if (parent.type === T.ReturnStatement && UNDO_NAME.test(functionName(fn) ?? '')) {
    const creator = enclosingFunction(fn);
    if (creator && functionRepeats(m, creator))
      return { reason: 'closure returned to the caller', unreleased: false, repeated: true, returned: true };
  }
  return undefined;
}

/**
 * `param.x` / `param[key]` where `param` is a parameter of the function that creates `fn` and that function runs
 * again and again: the holder's text, or undefined.
 */
function handedHolder(m: FileModel, left: TSESTree.MemberExpression, fn: FunctionNode): string | undefined {
  const root = rootOf(left);
  if (root.type !== T.Identifier) return undefined;
  const creator = enclosingFunction(fn);
  const def = m.resolve(root)?.defs[0];
  if (!creator || def?.type !== DefinitionType.Parameter || !creator.params.includes(def.name as TSESTree.Parameter))
    return undefined;
  // A method run per call of its owner (a pool's checkout), or code that runs per input; an exported function
  // may well be an entry point that runs once (a CLI's run()).
  const method = !!classMemberOf(creator) || !!enclosingOwnerMethod(m, creator.body);
  if (!(method ? functionRepeats(m, creator) : inputDriven(m, creator))) return undefined;
  // A one-shot callback that takes itself off its holder when it runs (`el[key] = () => { …; el[key] = void 0 }`).
  const slot = m.source(left);
  let clearsItself = false;
  walk(
    fn.body,
    (n) => {
      if (clearsItself) return false;
      if (n.type === T.AssignmentExpression && m.source(n.left) === slot) clearsItself = true;
      if (n.type === T.UnaryExpression && n.operator === 'delete' && m.source(n.argument) === slot) clearsItself = true;
      return !clearsItself;
    },
    VISITOR_KEYS,
  );
  return clearsItself ? undefined : m.source(left.object);
}

function describeFn(m: FileModel, fn: FunctionNode): string {
  const name = functionName(fn);
  return name ? `${name}` : `the function at line ${m.line(fn)}`;
}

export const closureLargeScope: RuleImpl = {
  id: 'closure-large-scope',
  run(ctx: RuleContext) {
    const m = ctx.model;
    // A closure of a retention chain is reported as such, not again for what its context holds.
    const chained = new Set<Node>(reportChains(ctx));
    reportLingering(ctx);
    for (const fn of m.functions) {
      if (chained.has(fn)) continue;
      const chain = contextChain(m, fn);
      if (!chain.length) continue;
      // Large values are rare: look for one in the chain before working out whether fn is long-lived.
      const levels = chain.map((level) => largeSlots(m, level, ctx.largeValueBytes)).filter((l) => l.slots.length);
      if (!levels.length) {
        reportPinnedArguments(ctx, fn, chain);
        continue;
      }
      const life = longLived(m, fn);
      // Set up once (module load, main(), a process-wide hook): retained once, by design, not per run.
      if (!life || !life.repeated || life.processWide) continue;
      let reported = false;
      for (const level of levels) {
        // A context made once (a bundle's wrapper function, a run-once IIFE) lives as long as the module does:
        // a long-lived closure over it keeps nothing that was not kept already.
        if (madeOnce(m, level.scope.block as Node)) continue;
        const hit = firstHit(m, level, fn, life.unreleased, (slot) => keepsForGood(m, life, slot));
        if (!hit) continue;
        ctx.report(
          hit.uses ? usesReport(m, fn, life.reason, hit.slot) : siblingReport(m, fn, life.reason, level, hit.slot),
        );
        reported = true;
        break;
      }
      if (!reported) reportPinnedArguments(ctx, fn, chain);
    }
  },
};

/**
 * A closure kept for as long as an object handed in by the caller (or a long-lived listener target) holds
 * the context of the call that made it, where a sibling closure captured another of that call's arguments:
 * each call's argument stays reachable after the call is done. Its size is not known here, so this is the less
 * certain tier.
 */
function reportPinnedArguments(ctx: RuleContext, fn: FunctionNode, chain: ContextLevel[]): void {
  const m = ctx.model;
  const level = chain[0];
  const creator = level?.scope.block as Node | undefined;
  if (!creator || !isFunction(creator) || creator !== enclosingFunction(fn)) return;
  const life = longLived(m, fn);
  if (!life || !life.repeated || life.processWide || life.oneShot || life.returned || life.stored) return;
  if (!life.handed && !life.target) return;
  // A listener on something the same call was handed (`req.socket`) ends with that call's objects.
  if (life.target) {
    const root = rootOf(life.target);
    const def = root.type === T.Identifier ? m.resolve(root)?.defs[0] : undefined;
    if (def?.type === DefinitionType.Parameter && creator.params.some((p) => isInside(def.name, p))) return;
  }
  for (const slot of level.slots) {
    const v = slot.variable;
    const def = v.defs[0];
    if (def?.type !== DefinitionType.Parameter || def.name.type !== T.Identifier) continue;
    if (!creator.params.includes(def.name as TSESTree.Parameter)) continue;
    if (primitiveType(def.name) || isReleased(v)) continue;
    if (slot.capturedBy.includes(fn) || v.references.some((r) => isInside(r.identifier, fn))) continue;
    const sibling = slot.capturedBy.find((c) => c !== fn && !longLivedReason(m, c));
    if (!sibling || slot.capturedBy.some((c) => !!longLivedReason(m, c))) continue;
    ctx.report({
      rule: 'closure-large-scope',
      confidence: 'medium',
      message:
        `This ${life.reason} is kept after ${describeRunner(m, fn)} returns and holds the closure context of ` +
        `${functionName(creator) ?? 'the function that creates it'}, which contains the argument '${v.name}' because ` +
        `the sibling closure ${describeFn(m, sibling)} uses it. V8 shares one context per scope among all its closures, ` +
        `so every call's '${v.name}' stays reachable for as long as this closure does. Create this closure in a small ` +
        `helper that receives only what it uses, or set '${v.name}' to null once the sibling is done with it.`,
      range: m.headRange(fn),
      related: [{ message: `'${v.name}' is captured here`, range: m.range(slot.capturedBy[0]) }],
    });
    return;
  }
}

/** A parameter typed as a string, number or boolean holds nothing worth keeping. */
function primitiveType(id: Node): boolean {
  const ann = (id as { typeAnnotation?: TSESTree.TSTypeAnnotation }).typeAnnotation?.typeAnnotation;
  return (
    ann?.type === T.TSStringKeyword ||
    ann?.type === T.TSNumberKeyword ||
    ann?.type === T.TSBooleanKeyword ||
    ann?.type === T.TSLiteralType
  );
}

/**
 * A request or response a closure holds through its shared context is worth a report only when the closure is kept for good: a one-shot
 * timer lets it go when it fires, and a listener on the request's own parts (`req.socket`, `res`) ends with
 * the request.
 */
function keepsForGood(m: FileModel, life: LongLived, slot: LargeSlot): boolean {
  // A returned closure beside a listener or timer that uses the value is that registration's undo function:
  // the value is needed for as long as the registration lives, which is as long as the caller keeps the undo.
  if (life.returned && slot.capturedBy.some((c) => registeredCallback(m, c))) return false;
  if (!slot.size.perCall) return true;
  if (life.oneShot || life.stored) return false;
  const root = life.target ? rootOf(life.target) : undefined;
  if (root?.type !== T.Identifier) return true;
  const def = m.resolve(root)?.defs[0];
  return !(def?.type === DefinitionType.Parameter && def.node === slot.variable.defs[0]?.node);
}

/** Names of undo functions, which callers keep for as long as what they undo lives. */
const UNDO_NAME =
  /^_?(unlink|unbind|dispose|destroy|teardown|tearDown|cleanup|cleanUp|unsubscribe|unregister|unwatch|unmount|detach|remove|off|stop|release|cancel|disconnect)\w*$/;

const TIMERS = new Set(['setInterval', 'setTimeout', 'requestAnimationFrame', 'requestIdleCallback', 'setImmediate']);

/** `fn` is handed to a listener, subscription or timer (directly or through the variable it is kept in). */
function registeredCallback(m: FileModel, fn: FunctionNode): boolean {
  const handedTo = (node: Node): boolean => {
    const { parent, child } = valueParent(node);
    if (parent?.type !== T.CallExpression || !parent.arguments.includes(child as TSESTree.CallExpressionArgument))
      return false;
    return TIMERS.has(calleeName(parent) ?? '') || !!registrationOf(m, parent);
  };
  if (handedTo(fn)) return true;
  const { parent } = valueParent(fn);
  const id =
    fn.type === T.FunctionDeclaration
      ? fn.id
      : parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier
        ? parent.id
        : null;
  return !!id && !!m.resolve(id)?.references.some((r) => handedTo(r.identifier));
}

function madeOnce(m: FileModel, block: Node): boolean {
  if (!isFunction(block) || functionRepeats(m, block)) return false;
  // Only a function called right where it is defined (an IIFE, `.call(this)`): a declared one may be called
  // again from places the file does not show.
  const { parent, child } = valueParent(block);
  return (
    parent?.type === T.CallExpression &&
    (parent.callee === child || (parent.callee.type === T.MemberExpression && parent.callee.object === child))
  );
}

/** A context slot holding a large value that nothing releases, with what the report needs of it. */
interface LargeSlot extends ContextSlot {
  size: SizeInfo;
  /** Its position among the level's large slots (the order the report picks the first of). */
  index: number;
  /** Reported when a long-lived closure that does not use it holds the context: some closure captured it, and none of them is long-lived itself (then it is retained on purpose). */
  siblingOnly?: boolean;
}

interface LargeLevel {
  scope: Scope;
  slots: LargeSlot[];
  /** Indices of the slots that are `siblingOnly`, ascending (filled on first use). */
  siblingOnly?: number[];
  /** For each function inside the scope: indices of the large slots it (or a function inside it) uses, ascending. */
  usedBy?: Map<Node, number[]>;
}

/**
 * The large, unreleased slots of one context level, in slot order. Memoized per scope: every closure of a
 * scope shares them, so one pass over the slots serves them all (a bundle's module wrapper has thousands).
 */
function largeSlots(m: FileModel, level: ContextLevel, threshold: number): LargeLevel {
  const t = m.memoFor<LargeLevel>(`largeSlots:${threshold}`);
  const key = level.scope.block as Node;
  let large = t.get(key);
  if (large) return large;
  const slots: LargeSlot[] = [];
  for (const slot of level.slots) {
    const size = variableSize(m, slot.variable, threshold);
    if (size && !isReleased(slot.variable)) slots.push({ ...slot, size, index: slots.length });
  }
  large = { scope: level.scope, slots };
  t.set(key, large);
  return large;
}

/**
 * The first large slot (in slot order) that makes `fn` worth a report: one it uses itself when nothing
 * releases it, or one it does not use but holds for a short-lived sibling. Linear in what `fn` uses, not in
 * the scope's slots: the sibling-only slots are one list for the whole scope, merged with the few `fn` uses.
 */
function firstHit(
  m: FileModel,
  level: LargeLevel,
  fn: FunctionNode,
  unreleased: boolean,
  keeps: (slot: LargeSlot) => boolean,
): { slot: LargeSlot; uses: boolean } | undefined {
  // A request the closure uses itself is the listener's or timer's own finding (remove it, clear it); what
  // only this rule sees is a request kept through a context shared with a sibling that used it.
  const used = (usedSlots(level).get(fn) ?? []).filter((i) => !level.slots[i].size.perCall);
  const firstUsed = unreleased && used.length ? used[0] : Infinity;
  // The first sibling-only slot fn does not use; both lists ascend, so walk them together.
  let u = 0;
  for (const index of siblingOnlySlots(m, level)) {
    if (index > firstUsed) break;
    while (u < used.length && used[u] < index) u++;
    if (u < used.length && used[u] === index) continue;
    if (!keeps(level.slots[index])) continue;
    return { slot: level.slots[index], uses: false };
  }
  return firstUsed < Infinity ? { slot: level.slots[firstUsed], uses: true } : undefined;
}

/**
 * Which large slots each function uses (closureUses for every pair at once): from each reference, up its
 * scopes to the level's, every function passed contains the reference.
 */
function usedSlots(level: LargeLevel): Map<Node, number[]> {
  if (level.usedBy) return level.usedBy;
  const usedBy = new Map<Node, number[]>();
  for (const slot of level.slots) {
    for (const r of slot.variable.references) {
      for (let s: Scope | null = r.from; s && s !== level.scope; s = s.upper) {
        const block = s.block as Node;
        if (!isFunction(block)) continue;
        let list = usedBy.get(block);
        if (!list) usedBy.set(block, (list = []));
        if (list[list.length - 1] !== slot.index) list.push(slot.index);
      }
    }
  }
  level.usedBy = usedBy;
  return usedBy;
}

function siblingOnlySlots(m: FileModel, level: LargeLevel): number[] {
  if (level.siblingOnly) return level.siblingOnly;
  const list: number[] = [];
  for (const slot of level.slots) {
    // For a closure that does not use the value, its capturers are all of them: none is inside it.
    slot.siblingOnly = slot.capturedBy.length > 0 && !slot.capturedBy.some((c) => !!longLivedReason(m, c));
    if (slot.siblingOnly) list.push(slot.index);
  }
  level.siblingOnly = list;
  return list;
}

// Using the value itself is a leak only when nothing releases the closure and each run adds one.
function usesReport(m: FileModel, fn: FunctionNode, reason: string, slot: LargeSlot) {
  const v = slot.variable;
  return {
    rule: 'closure-large-scope' as const,
    message:
      `This ${reason} is never released and uses '${v.name}' (${slot.size.what}), so every run of ` +
      `${describeRunner(m, fn)} leaves another copy of '${v.name}' reachable through the closure's context. ` +
      `Release the closure (clear the timer or remove the listener in teardown), or keep only what it needs.`,
    range: m.headRange(fn),
    related: [{ message: `'${v.name}' (${slot.size.what}) is declared here`, range: m.range(v.identifiers[0]) }],
  };
}

function siblingReport(m: FileModel, fn: FunctionNode, reason: string, level: LargeLevel, slot: LargeSlot) {
  const v = slot.variable;
  const size = slot.size;
  const sibling = slot.capturedBy[0];
  const owner = level.scope.block as Node;
  const ownerName = isFunction(owner) ? `${functionName(owner) ?? 'the enclosing function'}` : 'the enclosing block';
  const isAncestor = sibling.range[0] <= fn.range[0] && sibling.range[1] >= fn.range[1];
  return {
    rule: 'closure-large-scope' as const,
    message:
      `This ${reason} is long-lived and holds the closure context of ${ownerName}, which contains '${v.name}' ` +
      `(${size.what}) because ${isAncestor ? `the enclosing ${describeFn(m, sibling)}` : `the sibling closure ${describeFn(m, sibling)}`} uses it. ` +
      `V8 shares one context per scope among all its closures, so '${v.name}' stays alive as long as this one does. ` +
      `Move '${v.name}' into the closure that needs it, copy out only what is needed, or set it to null after use.`,
    range: m.headRange(fn),
    related: [
      { message: `'${v.name}' is captured here`, range: m.range(firstUseIn(slot) ?? sibling) },
      { message: `'${v.name}' (${size.what}) is declared here`, range: m.range(v.identifiers[0]) },
    ],
    fixes: releaseLargeValueFixes(m, v, owner),
  };
}

/** The first use of the slot's variable inside its first capturer, found once per slot. */
function firstUseIn(slot: LargeSlot & { firstUse?: Node | null }): Node | undefined {
  if (slot.firstUse === undefined) {
    const fn = slot.capturedBy[0];
    slot.firstUse =
      slot.variable.references.find((r) => r.identifier.range[0] >= fn.range[0] && r.identifier.range[1] <= fn.range[1])
        ?.identifier ?? null;
  }
  return slot.firstUse ?? undefined;
}

/**
 * A holder whose every new value keeps the previous one through a closure's context: a chain that grows by
 * one link per run for as long as the holder lives. Certain when the previous value is only put out of
 * service (aborted, cancelled): nothing needs it afterwards. A chain of handlers that call the previous one is
 * kept on purpose, so it is less certain that it grows without end.
 */
function reportChains(ctx: RuleContext): FunctionNode[] {
  const m = ctx.model;
  const chains = retentionChains(m);
  for (const c of chains) {
    const prev = c.previous.name;
    const uses = c.previous.references.some((r) => isInside(r.identifier, c.closure));
    ctx.report({
      rule: 'closure-large-scope',
      confidence: c.supersedes ? 'high' : 'medium',
      message:
        `Each time ${describeRunner(m, c.store)} runs, ${c.holder} is replaced by a value whose closure ` +
        `${uses ? `uses '${prev}'` : `shares a context with '${prev}'`}, the previous value of ${c.holder}; that one's closure holds the value ` +
        `before it, and so on, so every value ever stored in ${c.holder} stays reachable in a chain for as long as ${c.holder} lives. ` +
        (c.supersedes
          ? `Set '${prev}' to null once it has been used (after it is aborted or cancelled), or let go of it before storing the new value.`
          : `Keep the handlers in a list that can be pruned, or set '${prev}' to null when it is no longer needed.`),
      range: m.headRange(c.closure),
      related: [
        { message: `'${prev}' keeps the previous value of ${c.holder}`, range: m.range(c.declaration) },
        { message: `${c.holder} is replaced here`, range: m.range(c.store) },
      ],
    });
  }
  return chains.map((c) => c.closure);
}

/**
 * A function that outlives its calls stores each call's arguments in a variable of its factory's scope and
 * never clears it: the last call's objects stay reachable for as long as the function lives. Certain when the
 * stored value gathers several of the call's arguments (the whole call's state); one argument may be small.
 */
function reportLingering(ctx: RuleContext): void {
  const m = ctx.model;
  for (const s of lingeringStates(m)) {
    const name = s.variable.name;
    const runner = functionName(s.runner);
    const factory = functionName(s.factory) ?? 'its factory';
    const args = s.params.map((p) => `'${p}'`).join(', ');
    ctx.report({
      rule: 'closure-large-scope',
      confidence: s.params.length >= 2 ? 'high' : 'medium',
      message:
        `Each call of ${runner ? `${runner}()` : 'the function'} that ${factory}() returns stores its arguments (${args}) in '${name}', ` +
        `a variable of ${factory}()'s scope that the returned function keeps; nothing clears it when the call is done, ` +
        `so the last call's objects stay reachable for as long as the function lives. Set '${name}' to null when the ` +
        `call is done, or pass it to the helpers as an argument.`,
      range: m.range(s.store),
      related: [{ message: `'${name}' is declared here`, range: m.range(s.variable.identifiers[0]) }],
    });
  }
}
