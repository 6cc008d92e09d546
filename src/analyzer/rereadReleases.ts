// Releases that run only for a key someone asks for again: a cache that drops an expired entry when that same
// key is looked up (`const e = cache.get(id); if (!e || e.expiresAt < now) { cache.delete(id); … }`), or that
// offers a per-key `invalidate(id)` nobody in the file calls. Every key that is never asked for again (a user
// who does not come back, a URL requested once) keeps its entry for as long as the cache lives.
import {
  T,
  calleeName,
  enclosingFunction,
  functionName,
  guardsAbove,
  isInside,
  propertyName,
  valueParent,
  walk,
  type FunctionNode,
  type Node,
} from './ast';
import { VISITOR_KEYS } from './parse';
import { isExportedFunction, type Collection } from './collections';
import type { FileModel } from './model';
import { isTeardownName } from './owners';

export interface RereadReleases {
  /** Deletes of the key being looked up, under a check of the entry. */
  lazy: Node[];
  /** Per-key deletes in an exported function the file never calls. */
  api: Node[];
}

/**
 * Every release of `c` that runs on the normal path deletes only the key being read again, or sits in an
 * exported per-key function nothing here calls; at least one is of the first kind (an expiring cache).
 */
export function rereadOnlyReleases(m: FileModel, c: Collection, normal: readonly Node[]): RereadReleases | undefined {
  if (c.kind !== 'Map' && c.kind !== 'Object') return undefined;
  if (c.iterated || c.bounded || !normal.length) return undefined;
  const lazy: Node[] = [];
  const api: Node[] = [];
  for (const site of normal) {
    const key = deletedKey(site);
    const fn = enclosingFunction(site);
    if (!key || !fn) return undefined;
    if (underCheck(m, site, fn) && readsKey(m, c, fn, m.source(key), site)) lazy.push(site);
    else if (perKeyApi(m, fn, key)) api.push(site);
    else return undefined;
  }
  return lazy.length ? { lazy, api } : undefined;
}

/** The key a one-entry delete removes: `c.delete(k)` or `delete c[k]`. */
function deletedKey(site: Node): Node | undefined {
  if (site.type === T.CallExpression && calleeName(site) === 'delete' && site.arguments.length === 1)
    return site.arguments[0];
  if (site.type === T.UnaryExpression && site.operator === 'delete' && site.argument.type === T.MemberExpression)
    return site.argument.computed ? site.argument.property : undefined;
  return undefined;
}

/** An expiry check: the entry's age against the clock (`Date.now() > e.expiresAt`, `e.ttl`, `isStale(e)`). */
const EXPIRY = /\bDate\.now\(\)|\bnow\b|[eE]xpire|\bexp\b|[tT]tl\b|TTL|[sS]tale|maxAge|\bage\b/;

/**
 * The delete runs under an expiry check inside `fn` (`if (!e || Date.now() > e.expiresAt)`): only when the
 * entry looked up has expired. A delete after the entry is used (a reply consumed) is a release on completion.
 */
function underCheck(m: FileModel, site: Node, fn: FunctionNode): boolean {
  return guardsAbove(site, fn).some((test) => EXPIRY.test(m.source(test)));
}

/** `fn` reads `c` by the same key text before deleting it (`c.get(k)`, `c[k]`, `c.has(k)`). */
function readsKey(m: FileModel, c: Collection, fn: FunctionNode, keyText: string, site: Node): boolean {
  return c.uses.some((use) => {
    if (!isInside(use, fn) || isInside(use, site)) return false;
    const { parent, child } = valueParent(use);
    if (parent?.type !== T.MemberExpression || parent.object !== child) return false;
    if (parent.computed) return m.source(parent.property) === keyText && !isWrite(parent);
    const call = parent.parent;
    return (
      /^(get|has)$/.test(propertyName(parent) ?? '') &&
      call?.type === T.CallExpression &&
      call.callee === parent &&
      !!call.arguments[0] &&
      m.source(call.arguments[0]) === keyText
    );
  });
}

function isWrite(member: Node): boolean {
  const p = member.parent;
  return (
    (p?.type === T.AssignmentExpression && p.left === member) ||
    (p?.type === T.UnaryExpression && p.operator === 'delete')
  );
}

/** An exported function (not a teardown) that deletes the entry its own parameter names and nothing here calls. */
function perKeyApi(m: FileModel, fn: FunctionNode, key: Node): boolean {
  const name = functionName(fn);
  if (!name || isTeardownName(name) || !isExportedFunction(m, fn)) return false;
  if (key.type !== T.Identifier || !fn.params.some((p) => p.type === T.Identifier && p.name === key.name)) return false;
  let called = false;
  walk(
    m.ast,
    (n) => {
      if (called) return false;
      if (n.type === T.CallExpression && calleeName(n) === name && !isInside(n, fn)) called = true;
      return true;
    },
    VISITOR_KEYS,
  );
  return !called;
}
