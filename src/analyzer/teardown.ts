// Teardown: does the code that registers something also release it? A removal only counts when it passes
// the *same* function: a fresh `.bind(this)` or a new arrow removes nothing.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  T,
  calleeName,
  calleeObject,
  enclosingClass,
  isFreshFunction,
  isFunction,
  keyName,
  memberPath,
  stringValue,
  unwrap,
  valueParent,
  walk,
  type FunctionNode,
  type Node,
} from './ast';
import { VISITOR_KEYS } from './parse';
import type { FileModel } from './model';
import { captureFlag, type Registration } from './registrations';
import * as events from './vocabulary/events';

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

/** `targetKey` once per call: a removal is compared with every registration on its target. */
function targetKey(m: FileModel, call: TSESTree.CallExpression): string {
  const t = m.memoFor<string>('targetKey');
  let key = t.get(call);
  if (key === undefined) t.set(call, (key = computeTargetKey(m, call)));
  return key;
}

function computeTargetKey(m: FileModel, call: TSESTree.CallExpression): string {
  const obj = calleeObject(call);
  if (!obj) return 'window';
  const o = unwrap(obj);
  if (o.type === T.CallExpression && ['$', 'jQuery'].includes(calleeName(o) ?? '') && o.arguments[0]) {
    return (
      '$:' + (stringValue(o.arguments[0]) ?? normalizeTarget(memberPath(o.arguments[0])) ?? m.source(o.arguments[0]))
    );
  }
  const path = memberPath(o);
  if (path) return normalizeTarget(thisAliased(m, o, path));
  return m.source(o).replace(/\s+/g, '');
}

/** `self.process` → `this.process` where `self` is a `const self = this` (or `var that = this`) alias. */
function thisAliased(m: FileModel, node: Node, path: string): string {
  let root = node;
  while (root.type === T.MemberExpression) root = unwrap(root.object);
  if (root.type !== T.Identifier) return path;
  const v = m.resolve(root);
  const def = v?.defs[0]?.node;
  if (def?.type !== T.VariableDeclarator || !def.init || unwrap(def.init).type !== T.ThisExpression) return path;
  if (v!.references.filter((r) => r.isWrite()).length > 1) return path;
  return 'this' + path.slice(root.name.length);
}

export interface RemovalSearch {
  /** A removal that really removes the registered function (or everything): the first of `effectiveAll`. */
  effective?: TSESTree.CallExpression;
  /** Every such removal (on whichever paths they run). */
  effectiveAll: TSESTree.CallExpression[];
  /** Removals for the same event that remove nothing: a fresh function, or the other capture phase. */
  ineffective: TSESTree.CallExpression[];
  /** Why each ineffective removal removes nothing. */
  reasons: ('fresh' | 'capture')[];
  /**
   * Removals that pass the very call the registration passed (`off('x', bound(this, 'h'))` for
   * `on('x', bound(this, 'h'))`) where that call is not `.bind()`: a helper that memoizes returns the same
   * function both times, one that does not returns a new one. Which it is cannot be seen here.
   */
  uncertain: TSESTree.CallExpression[];
  /** Removals from the same target for the same event, whatever they pass: the author means it to end. */
  attempted: TSESTree.CallExpression[];
}

const REMOVERS: Record<string, string[]> = {
  addEventListener: ['removeEventListener'],
  on: ['off', 'removeListener', 'removeEventListener', 'unbind'],
  once: ['off', 'removeListener', 'removeEventListener'],
  addListener: ['removeListener', 'off', 'removeEventListener'],
  prependListener: ['removeListener', 'off'],
  $on: ['$off'],
  bind: ['unbind', 'off'],
};
const WRAPPER_REMOVERS = [...events.WRAPPER_REMOVERS];

/** Looks for a call anywhere in the file that removes the listener `reg` added. */
export function findListenerRemoval(m: FileModel, reg: Registration): RemovalSearch {
  const t = m.memoFor<RemovalSearch>('removal');
  const cached = t.get(reg.call);
  if (cached) return cached;
  const result = reg.wrapper ? searchWrapperRemoval(m, reg) : searchRemoval(m, reg);
  t.set(reg.call, result);
  return result;
}

