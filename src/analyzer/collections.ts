// Long-lived collections (module-level, static, or fields of a singleton) and how the code uses them:
// what grows them, what shrinks them, whether they are iterated or escape. Shared by
// unbounded-collection and map-object-key.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Scope, Variable } from '@typescript-eslint/scope-manager';
import {
  T,
  calleeName,
  enclosingClass,
  enclosingFunction,
  functionBindingId,
  isFunction,
  isInside,
  keyName,
  memberPath,
  stringValue,
  numberValue,
  propertyName,
  unwrap,
  valueParent,
  walk,
  type Node,
} from './ast';
import { VISITOR_KEYS } from './parse';
import { classIsSingleton, functionRepeats, runsRepeatedly } from './lifetimes';
import type { FunctionNode } from './ast';
import type { FileModel } from './model';
import { releasePath } from './paths';
import { keyKind } from './keys';
import { membersInOwner, methodOwner } from './owners';
import { oneOf } from './vocabulary/names';
import { storedGlobally } from './installed';

/** Calls that copy a collection out (its iteration does not count as draining it). */
const SNAPSHOT_CALLS = oneOf(['keys', 'values', 'entries', 'from']);

export type CollectionKind = 'Map' | 'Set' | 'Array' | 'Object';

export interface GrowOp {
  node: TSESTree.CallExpression | TSESTree.AssignmentExpression;
  key?: Node;
  repeatable: boolean;
}

/** Where a collection comes from, which decides how long it lives. */
export type CollectionSource =
  | 'module'
  | 'static'
  | 'singleton'
  | 'load-factory'
  | 'memoize'
  /** Private to a factory anyone may call: lives as long as the result the factory returns. */
  | 'factory'
  /** A field of an instance of a class that may have many instances: lives as long as that instance. */
  | 'instance';

export interface Collection {
  kind: CollectionKind;
  source: CollectionSource;
  name: string;
  /** The declaration (reported on). */
  decl: Node;
  /** The creating expression (`new Map()`), target of the WeakMap fix. */
  init: Node;
  /** The TS type annotation of the declaration, if any (`Map<K, V>`). */
  typeAnnotation?: TSESTree.TypeNode;
  grows: GrowOp[];
  /** Shrinks on a path that runs normally (not only in a catch block, an error or abort handler). */
  shrinks: boolean;
  /** Every delete, clear, splice, reset or reassignment. */
  shrinkSites: Node[];
  /** `indexOf(x)` / `includes(x)` / `has(x)` calls: used as a set. */
  membership: TSESTree.CallExpression[];
  /** For a class field: the class. */
  owner?: TSESTree.ClassDeclaration | TSESTree.ClassExpression;
  bounded: boolean;
  iterated: boolean;
  escapes: boolean;
  /** Only get/set/has/delete (Map) or add/has/delete (Set) through the binding itself: WeakMap-safe. */
  weakSafe: boolean;
  /** Every reference to the collection (identifiers or member expressions), for rules that look further. */
  uses: Node[];
  /**
   * Why a field lives as long as the program when the file alone does not say (the workspace pass): the
   * long-lived instance another module makes, e.g. `the Agent instance lib/global.js:10 makes at load (…)`.
   */
  lifetime?: string;
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
  for (const scope of programScopes(m)) {
    for (const v of scope.variables) {
      const def = v.defs[0];
      if (!def || def.node.type !== T.VariableDeclarator || def.node.id.type !== T.Identifier) continue;
      const c = creation(def.node.init);
      // An exported collection may be emptied by its importers; the workspace pass says when none does.
      if (!c || (isExportedDecl(def.node) && !m.workspace.privateExports?.includes(v.name))) continue;
      const uses = v.references.filter((r) => !r.init).map((r) => r.identifier as Node);
      out.push(
        summarize(m, 'module', c.kind, v.name, def.node, c.node, def.node.id.typeAnnotation?.typeAnnotation, uses, v),
      );
    }
  }
  collectMemoizeCaches(m, out);
  collectFactoryCollections(m, out);
  collectInstalledCollections(m, out);
  collectClassFields(m, out);
  collectPrototypeFields(m, out);
  t.set(m.ast, out);
  return out;
}

