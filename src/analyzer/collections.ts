// Long-lived collections (module-level, static, or fields of a singleton) and how the code uses them:
// what grows them, what shrinks them, whether they are iterated or escape. Shared by
// unbounded-collection and map-object-key.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Variable } from '@typescript-eslint/scope-manager';
import {
  T,
  calleeName,
  enclosingClass,
  enclosingFunction,
  isFunction,
  keyName,
  memberPath,
  stringValue,
  numberValue,
  unwrap,
  valueParent,
  type Node,
} from './ast';
import { classIsSingleton, runsRepeatedly } from './lifetimes';
import type { FunctionNode } from './ast';
import type { FileModel } from './model';
import { oneOf } from './vocabulary/names';

/** Calls that copy a collection out (its iteration does not count as draining it). */
const SNAPSHOT_CALLS = oneOf(['keys', 'values', 'entries', 'from']);

export type CollectionKind = 'Map' | 'Set' | 'Array' | 'Object';

export interface GrowOp {
  node: TSESTree.CallExpression | TSESTree.AssignmentExpression;
  key?: Node;
  repeatable: boolean;
}

export interface Collection {
  kind: CollectionKind;
  name: string;
  /** The declaration (reported on). */
  decl: Node;
  /** The creating expression (`new Map()`), target of the WeakMap fix. */
  init: Node;
  /** The TS type annotation of the declaration, if any (`Map<K, V>`). */
  typeAnnotation?: TSESTree.TypeNode;
  grows: GrowOp[];
  shrinks: boolean;
  bounded: boolean;
  iterated: boolean;
  escapes: boolean;
  /** Only get/set/has/delete (Map) or add/has/delete (Set) through the binding itself: WeakMap-safe. */
  weakSafe: boolean;
}

function creation(init: Node | null | undefined): { kind: CollectionKind; node: Node } | undefined {
  if (!init) return undefined;
  const i = unwrap(init);
  if (i.type === T.NewExpression && i.callee.type === T.Identifier) {
    if (i.callee.name === 'Map' || i.callee.name === 'Set') return { kind: i.callee.name, node: i };
    if (i.callee.name === 'Array' && i.arguments.length === 0) return { kind: 'Array', node: i };
  }
  if (i.type === T.ArrayExpression && i.elements.length === 0) return { kind: 'Array', node: i };
  if (i.type === T.ObjectExpression && i.properties.length === 0) return { kind: 'Object', node: i };
  if (
    i.type === T.CallExpression &&
    memberPath(i.callee) === 'Object.create' &&
    i.arguments[0]?.type === T.Literal &&
    i.arguments[0].value === null
  ) {
    return { kind: 'Object', node: i };
  }
  return undefined;
}

/** Every long-lived collection in the file with its usage summary. Memoized per file. */
export function longLivedCollections(m: FileModel): Collection[] {
  const t = m.memoFor<Collection[]>('collections');
  const cached = t.get(m.ast);
  if (cached) return cached;
  const out: Collection[] = [];
  for (const scope of [
    m.scopeManager.globalScope!,
    ...m.scopeManager.globalScope!.childScopes.filter((s) => s.type === 'module'),
  ]) {
    for (const v of scope.variables) {
      const def = v.defs[0];
      if (!def || def.node.type !== T.VariableDeclarator || def.node.id.type !== T.Identifier) continue;
      const c = creation(def.node.init);
      if (!c || isExportedDecl(def.node)) continue;
      const uses = v.references.filter((r) => !r.init).map((r) => r.identifier as Node);
      out.push(summarize(m, c.kind, v.name, def.node, c.node, def.node.id.typeAnnotation?.typeAnnotation, uses, v));
    }
  }
  collectFactoryCollections(m, out);
  collectClassFields(m, out);
  t.set(m.ast, out);
  return out;
}

/**
 * A collection private to a factory (`memoize(fn)`, `createCache()`) that the factory's returned closure or
 * object keeps: it lives as long as the result, so a module-level, run-once call makes it long-lived too.
 */
function collectFactoryCollections(m: FileModel, out: Collection[]): void {
  for (const scope of m.scopeManager.scopes) {
    if (scope.type !== 'function' || !isFunction(scope.block as Node)) continue;
    const factory = scope.block as FunctionNode;
    if (enclosingFunction(factory) || !calledOnlyAtLoad(m, factory)) continue;
    for (const v of scope.variables) {
      const def = v.defs[0];
      if (!def || def.node.type !== T.VariableDeclarator || def.node.id.type !== T.Identifier) continue;
      const c = creation(def.node.init);
      if (!c) continue;
      const uses = v.references.filter((r) => !r.init).map((r) => r.identifier as Node);
      if (!uses.some((u) => inReturnedFunction(u, factory))) continue;
      out.push(summarize(m, c.kind, v.name, def.node, c.node, def.node.id.typeAnnotation?.typeAnnotation, uses, v));
    }
  }
}

