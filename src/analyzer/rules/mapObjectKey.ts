// map-object-key: a long-lived Map/Set keyed by objects whose entries are never deleted. Every key object
// (element, request, instance) stays reachable through the collection; a WeakMap/WeakSet would let it go.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { DefinitionType } from '@typescript-eslint/scope-manager';
import {
  T,
  calleeName,
  enclosingFunction,
  isInside,
  rootOf,
  walk,
  functionBindingId,
  functionName,
  keyName,
  memberPath,
  unwrap,
  type Node,
} from '../ast';
import {
  isObjectSet,
  isWarnOnceFlag,
  lifetimeNote,
  longLivedCollections,
  shownName,
  type Collection,
} from '../collections';
import { declaredKeyKind, jsdocKeyKind, keyKind, type KeyKind } from '../keys';
import type { FileModel } from '../model';
import type { Fix, TextEdit } from '../types';
import type { RuleContext, RuleImpl } from './context';
import { storedGlobally } from '../installed';
import { enclosingOwnerMethod, methodReaches } from '../owners';
import { VISITOR_KEYS } from '../parse';
import { oneOf } from '../vocabulary/names';

/** The key kind of a collection: its declared type when it has one, else what every growth site passes. */
export function collectionKeyKind(m: FileModel, c: Collection): KeyKind {
  if (c.kind !== 'Map' && c.kind !== 'Set') return 'unknown';
  const declared = declaredKeyKind(m, c.init, c.typeAnnotation);
  if (declared !== 'unknown') return declared;
  const documented = c.source === 'memoize' ? 'unknown' : jsdocKeyKind(m, c.decl);
  if (documented !== 'unknown') return documented;
  const kinds = new Set(c.grows.filter((g) => g.key).map((g) => keyKind(m, g.key!)));
  if (kinds.has('primitive')) return 'primitive';
  if (kinds.has('object')) return 'object';
  return 'unknown';
}

function weakFix(m: FileModel, c: Collection): Fix[] {
  if (!c.weakSafe || c.iterated || c.escapes) return [];
  const init = c.init;
  if (init.type !== T.NewExpression || init.callee.type !== T.Identifier || init.arguments.length) return [];
  const weak = `Weak${c.kind}`;
  const edits: TextEdit[] = [{ range: m.range(init.callee), newText: weak }];
  const ann = c.typeAnnotation;
  if (ann?.type === T.TSTypeReference && ann.typeName.type === T.Identifier && ann.typeName.name === c.kind) {
    edits.unshift({ range: m.range(ann.typeName), newText: weak });
  }
  return [{ title: `Use a ${weak} (entries go away with their keys)`, edits }];
}

const FUNCTION_TYPE = /(^|[a-z])(Function|Callback|Handler|Listener|Getter|Fn)$/;
const FUNCTION_PARAM = /^(fn|func|cb|callback|getter|handler|listener)$/i;

function isFunctionType(type: TSESTree.TypeNode | undefined): boolean {
  if (!type) return false;
  if (type.type === T.TSFunctionType) return true;
  return (
    type.type === T.TSTypeReference && type.typeName.type === T.Identifier && FUNCTION_TYPE.test(type.typeName.name)
  );
}

/** The keys are functions: by the declared key type (`Map<CallableFunction, …>`) or by the parameter stored. */
function keyedByFunctions(m: FileModel, c: Collection): boolean {
  const ann = c.typeAnnotation;
  const init = c.init.type === T.NewExpression ? c.init : undefined;
  const args =
    (ann?.type === T.TSTypeReference ? ann.typeArguments?.params : undefined) ?? init?.typeArguments?.params ?? [];
  if (args.length) return isFunctionType(args[0]);
  return c.grows.some((g) => {
    const k = g.key && unwrap(g.key);
    if (k?.type !== T.Identifier) return false;
    const def = m.resolve(k)?.defs[0];
    if (def?.type !== DefinitionType.Parameter) return false;
    return (
      FUNCTION_PARAM.test(k.name) || isFunctionType((def.name as TSESTree.Identifier).typeAnnotation?.typeAnnotation)
    );
  });
}

function enclosingName(c: Collection): string {
  const fn = enclosingFunction(c.decl);
  return fn ? `${functionName(fn) ?? 'the factory'}()` : 'the factory';
}