/**
 * The scopes whose variables live as long as the program: the global and module scopes, and the bodies of
 * TypeScript namespaces declared at their top (`namespace api { let callbacks = {}; … }`), which run once, at load.
 */
export function programScopes(m: FileModel): Scope[] {
  const t = m.memoFor<Scope[]>('programScopes');
  const cached = t.get(m.ast);
  if (cached) return cached;
  const top = [
    m.scopeManager.globalScope!,
    ...m.scopeManager.globalScope!.childScopes.filter((s) => s.type === 'module'),
  ];
  const out: Scope[] = [...top];
  const inner = (s: Scope) => {
    for (const child of s.childScopes) {
      if (child.type === 'tsModule' || (child.type === 'function' && wrapsTheModule(m, child.block as Node))) {
        out.push(child);
        inner(child);
      }
    }
  };
  for (const s of top) inner(s);
  t.set(m.ast, out);
  return out;
}

/**
 * `(function (window) { var instances = {}; … })(window)`: a function called where it is written, once, as the
 * program loads (the wrapper of jQuery-era and UMD libraries). Its variables live as long as a module's.
 */
function wrapsTheModule(m: FileModel, fn: Node): boolean {
  if (!isFunction(fn)) return false;
  const t = m.memoFor<boolean>('wrapsTheModule');
  const known = t.get(fn);
  if (known !== undefined) return known;
  t.set(fn, false); // a recursive function is not a module body (and must not recurse here forever)
  const v = computeWrapsTheModule(m, fn as FunctionNode);
  t.set(fn, v);
  return v;
}

function computeWrapsTheModule(m: FileModel, fn: FunctionNode): boolean {
  const { parent, child } = valueParent(fn);
  const called =
    (parent?.type === T.CallExpression && parent.callee === child) ||
    (parent?.type === T.MemberExpression &&
      parent.object === child &&
      /^(call|apply)$/.test(propertyName(parent) ?? '') &&
      parent.parent?.type === T.CallExpression &&
      parent.parent.callee === parent);
  if (called) return !functionRepeats(m, fn);
  return isModuleDefinition(m, fn);
}

/**
 * `function outlayerDefinition(…) { var instances = {}; … return Outlayer }` handed to AMD's `define(…)` or
 * called once at load for the browser global: a UMD module's body. Every use of its name is such a call.
 */
function isModuleDefinition(m: FileModel, fn: FunctionNode): boolean {
  const id = functionBindingId(fn);
  const v = id ? m.resolve(id) : null;
  if (!v) return false;
  let uses = 0;
  for (const r of v.references) {
    if (r.init) continue;
    const p = r.identifier.parent;
    if (p?.type !== T.CallExpression) return false;
    // Called (or handed to define()) while the program loads: at the top, or in another module wrapper.
    const at = enclosingFunction(p);
    if (at && !(wrapsTheModule(m, at) && !runsRepeatedly(m, p))) return false;
    if (p.callee !== r.identifier && !(calleeName(p) === 'define' && p.arguments.at(-1) === r.identifier)) return false;
    uses++;
  }
  return uses > 0;
}

/** The variable lives as long as the program: declared at the top of a module, a namespace or a module wrapper. */
export function isProgramLong(m: FileModel, v: Variable): boolean {
  return programScopes(m).includes(v.scope);
}

/**
 * A collection private to a factory (`memoize(fn)`, `createCache()`) that the factory's returned closure or
 * object keeps: it lives as long as the result, so a module-level, run-once call makes it long-lived too.
 */
