// Small, pure helpers over typescript-estree nodes.
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/typescript-estree';

/**
 * AST_NODE_TYPES as a plain object. The package re-exports the enum through a CommonJS getter, so every
 * `AST_NODE_TYPES.X` in a hot loop is a function call; a copy made once reads like any object.
 */
export const T: typeof AST_NODE_TYPES = { ...AST_NODE_TYPES };

export type Node = TSESTree.Node;
export type FunctionNode =
  TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
export type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

export function isFunction(node: Node | null | undefined): node is FunctionNode {
  return (
    !!node &&
    (node.type === T.FunctionDeclaration ||
      node.type === T.FunctionExpression ||
      node.type === T.ArrowFunctionExpression)
  );
}

/** Drops wrappers that do not change the value: parentheses are already gone; TS casts, `!`, `?.` chains. */
export function unwrap(node: Node): Node {
  let n = node;
  for (;;) {
    if (
      n.type === T.TSAsExpression ||
      n.type === T.TSNonNullExpression ||
      n.type === T.TSTypeAssertion ||
      n.type === T.TSSatisfiesExpression ||
      n.type === T.ChainExpression
    )
      n = n.expression;
    else if (n.type === T.AwaitExpression) n = n.argument;
    else return n;
  }
}

/** The parent, skipping value-preserving wrappers (so `x = (a as B)` sees the assignment). */
export function valueParent(node: Node): { parent: Node | undefined; child: Node } {
  let child = node;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === T.TSAsExpression ||
      parent.type === T.TSNonNullExpression ||
      parent.type === T.TSTypeAssertion ||
      parent.type === T.TSSatisfiesExpression ||
      parent.type === T.ChainExpression ||
      parent.type === T.AwaitExpression)
  ) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

/**
 * Member expressions whose computed key is a constant binding (`this[kClients]` with `const kClients =
 * Symbol('clients')` or an imported one): a fixed field, named `[kClients]`. Marked by FileModel, which can resolve
 * the key; a plain walk of a tree no FileModel has seen finds none.
 */
const constantKeyMembers = new WeakSet<Node>();

/** Marks `obj[kX]` (a member expression) or the key `kX` of `[kX]() {…}` (a class or object member's key). */
export function markConstantKey(node: Node): void {
  constantKeyMembers.add(node);
}

export function propertyName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === T.Identifier) return member.property.name;
  if (member.computed && member.property.type === T.Identifier && constantKeyMembers.has(member))
    return `[${member.property.name}]`;
  if (member.property.type === T.PrivateIdentifier) return '#' + member.property.name;
  if (member.computed && member.property.type === T.Literal && typeof member.property.value === 'string')
    return member.property.value;
  return undefined;
}

/** `a.b.c` → "a.b.c", `this.x` → "this.x"; undefined for anything dynamic. */
export function memberPath(node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type === T.Identifier) return n.name;
  if (n.type === T.ThisExpression) return 'this';
  if (n.type === T.Super) return 'super';
  if (n.type === T.MemberExpression) {
    const obj = memberPath(n.object);
    const prop = propertyName(n);
    return obj !== undefined && prop !== undefined ? `${obj}.${prop}` : undefined;
  }
  return undefined;
}

/** The method or function name a call invokes: `a.b.on(...)` → "on", `setInterval(...)` → "setInterval". */
export function calleeName(call: CallLike): string | undefined {
  const c = unwrap(call.callee);
  if (c.type === T.Identifier) return c.name;
  if (c.type === T.MemberExpression) return propertyName(c);
  return undefined;
}

/** The object of a method call (`a.b.on()` → `a.b`), or undefined for a plain call. */
export function calleeObject(call: CallLike): Node | undefined {
  const c = unwrap(call.callee);
  return c.type === T.MemberExpression ? c.object : undefined;
}

/** Leftmost identifier/this of a member chain, looking through calls: `$(window).on` → `$`. */
export function rootOf(node: Node): Node {
  let n = unwrap(node);
  for (;;) {
    if (n.type === T.MemberExpression) n = unwrap(n.object);
    else return n;
  }
}

export function stringValue(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === T.Literal && typeof n.value === 'string') return n.value;
  if (n.type === T.TemplateLiteral && n.expressions.length === 0) return n.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/** Evaluates simple constant numeric expressions: 1e6, 1024 * 1024, 10 * MB is not attempted. */
export function numberValue(node: Node | undefined): number | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === T.Literal && typeof n.value === 'number') return n.value;
  if (n.type === T.BinaryExpression) {
    const a = numberValue(n.left as Node);
    const b = numberValue(n.right);
    if (a === undefined || b === undefined) return undefined;
    switch (n.operator) {
      case '*':
        return a * b;
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '/':
        return a / b;
      case '**':
        return a ** b;
      case '<<':
        return a << b;
      default:
        return undefined;
    }
  }
  return undefined;
}