function searchRemoval(m: FileModel, reg: Registration): RemovalSearch {
  const { call: add, method: addName, type, handler } = reg;
  const removers = REMOVERS[addName] ?? [];
  const tKeys = new Set([
    targetKey(m, add),
    ...fieldAliases(m, calleeObject(add)).map((f) => normalizeTarget(memberPath(f))),
  ]);
  const id = handler && !isFreshFunction(handler) ? handlerIdentity(m, handler) : undefined;
  // The handler kept in a field too (`this._onKey = onKey`): a removal through the field removes it.
  const ids = new Set(id === undefined ? [] : [id, ...fieldAliases(m, handler).map((p) => handlerIdentity(m, p)!)]);
  const names = [...new Set(['removeAllListeners', 'off', '$off', ...removers])];
  const attempted = attemptedRemovals(m, names, removers, tKeys, type);
  const result: RemovalSearch = { effectiveAll: [], ineffective: [], reasons: [], uncertain: [], attempted };
  const sameCall = handler ? helperCallText(m, handler) : undefined;
  for (const call of removalCandidates(m, names, tKeys, ids)) {
    const name = calleeName(call);
    if (!name) continue;
    if (
      name === 'removeAllListeners' ||
      (name === 'off' && call.arguments.length <= 1) ||
      (name === '$off' && call.arguments.length <= 1)
    ) {
      const t = stringValue(call.arguments[0]);
      if (
        (call.arguments.length === 0 || t === undefined || t === type || (type && t.startsWith('.'))) &&
        tKeys.has(targetKey(m, call))
      ) {
        found(result, call);
      }
      continue;
    }
    if (!removers.includes(name)) continue;
    const args = call.arguments;
    const rType = args.length >= 2 ? stringValue(args[0]) : undefined;
    if (type !== undefined && rType !== undefined && rType !== type) continue;
    const handlers = args.length >= 2 ? args.slice(1) : args.slice(0, 1);
    if (!handlers.length) continue;
    const onTarget = tKeys.has(targetKey(m, call));
    if (id !== undefined && ![...ids].some((i) => removalMayMatch(m, call, i))) continue;
    // Through a field alias only on the same target (the field may be handed to other targets too).
    const matches = (h: Node) => {
      const hid = handlerIdentity(m, h);
      return hid === id || (onTarget && ids.has(hid ?? ''));
    };
    if (id !== undefined && handlers.some(matches)) {
      // The capture phase is part of a listener's identity: removing the bubbling one leaves the capturing one.
      if (addName === 'addEventListener' && captureFlag(args[2]) !== !!reg.capture) {
        result.ineffective.push(call);
        result.reasons.push('capture');
        continue;
      }
      found(result, call);
      continue;
    }
    if (isFreshFunction(handlers[0]) && onTarget) {
      const fresh = makesNewFunction(m, handlers[0]);
      if (!fresh && sameCall !== undefined && helperCallText(m, handlers[0]) === sameCall) {
        result.uncertain.push(call);
        continue;
      }
      if (!fresh) {
        // A lookup (`getScratchProp('onClick')`, `this.handlers.get(type)`) may return the very handler added.
        found(result, call);
        continue;
      }
      result.ineffective.push(call);
      result.reasons.push('fresh');
    }
  }
  return result;
}

/**
 * Whether a handler expression certainly makes a new function object each time it runs: a function literal,
 * `.bind()`, or a call of a function of this file that returns one of those (a handler factory). An unknown call
 * (`getScratchProp('onClick')`, `registry.get(type)`) may be a lookup that returns the stored handler.
 */
function makesNewFunction(m: FileModel, node: Node): boolean {
  const n = unwrap(node);
  if (isFunction(n)) return true;
  if (n.type !== T.CallExpression) return false;
  if (calleeName(n) === 'bind') return true;
  const callee = n.callee.type === T.Identifier ? localFunction(m, n.callee) : undefined;
  if (!callee) return FACTORY_NAME.test(calleeName(n) ?? '');
  if (callee.body.type !== T.BlockStatement) return returnsNewFunction(callee.body);
  let fresh = false;
  walk(
    callee.body,
    (c) => {
      if (fresh || (c !== callee.body && isFunction(c))) return false;
      if (c.type === T.ReturnStatement && c.argument && returnsNewFunction(c.argument)) fresh = true;
      return !fresh;
    },
    VISITOR_KEYS,
  );
  return fresh;
}

