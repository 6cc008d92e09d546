// A subscription whose handle (an unsubscribe function, a Subscription, a disposable) is kept is not released
// just because it is kept: which paths call it? `unsubscribe()` only in a `.then()` callback runs when the
// promise resolves, never when it rejects; one only in a catch block or an error handler runs only when
// something fails; one only inside the subscriber itself runs only once its event comes.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  T,
  calleeName,
  enclosingClass,
  enclosingFunction,
  isFunction,
  isInside,
  memberPath,
  propertyName,
  valueParent,
  type Node,
} from './ast';
import type { FileModel } from './model';
import { enclosingOwnerMethod } from './owners';
import { releasePath } from './paths';

export type HandlePath = 'exceptional' | 'success-only' | 'conditional';

export interface HandleRelease {
  path: HandlePath;
  /** The calls that release it, none of them on the normal path. */
  uses: TSESTree.CallExpression[];
}

/** Methods of a handle that end what it stands for. */
const RELEASING_METHODS = /^(unsubscribe|dispose|remove|off|cancel|abort|close|disconnect|destroy|stop|release)$/;

/** The handle's variable when the call's result is stored in a local one (`const off = x.subscribe(…)`). */
function handleVariable(m: FileModel, call: Node) {
  const { parent, child } = valueParent(call);
  if (parent?.type === T.VariableDeclarator && parent.init === child && parent.id.type === T.Identifier)
    return m.resolve(parent.id);
  if (parent?.type === T.AssignmentExpression && parent.operator === '=' && parent.left.type === T.Identifier)
    return m.resolve(parent.left);
  return undefined;
}

/** A read that only tests the handle (`if (off)`, `off && off()`, `!sub`). */
function onlyTests(id: Node): boolean {
  const { parent, child } = valueParent(id);
  if (!parent) return false;
  if ((parent.type === T.IfStatement || parent.type === T.ConditionalExpression) && parent.test === child) return true;
  if (parent.type === T.LogicalExpression && parent.left === child) return true;
  if (parent.type === T.UnaryExpression && (parent.operator === '!' || parent.operator === 'typeof')) return true;
  return parent.type === T.BinaryExpression;
}

/** The release call a read of the handle makes: `off()`, `sub.unsubscribe()`, `d.dispose()`. */
function releaseCall(id: TSESTree.Identifier): TSESTree.CallExpression | undefined {
  const p = id.parent;
  if (p?.type === T.CallExpression && p.callee === id) return p;
  if (p?.type === T.MemberExpression && p.object === id && RELEASING_METHODS.test(propertyName(p) ?? '')) {
    const c = p.parent;
    if (c?.type === T.CallExpression && c.callee === p) return c;
  }
  return undefined;
}

/**
 * Inside the fulfilment callback of a `.then(onFulfilled)` that has no rejection callback and no `.finally()`
 * after it, below `stop`: it runs only when the promise resolves.
 */
function onlyOnResolve(use: Node, stop: Node | undefined): TSESTree.CallExpression | undefined {
  for (let n: Node | undefined = use.parent; n && n !== stop; n = n.parent) {
    if (!isFunction(n)) continue;
    const { parent, child } = valueParent(n);
    if (
      parent?.type !== T.CallExpression ||
      calleeName(parent) !== 'then' ||
      parent.arguments.length !== 1 ||
      parent.arguments[0] !== child
    )
      continue;
    const after = parent.parent;
    const finallyAfter =
      after?.type === T.MemberExpression && after.object === parent && propertyName(after) === 'finally';
    if (!finallyAfter) return parent;
  }
  return undefined;
}

/**
 * How the kept handle of `call`'s subscription is released, when none of its releases is on the normal path.
 * Undefined when one is, or when the handle goes somewhere this file cannot follow (returned, passed on,
 * stored elsewhere): then the holder decides.
 */
