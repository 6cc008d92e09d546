// Target longevity: does the object a listener is added to outlive the code that adds it? window,
// globals, imported and module-level objects, props, injected services and queried DOM elements do;
// objects created locally, the element itself (`this`, refs) and per-call objects do not.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { DefinitionType } from '@typescript-eslint/scope-manager';
import {
  T,
  calleeName,
  calleeObject,
  enclosingFunction,
  isFunction,
  keyName,
  memberPath,
  propertyName,
  rootOf,
  stringValue,
  unwrap,
  walk,
  type FunctionNode,
  type Node,
} from './ast';
import { VISITOR_KEYS } from './parse';
import { enclosingOwnerMethod, methodOwner, pairedTeardown } from './owners';
import { isComponentOrHook, runsOverTimeWithin } from './lifetimes';
import type { FileModel } from './model';
import { oneOf } from './vocabulary/names';
import * as rxjs from './vocabulary/rxjs';
import * as angular from './vocabulary/angular';
import * as dom from './vocabulary/dom';
import * as events from './vocabulary/events';
import * as vue from './vocabulary/vue';
import * as webComponents from './vocabulary/webComponents';
export type Longevity = 'long' | 'local' | 'unknown';

const DERIVING = oneOf(rxjs.DERIVING_OPERATORS);

/** Angular injectables that belong to the component itself (die with it) rather than to the app. */
const LOCAL_INJECTED_TYPES = oneOf(angular.LOCAL_INJECTED_TYPES);
const PAGE_QUERIES = oneOf(dom.PAGE_QUERIES);
/** Fields of a component or element that belong to it (they die with it). */
const OWN_FIELDS = oneOf([...webComponents.OWN_ROOTS, ...vue.OWN_FIELDS, 'el', angular.HOST_ELEMENT_FIELD]);
const PAGE_PROPERTIES = oneOf(events.PAGE_PROPERTIES);
const SIGNAL = oneOf(events.SIGNAL_NAMES);
const CONNECTION_PROPERTIES = oneOf(events.CONNECTION_PROPERTIES);
const REQUEST_NAMES = oneOf(['req', 'request', 'ctx', 'context', 'res', 'response', 'incoming', 'message', 'msg']);

