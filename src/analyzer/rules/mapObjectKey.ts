// map-object-key: a long-lived Map/Set keyed by objects whose entries are never deleted. Every key object
// (element, request, instance) stays reachable through the collection; a WeakMap/WeakSet would let it go.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { T } from '../ast';
import { longLivedCollections, type Collection } from '../collections';
import { declaredKeyKind, keyKind, type KeyKind } from '../keys';
import type { FileModel } from '../model';
import type { Fix, TextEdit } from '../types';
import type { RuleContext, RuleImpl } from './context';

/** The key kind of a collection: its declared type when it has one, else what every growth site passes. */
export function collectionKeyKind(m: FileModel, c: Collection): KeyKind {
  if (c.kind !== 'Map' && c.kind !== 'Set') return 'unknown';
  const declared = declaredKeyKind(m, c.init, c.typeAnnotation);
  if (declared !== 'unknown') return declared;
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

export const mapObjectKey: RuleImpl = {
  id: 'map-object-key',
  run(ctx: RuleContext) {
    const m = ctx.model;
    for (const c of longLivedCollections(m)) {
      if (c.kind !== 'Map' && c.kind !== 'Set') continue;
      if (c.shrinks || c.escapes || !c.grows.some((g) => g.repeatable)) continue;
      if (collectionKeyKind(m, c) !== 'object') continue;
      const fixes = weakFix(m, c);
      const first = c.grows.find((g) => g.repeatable)!;
      const release = fixes.length
        ? `Use a Weak${c.kind} so an entry goes away with its key.`
        : c.iterated
          ? `It is iterated, so a Weak${c.kind} would not do: delete each entry when its key is done (e.g. on unmount, close or dispose).`
          : `Delete each entry when its key is done, or use a Weak${c.kind}.`;
      ctx.report({
        rule: 'map-object-key',
        message:
          `${c.name} is a long-lived ${c.kind} keyed by objects and nothing ever deletes from it, so every key ` +
          `object (and its value) stays reachable for the life of the program. ${release}`,
        range: m.headRange(c.decl),
        related: [{ message: 'an object key is added here', range: m.range(first.node as TSESTree.Node) }],
        fixes,
      });
    }
  },
};