export function keptHandleRelease(m: FileModel, call: TSESTree.CallExpression): HandleRelease | undefined {
  const v = handleVariable(m, call);
  if (!v) return undefined;
  const fn = enclosingFunction(call);
  const uses: TSESTree.CallExpression[] = [];
  const paths: HandlePath[] = [];
  for (const r of v.references) {
    if (!r.isRead()) continue;
    const use = releaseCall(r.identifier as TSESTree.Identifier);
    if (!use) {
      if (onlyTests(r.identifier)) continue;
      return undefined;
    }
    // Inside the subscriber itself: released once its event comes, which may never happen.
    if (call.arguments.some((a) => isInside(use, a))) {
      uses.push(use);
      paths.push('conditional');
      continue;
    }
    if (onlyOnResolve(use, fn)) {
      uses.push(use);
      paths.push('success-only');
      continue;
    }
    const path = releasePath(m, use, [r.identifier]);
    if (path === 'normal') return undefined;
    uses.push(use);
    paths.push(path);
  }
  if (!uses.length) return undefined;
  const path: HandlePath = paths.every((p) => p === 'exceptional')
    ? 'exceptional'
    : paths.includes('success-only')
      ? 'success-only'
      : 'conditional';
  return { path, uses };
}

/** The `.then()` call a release sits in, for the message. */
export function resolveCallOf(use: Node, stop: Node | undefined): TSESTree.CallExpression | undefined {
  return onlyOnResolve(use, stop);
}

/** Methods a framework calls again and again on the same instance (each call stores a new subscription). */
export const REPEATING_LIFECYCLE =
  /^(ngOnChanges|ngDoCheck|ngAfterViewChecked|ngAfterContentChecked|componentDidUpdate|componentWillReceiveProps|UNSAFE_componentWillReceiveProps|attributeChangedCallback|updated|beforeUpdate)$/;

export interface OverwrittenHandle {
  /** `this.sub` */
  field: string;
  /** The method that stores it, and a release of the field in another method. */
  method: string;
  release: TSESTree.CallExpression;
}

/**
 * `this.sub = source.subscribe(…)` in a method that runs again and again on the same instance (a framework's
 * update hook, or one the owner itself calls again), with nothing before it that releases or tests the field,
 * while another method releases the field (`ngOnDestroy() { this.sub.unsubscribe(); }`): that release reads only
 * the newest handle, and every earlier subscription stays.
 */
export function overwrittenHandle(m: FileModel, call: TSESTree.CallExpression): OverwrittenHandle | undefined {
  const { parent, child } = valueParent(call);
  if (parent?.type !== T.AssignmentExpression || parent.right !== child || parent.operator !== '=') return undefined;
  const left = parent.left;
  if (left.type !== T.MemberExpression || left.object.type !== T.ThisExpression) return undefined;
  const field = memberPath(left);
  const owned = enclosingOwnerMethod(m, call);
  if (!field || !owned || owned.name === 'constructor') return undefined;
  // Arrow callbacks inside the method share its `this`; a function of its own is another story.
  for (let f = enclosingFunction(call); f && f !== owned.method; f = enclosingFunction(f))
    if (f.type !== T.ArrowFunctionExpression) return undefined;
  if (!REPEATING_LIFECYCLE.test(owned.name) && !calledAgain(m, owned.name, owned.method)) return undefined;
  const cls = enclosingClass(call);
  const uses = m.membersWithPathInClass(field, cls);
  // Anything before the store in the method that mentions the field releases or tests it.
  if (uses.some((me) => me !== left && isInside(me, owned.method) && me.range[0] < parent.range[0])) return undefined;
  for (let n: Node | undefined = parent.parent; n && n !== owned.method; n = n.parent)
    if ((n.type === T.IfStatement || n.type === T.ConditionalExpression) && m.source(n.test).includes(field))
      return undefined;
  const release = uses
    .filter((me) => !isInside(me, owned.method))
    .map((me) => releaseCallOfMember(me))
    .find((c): c is TSESTree.CallExpression => !!c);
  if (!release) return undefined;
  return { field, method: owned.name, release };
}