/** Does the object `expr` outlive the code that registers on it (window, globals, injected services, params)? */
export function targetLongevity(m: FileModel, expr: Node, depth = 0): Longevity {
  if (depth > 6) return 'unknown';
  const e = unwrap(expr);
  switch (e.type) {
    case T.Identifier:
      return identifierLongevity(m, e, depth);
    case T.ThisExpression:
      return 'local';
    case T.NewExpression:
      return 'local';
    case T.MemberExpression: {
      const path = memberPath(e) ?? '';
      if (/\.current$/.test(path)) return 'local'; // React refs point at the component's own elements
      if (/^this\.props\b|^props\b/.test(path)) return 'long';
      const prop = propertyName(e) ?? '';
      // `el.ownerDocument`, `doc.defaultView`: the page, whatever element led there.
      if (PAGE_PROPERTIES.test(prop)) return 'long';
      // `el.parentNode`, `this.el.parentElement`: an ancestor outlives the element that led to it (it stays in
      // the page when the element is removed or re-rendered), unless that element was made right here.
      if (ANCESTOR_PROPERTIES.test(prop)) return ancestorLongevity(m, e.object);
      // A signal handed in by a caller (`options.signal`, `init.signal`, `parent.abortSignal`) is often shared
      // by many operations (one AbortController per page or app); only one this code created is its own.
      // `this.signal` is the object's own only when the class makes it; one stored from a caller's options
      // (`this.signal = opts.signal`) is the caller's.
      if (SIGNAL.test(prop) && e.object.type === T.ThisExpression)
        return thisFieldLongevity(m, e, depth) === 'long' ? 'long' : 'local';
      if (SIGNAL.test(prop)) return targetLongevity(m, e.object, depth + 1) === 'local' ? 'local' : 'long';
      // `req.socket`, `ctx.socket`: with keep-alive one connection serves many requests.
      if (CONNECTION_PROPERTIES.test(prop) && requestLike(m, e.object)) return 'long';
      // `stream.session`, `stream.session.socket`: an HTTP/2 session (and its socket) carries every stream of its
      // connection, so it outlives each of them.
      if (prop === 'session' && http2StreamLike(m, e.object)) return 'long';
      if (
        CONNECTION_PROPERTIES.test(prop) &&
        e.object.type === T.MemberExpression &&
        propertyName(e.object) === 'session' &&
        http2StreamLike(m, e.object.object)
      )
        return 'long';
      const root = rootOf(e);
      if (root.type === T.ThisExpression) return thisFieldLongevity(m, e, depth);
      return targetLongevity(m, root, depth + 1);
    }
    case T.CallExpression: {
      const name = calleeName(e) ?? '';
      const obj = calleeObject(e);
      // `this.container.closest('.panel')`, `node.getRootNode()`: an ancestor, as above.
      if (
        obj &&
        ((name === 'closest' && e.arguments.length === 1) || (name === 'getRootNode' && e.arguments.length <= 1))
      )
        return ancestorLongevity(m, obj);
      if (PAGE_QUERIES.test(name) && obj) {
        const lo = targetLongevity(m, obj, depth + 1);
        return lo === 'long' ? 'long' : lo;
      }
      if (name === 'matchMedia' || name === 'getInstance') return 'long';
      if ((name === '$' || name === 'jQuery') && e.arguments[0]) {
        const a = unwrap(e.arguments[0]);
        if (stringValue(a) !== undefined) return /^\s*</.test(stringValue(a)!) ? 'local' : 'long';
        return targetLongevity(m, a, depth + 1);
      }
      if (name === 'fromEvent' && e.arguments[0]) return targetLongevity(m, e.arguments[0], depth + 1);
      if (name === 'interval' || (name === 'timer' && e.arguments.length >= 2)) return 'long';
      // Derived streams (`store.select(...)`, `subject.asObservable()`, `x$.pipe(map(...))`) live as long as their source.
      if (DERIVING.test(name) && obj) return targetLongevity(m, obj, depth + 1);
      // `this.client.getQueryCache()`, `app.getBus()`: an accessor of a part its object holds (a cache, bus,
      // store, registry…) lives as long as that object does. `service.getBlocks()` may well fetch a fresh
      // stream that completes: only accessors named for a holder count.
      if (
        HOLDER_ACCESSOR.test(name) &&
        e.arguments.length === 0 &&
        obj &&
        targetLongevity(m, obj, depth + 1) === 'long'
      )
        return 'long';
      // `getElement()`, a local function without parameters: what it returns (`document`, a prop,
      // `el.ownerDocument`). Long when one of its results is long and none is the caller's own.
      const callee = unwrap(e.callee);
      if (callee.type === T.Identifier && e.arguments.length === 0) return returnedLongevity(m, callee, depth + 1);
      return 'unknown';
    }
    default:
      return 'unknown';
  }
}

const VIEW_QUERIES = /^(ViewChild|ViewChildren|ContentChild|ContentChildren)$/;

const HOLDER_ACCESSOR =
  /^get\w*(Cache|Store|Bus|Emitter|Events|Registry|Manager|Model|Document|Window|Root|Container|Service|Channel|Hub|Dispatcher|Tracker|Context)$/;

const ANCESTOR_PROPERTIES = /^(parentNode|parentElement|offsetParent)$/;

/** An ancestor of `base`: long, unless `base` is an element this very function creates (`const div = make()`). */
function ancestorLongevity(m: FileModel, base: Node): Longevity {
  const root = rootOf(base);
  if (root.type !== T.Identifier) return 'long';
  const def = m.resolve(root)?.defs[0];
  if (def?.node.type !== T.VariableDeclarator || !def.node.init) return 'long';
  const init = unwrap(def.node.init);
  return init.type === T.CallExpression || init.type === T.NewExpression ? 'unknown' : 'long';
}

