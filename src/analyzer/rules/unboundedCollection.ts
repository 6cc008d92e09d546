// unbounded-collection: a module-level, static or singleton Map/Set/array/object used as a cache or
// registry that code paths only grow: no delete, clear, eviction, size bound or reset.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  isFixedKey,
  isObjectSet,
  isProgramLong,
  isWarnOnceFlag,
  lifetimeNote,
  memoizedFunction,
  longLivedCollections,
  shownName,
  type Collection,
} from '../collections';
import { cardinality, type InitOf } from '../cardinality';
import type { Variable } from '@typescript-eslint/scope-manager';
import { DefinitionType } from '@typescript-eslint/scope-manager';
import {
  T,
  calleeName,
  classMemberOf,
  enclosingFunction,
  functionBindingId,
  functionName,
  isFunction,
  isInside,
  keyName,
  propertyName,
  rootOf,
  unwrap,
  valueParent,
  walk,
  type FunctionNode,
  type Node,
} from '../ast';
import { enclosingOwnerMethod, isTeardownName, methodReaches, returnedRelease } from '../owners';
import { registrationOf } from '../registrations';
import { releasePath } from '../paths';
import { VISITOR_KEYS } from '../parse';
import type { FileModel } from '../model';
import { describeRunner } from '../frameworks';
import { inputDriven, runsRepeatedly, workspaceInputNote } from '../lifetimes';
import type { RuleContext, RuleImpl } from './context';
import { collectionKeyKind } from './mapObjectKey';
import { settledEntriesKept } from '../settledEntries';
import { rereadOnlyReleases } from '../rereadReleases';
import { oneOf, startingWith } from '../vocabulary/names';
import { instanceLifetime } from '../instanceLifetime';

const REGISTRATION_NAME = startingWith(
  ['register', 'define', 'create', 'add', 'install', 'provide', 'declare', 'init', 'setup', 'use'],
  'i',
);
/** A key made fresh on every call (`crypto.randomUUID()`, `nanoid()`, `Date.now()`): never a finite domain. */
const FRESH_KEY = oneOf([
  'randomUUID',
  'uuid',
  'v4',
  'v1',
  'nanoid',
  'cuid',
  'ulid',
  'now',
  'random',
  'randomBytes',
  'generateId',
]);

const HOW: Record<string, string> = {
  Map: 'delete entries when they are no longer needed, or bound it (evict the oldest when size passes a limit)',
  Set: 'delete entries when they are no longer needed, or bound its size',
  Array: 'remove entries when done (splice/shift), cap its length, or reset it',
  Object: 'delete keys when done, or use a bounded Map',
};

export const unboundedCollection: RuleImpl = {
  id: 'unbounded-collection',
  run(ctx: RuleContext) {
    const m = ctx.model;
    selfRegistrations(ctx);
    for (const c of longLivedCollections(m)) {
      // A store whose own undo handle does not undo it, whatever the collection's lifetime.
      if (disposerKeepsEntry(ctx, c)) continue;
      // Fields of ordinary instances and collections private to a factory live as long as their owner, which
      // may be short: only the checks above and below, which do not depend on how long that is, apply.
      if (c.source === 'instance') {
        // A table of calls in flight whose completion settles an entry and leaves it there, whatever its lifetime.
        if (
          !growsPerEvent(ctx, c) &&
          !callbackRegistry(ctx, c) &&
          !settledButKept(ctx, c) &&
          !grownPerCallOfLongLived(ctx, c)
        )
          keyedByCallersInput(ctx, c);
        continue;
      }
      if (c.source === 'factory') continue;
      // `memoize` defined in this file: its own Map is the collection (a factory run at load), judged as such.
      if (c.source === 'memoize' && calleeDefinedHere(m, c.init)) continue;
      if (c.bounded || c.escapes) continue;
      // A collection that lives as long as the program and is emptied only by its holder's teardown
      // (`close()`, `destroy()`, `dispose()` of a module-level or singleton object) keeps every entry until the
      // program ends: that teardown is not a release on the normal path.
      const atEnd = c.shrinks ? endOnlyShrinks(m, c) : [];
      // An expiring cache that drops an entry only when that same key is looked up again keeps every key
      // nobody asks for twice.
      const reread =
        c.shrinks && !atEnd.length
          ? rereadOnlyReleases(
              m,
              c,
              c.shrinkSites.filter((s) => releasePath(m, s, [c.init]) !== 'exceptional'),
            )
          : undefined;
      if (c.shrinks && !atEnd.length && !reread) {
        // Released only when a call is cancelled, times out or fails: the calls that complete stay.
        settledButKept(ctx, c);
        continue;
      }
      // An array used as a set of objects is map-object-key's (a WeakSet fits).
      if (isObjectSet(m, c)) continue;
      // Keyed by ids/URLs/request data, or grown on an input-driven path with keys of unknown variety;
      // memo tables over small fixed domains (names, kinds, codes) are left alone.
      // Keys made only of combinations of inputs may still come from a finite set (argument names, options
      // objects, templates): that cannot be decided here, so those findings are medium.
      const combined = new Set<(typeof c.grows)[number]>();
      const growth = c.grows.filter((g) => {
        if (!g.repeatable || isFixedKey(g.key)) return false;
        // A warn-once table (`seen[k] || (console.warn(…), (seen[k] = true))`) holds one flag per diagnostic the
        // code can emit: it grows with the problems in the program, not with its input.
        if (isWarnOnceFlag(g.node)) return false;
        const guessed = cardinality(
          c.kind === 'Array' ? (g.node.type === 'CallExpression' ? g.node.arguments[0] : undefined) : g.key,
          0,
          localInit(m),
        );
        // A key that is a parameter takes what the callers pass: `render(req.query.page + '.html')` makes
        // `templates[name]` as varied as the request, whatever the parameter is called.
        const card = c.kind !== 'Array' && callersPassData(m, g.key) ? 'high' : guessed;
        // A memo table (a memoize() cache, or one private to a factory run once at load) is keyed by what the
        // memoized function is called with: its parameter's name, the arguments at its call sites.
        if (c.source === 'memoize' || c.source === 'load-factory') {
          const variety = memoKeyVariety(m, c, g);
          if (variety) return variety === 'high';
          if (c.source === 'memoize') return false;
        }
        if (inputDriven(m, g.node)) return card !== 'low';
        // register()/define()/create…() fill registries as the program's structure loads, not per input.
        const fn = enclosingFunction(g.node);
        // A key that names per-item data, stored without looking it up first (`byId[item.id] = item` in
        // `add(item)`), is data whatever the function is called; a get-or-create under a registration name is
        // one entry per thing the program defines.
        const itemKeyed = c.kind !== 'Array' && card === 'high' && !!g.key && !!fn && !lookedUpBy(m, fn, c, g.key);
        if (fn && REGISTRATION_NAME.test(functionName(fn) ?? '') && !freshKey(m, g.key) && !itemKeyed) return false;
        // A key made of several of the function's inputs (`[password, salt, rounds].join('_')`) takes as
        // many values as their combinations.
        const inputs = card !== 'low' && fn && c.kind !== 'Array' ? inputsInKey(m, g.key, fn) : undefined;
        if (inputs && inputs.count >= 2) {
          // One of them is per-user data (a salt, a password, an id): certain.
          if (!inputs.data) combined.add(g);
          return true;
        }
        return card === 'high';
      });
      if (!growth.length) {
        // Grown per input by another module (the workspace pass), with nothing anywhere that empties it.
        if (grownElsewhere(ctx, c)) continue;
        // One entry per call in flight, settled and left in place.
        if (settledButKept(ctx, c)) continue;
        // A program-long list of subscribers with no way to leave it.
        if (subscriberList(ctx, c)) continue;
        // No new keys without end, but each key's list may grow on every run.
        entryListGrowth(ctx, c);
        continue;
      }
      // Object keys with no deletion are map-object-key's finding (with its WeakMap fix).
      if ((c.kind === 'Map' || c.kind === 'Set') && collectionKeyKind(m, c) === 'object') continue;
      const first = growth[0];
      const verb = c.kind === 'Array' ? 'appended to' : 'added to';
      const onlyOnFailure = c.shrinkSites.length > 0 && !atEnd.length;
      const atEndName = atEnd.length ? enclosingName(atEnd[0]) : undefined;
      ctx.report({
        rule: 'unbounded-collection',
        confidence: growth.every((g) => combined.has(g)) ? 'medium' : 'high',
        message:
          `${shownName(c)} is a long-lived ${c.kind === 'Object' ? 'object used as a map' : c.kind}${lifetimeNote(c)} that is ${verb} ` +
          `${c.source === 'memoize' || c.source === 'load-factory' ? 'for every new argument the memoized function is called with' : `each time ${describeRunner(m, first.node)} runs${workspaceInputNote(m, first.node)}`} and ${atEndName ? `is emptied only in ${atEndName}() (line ${m.line(atEnd[0])}), when its holder ends` : reread ? `drops an entry only when that same key is looked up again (line ${m.line(reread.lazy[0])})${reread.api.length ? ` or handed to ${enclosingName(reread.api[0]) ?? 'an API'}() (line ${m.line(reread.api[0])}), which nothing here calls` : ''}, so keys nobody asks for again stay` : onlyOnFailure ? `shrinks only when something fails (line ${m.line(c.shrinkSites[0])})` : 'never shrinks'}, ` +
          `so it grows for the life of the program and keeps every entry reachable. ` +
          `${HOW[c.kind][0].toUpperCase()}${HOW[c.kind].slice(1)}.`,
        range: m.headRange(c.decl),
        related: growth.slice(0, 3).map((g) => ({ message: `grown here`, range: m.range(g.node as TSESTree.Node) })),
      });
    }
  },
};