function collectFactoryCollections(m: FileModel, out: Collection[]): void {
  for (const scope of m.scopeManager.scopes) {
    if (scope.type !== 'function' || !isFunction(scope.block as Node)) continue;
    const factory = scope.block as FunctionNode;
    if (enclosingFunction(factory)) continue;
    // Called once at load: as long-lived as a module variable. Called by anyone (exported): as long-lived as
    // what it returns, which only object keys with no delete at all make worth reporting (map-object-key).
    const source: CollectionSource | undefined = calledOnlyAtLoad(m, factory)
      ? 'load-factory'
      : isExportedFunction(m, factory)
        ? 'factory'
        : undefined;
    if (!source) continue;
    for (const v of scope.variables) {
      const def = v.defs[0];
      if (!def || def.node.type !== T.VariableDeclarator || def.node.id.type !== T.Identifier) continue;
      const c = creation(def.node.init);
      if (!c) continue;
      const uses = v.references.filter((r) => !r.init).map((r) => r.identifier as Node);
      if (!uses.some((u) => inReturnedFunction(u, factory))) continue;
      out.push(
        summarize(m, source, c.kind, v.name, def.node, c.node, def.node.id.typeAnnotation?.typeAnnotation, uses, v),
      );
    }
  }
}

/**
 * A collection private to a function that installs closures using it where the whole program reaches them
 * (`Object.defineProperties(HTMLElement.prototype, { showPopUp: { value() { visible.add(this) } } })`, `window.api =
 * { … }`): it lives as long as those closures, for the life of the page or process, like a module-level one.
 */
function collectInstalledCollections(m: FileModel, out: Collection[]): void {
  const taken = new Set(out.map((c) => c.decl));
  for (const scope of m.scopeManager.scopes) {
    if (scope.type !== 'function' || !isFunction(scope.block as Node)) continue;
    const declaring = scope.block as FunctionNode;
    for (const v of scope.variables) {
      const def = v.defs[0];
      if (!def || def.node.type !== T.VariableDeclarator || def.node.id.type !== T.Identifier) continue;
      if (taken.has(def.node)) continue;
      const c = creation(def.node.init);
      if (!c) continue;
      const uses = v.references.filter((r) => !r.init).map((r) => r.identifier as Node);
      let where: string | undefined;
      for (const u of uses) {
        for (let fn = enclosingFunction(u); fn && fn !== declaring && !where; fn = enclosingFunction(fn))
          where = storedGlobally(m, fn);
        if (where) break;
      }
      if (!where) continue;
      const col = summarize(
        m,
        'module',
        c.kind,
        v.name,
        def.node,
        c.node,
        def.node.id.typeAnnotation?.typeAnnotation,
        uses,
        v,
      );
      col.lifetime = `kept by the ${where.replace(/^closure /, 'closures ')}`;
      out.push(col);
    }
  }
}

export function isExportedFunction(m: FileModel, fn: FunctionNode): boolean {
  for (let n: Node | undefined = fn.parent, i = 0; n && i < 3; n = n.parent, i++)
    if (n.type === T.ExportNamedDeclaration || n.type === T.ExportDefaultDeclaration) return true;
  const id = functionBindingId(fn);
  const v = id ? m.resolve(id) : null;
  return !!v?.references.some((r) => {
    let p = r.identifier.parent;
    // `module.exports = { plugin }`: a property of the exported object.
    if (p?.type === T.Property && p.value === r.identifier && p.parent.type === T.ObjectExpression) {
      const obj = p.parent;
      p = obj.parent?.type === T.AssignmentExpression && obj.parent.right === obj ? obj.parent : p;
      if (p.type === T.AssignmentExpression) return /^(module\.)?exports\b/.test(memberPath(p.left) ?? '');
    }
    return (
      p?.type === T.ExportSpecifier ||
      (p?.type === T.AssignmentExpression &&
        p.right === r.identifier &&
        /^(module\.)?exports\b/.test(memberPath(p.left) ?? ''))
    );
  });
}

