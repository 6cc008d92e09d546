// `addEventListener(type, fn, { signal: controller.signal })` releases the listener only when that controller
// is aborted. A controller this code makes itself and never aborts (or aborts only when something fails) is
// no release: the option looks like one, but nothing ever pulls it.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { DefinitionType } from '@typescript-eslint/scope-manager';
import { T, calleeName, enclosingClass, keyName, memberPath, propertyName, unwrap, type Node } from './ast';
import type { FileModel } from './model';
import { releasePath } from './paths';

/** The `signal` property of an options object, as written (`ac.signal`, `this.controller.signal`, `signal`). */
function signalOption(opts: Node): Node | undefined {
  const o = unwrap(opts);
  if (o.type !== T.ObjectExpression) return undefined;
  for (const p of o.properties) {
    if (p.type === T.SpreadElement) return undefined;
    if (p.type === T.Property && keyName(p.key, p.computed) === 'signal') return unwrap(p.value as Node);
  }
  return undefined;
}

/** `new AbortController()` */
function isNewController(n: Node | null | undefined): boolean {
  const u = n && unwrap(n);
  return u?.type === T.NewExpression && memberPath(u.callee) === 'AbortController';
}

/**
 * The controller behind the signal option, when this file makes it: a local `const ac = new AbortController()`
 * (`ac.signal`, or `const signal = ac.signal`), or a field every assignment of which makes one
 * (`this.controller.signal`). Its text for messages and the `.abort()` calls on it.
 */
function controllerOf(
  m: FileModel,
  signal: Node,
): { text: string; aborts: TSESTree.CallExpression[]; escapes: boolean } | undefined {
  let s = unwrap(signal);
  // `const signal = ac.signal` / `{ signal }`: follow a local alias once.
  if (s.type === T.Identifier) {
    const def = m.resolve(s)?.defs[0];
    if (def?.type !== DefinitionType.Variable || def.node.type !== T.VariableDeclarator || !def.node.init)
      return undefined;
    s = unwrap(def.node.init);
  }
  if (s.type !== T.MemberExpression || propertyName(s) !== 'signal') return undefined;
  const holder = unwrap(s.object);
  const aborts: TSESTree.CallExpression[] = [];
  let escapes = false;
  const classify = (ref: Node) => {
    const p = ref.parent;
    if (p?.type === T.MemberExpression && p.object === ref) {
      const prop = propertyName(p);
      if (prop === 'abort' && p.parent?.type === T.CallExpression && p.parent.callee === p) aborts.push(p.parent);
      else if (prop !== 'signal') escapes = true;
      return;
    }
    // Assigned to, or handed somewhere (returned, passed, stored): whoever holds it may abort it.
    if (!(p?.type === T.AssignmentExpression && p.left === ref)) escapes = true;
  };
  if (holder.type === T.Identifier) {
    const v = m.resolve(holder);
    const def = v?.defs[0];
    if (!v || def?.type !== DefinitionType.Variable || def.node.type !== T.VariableDeclarator) return undefined;
    if (!isNewController(def.node.init)) return undefined;
    for (const r of v.references) if (r.isRead()) classify(r.identifier);
    return { text: holder.name, aborts, escapes };
  }
  const path = memberPath(holder);
  if (holder.type !== T.MemberExpression || holder.object.type !== T.ThisExpression || !path) return undefined;
  const uses = m.membersWithPathInClass(path, enclosingClass(holder));
  const stores = uses.filter((me) => me.parent?.type === T.AssignmentExpression && me.parent.left === me);
  if (!stores.length || !stores.every((me) => isNewController((me.parent as TSESTree.AssignmentExpression).right)))
    return undefined;
  for (const me of uses) classify(me);
  return { text: path, aborts, escapes };
}

/**
 * A registration whose `{ signal }` option is the only release and the signal's controller, made in this file,
 * is never aborted ('never') or aborted only when something fails ('exceptional'). Undefined when it is aborted
 * on the normal path, or when the controller comes from elsewhere or is handed on.
 */
export function unpulledSignal(
  m: FileModel,
  call: TSESTree.CallExpression,
): { controller: string; path: 'never' | 'exceptional'; abort?: TSESTree.CallExpression } | undefined {
  if (calleeName(call) !== 'addEventListener' || !call.arguments[2]) return undefined;
  const signal = signalOption(call.arguments[2] as Node);
  if (!signal) return undefined;
  const c = controllerOf(m, signal);
  if (!c || c.escapes) return undefined;
  if (!c.aborts.length) return { controller: c.text, path: 'never' };
  const paths = c.aborts.map((a) => releasePath(m, a, []));
  if (paths.every((p) => p === 'exceptional')) return { controller: c.text, path: 'exceptional', abort: c.aborts[0] };
  return undefined;
}
