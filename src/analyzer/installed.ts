// Closures stored where the whole program reaches them: in a global (`window.api = fn`), on a global
// constructor's prototype (`Object.defineProperties(HTMLElement.prototype, { show: { value() {…} } })`), or in
// a module-level structure (`handlers.set(k, fn)`). They live as long as the page or process, and so does
// every variable they capture: a collection private to the function that installed them is as long-lived as a
// module-level one.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { T, calleeName, calleeObject, memberPath, rootOf, valueParent, type Node } from './ast';
import type { FileModel } from './model';

/** `Object.defineProperty(target, …)`, `Object.defineProperties(target, …)`, `Object.assign(target, …)`. */
const DEFINE = new Set(['Object.defineProperty', 'Object.defineProperties', 'Object.assign', 'Reflect.defineProperty']);

/** Where `node` (a function, or a reference to one) is stored for good, or undefined when it is not. */
export function storedGlobally(m: FileModel, node: Node): string | undefined {
  let { parent, child } = valueParent(node);
  // Through object literals: `theThing = { someMethod: function () {...} }`.
  while (
    parent &&
    (parent.type === T.Property || parent.type === T.ObjectExpression || parent.type === T.ArrayExpression)
  ) {
    ({ parent, child } = valueParent(parent));
  }
  if (!parent) return undefined;
  const longRoot = (e: Node): string | undefined => {
    const root = rootOf(e);
    if (root.type !== T.Identifier) return undefined;
    const v = m.resolve(root);
    if (v === null) return `the global ${memberPath(e) ?? root.name}`;
    return m.isModuleLevel(v) ? `module-level ${memberPath(e) ?? root.name}` : undefined;
  };
  if (parent.type === T.AssignmentExpression && parent.right === child) {
    const where = longRoot(parent.left);
    return where ? `closure stored in ${where}` : undefined;
  }
  if (parent.type !== T.CallExpression || !parent.arguments.includes(child as TSESTree.CallExpressionArgument))
    return undefined;
  if (/^(set|push|add|unshift)$/.test(calleeName(parent) ?? '')) {
    const obj = calleeObject(parent);
    const where = obj ? longRoot(obj) : undefined;
    return where ? `closure stored in ${where}` : undefined;
  }
  // Defined as a property of a global object or prototype: every holder of that object (every element, for
  // `HTMLElement.prototype`) reaches it.
  const target = parent.arguments[0];
  if (DEFINE.has(memberPath(parent.callee) ?? '') && target && child !== target && target.type !== T.SpreadElement) {
    const where = longRoot(target);
    return where ? `closure defined on ${where}` : undefined;
  }
  return undefined;
}