export function isFreshFunction(node: Node): boolean {
  const n = unwrap(node);
  if (isFunction(n)) return true;
  // `f.bind(x)` makes a new function every time it runs; so does a handler factory (`createListener(self)`).
  return n.type === T.CallExpression;
}

/** Walks every descendant of `root` (including root), calling `visit`; return false from visit to skip children. */
export function walk(
  root: Node,
  visit: (node: Node) => boolean | void,
  keys: Record<string, readonly string[] | undefined>,
): void {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    const ks = keys[node.type] ?? [];
    for (let i = ks.length - 1; i >= 0; i--) {
      const child = (node as unknown as Record<string, unknown>)[ks[i]];
      if (Array.isArray(child)) {
        for (let j = child.length - 1; j >= 0; j--)
          if (child[j] && typeof child[j] === 'object') stack.push(child[j] as Node);
      } else if (child && typeof child === 'object' && 'type' in child) stack.push(child as Node);
    }
  }
}

/** Whether `root`, nested functions included, holds a call whose callee's name matches `pattern`. */
export function hasCallNamed(
  root: Node,
  pattern: RegExp,
  keys: Record<string, readonly string[] | undefined>,
): boolean {
  let found = false;
  walk(
    root,
    (n) => {
      if (found) return false;
      if (n.type === T.CallExpression && pattern.test(calleeName(n) ?? '')) found = true;
      return !found;
    },
    keys,
  );
  return found;
}

export function isInside(node: Node, ancestor: Node): boolean {
  return node.range[0] >= ancestor.range[0] && node.range[1] <= ancestor.range[1];
}

export function enclosingFunction(node: Node): FunctionNode | undefined {
  let n = node.parent;
  while (n) {
    if (isFunction(n)) return n;
    n = n.parent;
  }
  return undefined;
}

export function enclosingClass(node: Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  let n = node.parent;
  while (n) {
    if (n.type === T.ClassDeclaration || n.type === T.ClassExpression) return n;
    n = n.parent;
  }
  return undefined;
}

/** For a function that is a class member, the MethodDefinition / PropertyDefinition holding it. */
export function classMemberOf(fn: FunctionNode): TSESTree.MethodDefinition | TSESTree.PropertyDefinition | undefined {
  const p = fn.parent;
  if (p && (p.type === T.MethodDefinition || p.type === T.PropertyDefinition) && p.value === fn) return p;
  return undefined;
}

export function keyName(key: Node, computed: boolean): string | undefined {
  if (!computed && key.type === T.Identifier) return key.name;
  if (key.type === T.Literal && typeof key.value === 'string') return key.value;
  if (key.type === T.PrivateIdentifier) return '#' + key.name;
  if (computed) {
    const p = memberPath(key);
    if (p === 'Symbol.dispose' || p === 'Symbol.asyncDispose') return `[${p}]`;
    if (key.type === T.Identifier && constantKeyMembers.has(key)) return `[${key.name}]`;
  }
  return undefined;
}

/** The identifier that binds a function as a variable: `function f() {}` or `const f = () => {}`; null otherwise. */
export function functionBindingId(fn: Node): TSESTree.Identifier | null {
  if (fn.type === T.FunctionDeclaration) return fn.id;
  return fn.parent?.type === T.VariableDeclarator && fn.parent.id.type === T.Identifier ? fn.parent.id : null;
}

/** The name a function is known by: declaration id, `const f = () => {}`, method key, `obj.f = function`. */
export function functionName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const { parent } = valueParent(fn);
  if (!parent) return undefined;
  if (parent.type === T.VariableDeclarator && parent.id.type === T.Identifier) return parent.id.name;
  if (
    (parent.type === T.MethodDefinition || parent.type === T.PropertyDefinition || parent.type === T.Property) &&
    parent.value === fn
  )
    return keyName(parent.key, parent.computed);
  if (parent.type === T.AssignmentExpression) {
    const left = parent.left;
    if (left.type === T.Identifier) return left.name;
    if (left.type === T.MemberExpression) return propertyName(left);
  }
  return undefined;
}

/**
 * The tests that decide whether `node` runs, from the nearest outwards up to `stop`: of each `if` and `?:` it
 * sits in, and the left side of each `&&`/`||` it is the right side of.
 */
export function guardsAbove(node: Node, stop: Node): Node[] {
  const out: Node[] = [];
  for (let n = node.parent; n && n !== stop; n = n.parent) {
    if (n.type === T.IfStatement || n.type === T.ConditionalExpression) out.push(n.test);
    else if (n.type === T.LogicalExpression) out.push(n.left);
  }
  return out;
}
