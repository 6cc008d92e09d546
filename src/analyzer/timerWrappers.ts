// Timers behind a wrapper: a small class (a Timer, a Poller, a TaskLoop) whose start method runs a setInterval
// kept on the instance and whose stop method clears it. An owner that starts one in its setup and never stops
// it on its teardown path leaves the interval running, holding the wrapper, its callback and the owner.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { DefinitionType } from '@typescript-eslint/scope-manager';
import { T, calleeName, isInside, memberPath, propertyName, unwrap, walk, type Node } from './ast';
import { VISITOR_KEYS } from './parse';
import type { FileModel } from './model';
import { enclosingOwnerMethod, membersInOwner, methodReaches, type Owner } from './owners';
import { clearsOf, timerSlot } from './teardown';

export interface WrapperClass {
  /** Methods that start the interval (directly or through another method of the wrapper). */
  starts: Set<string>;
  /** Methods that clear it. */
  stops: Set<string>;
}

/** Names that say a class from another file is such a wrapper, and the verbs that start and stop one. */
const WRAPPER_NAME = /(Timer|Poller|Ticker|Interval|TaskLoop|Heartbeat|Scheduler)$/;
const START_VERB = /^_?(start|run|begin|resume|poll|schedule)\w*$/;
const STOP_VERB = /^_?(stop|clear|cancel|dispose|destroy|end|pause|halt|kill|close|teardown|reset)\w*$/i;

/** The wrapper classes defined in the file, by name: their interval is started in one method and cleared in another. */
export function wrapperClasses(m: FileModel): Map<string, WrapperClass> {
  const t = m.memoFor<Map<string, WrapperClass>>('timerWrappers');
  const cached = t.get(m.ast);
  if (cached) return cached;
  const out = new Map<string, WrapperClass>();
  for (const call of m.callsNamed('setInterval')) {
    const owned = enclosingOwnerMethod(m, call);
    const name = owned ? ownerName(owned.owner) : undefined;
    if (!owned || !name || owned.name === 'constructor') continue;
    const slot = timerSlot(m, call);
    if (!slot.key || !slot.key.includes(':this.')) continue;
    const clears = clearsOf(m, slot.key, ['clearInterval']);
    const { owner } = owned;
    const stops = [...owner.methods.keys()].filter(
      (k) => k !== owned.name && methodReaches(owner, k, (f) => clears.some((c) => isInside(c, f)), 1),
    );
    if (!stops.length) continue;
    const starts = [...owner.methods.keys()].filter(
      (k) => !stops.includes(k) && methodReaches(owner, k, (f) => isInside(call, f), 1),
    );
    const entry = out.get(name) ?? { starts: new Set<string>(), stops: new Set<string>() };
    starts.forEach((s) => entry.starts.add(s));
    stops.forEach((s) => entry.stops.add(s));
    out.set(name, entry);
  }
  t.set(m.ast, out);
  return out;
}

function ownerName(owner: Owner): string | undefined {
  const n = owner.node;
  if ((n.type === T.ClassDeclaration || n.type === T.ClassExpression) && n.id) return n.id.name;
  if (n.type === T.FunctionDeclaration && n.id) return n.id.name;
  if (n.type === T.FunctionExpression || n.type === T.ArrowFunctionExpression) {
    const p = n.parent;
    if (p?.type === T.VariableDeclarator && p.id.type === T.Identifier) return p.id.name;
  }
  return undefined;
}

export interface WrappedStart {
  /** `this.poller.start()`. */
  call: TSESTree.CallExpression;
  /** `this.poller`. */
  field: string;
  wrapper: string;
  /** Does `name` stop the wrapper's timer? */
  isStop: (name: string) => boolean;
}

/**
 * `this.f.start()` calls where `this.f = new W(…)` in the same owner and W is a timer wrapper: one defined in
 * the file, or one from elsewhere named like one (`new Poller()`) started by a start verb.
 */
export function wrappedStarts(m: FileModel): WrappedStart[] {
  const wrappers = wrapperClasses(m);
  const out: WrappedStart[] = [];
  for (const call of m.calls) {
    const callee = unwrap(call.callee);
    if (callee.type !== T.MemberExpression) continue;
    const field = memberPath(callee.object);
    const method = propertyName(callee);
    if (!field || !method || !/^this\.[\w$]+$/.test(field)) continue;
    const owned = enclosingOwnerMethod(m, call);
    if (!owned) continue;
    const created = createdAs(m, owned.owner, field);
    if (!created) continue;
    const { name } = created;
    const local = wrappers.get(name);
    if (local) {
      if (local.starts.has(method)) out.push({ call, field, wrapper: name, isStop: (n) => local.stops.has(n) });
    } else if (external(m, created.id) && WRAPPER_NAME.test(name) && START_VERB.test(method)) {
      out.push({ call, field, wrapper: name, isStop: (n) => STOP_VERB.test(n) });
    }
  }
  return out;
}

/** The class name `field` is created from in one of the owner's methods (`this.poller = new Poller()`). */
function createdAs(m: FileModel, owner: Owner, field: string): { name: string; id: TSESTree.Identifier } | undefined {
  for (const me of membersInOwner(m, field, owner)) {
    const p = me.parent;
    if (p?.type !== T.AssignmentExpression || p.left !== me) continue;
    const r = unwrap(p.right);
    if (r.type !== T.NewExpression) continue;
    const callee = unwrap(r.callee);
    if (callee.type === T.Identifier) return { name: callee.name, id: callee };
  }
  return undefined;
}

/** Does the owner's method `name` (or what it calls on `this`) call a stop method on `field`? */
export function stopsWrapper(owner: Owner, name: string, start: WrappedStart): boolean {
  return methodReaches(owner, name, (fn) => callsOn(fn, start), 2);
}

function callsOn(fn: Node, start: WrappedStart): boolean {
  let found = false;
  walk(
    fn,
    (n) => {
      if (found) return false;
      if (n.type === T.CallExpression) {
        const c = unwrap(n.callee);
        if (c.type === T.MemberExpression && memberPath(c.object) === start.field && start.isStop(calleeName(n) ?? ''))
          found = true;
      }
      return !found;
    },
    VISITOR_KEYS,
  );
  return found;
}

/** A name this file imports or takes from the environment, rather than defines. */
function external(m: FileModel, id: TSESTree.Identifier): boolean {
  const v = m.resolve(id);
  // Imported, or required: `const { Heartbeat } = require('./heartbeat')`.
  return (
    !v ||
    v.defs.every(
      (d) =>
        d.type === DefinitionType.ImportBinding ||
        (d.node.type === T.VariableDeclarator && !!d.node.init && /^require\(/.test(m.source(unwrap(d.node.init)))),
    )
  );
}