/** The function a name is declared as in this file (`function f() {}`, `const f = () => …`). */
function localFunction(m: FileModel, id: TSESTree.Identifier): FunctionNode | undefined {
  const d = m.resolve(id)?.defs[0]?.node as Node | undefined;
  if (d && isFunction(d)) return d;
  if (d?.type === T.VariableDeclarator && d.init && isFunction(unwrap(d.init))) return unwrap(d.init) as FunctionNode;
  return undefined;
}

/** Names that say a call builds something: `createHandler(self)`, `makeListener(…)`, `wrap(fn)`. */
const FACTORY_NAME = /^(create|make|build|new|wrap|bind)/i;

function returnsNewFunction(node: Node): boolean {
  const n = unwrap(node);
  return isFunction(n) || (n.type === T.CallExpression && calleeName(n) === 'bind');
}

/** The text of a handler that is a call to something other than `.bind()` (a helper that may memoize). */
function helperCallText(m: FileModel, node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type !== T.CallExpression || calleeName(n) === 'bind') return undefined;
  return m.source(n).replace(/\s+/g, '');
}

interface RemovalCall {
  call: TSESTree.CallExpression;
  name: string;
  /** Position among the calls of that name (file order). */
  order: number;
  /** Removes every handler (`removeAllListeners()`, `off('x')`) rather than the ones it passes. */
  all: boolean;
  /** The event type it names (when it passes a handler too). */
  type?: string;
  /** How many handlers it passes. */
  handlers: number;
  /** Its first handler is a fresh function: it removes nothing. */
  fresh: boolean;
}

const REMOVAL_NAMES = [...new Set(['removeAllListeners', 'off', '$off', ...Object.values(REMOVERS).flat()])];

interface RemovalIndex {
  /** Per target key, the removals that act whatever handler was added: remove-all calls, a fresh function. */
  anyHandler: Map<string, RemovalCall[]>;
  /** Per target key, the removals that pass handlers. */
  passingHandlers: Map<string, RemovalCall[]>;
  /** Per handler identity, the removals that pass it. */
  byHandler: Map<string, RemovalCall[]>;
  /** `attemptedRemovals` by its arguments: registrations of one event on one target share it. */
  attempted: Map<string, TSESTree.CallExpression[]>;
}

/** The file's removal calls by target key and by the identity of each handler they pass, indexed once. */
function removalIndex(m: FileModel): RemovalIndex {
  const t = m.memoFor<RemovalIndex>('removalIndex');
  let index = t.get(m.ast);
  if (index) return index;
  index = { anyHandler: new Map(), passingHandlers: new Map(), byHandler: new Map(), attempted: new Map() };
  const add = (map: Map<string, RemovalCall[]>, key: string, r: RemovalCall) => {
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    if (list[list.length - 1] !== r) list.push(r);
  };
  for (const name of REMOVAL_NAMES) {
    m.callsNamed(name).forEach((call, order) => {
      // The same split as searchRemoval's loop.
      const args = call.arguments;
      const all = name === 'removeAllListeners' || ((name === 'off' || name === '$off') && args.length <= 1);
      const handlers = args.length >= 2 ? args.slice(1) : args.slice(0, 1);
      const r: RemovalCall = {
        call,
        name,
        order,
        all,
        type: args.length >= 2 ? stringValue(args[0]) : undefined,
        handlers: handlers.length,
        fresh: !all && handlers.length > 0 && isFreshFunction(handlers[0]),
      };
      const target = targetKey(m, call);
      if (all || r.fresh) add(index.anyHandler, target, r);
      if (!all) add(index.passingHandlers, target, r);
      for (const h of handlers) {
        const hid = handlerIdentity(m, h);
        if (hid !== undefined) add(index.byHandler, hid, r);
      }
    });
  }
  t.set(m.ast, index);
  return index;
}