/**
 * `pending[id] = { resolve, reject }` before a request goes out, and a reply handler that settles
 * `pending[msg.id]` without deleting it: every completed call stays. A delete only in a cancel function, a
 * timeout or an error path does not take out the calls that simply complete.
 */
function settledButKept(ctx: RuleContext, c: Collection): boolean {
  const m = ctx.model;
  const found = settledEntriesKept(m, c);
  if (!found) return false;
  if ((c.kind === 'Map' || c.kind === 'Set') && collectionKeyKind(m, c) === 'object') return false;
  const growerName = enclosingName(found.grow.node);
  const consumer = enclosingFunction(found.read);
  const consumerName = consumer ? functionName(consumer) : undefined;
  const cancel = found.elsewhere[0];
  const cancelName = cancel ? enclosingName(cancel) : undefined;
  ctx.report({
    rule: 'unbounded-collection',
    message:
      `${shownName(c)} gets an entry for each call ${growerName ? `of ${growerName}() ` : ''}(line ${m.line(found.grow.node)}), and ` +
      `${consumerName ? `${consumerName}()` : 'the handler'} (line ${m.line(found.read)}) settles that entry when the call completes ` +
      `without removing it${cancel ? ` (only ${cancelName ? `${cancelName}()` : 'a cancel or failure path'}, line ${m.line(cancel)}, does)` : ''}, ` +
      `so every completed call stays in ${shownName(c)}, with everything its entry references, for as long as ${shownName(c)} lives. ` +
      `Delete the entry where the call completes.`,
    range: m.headRange(c.decl),
    related: [
      { message: 'an entry is added here', range: m.range(found.grow.node as TSESTree.Node) },
      { message: 'settled here and left in place', range: m.range(found.read as TSESTree.Node) },
    ],
  });
  return true;
}

/**
 * An exported collection that no module empties and that another module adds to on a path that runs per input
 * (`sessions.set(req.headers['x-id'], …)` in a route): the declaration is where it leaks.
 */
function grownElsewhere(ctx: RuleContext, c: Collection): boolean {
  const m = ctx.model;
  const grown = c.source === 'module' ? m.workspace.grownElsewhere : undefined;
  const at = grown && Object.hasOwn(grown, c.name) ? grown[c.name] : undefined;
  if (!at || c.shrinkSites.length) return false;
  const file = at.file.split(/[\\/]/).slice(-2).join('/');
  ctx.report({
    rule: 'unbounded-collection',
    message:
      `${shownName(c)} is a long-lived ${c.kind === 'Object' ? 'object used as a map' : c.kind} that ${file}:${at.line} ` +
      `adds to each time ${at.via} runs, and no module ever empties it, so it grows for the life of the program and ` +
      `keeps every entry reachable. ${HOW[c.kind][0].toUpperCase()}${HOW[c.kind].slice(1)}.`,
    range: m.headRange(c.decl),
  });
  return true;
}

/** Parameters that name a piece of the program (a component, a method, a type), not data. */
const NAME_LIKE = /(^|[a-z])(name|Name|type|Type|kind|Kind|method|Method|tag|Tag)$/;

/**
 * How many of `fn`'s parameters the key is made of (through local variables it was computed into), and
 * whether one of them is per-user data by its name (an id, a salt, a token).
 */
function inputsInKey(m: FileModel, key: Node | undefined, fn: FunctionNode): { count: number; data: boolean } {
  if (!key) return { count: 0, data: false };
  let dataInput = false;
  const params = new Set<Variable>();
  const seen = new Set<Node>();
  const visit = (e: Node, depth: number) => {
    if (depth > 3 || seen.has(e)) return;
    seen.add(e);
    walk(
      e,
      (n) => {
        if (isFunction(n)) return false;
        if (n.type !== T.Identifier) return true;
        const v = m.resolve(n);
        const def = v?.defs[0];
        if (!v || !def) return true;
        // A parameter named for a small domain (a name, a kind, a mode) adds no variety of its own.
        if (def.type === DefinitionType.Parameter && def.node === fn) {
          const c = cardinality(n);
          if (c === 'high') dataInput = true;
          if (c !== 'low' && !NAME_LIKE.test(n.name)) params.add(v);
        } else if (def.node.type === T.VariableDeclarator && def.node.init && isInside(def.node, fn))
          visit(def.node.init, depth + 1);
        return true;
      },
      VISITOR_KEYS,
    );
  };
  visit(key, 0);
  return { count: params.size, data: dataInput };
}

/**
 * `subscribe(fn) { this.handles.push(h); return () => h.unsubscribe(); }`: the function (or object) a store
 * returns to undo it never takes the entry out again, so every undone registration stays in the collection.
 */
