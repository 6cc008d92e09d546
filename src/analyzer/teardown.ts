// Teardown: does the code that registers something also release it? A removal only counts when it passes
// the *same* function: a fresh `.bind(this)` or a new arrow removes nothing.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  T,
  calleeName,
  calleeObject,
  enclosingClass,
  isFreshFunction,
  keyName,
  memberPath,
  stringValue,
  unwrap,
  valueParent,
  type Node,
} from './ast';
import type { FileModel } from './model';

/** A key that is equal for two expressions only when they denote the same function object. */
export function handlerIdentity(m: FileModel, node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type === T.Identifier) {
    const v = m.resolve(n);
    return v ? `var:${v.$id}` : `global:${n.name}`;
  }
  const path = memberPath(n);
  if (path) {
    if (path.startsWith('this.')) {
      const cls = enclosingClass(n);
      return `this@${cls ? cls.range[0] : -1}:${path}`;
    }
    return `path:${normalizeTarget(path)}`;
  }
  return undefined;
}

/** `window.document` and `document`, `globalThis.foo` and `foo` name the same object. */
function normalizeTarget(path: string | undefined): string {
  if (path === undefined) return '';
  return path.replace(/^(window|globalThis|self|global)\./, '') || path;
}

function targetKey(m: FileModel, call: TSESTree.CallExpression): string {
  const obj = calleeObject(call);
  if (!obj) return 'window';
  const o = unwrap(obj);
  if (o.type === T.CallExpression && ['$', 'jQuery'].includes(calleeName(o) ?? '') && o.arguments[0]) {
    return (
      '$:' + (stringValue(o.arguments[0]) ?? normalizeTarget(memberPath(o.arguments[0])) ?? m.source(o.arguments[0]))
    );
  }
  const path = memberPath(o);
  if (path) return normalizeTarget(path);
  return m.source(o).replace(/\s+/g, '');
}

export interface RemovalSearch {
  /** A removal that really removes the registered function (or everything). */
  effective?: TSESTree.CallExpression;
  /** Removals for the same event that pass a fresh function and so remove nothing. */
  ineffective: TSESTree.CallExpression[];
}

const REMOVERS: Record<string, string[]> = {
  addEventListener: ['removeEventListener'],
  on: ['off', 'removeListener', 'removeEventListener', 'unbind'],
  addListener: ['removeListener', 'off', 'removeEventListener'],
  prependListener: ['removeListener', 'off'],
  $on: ['$off'],
  bind: ['unbind', 'off'],
};

/** Looks for a call anywhere in the file that removes the listener `handler` added for `type` on `target`. */
export function findListenerRemoval(
  m: FileModel,
  add: TSESTree.CallExpression,
  addName: string,
  type: string | undefined,
  handler: Node | undefined,
): RemovalSearch {
  const removers = REMOVERS[addName] ?? [];
  const tKey = targetKey(m, add);
  const id = handler && !isFreshFunction(handler) ? handlerIdentity(m, handler) : undefined;
  const result: RemovalSearch = { ineffective: [] };
  const candidates = [...new Set(['removeAllListeners', 'off', '$off', ...removers])].flatMap((n) => m.callsNamed(n));
  for (const call of candidates) {
    const name = calleeName(call);
    if (!name) continue;
    if (id !== undefined && !removalMayMatch(m, call, id)) continue;
    if (
      name === 'removeAllListeners' ||
      (name === 'off' && call.arguments.length <= 1) ||
      (name === '$off' && call.arguments.length <= 1)
    ) {
      const t = stringValue(call.arguments[0]);
      if (
        (call.arguments.length === 0 || t === undefined || t === type || (type && t.startsWith('.'))) &&
        sameTarget(m, call, tKey)
      ) {
        result.effective = call;
        return result;
      }
      continue;
    }
    if (!removers.includes(name)) continue;
    const args = call.arguments;
    const rType = args.length >= 2 ? stringValue(args[0]) : undefined;
    if (type !== undefined && rType !== undefined && rType !== type) continue;
    const rHandler =
      args.length >= 2 ? (name === 'off' && args.length >= 3 ? args[args.length - 1] : args[1]) : args[0];
    if (!rHandler) continue;
    if (isFreshFunction(rHandler)) {
      if (sameTarget(m, call, tKey)) result.ineffective.push(call);
      continue;
    }
    if (id !== undefined && handlerIdentity(m, rHandler) === id) {
      result.effective = call;
      return result;
    }
  }
  return result;
}

/** Cheap prefilter: a removal whose handler has a different identity cannot match (fresh ones are kept). */
function removalMayMatch(m: FileModel, call: TSESTree.CallExpression, id: string): boolean {
  const t = m.memoFor<Set<string>>('removalIds');
  let ids = t.get(call);
  if (!ids) {
    ids = new Set();
    for (const a of call.arguments) {
      if (isFreshFunction(a)) ids.add('*');
      else {
        const h = handlerIdentity(m, a);
        if (h) ids.add(h);
      }
    }
    if (call.arguments.length <= 1) ids.add('*');
    t.set(call, ids);
  }
  return ids.has('*') || ids.has(id);
}

