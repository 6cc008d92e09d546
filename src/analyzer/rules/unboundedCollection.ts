// unbounded-collection: a module-level, static or singleton Map/Set/array/object used as a cache or
// registry that code paths only grow: no delete, clear, eviction, size bound or reset.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFixedKey, longLivedCollections } from '../collections';
import { cardinality } from '../cardinality';
import { T, calleeName, enclosingFunction, functionName, unwrap, type Node } from '../ast';
import type { FileModel } from '../model';
import { describeRunner } from '../frameworks';
import { inputDriven } from '../lifetimes';
import type { RuleContext, RuleImpl } from './context';
import { collectionKeyKind } from './mapObjectKey';
import { oneOf, startingWith } from '../vocabulary/names';

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
    for (const c of longLivedCollections(m)) {
      if (c.shrinks || c.bounded || c.escapes) continue;
      // Keyed by ids/URLs/request data, or grown on an input-driven path with keys of unknown variety;
      // memo tables over small fixed domains (names, kinds, codes) are left alone.
      const growth = c.grows.filter((g) => {
        if (!g.repeatable || isFixedKey(g.key)) return false;
        const card = cardinality(
          c.kind === 'Array' ? (g.node.type === 'CallExpression' ? g.node.arguments[0] : undefined) : g.key,
        );
        if (inputDriven(m, g.node)) return card !== 'low';
        // register()/define()/create…() fill registries as the program's structure loads, not per input.
        const fn = enclosingFunction(g.node);
        if (fn && REGISTRATION_NAME.test(functionName(fn) ?? '') && !freshKey(m, g.key)) return false;
        return card === 'high';
      });
      if (!growth.length) continue;
      // Object keys with no deletion are map-object-key's finding (with its WeakMap fix).
      if ((c.kind === 'Map' || c.kind === 'Set') && collectionKeyKind(m, c) === 'object') continue;
      const first = growth[0];
      const verb = c.kind === 'Array' ? 'appended to' : 'added to';
      ctx.report({
        rule: 'unbounded-collection',
        message:
          `${c.name} is a long-lived ${c.kind === 'Object' ? 'object used as a map' : c.kind} that is ${verb} each time ` +
          `${describeRunner(m, first.node)} runs and never shrinks, so it grows for the life of the program and keeps every entry reachable. ` +
          `${HOW[c.kind][0].toUpperCase()}${HOW[c.kind].slice(1)}.`,
        range: m.headRange(c.decl),
        related: growth.slice(0, 3).map((g) => ({ message: `grown here`, range: m.range(g.node as TSESTree.Node) })),
      });
    }
  },
};

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
