// interval-not-cleared: setInterval (or a setTimeout loop that reschedules itself) started on a repeatable
// path whose id is dropped or never cleared. The timer list is a GC root: the callback and its context
// live until the timer is cleared, and each run starts one more.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { VISITOR_KEYS as visitorKeys } from '../parse';
import {
  T,
  calleeName,
  classMemberOf,
  enclosingClass,
  enclosingFunction,
  functionName,
  isFunction,
  keyName,
  memberPath,
  unwrap,
  walk,
  type FunctionNode,
  type Node,
} from '../ast';
import { describeRunner, enclosingEffect, existingTeardown, teardownHint } from '../frameworks';
import { insertCleanup, returnsAlready } from '../fixes';
import { functionRepeats, runsRepeatedly } from '../lifetimes';
import type { FileModel } from '../model';
import { timerCleared } from '../teardown';
import type { Fix } from '../types';
import type { RuleContext, RuleImpl } from './context';
import { clearStoredIntervalFixes } from '../quickFixes/teardownRelease';

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

function checkInterval(ctx: RuleContext, call: TSESTree.CallExpression): void {
  const m = ctx.model;
  if (!runsRepeatedly(m, call)) return;
  const state = timerCleared(m, call, ['clearInterval', 'clearTimeout']);
  if (state === 'cleared' || state === 'kept') return;
  const cb = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  if (cb && isFunction(cb) && callsClearInterval(cb)) return;
  const where = describeRunner(m, call);
  const hint = teardownHint(m, call);
  const message =
    state === 'dropped'
      ? `setInterval started each time ${where} runs drops its id, so it can never be cleared: the timer keeps the callback ` +
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

function callsClearInterval(fn: FunctionNode): boolean {
  let found = false;
  walk(
    fn.body,
    (n) => {
      if (n.type === T.CallExpression && /^clear(Interval|Timeout)$/.test(calleeName(n) ?? '')) found = true;
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
  // Any condition or early return on the way lets the loop stop; so does a stored-and-cleared id.
  for (let n: Node | undefined = call.parent; n && n !== loop; n = n.parent) {
    if (isFunction(n)) continue;
    if (
      n.type === T.IfStatement ||
      n.type === T.ConditionalExpression ||
      n.type === T.LogicalExpression ||
      n.type === T.TryStatement ||
      n.type === T.SwitchStatement ||
      n.type === T.CatchClause
    )
      return;
  }
  let guarded = false;
  walk(
    loop.body,
    (n) => {
      if (n !== loop.body && isFunction(n)) return false;
      if (n.type === T.ReturnStatement || n.type === T.ThrowStatement) guarded = true;
      return !guarded;
    },
    visitorKeys,
  );
  if (guarded) return;
  if (
    timerCleared(m, call, ['clearTimeout', 'clearInterval']) !== 'dropped' &&
    timerCleared(m, call, ['clearTimeout', 'clearInterval']) !== 'stored-never-cleared'
  )
    return;
  if (!loopStartsRepeatedly(m, loop)) return;
  ctx.report({
    rule: 'interval-not-cleared',
    message:
      `${functionName(loop) ?? 'This function'} reschedules itself with setTimeout on every run and nothing can stop it, ` +
      `so the pending timer keeps it and everything it closes over alive, and each start adds another loop. ` +
      `Keep the timer id and clearTimeout it in ${teardownHint(m, call)} (or check a stop flag before rescheduling).`,
    range: m.range(call),
  });
}

/** The function that `cb` re-enters, if it is `fn` (directly, `this.method`, or a wrapper arrow calling it). */
function loopFunction(m: FileModel, fn: FunctionNode, cb: Node): FunctionNode | undefined {
  const refersTo = (e: Node): FunctionNode | undefined => {
    const u = unwrap(e);
    if (u.type === T.Identifier) {
      const v = m.resolve(u);
      const d = v?.defs[0]?.node;
      for (let f: FunctionNode | undefined = fn; f; f = enclosingFunction(f)) {
        if (d === f || (d?.type === T.VariableDeclarator && d.init && unwrap(d.init) === f)) return f;
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

export const intervalNotCleared: RuleImpl = {
  id: 'interval-not-cleared',
  run(ctx) {
    const m = ctx.model;
    for (const call of m.callsNamed('setInterval')) if (isGlobalTimer(m, call, 'setInterval')) checkInterval(ctx, call);
    for (const call of m.callsNamed('setTimeout'))
      if (isGlobalTimer(m, call, 'setTimeout')) checkTimeoutLoop(ctx, call);
  },
};