function disposerKeepsEntry(ctx: RuleContext, c: Collection): boolean {
  const m = ctx.model;
  for (const g of c.grows) {
    const method = enclosingFunction(g.node);
    if (!method || !g.repeatable) continue;
    // Only a registration's undo handle: a subscribe/on/register/add… method returning a function that
    // releases something, or an object with a release method. Other returned functions are results.
    const disposer = returnedRelease(method, RELEASE_NAME);
    if (!disposer || !REGISTERING_NAME.test(functionName(method) ?? '') || !releases(disposer)) continue;
    if (c.shrinkSites.some((s) => isInside(s, disposer)) || callsShrinkingMethod(m, c, disposer)) continue;
    const name = functionName(method) ?? 'this function';
    ctx.report({
      rule: 'unbounded-collection',
      confidence: c.shrinks ? 'medium' : 'high',
      message:
        `${name}() adds to ${shownName(c)} and returns a function to undo it, but that function never removes the entry, so ` +
        `every registration ever undone stays in ${shownName(c)} (with everything it references) for as long as ${shownName(c)} lives. ` +
        `Remove the entry in the returned function as well.`,
      range: m.range(g.node as TSESTree.Node),
      related: [{ message: 'the undo function, which leaves the entry in place', range: m.headRange(disposer) }],
    });
    return true;
  }
  return false;
}

const REGISTERING_NAME =
  /^(subscribe|on|once|listen|register|add|attach|watch|observe|track|use|hook|connect)([A-Z_$]|$)/;

/** The function releases something: it calls a release-named method or deletes, or it is one (a release property). */
function releases(fn: FunctionNode): boolean {
  if (fn.parent?.type === T.Property || RELEASE_NAME.test(functionName(fn) ?? '')) return true;
  if (fn.params.length > 0) return false;
  let found = false;
  walk(
    fn.body,
    (n) => {
      if (found) return false;
      if (n.type === T.CallExpression && RELEASE_CALL.test(calleeName(n) ?? '')) found = true;
      if (n.type === T.UnaryExpression && n.operator === 'delete') found = true;
      return !found;
    },
    VISITOR_KEYS,
  );
  return found;
}

const RELEASE_CALL =
  /^(unsubscribe|dispose|remove\w*|off|cancel|stop|destroy|release|close|delete|clear\w*|splice|disconnect|abort|unobserve|unregister\w*)$/;

const RELEASE_NAME = oneOf([
  'unsubscribe',
  'dispose',
  'remove',
  'off',
  'cancel',
  'stop',
  'destroy',
  'release',
  'close',
]);

/** The disposer calls a method of the owner (or a function of the module) that shrinks `c`. */
function callsShrinkingMethod(m: FileModel, c: Collection, disposer: FunctionNode): boolean {
  let found = false;
  walk(
    disposer.body,
    (n) => {
      if (found) return false;
      if (n.type !== T.CallExpression) return true;
      const callee = unwrap(n.callee);
      let target: Node | undefined;
      if (callee.type === T.Identifier) target = m.resolve(callee)?.defs[0]?.node as Node | undefined;
      else if (callee.type === T.MemberExpression && callee.object.type === T.ThisExpression) {
        const owned = enclosingOwnerMethod(m, disposer);
        target = owned?.owner.methods.get(propertyName(callee) ?? '');
      }
      if (target && c.shrinkSites.some((s) => isInside(s, target!))) found = true;
      return !found;
    },
    VISITOR_KEYS,
  );
  return found;
}

/** Callback parameters: what a subscribe/on/register method is handed. */
const CALLBACK_PARAM = oneOf([
  /\w*([hH]andler|[lL]istener|[cC]allback|[sS]ubscriber|[oO]bserver)s?/,
  'cb',
  'fn',
  'func',
  'hook',
]);

/** Methods a consumer calls to be told of something (each consumer, each time it starts), not setup. */
const SUBSCRIBING_NAME = /^(subscribe|on|once|listen|addListener|addEventListener|watch|observe|onChange)([A-Z_$]|$)/;

/**
 * A program-long collection (module-level or a singleton's field) of callbacks that a subscribe/on/listen
 * method adds each one it is handed to, with nothing anywhere that removes one: every consumer that ever
 * subscribed (a component per mount, a request per call) stays, with everything its callback closes over.
 */
function subscriberList(ctx: RuleContext, c: Collection): boolean {
  const m = ctx.model;
  if (c.shrinks || c.escapes || c.shrinkSites.length || c.bounded) return false;
  const g = c.grows.find((grow) => {
    if (!grow.repeatable || grow.node.type !== T.CallExpression) return false;
    const fn = enclosingFunction(grow.node);
    if (!fn || !SUBSCRIBING_NAME.test(functionName(fn) ?? '')) return false;
    const value = grow.node.arguments[c.kind === 'Map' ? 1 : 0];
    const u = value ? unwrap(value) : undefined;
    if (!u || u.type !== T.Identifier) return false;
    const def = m.resolve(u)?.defs[0];
    return def?.type === DefinitionType.Parameter && def.node === fn;
  });
  if (!g) return false;
  const method = functionName(enclosingFunction(g.node)!) ?? 'subscribe';
  ctx.report({
    rule: 'unbounded-collection',
    message:
      `${shownName(c)} is a long-lived ${c.kind}${lifetimeNote(c)} that ${method}() adds each callback it is handed to, and ` +
      `nothing ever removes one: every subscriber there ever was (and everything its callback closes over) stays for ` +
      `the life of the program. Return a function that removes the callback, and call it when the subscriber ends.`,
    range: m.range(g.node as TSESTree.Node),
    related: [{ message: `${shownName(c)} is created here`, range: m.headRange(c.decl) }],
  });
  return true;
}

/**
 * An instance's list of callbacks that a method adds to and nothing ever removes from: every callback
 * registered stays for the instance's life. Less certain, as the instance may be short-lived.
 */
function callbackRegistry(ctx: RuleContext, c: Collection): boolean {
  const m = ctx.model;
  if (c.shrinks || c.escapes || c.shrinkSites.length) return false;
  const g = c.grows.find((grow) => {
    if (!grow.repeatable || grow.node.type !== T.CallExpression) return false;
    const value = grow.node.arguments[c.kind === 'Map' ? 1 : 0];
    const u = value ? unwrap(value) : undefined;
    if (!u || u.type !== T.Identifier || !CALLBACK_PARAM.test(u.name)) return false;
    const def = m.resolve(u)?.defs[0];
    return def?.type === DefinitionType.Parameter && def.node === enclosingFunction(grow.node);
  });
  if (!g) return false;
  const method = enclosingFunction(g.node);
  ctx.report({
    rule: 'unbounded-collection',
    confidence: 'medium',
    message:
      `${functionName(method!) ?? 'This method'}() adds each callback it is given to ${shownName(c)} and nothing ever removes one, ` +
      `so every callback ever registered (and everything it closes over) stays for the life of the object. Offer a way ` +
      `to unregister (return a function that removes it) and clear ${shownName(c)} in the object's teardown.`,
    range: m.range(g.node as TSESTree.Node),
  });
  return true;
}

