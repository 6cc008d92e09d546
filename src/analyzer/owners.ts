// Owners: the object whose code a piece of code is — a class, a constructor function with prototype methods,
// or an object literal of methods (a jQuery UI widget, a Vue options object, a directive). An owner has a
// lifecycle: a constructor and setup methods that acquire, teardown methods that release. What setup code
// stores into something that outlives the owner must be undone on the teardown path, or every instance stays
// reachable after its end.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  T,
  classMemberOf,
  enclosingFunction,
  isFunction,
  keyName,
  memberPath,
  propertyName,
  unwrap,
  valueParent,
  walk,
  type FunctionNode,
  type Node,
} from './ast';
import { looksLikeVueComponent } from './lifetimes';
import type { FileModel } from './model';
import { VISITOR_KEYS } from './parse';
import * as events from './vocabulary/events';
import * as lifecycle from './vocabulary/lifecycle';
import * as react from './vocabulary/react';

export interface Owner {
  kind: 'class' | 'prototype' | 'object';
  /** The class, the constructor function, or the object literal. */
  node: Node;
  /** Methods by name (a prototype owner's constructor is under 'constructor'). */
  methods: Map<string, FunctionNode>;
  /** Names of the methods that release what the owner holds. */
  teardowns: string[];
  /** A UI component (React class, custom element, Angular/Vue component): it always ends, teardown or not. */
  component: boolean;
}

const TEARDOWN = new Set<string>([...lifecycle.TEARDOWN_METHODS, ...events.SETUP_TEARDOWN_PAIRS.map(([, t]) => t)]);
const PAIR_OF = new Map<string, string>(events.SETUP_TEARDOWN_PAIRS);

/**
 * `_destroy`, `__dispose`, `#close`: the same lifecycle name behind a privacy prefix. `[kClose]`, a method keyed
 * by a constant (Node's convention for private symbols, `kClose = Symbol('close')`), is `close`.
 */