/**
 * Unbounded memoizers: `_.memoize(fn)`, `memoizee(fn)`, and numbered variants (`memoize2`, `memoize4`: one level
 * per argument) keep one entry per distinct first argument, forever. `memoizeOne`/`memoizeLast` keep one.
 */
const MEMOIZE = oneOf(['memoize', 'memoizee', 'fastMemoize', 'memoizeWith', /memoize\d/]);

/** Where the memoizer comes from says it holds its keys weakly (`require('memoizee/weak')`, `weak-memoize`). */
function weakMemoizer(m: FileModel, call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  const id =
    callee.type === T.Identifier ? callee : callee.type === T.MemberExpression ? rootIdentifier(callee) : undefined;
  const def = id ? m.resolve(id)?.defs[0] : undefined;
  if (!def) return false;
  const decl = def.node as Node;
  const from =
    decl.type === T.ImportSpecifier ||
    decl.type === T.ImportDefaultSpecifier ||
    decl.type === T.ImportNamespaceSpecifier
      ? decl.parent
      : decl.type === T.VariableDeclarator
        ? decl.init
        : undefined;
  return !!from && /weak/i.test(m.source(from as Node));
}

function rootIdentifier(me: TSESTree.MemberExpression): TSESTree.Identifier | undefined {
  let o: Node = me.object;
  while (o.type === T.MemberExpression) o = o.object;
  return o.type === T.Identifier ? o : undefined;
}

/** The memoized function: a literal, or one declared in this file under the name passed (`memoize(getStats)`). */
export function memoizedFunction(m: FileModel, arg: Node | undefined): FunctionNode | undefined {
  const a = arg ? unwrap(arg) : undefined;
  if (!a) return undefined;
  if (isFunction(a)) return a;
  if (a.type !== T.Identifier) return undefined;
  const def = m.resolve(a)?.defs[0];
  const d = def?.node as Node | undefined;
  if (d && isFunction(d)) return d;
  if (d?.type === T.VariableDeclarator && d.init && isFunction(unwrap(d.init))) return unwrap(d.init) as FunctionNode;
  return undefined;
}

/** `const f = memoize((el) => …)` at module level: a Map from first argument to result, living forever. */
function collectMemoizeCaches(m: FileModel, out: Collection[]): void {
  for (const call of m.calls) {
    const imported = importedMemoizer(m, call);
    if (!(MEMOIZE.test(calleeName(call) ?? '') || imported) || enclosingFunction(call) || runsRepeatedly(m, call))
      continue;
    const { parent } = valueParent(call);
    if (parent?.type !== T.VariableDeclarator || parent.id.type !== T.Identifier) continue;
    // memoizee's `{ max }` and similar options bound it.
    if (call.arguments.slice(1).some((a) => unwrap(a).type === T.ObjectExpression)) continue;
    if (weakMemoizer(m, call)) continue;
    const memoized = memoizedFunction(m, call.arguments[0]);
    const key = memoized?.params[0];
    if (!key || key.type !== T.Identifier) continue;
    const v = m.resolve(parent.id);
    const c = summarize(
      m,
      'memoize',
      'Map',
      `the memoize cache of ${parent.id.name}`,
      parent,
      call,
      undefined,
      [],
      v ?? undefined,
    );
    c.grows.push({ node: call, key, repeatable: true });
    // `f.cache.clear()`, `f.clear()`, `f.cache = new WeakMap()`: managed by hand. Exporting or passing f
    // around does not expose its cache.
    for (const r of v?.references ?? []) {
      const p = r.identifier.parent;
      if (
        p?.type === T.MemberExpression &&
        p.object === r.identifier &&
        /^(cache|clear|delete)$/.test(propertyName(p) ?? '')
      )
        c.shrinks = true;
    }
    c.weakSafe = true;
    if (imported)
      c.lifetime = `${calleeName(call)}() of ${shortPath(imported.file)}:${imported.line} memoizes without bound`;
    out.push(c);
  }
}

