// Quick fixes that release in a class's existing teardown method (dispose(), componentWillUnmount(), …):
// - a listener added with a stable handler (`this.onResize`, a module-level function) on a stable target
//   (`window`, `document`, a module-level emitter, `this.x`) gets the matching removal with the same arguments;
// - an interval whose id is stored on `this` but never cleared gets `clearInterval(this.x)`.
// Offered only when the teardown method exists (we never invent a lifecycle) and is not where the
// registration itself happens.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { T, classMemberOf, enclosingClass, enclosingFunction, keyName, rootOf, unwrap, type Node } from '../ast';
import { existingTeardown } from '../frameworks';
import { insertCleanup } from '../fixes';
import type { FileModel } from '../model';
import type { Registration } from '../registrations';
import type { Fix } from '../types';

const REMOVER_OF: Record<string, string> = {
  addEventListener: 'removeEventListener',
  on: 'off',
  addListener: 'removeListener',
  prependListener: 'removeListener',
};

/** The teardown method's body of the class `node` is in, unless `node` is in that method. */
function teardownOf(
  node: Node,
): { name: string; body: TSESTree.BlockStatement; method: TSESTree.MethodDefinition } | undefined {
  const fn = enclosingFunction(node);
  const cls = enclosingClass(node);
  if (!fn || !cls || !classMemberOf(fn)) return undefined;
  const name = existingTeardown(cls);
  const method = cls.body.body.find(
    (el): el is TSESTree.MethodDefinition => el.type === T.MethodDefinition && keyName(el.key, el.computed) === name,
  );
  if (!name || !method?.value.body || method.value === fn) return undefined;
  return { name, body: method.value.body, method };
}

/** `this.x` (not computed). */
function isThisMember(node: Node): boolean {
  const u = unwrap(node);
  return u.type === T.MemberExpression && !u.computed && u.object.type === T.ThisExpression;
}

/** The same object every time the code runs: `this.x…`, a global, or a module-level binding and its properties. */
function isStable(m: FileModel, node: Node): boolean {
  const u = unwrap(node);
  if (isThisMember(u)) return true;
  if (u.type === T.MemberExpression && u.computed) return false;
  const root = rootOf(u);
  if (root.type === T.ThisExpression) return u.type === T.MemberExpression;
  if (root.type !== T.Identifier) return false;
  const v = m.resolve(root);
  return v === null || m.isModuleLevel(v);
}

function cleanup(m: FileModel, at: ReturnType<typeof teardownOf>, statement: string, title: string): Fix[] {
  if (!at) return [];
  const inner = at.body.body[0];
  if (!inner) return []; // an empty one-line teardown: no line to take the indentation from
  return insertCleanup(m, at.body, inner, statement, title).map((f) => ({ ...f, title }));
}

/** `window.addEventListener('resize', this.onResize)` in `start()` → `window.removeEventListener(…)` in `dispose()`. */
export function removeInTeardownFixes(m: FileModel, reg: Registration): Fix[] {
  const remover = REMOVER_OF[reg.method];
  if (!remover || !reg.target || !reg.handler || !isStable(m, reg.target)) return [];
  const handler = unwrap(reg.handler);
  if (!isThisMember(handler) && !(handler.type === T.Identifier && isStable(m, handler))) return [];
  const at = teardownOf(reg.call);
  if (!at) return [];
  const args = reg.call.arguments.map((a) => m.source(a as Node)).join(', ');
  return cleanup(
    m,
    at,
    `${m.source(reg.target)}.${remover}(${args});`,
    `Remove this listener in ${at.name}() (${m.source(reg.target)}.${remover})`,
  );
}

/** `this.timer = setInterval(…)` never cleared → `clearInterval(this.timer);` in the existing teardown. */
export function clearStoredIntervalFixes(m: FileModel, call: TSESTree.CallExpression): Fix[] {
  const assignment = call.parent;
  if (assignment?.type !== T.AssignmentExpression || assignment.right !== call || !isThisMember(assignment.left))
    return [];
  const at = teardownOf(call);
  if (!at) return [];
  const id = m.source(assignment.left);
  return cleanup(m, at, `clearInterval(${id});`, `Clear this interval in ${at.name}() (clearInterval(${id}))`);
}