/** `elements.indexOf(el) < 0 && elements.push(el)`: a set of objects kept in an array. */
function reportObjectArray(ctx: RuleContext, c: Collection): void {
  const m = ctx.model;
  const first = c.grows.find((g) => g.repeatable)!;
  ctx.report({
    rule: 'map-object-key',
    message:
      `${shownName(c)} is a long-lived array${lifetimeNote(c)} used as a set of objects (searched with ${calleeName(c.membership[0])}() before each ` +
      `push) and nothing ever removes one, so every object ever added stays reachable for the life of the program. ` +
      `Use a WeakSet (add/has) so an entry goes away with its object.`,
    range: m.headRange(c.decl),
    related: [{ message: 'an object is added here', range: m.range(first.node as TSESTree.Node) }],
  });
}

const TEARDOWN_NAME =
  /^_?(destroy|dispose|unmount|unmounted|teardown|close|disconnect|disconnectedCallback|componentWillUnmount|ngOnDestroy|beforeDestroy|beforeUnmount|unbind)$/i;

/**
 * Every removal is a `delete` in an exported function that callers must remember to call (`detach(el)`,
 * `unregister(node)`), not in a handler of the key's end or the owner's teardown: keys whose callers forget it
 * stay, which a WeakMap would have let go. The names of those functions, or undefined.
 */
function deletedOnlyByOptionalApi(m: FileModel, c: Collection): string[] | undefined {
  if (!c.shrinkSites.length) return undefined;
  const names: string[] = [];
  for (const site of c.shrinkSites) {
    const deletes =
      (site.type === T.CallExpression && calleeName(site) === 'delete') ||
      (site.type === T.UnaryExpression && site.operator === 'delete');
    if (!deletes) return undefined;
    const fn = enclosingFunction(site);
    if (!fn) return undefined;
    const p = fn.parent;
    const name = descriptorName(fn) ?? functionName(fn);
    // A module's exported function (a class's methods may be framework hooks, `handleDisconnect()`, called
    // whenever the key ends), or a method installed on a global object or prototype (`hidePopUp` on
    // `HTMLElement.prototype`): both are API a caller has to remember. Other callbacks are events of the key.
    const api = enclosingFunction(fn)
      ? !!storedGlobally(m, fn)
      : (fn.type === T.FunctionDeclaration && p?.type === T.ExportNamedDeclaration) ||
        (p?.type === T.VariableDeclarator && p.parent?.parent?.type === T.ExportNamedDeclaration) ||
        !!storedGlobally(m, fn) ||
        exportedByCommonJs(m, fn);
    if (!api || !name || TEARDOWN_NAME.test(name)) return undefined;
    names.push(name);
  }
  return [...new Set(names)];
}