/** The factory is a named module-level function whose every call runs once, at load (and it has one). */
function calledOnlyAtLoad(m: FileModel, fn: FunctionNode): boolean {
  const id =
    fn.type === T.FunctionDeclaration
      ? fn.id
      : fn.parent?.type === T.VariableDeclarator && fn.parent.id.type === T.Identifier
        ? fn.parent.id
        : null;
  if (!id) return false;
  const v = m.resolve(id);
  if (!v) return false;
  let calls = 0;
  for (const ref of v.references) {
    if (ref.init) continue;
    const p = ref.identifier.parent;
    if (p?.type !== T.CallExpression || p.callee !== ref.identifier) return false;
    if (enclosingFunction(p) || runsRepeatedly(m, p)) return false;
    calls++;
  }
  return calls > 0;
}

/** Is `use` inside a function that `factory` returns (directly, or as a method of a returned object)? */
function inReturnedFunction(use: Node, factory: FunctionNode): boolean {
  for (let fn = enclosingFunction(use); fn && fn !== factory; fn = enclosingFunction(fn)) {
    if (enclosingFunction(fn) !== factory) continue;
    let p = fn.parent;
    if (p?.type === T.Property && p.parent.type === T.ObjectExpression) p = p.parent.parent;
    if (
      p?.type === T.ReturnStatement ||
      (p === factory && factory.type === T.ArrowFunctionExpression && factory.body !== p)
    )
      return true;
    if (factory.type === T.ArrowFunctionExpression && (factory.body === fn || factory.body === fn.parent?.parent))
      return true;
  }
  return false;
}

function isExportedDecl(decl: Node): boolean {
  const p = decl.parent?.parent;
  return p?.type === T.ExportNamedDeclaration;
}

function collectClassFields(m: FileModel, out: Collection[]): void {
  for (const cls of m.classes) {
    for (const el of cls.body.body) {
      if (el.type !== T.PropertyDefinition) continue;
      const name = keyName(el.key, el.computed);
      const c = creation(el.value);
      if (!name || !c) continue;
      if (el.static) {
        const paths = [`this.${name}`, cls.id ? `${cls.id.name}.${name}` : ''].filter(Boolean);
        const uses = paths
          .flatMap((p) => m.membersWithPath(p))
          .filter((me) => memberPath(me) !== `this.${name}` || inStaticCode(me));
        out.push(
          summarize(
            m,
            c.kind,
            `${cls.id?.name ?? 'class'}.${name}`,
            el,
            c.node,
            el.typeAnnotation?.typeAnnotation,
            uses,
          ),
        );
      } else if (classIsSingleton(m, cls)) {
        const uses = m.membersWithPath(`this.${name}`).filter((me) => enclosingClass(me) === cls);
        out.push(summarize(m, c.kind, `this.${name}`, el, c.node, el.typeAnnotation?.typeAnnotation, uses));
      }
    }
    if (!classIsSingleton(m, cls)) continue;
    // `this.cache = new Map()` in the constructor of a singleton.
    for (const me of m.memberExpressions) {
      const p = me.parent;
      if (me.object.type !== T.ThisExpression || me.range[0] < cls.range[0] || me.range[1] > cls.range[1]) continue;
      if (
        enclosingClass(me) !== cls ||
        me.object.type !== T.ThisExpression ||
        p?.type !== T.AssignmentExpression ||
        p.left !== me
      )
        continue;
      const c = creation(p.right);
      const path = memberPath(me);
      if (!c || !path || out.some((o) => o.name === path)) continue;
      const uses = m.membersWithPath(path).filter((x) => x !== me && enclosingClass(x) === cls);
      out.push(summarize(m, c.kind, path, p, c.node, undefined, uses));
    }
  }
}

function inStaticCode(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === T.MethodDefinition || n.type === T.PropertyDefinition || n.type === T.StaticBlock)
      return n.type === T.StaticBlock || n.static;
  }
  return false;
}

const GROW = { Map: ['set'], Set: ['add'], Array: ['push', 'unshift', 'splice'], Object: [] } as Record<
  CollectionKind,
  string[]
