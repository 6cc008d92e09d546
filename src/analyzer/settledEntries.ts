// One-shot registries: a table of calls in flight (`pending[id] = { resolve, reject }`, `callbacks[id] = cb`
// before a request goes out) whose entries the completion handler settles — resolves the promise, runs the
// callback — without taking them out. The call is over, but its entry stays for as long as the table lives.
// Releases count only on the completion path: a delete in a cancel function (`clearTimeout(id)`, `abort(id)`),
// a timeout or an error path leaves every call that simply completed in place. Setting an entry to `null`
// keeps its key.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  T,
  calleeName,
  enclosingFunction,
  functionName,
  isFunction,
  isInside,
  propertyName,
  unwrap,
  valueParent,
  walk,
  type FunctionNode,
  type Node,
} from './ast';
import { VISITOR_KEYS } from './parse';
import { isFixedKey, type Collection, type GrowOp } from './collections';
import type { FileModel } from './model';
import { releasePath } from './paths';
import { cardinality } from './cardinality';
import { oneOf } from './vocabulary/names';

/** Names a one-shot settlement goes by: a promise's settlers, a deferred, a pending call. */
const SETTLER = oneOf(['resolve', 'reject', 'res', 'rej', 'deferred', 'defer', 'dfd', 'pending', 'settle']);
/** Calls that make a deferred (`pDefer()`, `new Deferred()`, `createDeferred()`). */
const DEFERRED_CALL = /^(p?[dD]efer(red)?|create[A-Z]?[dD]eferred|makeDeferred|deferred)$/;
/** A function that makes one request or schedules one run: a callback stored by it is called once. */
const ONE_SHOT_NAME = /^[_#$]*(call|request|invoke|send|exec|execute|query|rpc|ask|setTimeout|post|fetch)([A-Z_]\w*)?$/;
/** What a callback stored by a one-shot call is called. */
const CALLBACK_NAME = oneOf([/\w*([cC]allback|[hH]andler)/, 'cb', 'fn', 'done', 'callback']);
/** A function that cancels one call, or gives it up: not the path a call that completes takes. */
const CANCELLING_NAME =
  /^[_#$]*(clear|cancel|abort|stop|kill|remove|unregister|off|unsubscribe|reject|fail|timeout|onTimeout|expire|handleError|onError)([A-Z_]\w*)?$/;

export interface SettledEntries {
  grow: GrowOp;
  /** Where the completion handler reads the entry it settles. */
  read: Node;
  /** Deletes that run only when a call is cancelled, times out or fails. */
  elsewhere: Node[];
}

/** The collection is a table of one-shot calls whose completion settles an entry and leaves it in place. */
export function settledEntriesKept(m: FileModel, c: Collection): SettledEntries | undefined {
  if ((c.kind !== 'Map' && c.kind !== 'Object') || c.escapes || c.bounded) return undefined;
  for (const grow of c.grows) {
    if (!grow.repeatable || !grow.key || isFixedKey(grow.key)) continue;
    const value = storedValue(grow);
    const grower = enclosingFunction(grow.node);
    if (!value || !grower || isNullish(value) || !oneShot(m, value, grower)) continue;
    if (cardinality(grow.key) === 'low') continue;
    const read = settlingRead(m, c, grower);
    if (!read) continue;
    const consumer = enclosingFunction(read)!;
    const elsewhere: Node[] = [];
    let released = false;
    for (const site of c.shrinkSites) {
      if (releasePath(m, site, [c.init]) === 'exceptional') {
        elsewhere.push(site);
        continue;
      }
      // Taken out where the call completes, or by the call itself once it is over (`finally`, after `await`).
      if (isInside(site, consumer) || isInside(site, grower) || callsFunctionAround(m, consumer, site)) {
        released = true;
        break;
      }
      const fn = enclosingFunction(site);
      if (fn && (CANCELLING_NAME.test(functionName(fn) ?? '') || inTimerCallback(fn))) elsewhere.push(site);
      else {
        released = true;
        break;
      }
    }
    if (!released) return { grow, read, elsewhere };
  }
  return undefined;
}

function storedValue(grow: GrowOp): Node | undefined {
  if (grow.node.type === T.AssignmentExpression) return grow.node.right;
  return grow.node.arguments[1];
}

function isNullish(value: Node): boolean {
  const v = unwrap(value);
  return (v.type === T.Literal && v.value === null) || (v.type === T.Identifier && v.name === 'undefined');
}

/** The stored value settles once: a promise's settlers or a deferred, or a callback a one-shot call stores. */
function oneShot(m: FileModel, value: Node, grower: FunctionNode): boolean {
  let settler = false;
  let callback = false;
  walk(
    value,
    (n) => {
      if (n !== value && isFunction(n)) return false;
      if (n.type === T.Identifier && n.parent?.type !== T.MemberExpression) {
        if (SETTLER.test(n.name)) settler = true;
        if (CALLBACK_NAME.test(n.name)) callback = true;
        const init = localInit(m, n);
        if (init?.type === T.CallExpression && DEFERRED_CALL.test(calleeName(init) ?? '')) settler = true;
      }
      if ((n.type === T.CallExpression || n.type === T.NewExpression) && DEFERRED_CALL.test(calleeName(n) ?? ''))
        settler = true;
      return true;
    },
    VISITOR_KEYS,
  );
  if (settler) return true;
  if (!callback) return false;
  for (let fn: FunctionNode | undefined = grower; fn; fn = enclosingFunction(fn)) {
    const name = functionName(fn);
    if (name) return ONE_SHOT_NAME.test(name);
  }
  return false;
}

function localInit(m: FileModel, id: TSESTree.Identifier): Node | undefined {
  const def = m.resolve(id)?.defs[0]?.node as Node | undefined;
  return def?.type === T.VariableDeclarator && def.init ? unwrap(def.init) : undefined;
}

/**
 * A read of an entry by key, in a function apart from the one that stores it, whose value is then called or
 * settled (`c[id].promise[0](result)`, `const p = c.get(id); p.resolve()`, `cb = entry.callback; cb.apply(…)`).
 */
function settlingRead(m: FileModel, c: Collection, grower: FunctionNode): Node | undefined {
  for (const use of c.uses) {
    const { parent, child } = valueParent(use);
    if (parent?.type !== T.MemberExpression || parent.object !== child) continue;
    let read: Node | undefined;
    if (c.kind === 'Object' && parent.computed) {
      const p = parent.parent;
      if (
        (p?.type === T.AssignmentExpression && p.left === parent) ||
        (p?.type === T.UnaryExpression && p.operator === 'delete')
      )
        continue;
      read = parent;
    } else if (c.kind === 'Map' && propertyName(parent) === 'get' && parent.parent?.type === T.CallExpression) {
      read = parent.parent;
    }
    if (!read) continue;
    const fn = enclosingFunction(read);
    if (!fn || fn === grower || isInside(fn, grower) || isInside(grower, fn)) continue;
    if (settles(m, read, fn)) return read;
  }
  return undefined;
}

/** The value read at `read` is called (or a member of it is), directly or through locals it is copied into. */
function settles(m: FileModel, read: Node, fn: FunctionNode): boolean {
  // `c[id].promise[0](x)`, `c.get(id).resolve()`: the read sits in the callee's chain.
  for (let n: Node = read, p = read.parent; p; n = p, p = p.parent) {
    if (p.type === T.CallExpression && p.callee === n) return true;
    if (!(p.type === T.MemberExpression && p.object === n) && p.type !== T.ChainExpression) break;
  }
  const tracked = new Set<string>();
  const track = (target: Node, from: Node) => {
    const root = rootName(from);
    if (target.type === T.Identifier && (from === read || (root && tracked.has(root)) || isInside(read, from)))
      tracked.add(target.name);
  };
  for (let round = 0; round < 3; round++) {
    walk(
      fn.body,
      (n) => {
        if (n.type === T.VariableDeclarator && n.init) track(n.id, unwrap(n.init));
        if (n.type === T.AssignmentExpression && n.operator === '=') track(n.left, unwrap(n.right));
        return true;
      },
      VISITOR_KEYS,
    );
  }
  if (!tracked.size) return false;
  let called = false;
  walk(
    fn.body,
    (n) => {
      if (called) return false;
      if (n.type === T.CallExpression) {
        const root = rootName(n.callee);
        if (root && tracked.has(root)) called = true;
      }
      return true;
    },
    VISITOR_KEYS,
  );
  return called;
}

/** The identifier a member chain starts from (`a` of `a.b[0].c`). */
function rootName(n: Node): string | undefined {
  let e = unwrap(n);
  while (e.type === T.MemberExpression) e = unwrap(e.object);
  return e.type === T.Identifier ? e.name : undefined;
}

/** `consumer` calls, by name, the function `site` sits in (a helper that completes the call and deletes). */
function callsFunctionAround(m: FileModel, consumer: FunctionNode, site: Node): boolean {
  const fn = enclosingFunction(site);
  const name = fn && functionName(fn);
  if (!name) return false;
  let found = false;
  walk(
    consumer.body,
    (n) => {
      if (found) return false;
      if (n.type === T.CallExpression && calleeName(n) === name) found = true;
      return true;
    },
    VISITOR_KEYS,
  );
  return found;
}

/** `fn` is handed to setTimeout: the call's deadline, not its completion. */
function inTimerCallback(fn: FunctionNode): boolean {
  for (let f: FunctionNode | undefined = fn; f; f = enclosingFunction(f)) {
    const { parent, child } = valueParent(f);
    if (
      parent?.type === T.CallExpression &&
      parent.arguments[0] === child &&
      /^setTimeout$/.test(calleeName(parent) ?? '')
    )
      return true;
    if (functionName(f)) return false;
  }
  return false;
}