function returnedLongevity(m: FileModel, callee: TSESTree.Identifier, depth: number): Longevity {
  const def = m.resolve(callee)?.defs[0];
  if (!def) return 'unknown';
  const fn: Node | null | undefined =
    def.node.type === T.FunctionDeclaration
      ? def.node
      : def.node.type === T.VariableDeclarator && def.node.init
        ? unwrap(def.node.init)
        : undefined;
  if (!fn || !isFunction(fn) || fn.params.length) return 'unknown';
  const results: Node[] = [];
  if (fn.body.type !== T.BlockStatement) results.push(fn.body);
  else
    walk(
      fn.body,
      (n) => {
        if (n !== fn.body && isFunction(n)) return false;
        if (n.type === T.ReturnStatement && n.argument) results.push(n.argument);
        return true;
      },
      VISITOR_KEYS,
    );
  const kinds = results.map((r) => targetLongevity(m, r, depth));
  if (kinds.includes('local') || !kinds.includes('long')) return kinds.includes('local') ? 'local' : 'unknown';
  return 'long';
}

function identifierLongevity(m: FileModel, id: TSESTree.Identifier, depth: number): Longevity {
  const v = m.resolve(id);
  if (!v) return id.name === 'undefined' ? 'unknown' : 'long';
  if (m.isModuleLevel(v)) return 'long';
  const def = v.defs[0];
  if (!def) return 'unknown';
  if (def.type === DefinitionType.ImportBinding) return 'long';
  if (def.type === DefinitionType.Parameter) {
    const fn = def.node as Node;
    if (!isFunction(fn)) return 'unknown';
    const typeName = paramTypeName(def.name);
    if (typeName && LOCAL_INJECTED_TYPES.test(typeName)) return 'local';
    if (typeName === 'AbortSignal' || SIGNAL.test(v.name)) return 'long';
    // Props handed to a component outlive its mounts; so do the inputs of an object with its own teardown
    // (a constructor's arguments when the class has dispose/destroy, the map an `onAdd(map)` gets when there
    // is an `onRemove`). Other parameters (req, socket, event, array items, a helper's argument) may well be
    // per-call objects: unknown.
    if (isComponentOrHook(m, fn)) return 'long';
    if (handedToOwner(m, fn)) return 'long';
    // A parameter of an enclosing function, reached from a function that runs again and again within it (a
    // constructor it hands to a framework, a handler it registers): it outlives every run of the code here.
    const here = enclosingFunction(id);
    if (here && here !== fn && runsOverTimeWithin(m, here, fn)) return 'long';
    return 'unknown';
  }
  if (def.type === DefinitionType.Variable && def.node.type === T.VariableDeclarator) {
    const writes = v.references.filter((r) => r.isWrite());
    if (writes.length > 1 || !def.node.init) return 'unknown';
    if (def.node.id.type !== T.Identifier) return 'unknown';
    const init = unwrap(def.node.init);
    if (init.type === T.CallExpression && calleeName(init) === 'useRef') return 'local';
    return targetLongevity(m, init, depth + 1);
  }
  return 'unknown';
}

/**
 * Is `fn` where an owner with a teardown receives what it attaches to: its constructor, or a setup method
 * whose paired teardown it has (`onAdd(map)` / `onRemove(map)`, `attach(el)` / `detach()`)?
 */