const FINAL_TEARDOWN =
  /^[_#$]*(destroy|dispose|unmount|teardown|cleanup|ngOnDestroy|componentWillUnmount|disconnectedCallback|beforeDestroy|destroyed|beforeUnmount|unmounted)$/i;

/**
 * `stackItem.meta.set(this, selection)` in a handler of an owner with a final teardown (`destroy()`) that never
 * deletes it: the owner keys itself into a Map (or Set) that belongs to an object it was handed (a parameter, an
 * event's payload), which usually outlives it — the undo stack, the parent, the emitter. After the teardown the
 * owner and everything it holds stay reachable from there. Medium: how long the handed object lives is not visible.
 */
function selfKeyedInHandedCollection(ctx: RuleContext): void {
  const m = ctx.model;
  const reported = new Set<Node>();
  for (const name of ['set', 'add']) {
    for (const call of m.callsNamed(name)) {
      const key = call.arguments[0];
      if (!key || unwrap(key).type !== T.ThisExpression || call.callee.type !== T.MemberExpression) continue;
      const owned = enclosingOwnerMethod(m, call);
      if (!owned) continue;
      // `this` inside a non-arrow callback is someone else's.
      let fn = enclosingFunction(call);
      while (fn && fn !== owned.method && fn.type === T.ArrowFunctionExpression) fn = enclosingFunction(fn);
      if (fn !== owned.method) continue;
      const holder = call.callee.object;
      const root = rootOf(holder);
      if (root === holder || root.type !== T.Identifier) continue;
      const def = m.resolve(root)?.defs[0];
      if (def?.type !== DefinitionType.Parameter || !isInside(def.name as Node, owned.method)) continue;
      const { owner } = owned;
      const teardown = owner.teardowns.find((t) => FINAL_TEARDOWN.test(t));
      if (!teardown || reported.has(owner.node)) continue;
      const deletesSelf = (f: Node) => {
        let found = false;
        walk(
          f,
          (n) => {
            if (found) return false;
            if (
              n.type === T.CallExpression &&
              /^(delete|clear)$/.test(calleeName(n) ?? '') &&
              (n.arguments.length === 0 || unwrap(n.arguments[0]).type === T.ThisExpression)
            )
              found = true;
            return !found;
          },
          VISITOR_KEYS,
        );
        return found;
      };
      if (methodReaches(owner, teardown, deletesSelf, 3)) continue;
      reported.add(owner.node);
      ctx.report({
        rule: 'map-object-key',
        confidence: 'medium',
        message:
          `${owned.name}() keys this object into ${m.source(holder)}, a ${name === 'set' ? 'Map' : 'Set'} of ${root.name} that it was handed and that ` +
          `usually outlives it, and ${teardown}() never deletes that entry, so after ${teardown}() the object (and everything it ` +
          `holds) stays reachable from ${root.name}. Delete the entry (\`${m.source(holder)}.delete(this)\`) in ${teardown}().`,
        range: m.range(call),
      });
    }
  }
}

/**
 * A field Map/Set of an owner that has a final teardown (`destroy()`, `dispose()`), keyed by objects it is handed
 * (frames, sockets, elements), added to on a repeated path and never deleted from, not even by that teardown: an
 * owner with a teardown is built to live long (a host, a provider, a service), and every key object it ever saw
 * stays reachable until it ends. Medium: the owner may still be short-lived.
 */
function objectKeysUntilTeardown(ctx: RuleContext, c: Collection): void {
  const m = ctx.model;
  if (c.kind !== 'Map' && c.kind !== 'Set') return;
  if (c.shrinkSites.length || c.escapes || c.bounded) return;
  const grow = c.grows.find((g) => g.repeatable && !isWarnOnceFlag(g.node));
  if (!grow || collectionKeyKind(m, c) !== 'object' || keyedByFunctions(m, c)) return;
  const owned = enclosingOwnerMethod(m, c.decl);
  const teardown = owned?.owner.teardowns.find((t) => FINAL_TEARDOWN.test(t));
  if (!owned || !teardown) return;
  ctx.report({
    rule: 'map-object-key',
    confidence: 'medium',
    message:
      `${shownName(c)} is a ${c.kind} keyed by objects that this object adds to again and again and never deletes from, ` +
      `not even in ${teardown}(), so every key object it ever saw (and its value) stays reachable for as long as it lives. ` +
      (c.weakSafe && !c.iterated
        ? `Use a Weak${c.kind} so an entry goes away with its key.`
        : `Delete each entry when its key is done.`),
    range: m.headRange(c.decl),
    related: [{ message: 'an object key is added here', range: m.range(grow.node as TSESTree.Node) }],
    fixes: weakFix(m, c),
  });
}

export const mapObjectKey: RuleImpl = {
  id: 'map-object-key',
  run(ctx: RuleContext) {
    const m = ctx.model;
    selfKeyedInHandedCollection(ctx);
    for (const c of longLivedCollections(m)) {
      // A field of an ordinary instance lives only as long as that instance: only an owner built to live long
      // (one with a final teardown that leaves the field's object keys in place) says more.
      if (c.source === 'instance') {
        objectKeysUntilTeardown(ctx, c);
        continue;
      }
      if (c.escapes || !c.grows.some((g) => g.repeatable)) continue;
      // One flag per component type or option the code warns about once: bounded by the program.
      if (c.grows.filter((g) => g.repeatable).every((g) => isWarnOnceFlag(g.node))) continue;
      if (reportStampedKeys(ctx, c)) continue;
      if (c.shrinks) {
        reportOptionalDelete(ctx, c);
        continue;
      }
      if (isObjectSet(m, c)) {
        reportObjectArray(ctx, c);
        continue;
      }
      if (c.kind !== 'Map' && c.kind !== 'Set') continue;
      if (collectionKeyKind(m, c) !== 'object') continue;
      const fixes = weakFix(m, c);
      const first = c.grows.find((g) => g.repeatable)!;
      const release = fixes.length
        ? `Use a Weak${c.kind} so an entry goes away with its key.`
        : c.iterated
          ? `It is iterated, so a Weak${c.kind} would not do: delete each entry when its key is done (e.g. on unmount, close or dispose).`
          : `Delete each entry when its key is done, or use a Weak${c.kind}.`;
      // Deletes that run only when something fails or is cancelled were not counted as releases (collections.ts).
      const noDelete = c.shrinkSites.length
        ? 'nothing deletes from it except when something fails or is cancelled'
        : 'nothing ever deletes from it';
      const what =
        c.source === 'memoize'
          ? `${shownName(c)} is a Map keyed by the first argument, which is an object, and ${noDelete}`
          : c.source === 'factory'
            ? `${shownName(c)} is a ${c.kind} private to what ${enclosingName(c)} returns, keyed by objects, and ${noDelete}`
            : `${shownName(c)} is a long-lived ${c.kind}${lifetimeNote(c)} keyed by objects and ${noDelete}`;
      const life = c.source === 'factory' ? 'for as long as that result lives' : 'for the life of the program';
      ctx.report({
        rule: 'map-object-key',
        // Functions as keys are mostly code the program defines a fixed number of (getters, handlers): whether
        // new ones keep coming cannot be told from here.
        confidence: keyedByFunctions(m, c) ? 'medium' : 'high',
        message:
          `${what}, so every key object (and its value) stays reachable ${life}. ` +
          (c.source === 'memoize'
            ? 'Memoize by object in a WeakMap instead (look up, compute and store the result yourself).'
            : release),
        range: m.headRange(c.decl),
        related: [{ message: 'an object key is added here', range: m.range(first.node as TSESTree.Node) }],
        fixes,
      });
    }
  },
};

/** A weak-safe object-keyed Map/Set whose only deletes are API calls callers may forget: medium. */
function reportOptionalDelete(ctx: RuleContext, c: Collection): void {
  const m = ctx.model;
  if ((c.kind !== 'Map' && c.kind !== 'Set') || !c.weakSafe || c.iterated) return;
  if (collectionKeyKind(m, c) !== 'object' || keyedByFunctions(m, c)) return;
  const api = deletedOnlyByOptionalApi(m, c);
  if (!api) return;
  const first = c.grows.find((g) => g.repeatable)!;
  const dom = domKeyType(c);
  ctx.report({
    rule: 'map-object-key',
    // Callers may well call it every time: whether they do is not visible here. DOM nodes are the exception:
    // a node removed from the page (innerHTML, a framework re-render, remove()) calls none of them.
    confidence: dom ? 'high' : 'medium',
    message:
      `${shownName(c)} is a long-lived ${c.kind}${lifetimeNote(c)} keyed by objects whose entries go only when a caller calls ` +
      `${api.map((n) => `${n}()`).join(' or ')}: every key whose caller forgets (or whose object simply goes away) ` +
      `stays reachable with its value${dom ? ` (a ${dom} removed from the page calls neither)` : ''}. It is only read by key, so a Weak${c.kind} would let an entry go with its key.`,
    range: m.headRange(c.decl),
    related: [{ message: 'an object key is added here', range: m.range(first.node as TSESTree.Node) }],
    fixes: weakFix(m, c),
  });
}

/** The declared key type names a DOM node (`Set<HTMLElement>`, `Map<Node, …>`, `Map<Window, …>`): its name. */
function domKeyType(c: Collection): string | undefined {
  const init = c.init.type === T.NewExpression ? c.init : undefined;
  const ann = c.typeAnnotation;
  const key =
    init?.typeArguments?.params[0] ?? (ann?.type === T.TSTypeReference ? ann.typeArguments?.params[0] : undefined);
  if (key?.type !== T.TSTypeReference || key.typeName.type !== T.Identifier) return undefined;
  const name = key.typeName.name;
  return DOM_NODE.test(name) ? name : undefined;
}

const DOM_NODE = oneOf(['HTMLElement', 'Element', 'Node', 'Window', 'Document', /HTML\w*Element/, /SVG\w*Element/]);

/** `{ hidePopUp: { value() {…} } }`: a property descriptor's function is known by the property it defines. */
function descriptorName(fn: Node): string | undefined {
  const prop = fn.parent;
  if (prop?.type !== T.Property || !/^(value|get|set)$/.test(keyName(prop.key, prop.computed) ?? '')) return undefined;
  const outer = prop.parent?.parent;
  return outer?.type === T.Property ? keyName(outer.key, outer.computed) : undefined;
}

/** Functions that give an object a unique id stored on it (`L.stamp(layer)`, `goog.getUid(obj)`). */
const STAMP_CALL = /^(stamp|getUid|getUID|uid|guid|objectId|getObjectId)$/;

/**
 * The object whose stamped id `key` is: `el.__uid || (el.__uid = ++n)`, `obj._id ??= next()`, `stamp(obj)`,
 * directly or through a local it was computed into. Such a key stands for the object: one entry per object.
 */
function stampedObject(m: FileModel, key: Node, depth = 0): Node | undefined {
  const k = unwrap(key);
  if (depth > 2) return undefined;
  if (k.type === T.Identifier) {
    const v = m.resolve(k);
    const def = v?.defs[0];
    if (def?.node.type !== T.VariableDeclarator || !def.node.init) return undefined;
    if (v!.references.some((r) => r.isWrite() && !r.init)) return undefined;
    return stampedObject(m, def.node.init, depth + 1);
  }
  if (k.type === T.LogicalExpression && (k.operator === '||' || k.operator === '??')) {
    const left = unwrap(k.left);
    const right = unwrap(k.right);
    if (
      left.type === T.MemberExpression &&
      right.type === T.AssignmentExpression &&
      m.source(right.left) === m.source(left)
    )
      return left.object;
  }
  if (k.type === T.AssignmentExpression && (k.operator === '??=' || k.operator === '||=')) {
    const left = unwrap(k.left);
    if (left.type === T.MemberExpression) return left.object;
  }
  if (k.type === T.CallExpression && k.arguments.length === 1 && STAMP_CALL.test(calleeName(k) ?? '')) {
    const a = k.arguments[0];
    return a.type === T.SpreadElement ? undefined : a;
  }
  return undefined;
}

/**
 * A long-lived map (or object used as one) keyed by ids stamped on objects (`data[el.__uid || (el.__uid =
 * ++n)] = …`): one entry per object, like a Map keyed by the object itself, but one no WeakMap can replace as
 * it stands. Nothing deleting: certain. Deleted only by an API callers must remember (`removeData(el)`): medium.
 */
function reportStampedKeys(ctx: RuleContext, c: Collection): boolean {
  const m = ctx.model;
  if (c.kind !== 'Object' && c.kind !== 'Map') return false;
  const grows = c.grows.filter((g) => g.repeatable);
  const objects = grows.map((g) => (g.key ? stampedObject(m, g.key) : undefined));
  if (!grows.length || objects.some((o) => !o)) return false;
  // Walked over (for…in, Object.keys, forEach): a weak map would not do, and the walk may clean it.
  if (c.iterated) return false;
  let api: string[] | undefined;
  if (c.shrinks) {
    api = deletedOnlyByOptionalApi(m, c);
    if (!api) return false;
  }
  const what = m.source(objects[0]!);
  ctx.report({
    rule: 'map-object-key',
    confidence: api ? 'medium' : 'high',
    message:
      `${shownName(c)} is a long-lived ${c.kind === 'Object' ? 'object used as a map' : 'Map'}${lifetimeNote(c)} keyed by an id ` +
      `stamped on each object (${what}), so it holds one entry per object, ` +
      (api
        ? `removed only when a caller calls ${api.map((n) => `${n}()`).join(' or ')}: every object whose caller forgets (or that simply goes away) stays reachable through its entry. `
        : 'and nothing ever deletes one: every object’s entry (and what it references) stays for the life of the program. ') +
      `Keep the data in a WeakMap keyed by the object itself, so an entry goes away with its object.`,
    range: m.headRange(c.decl),
    related: [
      { message: 'an entry is added here, under the stamped id', range: m.range(grows[0].node as TSESTree.Node) },
    ],
  });
  return true;
}

/** `module.exports = { removeData }`, `exports.removeData = removeData`: a function of the module's API. */
function exportedByCommonJs(m: FileModel, fn: Node): boolean {
  const id = functionBindingId(fn);
  const v = id ? m.resolve(id) : null;
  return !!v?.references.some((r) => {
    let n: Node | undefined = r.identifier.parent;
    if (n?.type === T.Property && n.value === r.identifier) n = n.parent?.parent;
    else if (n?.type === T.Property) return false;
    return n?.type === T.AssignmentExpression && /^(module\.)?exports\b/.test(memberPath(n.left) ?? '');
  });
}
