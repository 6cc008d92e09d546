// A teardown that drops a handler instead of removing it: `destroy() { this.onResize = null; }` (or
// `model._onTime = null` in destroyQoe()) for a handler registered as `target.on('x', this.onResize)`. Setting
// the field to null lets go of the owner's reference only; the target still holds the function, and through it
// everything it closes over. The author meant to release it on that path, so whatever removals exist
// elsewhere (before re-registering, inside the handler once its event comes) are not the teardown's.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  T,
  calleeName,
  enclosingClass,
  enclosingFunction,
  functionName,
  isFunction,
  isFreshFunction,
  isInside,
  memberPath,
  unwrap,
  walk,
  type FunctionNode,
  type Node,
} from './ast';
import type { FileModel } from './model';
import { enclosingOwnerMethod, isTeardownName } from './owners';
import { VISITOR_KEYS } from './parse';
import type { Registration } from './registrations';
import { calledAgain, REPEATING_LIFECYCLE } from './keptHandles';

/** Names that end something: `destroy`, `destroyQoe`, `_dispose`, `teardownPlayer`, `unmountView`. */
const ENDING_NAME =
  /^[_#$]*(destroy|dispose|teardown|tearDown|cleanup|cleanUp|unmount|unload|detach|unbind|unregister|release|finalize)([A-Z_\d]|$)/;

/** Calls that remove listeners, whatever they pass. */
const REMOVING = /^(removeEventListener|off|removeListener|removeAllListeners|\$off|unbind|unlisten|disconnect)$/;

/** `a = null`, `a = b = undefined`, `a = void 0`: the chain ends in nothing. */
function assignsNothing(a: TSESTree.AssignmentExpression): boolean {
  let r: Node = unwrap(a.right);
  while (r.type === T.AssignmentExpression) r = unwrap(r.right);
  return (
    (r.type === T.Literal && r.value === null) ||
    (r.type === T.Identifier && r.name === 'undefined') ||
    (r.type === T.UnaryExpression && r.operator === 'void')
  );
}

function teardownName(m: FileModel, fn: FunctionNode): string | undefined {
  const name = functionName(fn) ?? enclosingOwnerMethod(m, fn.body)?.name;
  return name && (isTeardownName(name) || ENDING_NAME.test(name)) ? name : undefined;
}

/**
 * The function a call goes to, when the file shows it: `f()` of a declared function or `const f = () => …`,
 * `this.m()` of the same owner.
 */
function calledFunction(m: FileModel, call: TSESTree.CallExpression): FunctionNode | undefined {
  const c = unwrap(call.callee);
  if (c.type === T.Identifier) {
    const def = m.resolve(c)?.defs[0]?.node;
    if (def && isFunction(def)) return def;
    if (def?.type === T.VariableDeclarator && def.init && isFunction(unwrap(def.init)))
      return unwrap(def.init) as FunctionNode;
    return undefined;
  }
  if (c.type === T.MemberExpression && c.object.type === T.ThisExpression) {
    const owned = enclosingOwnerMethod(m, call);
    const name = c.property.type === T.Identifier ? c.property.name : undefined;
    return name ? owned?.owner.methods.get(name) : undefined;
  }
  return undefined;
}

/** `fn` (or a function it calls, two levels deep) removes a listener, or calls something the file cannot show. */
function mayRemove(m: FileModel, fn: FunctionNode, depth = 0): boolean {
  let found = false;
  walk(
    fn.body,
    (n) => {
      if (found) return false;
      if (n.type !== T.CallExpression) return true;
      if (REMOVING.test(calleeName(n) ?? '')) found = true;
      else if (depth < 2) {
        const callee = calledFunction(m, n);
        if (callee && callee !== fn && mayRemove(m, callee, depth + 1)) found = true;
      }
      return !found;
    },
    VISITOR_KEYS,
  );
  return found;
}

/**
 * The assignment in a teardown that sets the handler's field to null without removing the handler from its
 * target (directly or through a helper it calls), if there is one.
 */
export function handlerDroppedInTeardown(
  m: FileModel,
  reg: Registration,
): { drop: TSESTree.AssignmentExpression; teardown: string } | undefined {
  const h = reg.handler && unwrap(reg.handler);
  if (h?.type !== T.MemberExpression) return undefined;
  const path = memberPath(h);
  if (!path) return undefined;
  // `model.on('x', model.onX)`: the object holds its own handler, a cycle that goes when it goes.
  if (reg.target && m.source(unwrap(reg.target)) === m.source(unwrap(h.object))) return undefined;
  const own = path.startsWith('this.');
  for (const me of own ? m.membersWithPathInClass(path, enclosingClass(reg.call)) : m.membersWithPath(path)) {
    const a = me.parent;
    if (a?.type !== T.AssignmentExpression || a.left !== me || !assignsNothing(a)) continue;
    const fn = enclosingFunction(a);
    if (!fn || isInside(reg.call, fn)) continue;
    // `this.x` of a prototype owner: the same owner's teardown.
    if (own && enclosingOwnerMethod(m, a)?.owner.node !== enclosingOwnerMethod(m, reg.call)?.owner.node) continue;
    const teardown = teardownName(m, fn);
    if (!teardown || mayRemove(m, fn)) continue;
    return { drop: a, teardown };
  }
  return undefined;
}

/**
 * `this.onKey = (e) => …; document.addEventListener('keydown', this.onKey)` in a method that runs again and again
 * on the same instance (a framework's update hook, or one the owner calls again), with nothing before it that
 * removes or tests the field, while another method removes `this.onKey`: that removal reads only the newest
 * function, so every earlier one stays on the target. The field assignment, or undefined.
 */
export function handlerOverwritten(
  m: FileModel,
  reg: Registration,
  removals: readonly TSESTree.CallExpression[],
): { store: TSESTree.AssignmentExpression; method: string } | undefined {
  const h = reg.handler && unwrap(reg.handler);
  if (h?.type !== T.MemberExpression || h.object.type !== T.ThisExpression) return undefined;
  const field = memberPath(h);
  const owned = enclosingOwnerMethod(m, reg.call);
  if (!field || !owned || owned.name === 'constructor') return undefined;
  if (!REPEATING_LIFECYCLE.test(owned.name) && !calledAgain(m, owned.name, owned.method)) return undefined;
  // Every removal is in another method: the one that adds it does not take the previous one off first.
  if (!removals.length || removals.some((r) => isInside(r, owned.method))) return undefined;
  const uses = m.membersWithPathInClass(field, enclosingClass(reg.call)).filter((me) => isInside(me, owned.method));
  // The method itself makes the new function and stores it, before the registration.
  const store = uses
    .map((me) => me.parent)
    .find(
      (a): a is TSESTree.AssignmentExpression =>
        a?.type === T.AssignmentExpression &&
        a.range[1] <= reg.call.range[0] &&
        isFreshFunction(unwrap(a.right)) &&
        enclosingFunction(a) === enclosingFunction(reg.call),
    );
  if (!store) return undefined;
  // Nothing before the store mentions the field (a removal or a test of it).
  if (uses.some((me) => me !== store.left && me.range[0] < store.range[0])) return undefined;
  for (let n: Node | undefined = store.parent; n && n !== owned.method; n = n.parent)
    if ((n.type === T.IfStatement || n.type === T.ConditionalExpression) && m.source(n.test).includes(field))
      return undefined;
  return { store, method: owned.name };
}