/** The callee is another module's memoizing factory (the workspace pass): `withCache(fn)` imported. */
function importedMemoizer(m: FileModel, call: TSESTree.CallExpression): { file: string; line: number } | undefined {
  const callee = unwrap(call.callee);
  const table = m.workspace.memoizingImports;
  if (callee.type !== T.Identifier || !table || !Object.hasOwn(table, callee.name)) return undefined;
  return table[callee.name];
}

function shortPath(file: string): string {
  return file.split(/[\\/]/).slice(-2).join('/');
}

/** The factory is a named module-level function whose every call runs once, at load (and it has one). */
function calledOnlyAtLoad(m: FileModel, fn: FunctionNode): boolean {
  const id = functionBindingId(fn);
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

/**
 * Is `use` inside a function that `factory` returns (directly, as a method of a returned object, or kept in a
 * variable the factory returns: `const rv = function () {…}; return rv`)?
 */
function inReturnedFunction(use: Node, factory: FunctionNode): boolean {
  for (let fn = enclosingFunction(use); fn && fn !== factory; fn = enclosingFunction(fn)) {
    if (enclosingFunction(fn) !== factory) continue;
    const { parent: holder } = valueParent(fn);
    if (
      holder?.type === T.VariableDeclarator &&
      holder.id.type === T.Identifier &&
      returnsName(factory, holder.id.name)
    )
      return true;
    // The closure an object the factory returns is built around (`return new ApolloLink((op) => { … })`):
    // that object keeps it.
    const { parent: made, child } = valueParent(fn);
    if (
      made?.type === T.NewExpression &&
      made.arguments.includes(child as TSESTree.CallExpressionArgument) &&
      valueParent(made).parent?.type === T.ReturnStatement
    )
      return true;
    // A method of the returned object, at any depth (`return { visitor: { Program() { … } } }`).
    let p = fn.parent;
    while (p?.type === T.Property && p.parent.type === T.ObjectExpression) p = p.parent.parent;
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

function returnsName(factory: FunctionNode, name: string): boolean {
  let found = false;
  walk(
    factory.body,
    (n) => {
      if (found || (n !== factory.body && isFunction(n))) return false;
      if (n.type === T.ReturnStatement && n.argument?.type === T.Identifier && n.argument.name === name) found = true;
      return !found;
    },
    VISITOR_KEYS,
  );
  return found;
}

function isExportedDecl(decl: Node): boolean {
  const p = decl.parent?.parent;
  return p?.type === T.ExportNamedDeclaration;
}

function collectClassFields(m: FileModel, out: Collection[]): void {
  for (const cls of m.classes) {
    const lifetime = classIsSingleton(m, cls) ? undefined : workspaceLifetime(m, cls.id?.name ?? classBinding(cls));
    const source: CollectionSource = classIsSingleton(m, cls) || lifetime ? 'singleton' : 'instance';
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
            'static',
            c.kind,
            `${cls.id?.name ?? 'class'}.${name}`,
            el,
            c.node,
            el.typeAnnotation?.typeAnnotation,
            uses,
          ),
        );
      } else {
        const uses = m.membersWithPathInClass(`this.${name}`, cls);
        const col = summarize(m, source, c.kind, `this.${name}`, el, c.node, el.typeAnnotation?.typeAnnotation, uses);
        col.owner = cls;
        col.lifetime = lifetime;
        out.push(col);
      }
    }
    // `this.cache = new Map()` in the constructor (or any method: the first creation is the declaration).
    walk(
      cls.body,
      (n) => {
        if (n.type === T.ClassDeclaration || n.type === T.ClassExpression) return false;
        if (n.type !== T.AssignmentExpression || n.left.type !== T.MemberExpression) return true;
        const me = n.left;
        if (me.object.type !== T.ThisExpression || enclosingClass(me) !== cls) return true;
        const c = creation(n.right);
        const path = memberPath(me);
        if (!c || !path || out.some((o) => o.name === path && o.owner === cls)) return true;
        const uses = m.membersWithPathInClass(path, cls).filter((x) => x !== me);
        const col = summarize(m, source, c.kind, path, n, c.node, undefined, uses);
        col.owner = cls;
        col.lifetime = lifetime;
        out.push(col);
        return true;
      },
      VISITOR_KEYS,
    );
  }
}