/**
 * Removal calls (of any event) from the registration's target made inside `within`: the code that adds
 * listeners to that target also takes some off again there, so it means the target to outlive each run.
 */
export function removalsFromTargetWithin(
  m: FileModel,
  registration: TSESTree.CallExpression,
  within: Node,
): TSESTree.CallExpression[] {
  const index = removalIndex(m);
  const key = targetKey(m, registration);
  const out: TSESTree.CallExpression[] = [];
  for (const map of [index.passingHandlers, index.anyHandler])
    for (const r of map.get(key) ?? [])
      if (r.call.range[0] >= within.range[0] && r.call.range[1] <= within.range[1] && !out.includes(r.call))
        out.push(r.call);
  return out;
}

/** In the order `searchRemoval` looks at them: by name in `names`, then file order. */
function inSearchOrder(names: string[], picked: Iterable<RemovalCall>): TSESTree.CallExpression[] {
  return [...picked]
    .filter((r) => names.includes(r.name))
    .sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name) || a.order - b.order)
    .map((r) => r.call);
}

/**
 * The calls that may remove the registration or fail to (a fresh function, the other capture phase): the
 * remove-all calls and fresh functions on its targets, and every call passing its handler. The others on its
 * targets only count as attempts (attemptedRemovals). Looking at every removal in the file for every
 * registration is quadratic in a bundle.
 */
function removalCandidates(
  m: FileModel,
  names: string[],
  tKeys: Set<string>,
  ids: Set<string>,
): TSESTree.CallExpression[] {
  const index = removalIndex(m);
  const picked = new Set<RemovalCall>();
  for (const k of tKeys) for (const r of index.anyHandler.get(k) ?? []) picked.add(r);
  for (const i of ids) for (const r of index.byHandler.get(i) ?? []) picked.add(r);
  return inSearchOrder(names, picked);
}

/** Removals of the event from one of the targets that pass a handler, whichever: computed once per event and target. */
function attemptedRemovals(
  m: FileModel,
  names: string[],
  removers: string[],
  tKeys: Set<string>,
  type: string | undefined,
): TSESTree.CallExpression[] {
  const index = removalIndex(m);
  const key = JSON.stringify([names, removers, type ?? null, [...tKeys].sort()]);
  let list = index.attempted.get(key);
  if (!list) {
    const picked: RemovalCall[] = [];
    for (const k of tKeys)
      for (const r of index.passingHandlers.get(k) ?? [])
        if (
          removers.includes(r.name) &&
          !(type !== undefined && r.type !== undefined && r.type !== type) &&
          r.handlers > 0
        )
          picked.push(r);
    index.attempted.set(key, (list = inSearchOrder(names, picked)));
  }
  return list.slice();
}

/** `DomEvent.off(el, 'click', fn)` for `DomEvent.on(el, 'click', fn)`. */
function searchWrapperRemoval(m: FileModel, reg: Registration): RemovalSearch {
  const result: RemovalSearch = { effectiveAll: [], ineffective: [], reasons: [], uncertain: [], attempted: [] };
  const tKey = reg.target ? expressionKey(m, reg.target) : '';
  const id = reg.handler && !isFreshFunction(reg.handler) ? handlerIdentity(m, reg.handler) : undefined;
  // `addEventListener(window, 'x', h)` removed by the target's own method: `window.removeEventListener('x', h)`.
  if (id !== undefined) {
    for (const r of removalIndex(m).byHandler.get(id) ?? []) {
      if (r.all || !WRAPPER_REMOVERS.includes(r.name) || targetKey(m, r.call) !== tKey) continue;
      if (r.type !== undefined && reg.type !== undefined && r.type !== reg.type) continue;
      result.attempted.push(r.call);
      found(result, r.call);
    }
  }
  for (const call of WRAPPER_REMOVERS.flatMap((n) => m.callsNamed(n))) {
    const args = call.arguments;
    if (args.length < 2 || args[0].type === T.SpreadElement || expressionKey(m, args[0]) !== tKey) continue;
    const rType = stringValue(args[1]);
    if (rType !== undefined && reg.type !== undefined && rType !== reg.type) continue;
    result.attempted.push(call);
    const rHandler = args[2];
    if (!rHandler) {
      found(result, call); // off(el, 'click'): every handler for the event
      continue;
    }
    if (isFreshFunction(rHandler) && makesNewFunction(m, rHandler)) {
      result.ineffective.push(call);
      result.reasons.push('fresh');
    } else if (isFreshFunction(rHandler)) found(result, call);
    else if (id !== undefined && handlerIdentity(m, rHandler) === id) found(result, call);
  }
  return result;
}