function bareName(name: string): string {
  const symbol = /^\[k([A-Z])(\w*)\]$/.exec(name);
  if (symbol) return symbol[1].toLowerCase() + symbol[2];
  return name.replace(/^[_#$]+/, '');
}

export function isTeardownName(name: string): boolean {
  return TEARDOWN.has(bareName(name));
}

/**
 * The teardown that undoes setup method `name` (`onAdd` → `onRemove`, `startLoad` → `stopLoad`,
 * `attachEvents` → `detachEvents`), if it has a conventional pair.
 */
export function pairedTeardown(name: string): string | undefined {
  const bare = bareName(name);
  const exact = PAIR_OF.get(bare);
  if (exact) return exact;
  const m = /^([a-z]+)([A-Z]\w*)$/.exec(bare);
  const pair = m ? PAIR_OF.get(m[1]) : undefined;
  return pair && m ? pair + m[2] : undefined;
}

/** The owner's method that is `name`'s paired teardown, by its own spelling (`_stopLoad`). */
export function pairedTeardownMethod(owner: Owner, name: string): string | undefined {
  const pair = pairedTeardown(name);
  if (!pair) return undefined;
  return [...owner.methods.keys()].find((k) => bareName(k) === pair);
}

function build(kind: Owner['kind'], node: Node, methods: Map<string, FunctionNode>, component: boolean): Owner {
  const teardowns = [...methods.keys()].filter(isTeardownName);
  return { kind, node, methods, teardowns, component };
}

function classOwner(m: FileModel, cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): Owner {
  const t = m.memoFor<Owner>('owner');
  const cached = t.get(cls);
  if (cached) return cached;
  const methods = new Map<string, FunctionNode>();
  for (const el of cls.body.body) {
    if (el.type !== T.MethodDefinition && el.type !== T.PropertyDefinition) continue;
    const name = keyName(el.key, el.computed);
    const value = el.value ? unwrap(el.value) : undefined;
    if (name && value && isFunction(value)) methods.set(name, value);
  }
  const sup = cls.superClass ? (memberPath(cls.superClass) ?? '') : '';
  const base = sup.split('.').pop() ?? '';
  const component =
    react.COMPONENT_BASES.includes(base) ||
    /Element$/.test(base) ||
    (cls.decorators ?? []).some((d) => /^(Component|Directive)\(/.test(m.source(d.expression))) ||
    methods.has('componentDidMount') ||
    methods.has('connectedCallback') ||
    methods.has('ngOnInit');
  const owner = build('class', cls, methods, component);
  t.set(cls, owner);
  return owner;
}

/** `function Foo() {}` with `Foo.prototype.bar = function () {}` (or `Foo.prototype = { … }`) in the file. */
function prototypeOwner(m: FileModel, ctor: FunctionNode): Owner | undefined {
  const t = m.memoFor<Owner | null>('prototypeOwner');
  if (t.has(ctor)) return t.get(ctor) ?? undefined;
  t.set(ctor, null);
  let name: string | undefined;
  if (ctor.type === T.FunctionDeclaration) name = ctor.id?.name;
  else {
    const { parent } = valueParent(ctor);
    if (parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier) name = parent.id.name;
    else if (parent?.type === T.AssignmentExpression) name = memberPath(parent.left);
  }
  if (!name) return undefined;
  const methods = new Map<string, FunctionNode>([['constructor', ctor]]);
  for (const me of m.membersWithPath(`${name}.prototype`)) {
    const p = me.parent;
    if (p?.type === T.MemberExpression && p.object === me) {
      const assign = p.parent;
      const prop = propertyName(p);
      if (assign?.type === T.AssignmentExpression && assign.left === p && prop && isFunction(unwrap(assign.right)))
        methods.set(prop, unwrap(assign.right) as FunctionNode);
    } else if (p?.type === T.AssignmentExpression && p.left === me) {
      const right = unwrap(p.right);
      if (right.type === T.ObjectExpression) addObjectMethods(right, methods);
    }
  }
  if (methods.size === 1) return undefined;
  const owner = build('prototype', ctor, methods, false);
  t.set(ctor, owner);
  return owner;
}

function addObjectMethods(obj: TSESTree.ObjectExpression, methods: Map<string, FunctionNode>): void {
  for (const p of obj.properties) {
    if (p.type !== T.Property) continue;
    const name = keyName(p.key, p.computed);
    const value = unwrap(p.value);
    if (name && isFunction(value)) methods.set(name, value);
  }
}

function objectOwner(m: FileModel, obj: TSESTree.ObjectExpression): Owner {
  const t = m.memoFor<Owner>('owner');
  const cached = t.get(obj);
  if (cached) return cached;
  const methods = new Map<string, FunctionNode>();
  addObjectMethods(obj, methods);
  // A Vue options object is a component: the framework ends it, so what its mount starts must end in its
  // unmount hooks (beforeDestroy, unmounted), teardown method or not.
  const owner = build('object', obj, methods, looksLikeVueComponent(obj));
  t.set(obj, owner);
  return owner;
}

/** The method of an owner that `fn` is, with that owner. */
export function methodOwner(m: FileModel, fn: FunctionNode): { owner: Owner; name: string } | undefined {
  const member = classMemberOf(fn);
  if (member) {
    const name =
      member.type === T.MethodDefinition && member.kind === 'constructor'
        ? 'constructor'
        : keyName(member.key, member.computed);
    return name ? { owner: classOwner(m, member.parent.parent), name } : undefined;
  }
  const { parent, child } = valueParent(fn);
  if (parent?.type === T.Property && parent.value === child && parent.parent.type === T.ObjectExpression) {
    const name = keyName(parent.key, parent.computed);
    return name ? { owner: objectOwner(m, parent.parent), name } : undefined;
  }
  if (parent?.type === T.AssignmentExpression && parent.right === child) {
    const path = memberPath(parent.left) ?? '';
    const match = /^(.+)\.prototype\.([\w$]+)$/.exec(path);
    if (match) {
      const ctor = constructorNamed(m, match[1], parent);
      const owner = ctor ? prototypeOwner(m, ctor) : undefined;
      return owner ? { owner, name: match[2] } : undefined;
    }
  }
  // A constructor function whose prototype has methods.
  const owner = prototypeOwner(m, fn);
  return owner ? { owner, name: 'constructor' } : undefined;
}

function constructorNamed(m: FileModel, name: string, at: Node): FunctionNode | undefined {
  if (name.includes('.')) return undefined;
  const scope = m.scopeAt(at);
  for (let s: typeof scope | null = scope; s; s = s.upper) {
    const v = s.set.get(name);
    if (!v) continue;
    // TypeScript overload signatures come first; the implementation is the one with a body.
    for (const d of v.defs) {
      const def = d.node as Node;
      if (isFunction(def)) return def;
      if (def.type === T.VariableDeclarator && def.init && isFunction(unwrap(def.init)))
        return unwrap(def.init) as FunctionNode;
    }
    return undefined;
  }
  return undefined;
}

/** The innermost owner method that contains `node` (through nested callbacks), and its owner. */
export function enclosingOwnerMethod(
  m: FileModel,
  node: Node,
): { owner: Owner; name: string; method: FunctionNode } | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const found = methodOwner(m, fn);
    if (found) return { ...found, method: fn };
  }
  return undefined;
}

/** Does code of `owner`'s method `name` (or what it calls on `this`) contain `test`? One level of `this.x()` calls. */
export function methodReaches(owner: Owner, name: string, test: (fn: FunctionNode) => boolean, depth = 2): boolean {
  const fn = owner.methods.get(name);
  if (!fn) return false;
  if (test(fn)) return true;
  if (depth === 0) return false;
  for (const callee of thisCallsIn(fn)) if (methodReaches(owner, callee, test, depth - 1)) return true;
  return false;
}

/** Names of `this.x(...)` / `self.x(...)` methods called in `fn`. */
function thisCallsIn(fn: FunctionNode): string[] {
  const names = new Set<string>();
  walk(
    fn.body,
    (n) => {
      if (n.type !== T.CallExpression) return;
      const c = unwrap(n.callee);
      if (c.type === T.MemberExpression && (c.object.type === T.ThisExpression || isSelfAlias(c.object))) {
        const p = propertyName(c);
        if (p) names.add(p);
      }
    },
    VISITOR_KEYS,
  );
  return [...names];
}

function isSelfAlias(n: Node): boolean {
  return n.type === T.Identifier && (n.name === 'self' || n.name === '_this' || n.name === 'that' || n.name === 'me');
}

const membersByOwner = new WeakMap<FileModel, Map<string, Map<Owner, TSESTree.MemberExpression[]>>>();

/**
 * `m.membersWithPath(path)` that sit in a method of `owner` (through nested callbacks), in file order. Grouped
 * once per path: asking per owner would scan every use of a common field name (`this.map`) once per owner.
 */
export function membersInOwner(m: FileModel, path: string, owner: Owner): TSESTree.MemberExpression[] {
  let byPath = membersByOwner.get(m);
  if (!byPath) membersByOwner.set(m, (byPath = new Map()));
  let byOwner = byPath.get(path);
  if (!byOwner) {
    byOwner = new Map();
    for (const member of m.membersWithPath(path)) {
      const o = enclosingOwnerMethod(m, member)?.owner;
      if (!o) continue;
      const list = byOwner.get(o);
      if (list) list.push(member);
      else byOwner.set(o, [member]);
    }
    byPath.set(path, byOwner);
  }
  return byOwner.get(owner) ?? [];
}

/**
 * The undo function `fn` hands back: a function literal it returns, or a method of an object literal it returns
 * whose name matches `releaseKey` (`return { destroy() {…} }`). Nested functions' returns are not `fn`'s.
 */
export function returnedRelease(fn: FunctionNode, releaseKey: RegExp): FunctionNode | undefined {
  let found: FunctionNode | undefined;
  const check = (arg: Node | null | undefined) => {
    if (!arg || found) return;
    const a = unwrap(arg);
    if (isFunction(a)) found = a;
    else if (a.type === T.ObjectExpression)
      for (const p of a.properties) {
        if (p.type !== T.Property || !releaseKey.test(keyName(p.key, p.computed) ?? '')) continue;
        const v = unwrap(p.value);
        if (isFunction(v)) found = v;
      }
  };
  if (fn.body.type !== T.BlockStatement) check(fn.body);
  else
    walk(
      fn.body,
      (n) => {
        if (found || (n !== fn.body && isFunction(n))) return false;
        if (n.type === T.ReturnStatement) check(n.argument);
        return !found;
      },
      VISITOR_KEYS,
    );
  return found;
}