/**
 * `function Pool() { this.items = []; }` with `Pool.prototype.add = function () { this.items.push(…) }`: the
 * fields of a constructor function's instances, used from its prototype methods (through `this` or a
 * `self`/`that` alias). Instance fields, like a class's.
 */
function collectPrototypeFields(m: FileModel, out: Collection[]): void {
  const declared = new Set(out.map((o) => o.decl));
  for (const fn of m.functions) {
    const owned = methodOwner(m, fn);
    if (!owned || owned.owner.kind !== 'prototype' || owned.name !== 'constructor') continue;
    const methods = [...owned.owner.methods.values()];
    const lifetime = workspaceLifetime(m, constructorName(fn));
    walk(
      fn.body,
      (n) => {
        if (n !== fn.body && isFunction(n)) return false;
        if (n.type !== T.AssignmentExpression || n.left.type !== T.MemberExpression) return true;
        if (n.left.object.type !== T.ThisExpression) return true;
        const c = creation(n.right);
        const name = propertyName(n.left);
        const path = memberPath(n.left);
        if (!c || !name || !path || declared.has(n)) return true;
        const uses = SELF_NAMES.flatMap((self) => membersInOwner(m, `${self}.${name}`, owned.owner)).filter(
          (x) => x !== n.left && methods.some((f) => isInside(x, f)),
        );
        const col = summarize(m, lifetime ? 'singleton' : 'instance', c.kind, path, n, c.node, undefined, uses);
        col.lifetime = lifetime;
        out.push(col);
        declared.add(n);
        return true;
      },
      VISITOR_KEYS,
    );
  }
}

const SELF_NAMES = ['this', 'self', '_this', 'that', 'me'];

/** A collection's name as the user writes it: `this[kClients]` (kept internally as the path `this.[kClients]`). */
export function shownName(c: Collection): string {
  return c.name.replace(/\.\[/g, '[');
}

/** ` (a field of the Agent instance …)`: why a collection is long-lived when only the workspace says so. */
export function lifetimeNote(c: Collection): string {
  return c.lifetime ? ` (${c.lifetime})` : '';
}

/** `const Pool = class {…}`: the binding a class expression is known by in its module. */
function classBinding(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): string | undefined {
  const { parent } = valueParent(cls);
  return parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier ? parent.id.name : undefined;
}

function constructorName(fn: FunctionNode): string | undefined {
  if (fn.type === T.FunctionDeclaration) return fn.id?.name;
  const { parent } = valueParent(fn);
  return parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier ? parent.id.name : undefined;
}

/**
 * The workspace pass found an instance of the class (or constructor function) `name` that a module makes while
 * it loads and keeps: that instance lives as long as the program, and so do the collections in its fields.
 */
function workspaceLifetime(m: FileModel, name: string | undefined): string | undefined {
  const classes = m.workspace.longLivedClasses;
  const made = name && classes && Object.hasOwn(classes, name) ? classes[name] : undefined;
  if (!made) return undefined;
  const file = made.file.split(/[\\/]/).slice(-2).join('/');
  return `a field of the ${name} instance made at load by ${file}:${made.line} and ${made.how}`;
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
const MEMBERSHIP = new Set(['indexOf', 'includes', 'has', 'lastIndexOf']);
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
  source: CollectionSource,
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
    source,
    name,
    decl,
    init,
    typeAnnotation,
    grows: [],
    shrinks: false,
    shrinkSites: [],
    membership: [],
    bounded: false,
    iterated: false,
    escapes: false,
    weakSafe: kind === 'Map' || kind === 'Set',
    uses,
  };
  // Reassigned: reset.
  if (v) for (const r of v.references) if (r.isWrite() && !r.init) c.shrinkSites.push(r.identifier);
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
        if (SHRINK.has(prop) && !(prop === 'splice' && grand.arguments.length > 2)) c.shrinkSites.push(grand);
        if (ITERATE.has(prop)) c.iterated = true;
        if (MEMBERSHIP.has(prop) && grand.arguments.length) c.membership.push(grand);
        continue;
      }
      if (prop === 'size' || prop === 'length') {
        c.iterated = true;
        c.weakSafe = false;
        if (grand?.type === T.BinaryExpression && /[<>]=?/.test(grand.operator)) c.bounded = true;
        if (grand?.type === T.AssignmentExpression && grand.left === parent) c.shrinkSites.push(grand); // arr.length = 0
        continue;
      }
      if (grand?.type === T.UnaryExpression && grand.operator === 'delete') {
        c.shrinkSites.push(grand);
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
      c.shrinkSites.push(parent);
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
  // A delete that runs only when something failed (a catch block, an error or abort handler) leaves every
  // entry of the normal path in place.
  c.shrinks = c.shrinkSites.some((site) => releasePath(m, site, [c.init]) !== 'exceptional');
  return c;
}