function handedToOwner(m: FileModel, fn: FunctionNode): boolean {
  const found = methodOwner(m, fn);
  if (!found) return false;
  const { owner, name } = found;
  if (name === 'constructor') return owner.teardowns.length > 0;
  const pair = pairedTeardown(name);
  return !!pair && [...owner.methods.keys()].some((k) => k.replace(/^[_#$]+/, '') === pair);
}

/** A request, response or context object: a parameter or name that says so. */
function requestLike(m: FileModel, node: Node): boolean {
  const n = unwrap(node);
  if (n.type === T.Identifier) return REQUEST_NAMES.test(n.name);
  if (n.type === T.MemberExpression) return REQUEST_NAMES.test(propertyName(n) ?? '') && requestLike(m, n.object);
  return false;
}

/** `stream`, `this.http2Stream`, or a parameter typed as an HTTP/2 stream. */
function http2StreamLike(m: FileModel, node: Node): boolean {
  const n = unwrap(node);
  const name = n.type === T.Identifier ? n.name : n.type === T.MemberExpression ? (propertyName(n) ?? '') : '';
  if (/^(stream|h2Stream|http2Stream)$/i.test(name)) return true;
  if (n.type !== T.Identifier) return false;
  const def = m.resolve(n)?.defs[0];
  return def?.type === DefinitionType.Parameter && /Http2Stream$/.test(paramTypeName(def.name) ?? '');
}

function paramTypeName(id: Node): string | undefined {
  const ann = (id as { typeAnnotation?: TSESTree.TSTypeAnnotation }).typeAnnotation?.typeAnnotation;
  if (ann?.type === T.TSTypeReference && ann.typeName.type === T.Identifier) return ann.typeName.name;
  return undefined;
}

/** `this.el`: how the class fills that field decides whether it outlives the instance. */
function thisFieldLongevity(m: FileModel, e: TSESTree.MemberExpression, depth: number): Longevity {
  const path = memberPath(e);
  if (!path) return 'unknown';
  const field = path.split('.')[1];
  if (!field) return 'local';
  if (OWN_FIELDS.test(field) && !assignedInClass(m, e, field).length) return 'local';
  const cls = enclosingClassOf(e);
  if (!cls) return 'unknown';
  // `@ViewChild(MatSort) sort`: a part of the component's own view, made and dropped with it.
  for (const el of cls.body.body)
    if (
      el.type === T.PropertyDefinition &&
      keyName(el.key, el.computed) === field &&
      el.decorators?.some((d) => {
        const x = unwrap(d.expression);
        return x.type === T.CallExpression && VIEW_QUERIES.test(calleeName(x) ?? '');
      })
    )
      return 'local';
  // TS parameter properties: `constructor(private store: Store)` — injected, lives with the app.
  const ctor = cls.body.body.find((el) => el.type === T.MethodDefinition && el.kind === 'constructor') as
    TSESTree.MethodDefinition | undefined;
  for (const p of ctor?.value.params ?? []) {
    if (p.type === T.TSParameterProperty && p.parameter.type === T.Identifier && p.parameter.name === field) {
      const t = paramTypeName(p.parameter);
      return t && LOCAL_INJECTED_TYPES.test(t) ? 'local' : 'long';
    }
  }
  const values = assignedInClass(m, e, field);
  if (!values.length) return 'unknown';
  let result: Longevity | undefined;
  for (const v of values) {
    const lo = targetLongevity(m, v, depth + 1);
    if (lo === 'unknown') return 'unknown';
    if (result && result !== lo) return 'unknown';
    result = lo;
  }
  return result ?? 'unknown';
}

/** For code of a constructor function and its prototype methods: the values its methods assign to `this.<field>`. */
function assignedInOwner(m: FileModel, at: Node, field: string): Node[] {
  const found = enclosingOwnerMethod(m, at);
  if (!found || found.owner.kind !== 'prototype') return [];
  const methods = [...found.owner.methods.values()];
  const out: Node[] = [];
  for (const me of m.membersWithPath(`this.${field}`)) {
    const p = me.parent;
    if (p?.type !== T.AssignmentExpression || p.left !== me || p.operator !== '=') continue;
    const fn = enclosingFunction(me);
    if (fn && methods.includes(fn)) out.push(p.right);
  }
  return out;
}

function enclosingClassOf(node: Node): TSESTree.ClassBody['parent'] | undefined {
  for (let n = node.parent; n; n = n.parent)
    if (n.type === T.ClassDeclaration || n.type === T.ClassExpression) return n;
  return undefined;
}

/** Values assigned to `this.<field>` anywhere in the class of `at` (field initializers included). */
function assignedInClass(m: FileModel, at: Node, field: string): Node[] {
  const cls = enclosingClassOf(at);
  if (!cls) return assignedInOwner(m, at, field);
  const out: Node[] = [];
  for (const el of cls.body.body) {
    if (el.type === T.PropertyDefinition && !el.static && keyName(el.key, el.computed) === field && el.value)
      out.push(el.value);
  }
  for (const me of m.membersWithPath(`this.${field}`)) {
    if (me.range[0] < cls.range[0] || me.range[1] > cls.range[1]) continue;
    const p = me.parent;
    if (p?.type === T.AssignmentExpression && p.left === me && p.operator === '=') out.push(p.right);
  }
  return out;
}