function found(result: RemovalSearch, call: TSESTree.CallExpression): void {
  result.effective ??= call;
  result.effectiveAll.push(call);
}

function expressionKey(m: FileModel, node: Node): string {
  const path = memberPath(node);
  return path !== undefined ? normalizeTarget(path) : m.source(node).replace(/\s+/g, '');
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

/**
 * The fields a local variable's value is also stored in (`this.dom = dom`, `this._onKey = onKey`), as member
 * expressions: the same object under another name.
 */
function fieldAliases(m: FileModel, node: Node | undefined): TSESTree.MemberExpression[] {
  const n = node && unwrap(node);
  if (n?.type !== T.Identifier) return [];
  const v = m.resolve(n);
  if (!v) return [];
  const out: TSESTree.MemberExpression[] = [];
  for (const r of v.references) {
    const p = r.identifier.parent;
    if (p?.type === T.AssignmentExpression && p.right === r.identifier && p.left.type === T.MemberExpression) {
      const path = memberPath(p.left);
      if (path?.startsWith('this.')) out.push(p.left);
    }
  }
  return out;
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

/** Where a timer call's id goes: the identity of the variable or field it is stored in. */
export function timerSlot(m: FileModel, call: Node): { key?: string; store?: Node; dropped: boolean } {
  const { parent } = valueParent(call);
  if (parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier)
    return { key: handlerIdentity(m, parent.id), store: parent, dropped: false };
  if (parent?.type === T.AssignmentExpression && parent.operator === '=') {
    // `a = this.b = setInterval(...)`: the outermost target is as good as any.
    return { key: handlerIdentity(m, parent.left), store: parent, dropped: false };
  }
  if (parent?.type === T.PropertyDefinition) {
    const name = keyName(parent.key, parent.computed);
    if (name)
      return { key: `this@${enclosingClass(parent)?.range[0] ?? -1}:this.${name}`, store: parent, dropped: false };
  }
  return { dropped: parent?.type === T.ExpressionStatement };
}

/** Is there a `clear(id)` call (clearInterval/clearTimeout) for the value stored where `call`'s result goes? */
export function timerCleared(
  m: FileModel,
  call: Node,
  clearNames: string[],
): 'dropped' | 'cleared' | 'kept' | 'stored-never-cleared' {
  const slot = timerSlot(m, call);
  if (slot.dropped) return 'dropped';
  const key = slot.key;
  if (key === undefined) return 'kept';
  if (clearedKeys(m, clearNames).has(key)) return 'cleared';
  // The id might be handed to something else that clears it (`timers.push(id)`, `disposables.add(id)`).
  if (keyReadOutsideClear(m, key, call)) return 'kept';
  return 'stored-never-cleared';
}

/** The `clearNames(...)` calls that clear the id stored under `key`. */
export function clearsOf(m: FileModel, key: string, clearNames: string[]): TSESTree.CallExpression[] {
  return clearedKeys(m, clearNames).get(key) ?? [];
}

/** The identities of everything the file passes to `clearNames` calls, with those calls, indexed once per file. */
function clearedKeys(m: FileModel, clearNames: string[]): Map<string, TSESTree.CallExpression[]> {
  const table = m.memoFor<Map<string, TSESTree.CallExpression[]>>('clearedKeys:' + [...clearNames].sort().join(','));
  let keys = table.get(m.ast);
  if (!keys) {
    keys = new Map();
    for (const name of clearNames) {
      for (const c of m.callsNamed(name)) {
        const id = c.arguments[0] ? handlerIdentity(m, c.arguments[0]) : undefined;
        if (id === undefined) continue;
        let list = keys.get(id);
        if (!list) keys.set(id, (list = []));
        list.push(c);
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