/** A key that is a fixed literal adds at most one entry. */
export function isFixedKey(key: Node | undefined): boolean {
  if (!key) return false;
  return stringValue(key) !== undefined || numberValue(key) !== undefined || unwrap(key).type === T.Literal;
}

/**
 * An array used as a set of objects: it is searched for a value (`indexOf(el)`, `includes(el)`) before that
 * object is pushed. A WeakSet does the same without keeping the objects alive.
 */
export function isObjectSet(m: FileModel, c: Collection): boolean {
  if (c.kind !== 'Array' || !c.membership.length) return false;
  const pushed = c.grows
    .map((g) => (g.node.type === T.CallExpression ? g.node.arguments[0] : undefined))
    .filter((a): a is TSESTree.CallExpressionArgument => !!a);
  if (!pushed.length || !pushed.every((a) => keyKind(m, a) === 'object')) return false;
  const tested = new Set(c.membership.map((t) => m.source(t.arguments[0])));
  return pushed.some((a) => tested.has(m.source(a)));
}

const DIAGNOSTIC_CALL = /^(warn\w*|error|deprecat\w*|log|debug|info|trace)$/i;

/**
 * A warn-once table: `seen[k] || (console.warn(…), (seen[k] = true))`, or `if (!warned.has(type)) {
 * warned.add(type); console.error(…) }`. It holds one flag per diagnostic the code can emit (per component type,
 * per deprecated option): it grows with the problems in the program, not with its input.
 */
export function isWarnOnceFlag(node: Node): boolean {
  if (node.type === T.AssignmentExpression) {
    const v = unwrap(node.right);
    const flag =
      (v.type === T.Literal && (v.value === true || v.value === 1)) ||
      (v.type === T.UnaryExpression && v.operator === '!' && v.argument.type === T.Literal && v.argument.value === 0);
    if (!flag) return false;
  } else if (node.type === T.CallExpression) {
    const name = calleeName(node);
    const flag = name === 'add' || (name === 'set' && node.arguments[1]?.type === T.Literal);
    if (!flag) return false;
  } else return false;
  let guard: Node | undefined = node.parent;
  for (let i = 0; guard && i < 5 && guard.type !== T.IfStatement && guard.type !== T.LogicalExpression; i++)
    guard = guard.parent;
  if (!guard || (guard.type !== T.IfStatement && guard.type !== T.LogicalExpression)) return false;
  let warns = false;
  walk(
    guard,
    (n) => {
      if (warns || isFunction(n)) return false;
      if (n.type === T.CallExpression && DIAGNOSTIC_CALL.test(calleeName(n) ?? '')) warns = true;
      return !warns;
    },
    VISITOR_KEYS,
  );
  return warns;
}