>;
const SHRINK = new Set(['delete', 'clear', 'shift', 'pop', 'splice', 'length']);
const ITERATE = new Set([
  'keys',
  'values',
  'entries',
  'forEach',
  'size',
  'length',
  'map',
  'filter',
  'reduce',
  'some',
  'every',
  'find',
  'join',
  'slice',
  'indexOf',
  'includes',
  'sort',
  Symbol.iterator.toString(),
]);
const WEAK_OK = {
  Map: ['get', 'set', 'has', 'delete'],
  Set: ['add', 'has', 'delete'],
  Array: [],
  Object: [],
} as Record<CollectionKind, string[]>;

function summarize(
  m: FileModel,
  kind: CollectionKind,
  name: string,
  decl: Node,
  init: Node,
  typeAnnotation: TSESTree.TypeNode | undefined,
  uses: Node[],
  v?: Variable,
): Collection {
  const c: Collection = {
    kind,
    name,
    decl,
    init,
    typeAnnotation,
    grows: [],
    shrinks: false,
    bounded: false,
    iterated: false,
    escapes: false,
    weakSafe: kind === 'Map' || kind === 'Set',
  };
  if (v && v.references.some((r) => r.isWrite() && !r.init)) c.shrinks = true; // reassigned: reset
  for (const use of uses) {
    const { parent, child } = valueParent(use);
    if (!parent) continue;
    if (parent.type === T.MemberExpression && parent.object === child) {
      const prop = parent.computed ? undefined : keyName(parent.property, false);
      const grand = parent.parent;
      if (grand?.type === T.CallExpression && grand.callee === parent && prop) {
        if (!WEAK_OK[kind].includes(prop)) c.weakSafe = false;
        if (GROW[kind].includes(prop) && !(prop === 'splice' && grand.arguments.length <= 2)) {
          c.grows.push({
            node: grand,
            key: kind === 'Array' ? undefined : grand.arguments[0],
            repeatable: runsRepeatedly(m, grand),
          });
        }
        if (SHRINK.has(prop) && !(prop === 'splice' && grand.arguments.length > 2)) c.shrinks = true;
        if (ITERATE.has(prop)) c.iterated = true;
        continue;
      }
      if (prop === 'size' || prop === 'length') {
        c.iterated = true;
        c.weakSafe = false;
        if (grand?.type === T.BinaryExpression && /[<>]=?/.test(grand.operator)) c.bounded = true;
        if (grand?.type === T.AssignmentExpression && grand.left === parent) c.shrinks = true; // arr.length = 0
        continue;
      }
      if (grand?.type === T.UnaryExpression && grand.operator === 'delete') {
        c.shrinks = true;
        continue;
      }
      if (grand?.type === T.AssignmentExpression && grand.left === parent) {
        const key = parent.computed ? parent.property : undefined;
        if (kind === 'Object' && key && stringValue(key) === undefined && numberValue(key) === undefined) {
          c.grows.push({ node: grand, key, repeatable: runsRepeatedly(m, grand) });
        } else if (kind === 'Array' && key) {
          c.grows.push({ node: grand, key: undefined, repeatable: runsRepeatedly(m, grand) });
        }
        c.weakSafe = false;
        continue;
      }
      c.weakSafe = false;
      continue;
    }
    c.weakSafe = false;
    if (parent.type === T.ForOfStatement || parent.type === T.SpreadElement || parent.type === T.ForInStatement) {
      c.iterated = true;
      continue;
    }
    if (parent.type === T.AssignmentExpression && parent.left === child) {
      c.shrinks = true;
      continue;
    }
    if (parent.type === T.CallExpression && SNAPSHOT_CALLS.test(calleeName(parent) ?? '')) {
      c.iterated = true;
      const len = parent.parent;
      if (
        len?.type === T.MemberExpression &&
        keyName(len.property, len.computed) === 'length' &&
        len.parent?.type === T.BinaryExpression
      )
        c.bounded = true;
      continue;
    }
    if (parent.type === T.CallExpression && calleeName(parent) === 'length') continue;
    // Passed to a function, returned, stored elsewhere: someone else may prune it.
    if (parent.type === T.MemberExpression && parent.property === child) continue;
    c.escapes = true;
  }
  if (kind === 'Object' && c.grows.length === 0) c.weakSafe = false;
  return c;
}

/** A key that is a fixed literal adds at most one entry. */
export function isFixedKey(key: Node | undefined): boolean {
  if (!key) return false;
  return stringValue(key) !== undefined || numberValue(key) !== undefined || unwrap(key).type === T.Literal;
}