/** Methods that set an object up, or fill it from its configuration: they run a bounded number of times. */
const SETUP_NAME =
  /^[_#$]*(constructor|init\w*|setup\w*|configure\w*|load\w*|build\w*|reset\w*|set[A-Z]?\w*Config\w*)$/;

/**
 * A field map of an instance filled under a key one of its methods is given (`getNode(key) { … this.cache[key]
 * = node }`) and emptied only by a reset in another method (`addServer()` re-creating the cache): between those
 * calls it grows with every distinct key the object is asked about. Whether that is a leak depends on how long
 * the object lives, which the file does not say: medium. The owner's teardown, a reset where it is filled, or
 * any per-key delete bounds it.
 */
function keyedByCallersInput(ctx: RuleContext, c: Collection): void {
  const m = ctx.model;
  if ((c.kind !== 'Map' && c.kind !== 'Object') || c.escapes || c.bounded) return;
  if (c.kind === 'Map' && collectionKeyKind(m, c) === 'object') return;
  for (const g of c.grows) {
    if (!g.repeatable || !g.key || isFixedKey(g.key) || isWarnOnceFlag(g.node)) continue;
    const owned = enclosingOwnerMethod(m, g.node);
    if (!owned || SETUP_NAME.test(owned.name) || REGISTRATION_NAME.test(owned.name) || isTeardownName(owned.name))
      continue;
    const inputs = inputsInKey(m, g.key, owned.method);
    if (!inputs.count && cardinality(g.key, 0, localInit(m)) !== 'high') continue;
    const resets: Node[] = [];
    let released = false;
    for (const site of c.shrinkSites) {
      const at = enclosingOwnerMethod(m, site);
      // Another branch of the constructor's set-up (`if (parent) this.params = {…}; else this.params = {}`)
      // initializes the table: it is neither a release nor a reset.
      if (at?.name === 'constructor' && !removesOneEntry(site)) continue;
      if (
        removesOneEntry(site) ||
        !at ||
        at.method === owned.method ||
        isTeardownName(at.name) ||
        owned.owner.teardowns.some((t) => methodReaches(owned.owner, t, (f) => isInside(site, f)))
      ) {
        released = true;
        break;
      }
      resets.push(site);
    }
    // With no reset at all, nothing tells how long the owner lives (a component's own cache dies with it). A
    // reset in another method (`addServer()` re-creating the ring's cache) says the owner outlives changes of
    // its own set-up, and between them the table grows with every key.
    if (released || !resets.length) return;
    const reset = resets[0];
    ctx.report({
      rule: 'unbounded-collection',
      confidence: 'medium',
      message:
        `${shownName(c)} gets an entry for every distinct key ${owned.name}() is given (line ${m.line(g.node)}) and ` +
        `is emptied only when ${enclosingName(reset) ?? 'another method'}() runs (line ${m.line(reset)})` +
        `, so it grows with the keys for as long as its owner lives: a leak when the owner lives as long as the ` +
        `program. ${HOW[c.kind][0].toUpperCase()}${HOW[c.kind].slice(1)}.`,
      range: m.headRange(c.decl),
      related: [{ message: 'an entry is added here', range: m.range(g.node as TSESTree.Node) }],
    });
    return;
  }
}

/**
 * A field of an owner (a class, a constructor function) that one of the owner's event handlers grows each time
 * it runs (a message, a request, a connection), and that nothing empties on the normal path (only the owner's
 * teardown, a failure, or nothing at all): it grows for as long as the owner lives. An owner that listens to
 * events and has a teardown is built to live long, so the entries pile up between its start and its end.
 */
function growsPerEvent(ctx: RuleContext, c: Collection): boolean {
  const m = ctx.model;
  if (c.escapes || c.bounded || isObjectSet(m, c)) return false;
  for (const g of c.grows) {
    if (!g.repeatable || isFixedKey(g.key) || isWarnOnceFlag(g.node)) continue;
    // `arr[i] = x` overwrites a slot (one per worker, per index): only push/unshift/splice append.
    if (c.kind === 'Array' && g.node.type === T.AssignmentExpression) continue;
    const owned = enclosingOwnerMethod(m, g.node);
    if (!owned) continue;
    // A cache looked up by the same key before it is filled (get-or-create) holds one entry per resource
    // the owner uses (a URL, a file), not one per event.
    if (g.key && lookedUpBy(m, owned.method, c, g.key)) continue;
    const { owner } = owned;
    const handler =
      eventHandlerAround(m, g.node, owned.method) ??
      (owned.name !== 'constructor' && freshPerCall(m, g.key, owned.method)
        ? { what: `${owned.name}()`, registered: true }
        : undefined);
    if (!handler) continue;
    const value = c.kind === 'Array' ? (g.node.type === T.CallExpression ? g.node.arguments[0] : undefined) : g.key;
    if (value && cardinality(value, 0, localInit(m)) === 'low') continue;
    // Emptied where it runs every time (after use, on completion): bounded by what is in flight.
    const inTeardown = (site: Node) =>
      owner.teardowns.some((t) => methodReaches(owner, t, (f) => isInside(site, f))) ||
      isTeardownName(enclosingOwnerMethod(m, site)?.name ?? '');
    // A delete of one entry is a release the owner offers its callers (remove(id)), wherever it sits; only
    // emptying the whole collection in teardown leaves every entry of the owner's life in place until then.
    const normal = c.shrinkSites.filter(
      (s) => releasePath(m, s, [c.init]) !== 'exceptional' && (!inTeardown(s) || removesOneEntry(s)),
    );
    if (normal.length) return false;
    const teardown = owner.teardowns[0];
    const released = c.shrinkSites.length > 0;
    const verb = c.kind === 'Array' ? 'appended to' : 'added to';
    ctx.report({
      rule: 'unbounded-collection',
      confidence: teardown || handler.registered ? 'high' : 'medium',
      message:
        `${shownName(c)} is ${verb} each time ${handler.what} runs and ` +
        (released
          ? `is emptied only ${teardown && c.shrinkSites.some(inTeardown) ? `in ${teardown}()` : `when something fails or is cancelled (line ${m.line(c.shrinkSites[0])})`}`
          : 'is never emptied') +
        `, so it grows for as long as its owner lives and keeps every entry reachable. ` +
        `${HOW[c.kind][0].toUpperCase()}${HOW[c.kind].slice(1)}.`,
      range: m.range(g.node as TSESTree.Node),
      related: [{ message: `${shownName(c)} is created here`, range: m.headRange(c.decl) }],
    });
    return true;
  }
  return false;
}

/**
 * A field of an instance that lives as long as the program by evidence in its own file (one is made at load, or
 * the class is a client by its structure: see instanceLifetime), grown by an ordinary method under a key that
 * comes from the call (a parameter, something computed from one, or an id made fresh per call), with no release
 * on the normal path: every call adds an entry that stays for the instance's (the program's) life. Set-up,
 * registration and teardown methods, fixed keys and small key domains are left alone.
 */
function grownPerCallOfLongLived(ctx: RuleContext, c: Collection): boolean {
  const m = ctx.model;
  if (c.escapes || c.bounded || isObjectSet(m, c)) return false;
  if ((c.kind === 'Map' || c.kind === 'Set') && collectionKeyKind(m, c) === 'object') return false;
  // A delete of one entry, or an emptying outside the owner's teardown, on a path that runs normally.
  const normal = c.shrinkSites.filter((s) => releasePath(m, s, [c.init]) !== 'exceptional');
  if (normal.some((s) => removesOneEntry(s) || !isTeardownName(enclosingOwnerMethod(m, s)?.name ?? ''))) return false;
  const declOwner = c.owner ?? enclosingOwnerMethod(m, c.decl)?.owner.node;
  const field = c.name.split('.').pop() ?? '';
  // A field the class declares `public` is the other modules' to empty too (a handler module deleting acked
  // ids); one taken out of `this` by destructuring (`const { queue } = this`) is used through an alias.
  if (c.owner && declaredPublic(c.owner, field)) return false;
  if (new RegExp(`\\{[^{}]*\\b${field.replace(/[$]/g, '\\$')}\\b[^{}]*\\}\\s*=\\s*(this|self|that)\\b`).test(m.text))
    return false;
  // Emptied through another alias anywhere in the file (`function drain(self) { self.queue.shift() }`): the
  // owner's own uses are all that the summary sees.
  const f = field.replace(/[$]/g, '\\$');
  if (new RegExp(`\\.${f}\\s*\\.\\s*(shift|pop|splice|delete)\\s*\\(|\\bdelete\\s+[\\w$.]*\\.${f}\\s*\\[`).test(m.text))
    return false;
  for (const g of c.grows) {
    if (!g.repeatable || isFixedKey(g.key) || isWarnOnceFlag(g.node)) continue;
    const owned = enclosingOwnerMethod(m, g.node);
    if (!owned || owned.owner.node !== declOwner) continue;
    const name = owned.name;
    if (name === 'constructor' || SETUP_NAME.test(name) || REGISTRATION_NAME.test(name) || isTeardownName(name))
      continue;
    // Arrays: only one with nothing ever taken out (a queue that is drained is bounded by what is pending).
    if (c.kind === 'Array' && (c.shrinkSites.length || g.node.type !== T.CallExpression)) continue;
    const value = c.kind === 'Array' ? (g.node as TSESTree.CallExpression).arguments[0] : g.key;
    if (!value || cardinality(value, 0, localInit(m)) === 'low') continue;
    // A get-or-create keyed by the resource it caches (a host, a file) holds one entry per resource: only a key
    // that is itself varied data (an id, a URL, a generated string) makes it grow without end.
    if (g.key && lookedUpBy(m, owned.method, c, g.key) && cardinality(g.key, 0, localInit(m)) !== 'high') continue;
    const from = keyFromCall(m, value, g.node, owned.method);
    if (!from) continue;
    const life = instanceLifetime(m, owned.owner);
    if (!life) return false;
    const verb = c.kind === 'Array' ? 'appended to' : 'added to';
    ctx.report({
      rule: 'unbounded-collection',
      confidence: life.sure ? 'high' : 'medium',
      message:
        `${shownName(c)} is ${verb} on every call of ${name}() ${from.startsWith('its') ? `${c.kind === 'Array' ? 'with a value' : 'under a key'} from ${from}` : `under ${from}`} and ` +
        `${c.shrinkSites.length ? 'is emptied only in the teardown' : 'nothing ever removes an entry'}, while its ` +
        `instance lives as long as the program (${life.why}), so it grows with every call and keeps every entry ` +
        `reachable. ${HOW[c.kind][0].toUpperCase()}${HOW[c.kind].slice(1)}.`,
      range: m.headRange(c.decl),
      related: [{ message: 'an entry is added here', range: m.range(g.node as TSESTree.Node) }],
    });
    return true;
  }
  return false;
}

function declaredPublic(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, field: string): boolean {
  return cls.body.body.some(
    (el) => el.type === T.PropertyDefinition && el.accessibility === 'public' && keyName(el.key, el.computed) === field,
  );
}

/** Callees that hand out a new id each call (`this._nextId()`, `genId()`, `uniqueId()`). */
const ID_MAKER =
  /^[_#$]*(next|new|gen|generate|make|alloc|allocate|create|unique|get(Next|New))_?(Message|Request|Call)?_?Id$/i;

/**
 * Where the key (or the pushed value) comes from, when it is from the call: a parameter of the method or of a
 * callback inside it, a local computed from one (through object literals: `packet.messageId`), or an id made
 * fresh per call. Parameters named for a small domain (a name, a type) do not count.
 */
function keyFromCall(m: FileModel, key: Node, at: Node, method: FunctionNode): string | undefined {
  const seen = new Set<Node>();
  let found: string | undefined;
  const visit = (e: Node, depth: number) => {
    if (found || depth > 4 || seen.has(e)) return;
    seen.add(e);
    walk(
      e,
      (n) => {
        if (found || isFunction(n)) return false;
        if (n.type === T.UpdateExpression && n.operator === '++') found = 'an id made fresh per call';
        else if (
          n.type === T.CallExpression &&
          (ID_MAKER.test(calleeName(n) ?? '') || FRESH_KEY.test(calleeName(n) ?? ''))
        )
          found = !/^(now|random)$/.test(calleeName(n)!) ? 'an id made fresh per call' : undefined;
        if (found) return false;
        // `packet.messageId` with `const packet = { messageId }`: the property's value in the literal.
        if (n.type === T.MemberExpression && !n.computed && n.object.type === T.Identifier) {
          const init = localValue(m, n.object, method);
          if (init?.type === T.ObjectExpression) {
            const prop = init.properties.find(
              (p) => p.type === T.Property && keyName(p.key, p.computed) === propertyName(n),
            ) as TSESTree.Property | undefined;
            if (prop) {
              visit(prop.value as Node, depth + 1);
              return false;
            }
          }
        }
        if (n.type !== T.Identifier) return true;
        const v = m.resolve(n);
        const def = v?.defs[0];
        if (!v || !def) return true;
        if (def.type === DefinitionType.Parameter) {
          const fn = def.node as FunctionNode;
          if ((fn === method || (isInside(fn, method) && isInside(at, fn))) && !NAME_LIKE.test(n.name)) {
            if (cardinality(n) !== 'low') found = `its argument ${n.name}`;
          }
        } else if (def.node.type === T.VariableDeclarator && def.node.init && isInside(def.node, method))
          visit(def.node.init, depth + 1);
        return true;
      },
      VISITOR_KEYS,
    );
  };
  visit(key, 0);
  return found;
}

/** A local of `method`, written once, and what it was initialized with. */
function localValue(m: FileModel, id: TSESTree.Identifier, method: FunctionNode): Node | undefined {
  const v = m.resolve(id);
  const def = v?.defs[0];
  if (!v || def?.node.type !== T.VariableDeclarator || !def.node.init || !isInside(def.node, method)) return undefined;
  return unwrap(def.node.init);
}

/**
 * The handler `node` runs in, between it and its owner method: a callback registered as a listener (per event),
 * or an owner method named for handling one (`onMessage`, `_handleData`).
 */
function eventHandlerAround(
  m: FileModel,
  node: Node,
  method: FunctionNode,
): { what: string; registered: boolean } | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const { parent, child } = valueParent(fn);
    if (parent?.type === T.CallExpression && parent.arguments.includes(child as TSESTree.CallExpressionArgument)) {
      const reg = registrationOf(m, parent);
      if (reg && reg.handler === child && reg.kind === 'event' && !reg.selfReleasing && !reg.terminal) {
        if (parent.callee.type === T.MemberExpression && calleeName(parent) === 'once') return undefined;
        return { what: `the ${reg.type ? `'${reg.type}' ` : ''}handler`, registered: true };
      }
    }
    if (fn === method) break;
  }
  const name = functionName(method) ?? '';
  if (/^[_#$]*(on|handle)[A-Z]\w*$/.test(name) && !isTeardownName(lowerFirst(name.replace(/^[_#$]*(on|handle)/, ''))))
    return { what: `${name}()`, registered: false };
  return undefined;
}

/** `c.get(key)`, `c.has(key)`, `c[key]` read or `key in c` anywhere in `fn`, for the same key text. */
function lookedUpBy(m: FileModel, fn: FunctionNode, c: Collection, key: Node): boolean {
  const field = c.name.split('.').pop();
  const keyText = m.source(key);
  const isField = (n: Node) =>
    (n.type === T.MemberExpression && propertyName(n) === field) || (n.type === T.Identifier && n.name === field);
  let found = false;
  walk(
    fn.body,
    (n) => {
      if (found) return false;
      if (n.type === T.MemberExpression && n.computed && isField(n.object) && m.source(n.property) === keyText) {
        const p = n.parent;
        if (!(p?.type === T.AssignmentExpression && p.left === n)) found = true;
      } else if (
        n.type === T.CallExpression &&
        n.callee.type === T.MemberExpression &&
        isField(n.callee.object) &&
        /^(get|has)$/.test(propertyName(n.callee) ?? '') &&
        n.arguments[0] &&
        m.source(n.arguments[0]) === keyText
      )
        found = true;
      else if (n.type === T.BinaryExpression && n.operator === 'in' && isField(n.right) && m.source(n.left) === keyText)
        found = true;
      return !found;
    },
    VISITOR_KEYS,
  );
  return found;
}

/**
 * A key made new on every call (`this.seq++`, `++nextId`, `randomUUID()`), directly or through a local it was
 * computed into: each call adds an entry no later call overwrites, so only a delete takes it out.
 */
function freshPerCall(m: FileModel, key: Node | undefined, method: FunctionNode): boolean {
  if (!key) return false;
  let k = unwrap(key);
  if (k.type === T.Identifier) {
    const def = m.resolve(k)?.defs[0]?.node as Node | undefined;
    if (def?.type !== T.VariableDeclarator || !def.init || !isInside(def, method)) return false;
    k = unwrap(def.init);
    // `const id = this.index; this.index += 1`: a counter read, then bumped in the same call.
    if (bumpedIn(m, k, method)) return true;
  }
  if (k.type === T.UpdateExpression && k.operator === '++') return true;
  if (k.type === T.AssignmentExpression && k.operator === '+=') return true;
  return k.type === T.CallExpression && FRESH_KEY.test(calleeName(k) ?? '') && !/^(now|random)$/.test(calleeName(k)!);
}

/** `counter` (a field or module variable read into the key) is incremented in `fn` itself, outside callbacks. */
function bumpedIn(m: FileModel, counter: Node, fn: FunctionNode): boolean {
  if (counter.type !== T.MemberExpression && counter.type !== T.Identifier) return false;
  const text = m.source(counter);
  let found = false;
  walk(
    fn.body,
    (n) => {
      if (found || (n !== fn.body && isFunction(n))) return false;
      const target =
        n.type === T.UpdateExpression && n.operator === '++'
          ? n.argument
          : n.type === T.AssignmentExpression && n.operator === '+='
            ? n.left
            : undefined;
      if (target && m.source(target) === text) found = true;
      return !found;
    },
    VISITOR_KEYS,
  );
  return found;
}

const SELF_ADDERS = ['push', 'unshift', 'add', 'set'];
const FINAL_TEARDOWN =
  /^[_#$]*(destroy|dispose|unmount|teardown|cleanup|ngOnDestroy|componentWillUnmount|disconnectedCallback|beforeDestroy|destroyed|beforeUnmount|unmounted)$/i;
const REMOVAL_CALL = /^(splice|delete|remove\w*|filter|shift|pop|clear|without|pull)$/;

/**
 * An instance that puts itself into a list or registry shared beyond it (a module-level or static collection,
 * one its own method fetches from a shared store), whose owner has a teardown that never takes it out again:
 * every instance ever torn down stays reachable from that list. A removal elsewhere (a method the teardown does
 * not call) does not count: the teardown is the path every instance ends on.
 */
function selfRegistrations(ctx: RuleContext): void {
  const m = ctx.model;
  const reported = new Set<Node>();
  // `list.push(this)`, `registry.set(id, this)`, and `instances[id] = this` on an object used as a map.
  const stores: { node: Node; holderNode: Node }[] = [];
  for (const name of SELF_ADDERS) {
    for (const call of m.callsNamed(name)) {
      const value = call.arguments[name === 'set' ? 1 : 0];
      if (!value || unwrap(value).type !== T.ThisExpression || call.callee.type !== T.MemberExpression) continue;
      stores.push({ node: call, holderNode: call.callee.object });
    }
  }
  for (const me of m.memberExpressions) {
    const p = me.parent;
    if (!me.computed || p?.type !== T.AssignmentExpression || p.left !== me || p.operator !== '=') continue;
    if (unwrap(p.right).type === T.ThisExpression && !isFixedKey(me.property))
      stores.push({ node: p, holderNode: me.object });
  }
  {
    for (const { node: call, holderNode } of stores) {
      const owned = enclosingOwnerMethod(m, call);
      if (!owned || !owned.owner.teardowns.length) continue;
      // `this` inside a non-arrow callback is someone else's.
      let fn = enclosingFunction(call);
      while (fn && fn !== owned.method && fn.type === T.ArrowFunctionExpression) fn = enclosingFunction(fn);
      if (fn !== owned.method) continue;
      const holder = sharedHolder(m, holderNode);
      if (!holder) continue;
      const { owner } = owned;
      const holderText = m.source(holderNode);
      const removes = (f: FunctionNode) => removesSelf(m, f, holderText);
      // The final teardown (destroy, dispose, unmount…) is where every instance ends, however it got there: a
      // removal only in close() misses the instance destroyed while open. Without one, any teardown will do.
      const finals = owner.teardowns.filter((t) => FINAL_TEARDOWN.test(t));
      const missing = finals.length
        ? finals.find((t) => !methodReaches(owner, t, removes, 3))
        : owner.teardowns.every((t) => !methodReaches(owner, t, removes, 3))
          ? owner.teardowns[0]
          : undefined;
      if (!missing) continue;
      if (reported.has(owner.node)) continue;
      reported.add(owner.node);
      const teardown = missing;
      ctx.report({
        rule: 'unbounded-collection',
        confidence: 'high',
        message:
          `${owned.name === 'constructor' ? 'The constructor' : `${owned.name}()`} adds the instance to ${holder}, which outlives it, ` +
          `and ${teardown}() never takes it out, so every instance ever torn down stays reachable from there (with ` +
          `everything it holds). Remove it from ${holder} in ${teardown}().`,
        range: m.range(call),
      });
    }
  }
}

/** What the collection `obj` is, when it is shared beyond the instance: a module-level or global variable, a
 * static field, or what an own method fetches (`this._instances()`); undefined for the instance's own fields,
 * locals and parameters. */
function sharedHolder(m: FileModel, obj: Node): string | undefined {
  const o = unwrap(obj);
  if (o.type === T.CallExpression) {
    const c = unwrap(o.callee);
    return c.type === T.MemberExpression && c.object.type === T.ThisExpression
      ? `the list ${m.source(o)} returns`
      : undefined;
  }
  const root = rootOf(o);
  if (root.type !== T.Identifier) return undefined;
  const v = m.resolve(root);
  if (!v) return undefined;
  if (m.isModuleLevel(v) || isProgramLong(m, v)) {
    const def = v.defs[0];
    // A WeakSet/WeakMap holds nothing alive.
    if (def?.node.type === T.VariableDeclarator && def.node.init && /^new\s+Weak/.test(m.source(def.node.init)))
      return undefined;
    // A class or constructor's static list (`Dialog.instances`) or a module-level collection.
    if (root === o || def?.type === DefinitionType.ClassName || def?.type === DefinitionType.FunctionName)
      return m.source(o);
  }
  return undefined;
}

/**
 * `fn` takes `this` out of a collection: a removal given `this` or something of it (`set.delete(this)`,
 * `map.delete(this.id)`, a `filter` testing it), any removal from the holder itself, or a search for `this`
 * (`indexOf(this)`, `$.inArray(this, list)`) followed by a splice.
 */
function removesSelf(m: FileModel, fn: FunctionNode, holderText: string): boolean {
  let removal = false;
  let searched = false;
  let spliced = false;
  const mentionsThis = (nodes: Node[]) => {
    let hit = false;
    for (const a of nodes)
      walk(
        a,
        (n) => {
          if (n.type === T.ThisExpression) hit = true;
          return !hit;
        },
        VISITOR_KEYS,
      );
    return hit;
  };
  walk(
    fn.body,
    (n) => {
      if (removal) return false;
      if (n.type === T.CallExpression) {
        const name = calleeName(n) ?? '';
        const obj = n.callee.type === T.MemberExpression ? m.source(n.callee.object) : undefined;
        if (REMOVAL_CALL.test(name) && (mentionsThis(n.arguments) || obj === holderText)) removal = true;
        if (/^(indexOf|lastIndexOf|inArray|findIndex)$/.test(name) && mentionsThis(n.arguments)) searched = true;
        if (name === 'splice') spliced = true;
      }
      // `delete holder[id]`: only a delete from the holder itself takes the instance out (`delete this.instances[id]`
      // deletes from another object, and leaves it in place).
      if (n.type === T.UnaryExpression && n.operator === 'delete') {
        const target = unwrap(n.argument);
        if (target.type === T.MemberExpression && m.source(target.object) === holderText) removal = true;
      }
      return !removal;
    },
    VISITOR_KEYS,
  );
  return removal || (searched && spliced);
}

/** `x.delete(k)`, `delete x[k]`, `x.splice(i, 1)`: one entry out, not the whole collection. */
function removesOneEntry(site: Node): boolean {
  if (site.type === T.UnaryExpression) return site.operator === 'delete';
  if (site.type !== T.CallExpression) return false;
  const name = calleeName(site);
  return (name === 'delete' || name === 'splice') && site.arguments.length > 0;
}

/** A function's local, written once where it is declared: what it was initialized with. */
function localInit(m: FileModel): InitOf {
  return (id) => {
    if (id.type !== T.Identifier) return undefined;
    const v = m.resolve(id);
    const def = v?.defs[0];
    if (!v || def?.node.type !== T.VariableDeclarator || !def.node.init || !enclosingFunction(def.node))
      return undefined;
    if (v.references.some((r) => r.isWrite() && !r.init)) return undefined;
    return def.node.init;
  };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function freshKey(m: FileModel, key: Node | undefined): boolean {
  if (!key) return false;
  let k = unwrap(key);
  if (k.type === T.Identifier) {
    const def = m.resolve(k)?.defs[0]?.node;
    if (def?.type !== T.VariableDeclarator || !def.init) return false;
    k = unwrap(def.init);
  }
  return k.type === T.CallExpression && FRESH_KEY.test(calleeName(k) ?? '');
}

const LIST_APPEND = new Set(['push', 'unshift']);
const LIST_SHRINK = new Set(['shift', 'pop', 'splice', 'slice', 'length', 'clear', 'delete', 'filter']);

/**
 * A collection of lists, one per key, that each run appends to (`byRoute.get(route).push(ms)`,
 * `(logs[level] ||= []).push(entry)`, `const list = map.get(k) || []; list.push(v); map.set(k, list)`): even over
 * a small set of keys, the lists grow with every run and nothing takes their entries out. Certain on a path
 * driven by input (a handler, a request); elsewhere the function may run a bounded number of times.
 */
function entryListGrowth(ctx: RuleContext, c: Collection): void {
  const m = ctx.model;
  if (c.shrinks || c.bounded || c.escapes || (c.kind !== 'Map' && c.kind !== 'Object')) return;
  const appends: TSESTree.CallExpression[] = [];
  let trimmed = false;
  const onList = (list: Node) => {
    const { parent, child } = valueParent(list);
    if (parent?.type !== T.MemberExpression || parent.object !== child) return;
    const prop = propertyName(parent) ?? '';
    const call = parent.parent;
    if (LIST_SHRINK.has(prop)) trimmed = true;
    else if (LIST_APPEND.has(prop) && call?.type === T.CallExpression && call.callee === parent) appends.push(call);
  };
  for (const use of c.uses) {
    const entry = entryRead(c, use);
    if (!entry) continue;
    // Up through `entry || []`, `entry ?? (entry = [])`, `c[k] = c[k] || []`.
    let list: Node = entry;
    for (;;) {
      const { parent, child } = valueParent(list);
      if (parent?.type === T.LogicalExpression && (parent.left === child || parent.right === child)) list = parent;
      else if (parent?.type === T.AssignmentExpression && (parent.left === child || parent.right === child))
        list = parent;
      else break;
    }
    onList(list);
    const { parent } = valueParent(list);
    // `const list = c.get(k) || []`, then `list.push(v)`.
    const alias =
      parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier ? m.resolve(parent.id) : undefined;
    for (const r of alias?.references ?? []) if (!r.init) onList(r.identifier as Node);
    if (trimmed) return;
  }
  const grow = appends.find((call) => {
    if (!runsRepeatedly(m, call)) return false;
    const fn = enclosingFunction(call);
    if (fn && REGISTRATION_NAME.test(functionName(fn) ?? '')) return false;
    // Lists of callbacks per event are registrations (listener-not-removed's ground), not data.
    const value = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
    if (!value || isFunction(value)) return false;
    return !(value.type === T.Identifier && CALLBACK_PARAM.test(value.name));
  });
  if (!grow) return;
  ctx.report({
    rule: 'unbounded-collection',
    confidence: inputDriven(m, grow) ? 'high' : 'medium',
    message:
      `${shownName(c)} is a long-lived ${c.kind === 'Object' ? 'object' : 'Map'} of lists${lifetimeNote(c)}, and each time ${describeRunner(m, grow)} runs ` +
      `another entry is appended to one of them; nothing removes entries or keys, so the lists grow for the life of ` +
      `the program and keep every entry reachable. Cap each list (drop the oldest past a limit), or aggregate ` +
      `instead of keeping every value.`,
    range: m.headRange(c.decl),
    related: [{ message: 'appended here', range: m.range(grow) }],
  });
}

/** `c.get(k)` or `c[k]` (read, or the target of `c[k] = …`): one entry's value. */
function entryRead(c: Collection, use: Node): Node | undefined {
  const { parent, child } = valueParent(use);
  if (parent?.type !== T.MemberExpression || parent.object !== child) return undefined;
  if (c.kind === 'Map') {
    const call = parent.parent;
    return propertyName(parent) === 'get' && call?.type === T.CallExpression && call.callee === parent
      ? call
      : undefined;
  }
  return parent.computed && !isFixedKey(parent.property) ? parent : undefined;
}

/**
 * How varied a memo table's key is, judged from the memoized function: the name of the memoized literal's
 * parameter (`memoize((url) => …)`) and the arguments its callers pass (`render(req.query.page)`,
 * `lookup(user.id)`). 'low' when every caller passes a fixed value; undefined when nothing says.
 */
/**
 * Is `key` a parameter of a function that this file calls, with data (request fields, ids, message contents)
 * in that position in at least half of the calls?
 */
function callersPassData(m: FileModel, key: Node | undefined): boolean {
  const k = key ? unwrap(key) : undefined;
  if (k?.type !== T.Identifier) return false;
  const def = m.resolve(k)?.defs[0];
  if (def?.type !== DefinitionType.Parameter) return false;
  const fn = def.node as FunctionNode;
  const index = fn.params.findIndex((p) => p.type === T.Identifier && p.name === k.name);
  const id = functionBindingId(fn);
  if (index < 0 || !id) return false;
  const { calls, high } = argumentVariety(m, id, index);
  return high > 0 && high * 2 >= calls;
}

/** How varied the arguments at `index` of the calls to `id` in this file are: calls, data (high) and fixed (low). */
function argumentVariety(
  m: FileModel,
  id: TSESTree.Identifier,
  index: number,
): { calls: number; high: number; low: number } {
  const out = { calls: 0, high: 0, low: 0 };
  for (const r of m.resolve(id)?.references ?? []) {
    const p = r.identifier.parent;
    if (p?.type !== T.CallExpression || p.callee !== r.identifier) continue;
    const arg = p.arguments[index];
    if (!arg || arg.type === T.SpreadElement) continue;
    out.calls++;
    const card = cardinality(arg, 0, localInit(m));
    if (card === 'high') out.high++;
    if (card === 'low') out.low++;
  }
  return out;
}

function memoKeyVariety(m: FileModel, c: Collection, g: Collection['grows'][number]): 'high' | 'low' | undefined {
  const key = g.key ? unwrap(g.key) : undefined;
  if (key?.type !== T.Identifier) return undefined;
  let index = 0;
  const produced: TSESTree.Identifier[] = [];
  const literals: FunctionNode[] = [];
  const addCall = (call: Node) => {
    const { parent } = valueParent(call);
    if (parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier) produced.push(parent.id);
    if (call.type !== T.CallExpression) return;
    for (const a of call.arguments) {
      const f = memoizedFunction(m, a);
      if (f) literals.push(f);
    }
  };
  if (c.source === 'memoize') {
    addCall(g.node);
  } else {
    // The key is a parameter of the closure the factory returns; the factory's callers make the memoized functions.
    const def = m.resolve(key)?.defs[0];
    const inner = def?.type === DefinitionType.Parameter ? (def.node as FunctionNode) : undefined;
    const factory = enclosingFunction(c.decl);
    if (!inner || !factory || !isInside(inner, factory)) return undefined;
    index = inner.params.findIndex((p) => p.type === T.Identifier && p.name === key.name);
    if (index < 0) return undefined;
    const id =
      factory.type === T.FunctionDeclaration
        ? factory.id
        : factory.parent?.type === T.VariableDeclarator && factory.parent.id.type === T.Identifier
          ? factory.parent.id
          : null;
    for (const r of (id ? m.resolve(id)?.references : undefined) ?? []) {
      const p = r.identifier.parent;
      if (p?.type === T.CallExpression && p.callee === r.identifier) addCall(p);
    }
  }
  let high = false;
  let calls = 0;
  let highCalls = 0;
  let low = 0;
  for (const lit of literals) {
    const p = lit.params[index];
    if (p?.type === T.Identifier && cardinality(p) === 'high') high = true;
  }
  // Unknown arguments on input-driven paths are often names from the program (attributes, props, events):
  // only an argument that is data by its shape counts, and only when most callers pass such data (one
  // `hyphenate(event.key)` among many calls over prop names does not make a name cache a data cache).
  for (const id of produced) {
    const v = argumentVariety(m, id, index);
    calls += v.calls;
    highCalls += v.high;
    low += v.low;
  }
  if (highCalls > 0 && highCalls * 2 >= calls) high = true;
  if (high) return 'high';
  return calls > 0 && low === calls ? 'low' : undefined;
}

function calleeDefinedHere(m: FileModel, call: Node): boolean {
  if (call.type !== T.CallExpression || call.callee.type !== T.Identifier) return false;
  return !!m
    .resolve(call.callee)
    ?.defs.some(
      (d) =>
        d.type === DefinitionType.FunctionName ||
        (d.node.type === T.VariableDeclarator && !!d.node.init && isFunction(unwrap(d.node.init))),
    );
}

/**
 * For a collection that lives as long as the program (module-level, static, a singleton's field): its
 * non-failure shrink sites when every one of them is in a teardown of its holder (`close`, `destroy`,
 * `dispose`…), which runs once, at the end; empty when any runs on the normal path.
 */
function endOnlyShrinks(m: FileModel, c: Collection): Node[] {
  if (c.source !== 'module' && c.source !== 'static' && c.source !== 'singleton') return [];
  const normal = c.shrinkSites.filter((s) => releasePath(m, s, [c.init]) !== 'exceptional');
  if (!normal.length) return [];
  // Emptying the whole collection in the holder's own teardown. A delete of one entry (in an instance's
  // unmount, say) releases that entry on its owner's path; a class's per-instance teardown runs often.
  const holderTeardown = (s: Node) => {
    if (removesOneEntry(s)) return false;
    const fn = enclosingFunction(s);
    const name = enclosingName(s) ?? '';
    if (!fn || !(isTeardownName(name) || UNINITIALIZE.test(name))) return false;
    const owned = enclosingOwnerMethod(m, s);
    // The module's own teardown: a top-level function, or one its setup installs under a teardown name
    // (`this._uninitialize = () => { callbacks = {} }` inside initialize()). A nameless callback inside
    // something else (`onDestroy(() => cache.clear())` in a component) runs on that thing's normal path.
    if (c.source === 'module') return !owned && (!enclosingFunction(fn) || functionName(fn) === name);
    if (c.source === 'static') return !!owned && !!classMemberOf(owned.method)?.static;
    return !!owned && owned.owner.node === c.owner;
  };
  return normal.every(holderTeardown) ? normal : [];
}

/** Undoing a module's one-time setup (`uninitialize`, `deinit`): it runs when the module's user is done with it. */
const UNINITIALIZE = /^[_#$]*(un|de)init(iali[sz]e)?$/i;

/** The name of the method or function a node is in (through arrow callbacks). */
function enclosingName(node: Node): string | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const name = functionName(fn);
    if (name) return name;
    if (fn.type !== T.ArrowFunctionExpression) return undefined;
  }
  return undefined;
}