function sameTarget(m: FileModel, call: TSESTree.CallExpression, key: string): boolean {
  return targetKey(m, call) === key;
}

/**
 * Is the value a call returns (an unsubscribe function, a Subscription, a timer id) kept somewhere that can
 * release it? Returned, passed on, or collected: yes. Stored in a variable or field: only if that is read again.
 */
export function returnValueKept(m: FileModel, call: Node): boolean {
  const { parent, child } = valueParent(call);
  if (!parent) return false;
  switch (parent.type) {
    case T.ExpressionStatement:
      return false;
    case T.UnaryExpression:
      return parent.operator !== 'void';
    case T.SequenceExpression:
      return parent.expressions[parent.expressions.length - 1] === child && returnValueKept(m, parent);
    case T.VariableDeclarator: {
      if (parent.id.type !== T.Identifier) return true;
      const v = m.resolve(parent.id);
      return !!v && v.references.some((r) => r.isRead());
    }
    case T.AssignmentExpression: {
      const left = parent.left;
      if (left.type === T.Identifier) {
        const v = m.resolve(left);
        return !v || v.references.some((r) => r.isRead());
      }
      const path = memberPath(left);
      if (path?.startsWith('this.')) return memberPathRead(m, path, parent);
      return true;
    }
    case T.PropertyDefinition: {
      const name = keyName(parent.key, parent.computed);
      return name ? memberPathRead(m, `this.${name}`, parent) : true;
    }
    default:
      return true;
  }
}

function memberPathRead(m: FileModel, path: string, assignment: Node): boolean {
  const cls = enclosingClass(assignment);
  return m.membersWithPath(path).some((me) => {
    if (cls && !(me.range[0] >= cls.range[0] && me.range[1] <= cls.range[1])) return false;
    const p = me.parent;
    return !(p?.type === T.AssignmentExpression && p.left === me);
  });
}

/** Is there a `clear(id)` call (clearInterval/clearTimeout) for the value stored where `call`'s result goes? */
export function timerCleared(
  m: FileModel,
  call: Node,
  clearNames: string[],
): 'dropped' | 'cleared' | 'kept' | 'stored-never-cleared' {
  const { parent } = valueParent(call);
  let key: string | undefined;
  if (parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier) key = handlerIdentity(m, parent.id);
  else if (parent?.type === T.AssignmentExpression && parent.operator === '=') key = handlerIdentity(m, parent.left);
  else if (parent?.type === T.PropertyDefinition) {
    const name = keyName(parent.key, parent.computed);
    if (name) key = `this@${enclosingClass(parent)?.range[0] ?? -1}:this.${name}`;
  } else if (parent?.type === T.ExpressionStatement) return 'dropped';
  else return 'kept';
  if (key === undefined) return 'kept';
  if (clearedKeys(m, clearNames).has(key)) return 'cleared';
  // The id might be handed to something else that clears it (`timers.push(id)`, `disposables.add(id)`).
  if (keyReadOutsideClear(m, key, call)) return 'kept';
  return 'stored-never-cleared';
}

/** The identities of everything the file passes to `clearNames` calls, indexed once per file. */
function clearedKeys(m: FileModel, clearNames: string[]): Set<string> {
  const table = m.memoFor<Set<string>>('clearedKeys:' + [...clearNames].sort().join(','));
  let keys = table.get(m.ast);
  if (!keys) {
    keys = new Set();
    for (const name of clearNames) {
      for (const c of m.callsNamed(name)) {
        const id = c.arguments[0] ? handlerIdentity(m, c.arguments[0]) : undefined;
        if (id !== undefined) keys.add(id);
      }
    }
    table.set(m.ast, keys);
  }
  return keys;
}

function keyReadOutsideClear(m: FileModel, key: string, call: Node): boolean {
  const check = (node: Node): boolean => {
    const { parent, child } = valueParent(node);
    if (!parent) return false;
    if (parent.type === T.AssignmentExpression && parent.left === child) return false;
    if (
      parent.type === T.IfStatement ||
      parent.type === T.UnaryExpression ||
      parent.type === T.LogicalExpression ||
      parent.type === T.BinaryExpression ||
      parent.type === T.ConditionalExpression
    )
      return false;
    if (parent.type === T.MemberExpression && parent.object === child) {
      // `id.unref()` / `id.refresh()` keep it running.
      const prop = !parent.computed && parent.property.type === T.Identifier ? parent.property.name : '';
      return !['unref', 'ref', 'refresh', 'hasRef'].includes(prop);
    }
    // Logging an id does not keep it anywhere.
    if (parent.type === T.CallExpression && /^console\./.test(memberPath(parent.callee) ?? '')) return false;
    if (parent.type === T.TemplateLiteral) return false;
    return true;
  };
  if (key.startsWith('var:')) {
    const v = m.variableById(Number(key.slice(4)));
    return !!v && v.references.some((r) => r.isRead() && r.identifier !== call && check(r.identifier));
  }
  const path = key.slice(key.indexOf(':') + 1);
  return m.membersWithPath(path).some((me) => handlerIdentity(m, me) === key && check(me));
}