/** `this.sub.unsubscribe()`, `this.sub?.dispose()`, `this.off()`. */
function releaseCallOfMember(me: TSESTree.MemberExpression): TSESTree.CallExpression | undefined {
  const p: Node | undefined = me.parent;
  if (p?.type === T.CallExpression && p.callee === me) return p;
  if (p?.type === T.MemberExpression && p.object === me && RELEASING_METHODS.test(propertyName(p) ?? '')) {
    let c: Node | undefined = p.parent;
    if (c?.type === T.ChainExpression) c = c.parent;
    if (c?.type === T.CallExpression && unwrapChain(c.callee) === p) return c;
  }
  return undefined;
}

function unwrapChain(n: Node): Node {
  return n.type === T.ChainExpression ? n.expression : n;
}

/**
 * `this.<name>()` is called (or handed on) from the owner's code other than itself and the constructor's own
 * body: a call right in the constructor runs once, one in a handler the constructor registers runs per event.
 */
export function calledAgain(m: FileModel, name: string, method: Node): boolean {
  return m.membersWithPathInClass(`this.${name}`, enclosingClass(method)).some((me) => {
    if (isInside(me, method)) return false;
    const owned = enclosingOwnerMethod(m, me);
    return owned?.name !== 'constructor' || enclosingFunction(me) !== owned.method;
  });
}

export interface UncalledRelease {
  /** `this.subscriptions` */
  holder: string;
  /** `sub.unsubscribe`, read but never called. */
  read: TSESTree.MemberExpression;
}

/**
 * `this.subs.push(source.subscribe(…))` whose only release walks the holder and reads each handle's release
 * method without calling it (`this.subs.forEach((s) => s.unsubscribe)`): nothing is ever released. Undefined
 * when some use of the holder may release (a call of a release method, the holder handed on, a composite
 * `this.subs.unsubscribe()`), or when there is no such read at all.
 */
export function uncalledCollectedRelease(m: FileModel, call: TSESTree.CallExpression): UncalledRelease | undefined {
  const { parent, child } = valueParent(call);
  if (parent?.type !== T.CallExpression || !parent.arguments.includes(child as TSESTree.CallExpressionArgument))
    return undefined;
  if (parent.callee.type !== T.MemberExpression || !/^(push|add|unshift)$/.test(propertyName(parent.callee) ?? ''))
    return undefined;
  const holder = memberPath(parent.callee.object);
  if (!holder?.startsWith('this.')) return undefined;
  let read: TSESTree.MemberExpression | undefined;
  for (const me of m.membersWithPathInClass(holder, enclosingClass(call))) {
    const p = me.parent;
    if (p?.type !== T.MemberExpression || p.object !== me) {
      // `this.subs = []`: a reset, not a use of the handles.
      if (p?.type === T.AssignmentExpression && p.left === me) continue;
      return undefined;
    }
    const method = propertyName(p) ?? '';
    if (/^(push|add|unshift|length)$/.test(method)) continue;
    const iterate = p.parent;
    if (!/^(forEach|map)$/.test(method) || iterate?.type !== T.CallExpression || iterate.callee !== p) return undefined;
    const cb = iterate.arguments[0];
    const param = cb && isFunction(cb) ? cb.params[0] : undefined;
    if (!cb || !isFunction(cb) || param?.type !== T.Identifier) return undefined;
    const body = cb.body;
    // The callback's body is exactly `s.unsubscribe` (an arrow's expression or one expression statement).
    const only =
      body.type === T.BlockStatement
        ? body.body.length === 1 && body.body[0].type === T.ExpressionStatement
          ? body.body[0].expression
          : undefined
        : body;
    if (
      only?.type !== T.MemberExpression ||
      only.object.type !== T.Identifier ||
      only.object.name !== param.name ||
      !RELEASING_METHODS.test(propertyName(only) ?? '')
    )
      return undefined;
    read = only;
  }
  return read ? { holder, read } : undefined;
}
