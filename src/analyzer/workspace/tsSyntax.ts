// Small questions about TypeScript syntax trees that the workspace summaries ask: what an expression is past
// parentheses and casts, what a require or CommonJS export names, whether code runs while its module loads.
import ts from 'typescript';

export function unwrapExpr(e: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isTypeAssertionExpression(e)
  )
    e = e.expression;
  return e;
}

/** The expression a node's value flows into, past parentheses and casts. */
export function valueParent(node: ts.Node): { parent: ts.Node | undefined; child: ts.Node } {
  let child = node;
  let parent = node.parent;
  while (
    parent &&
    (ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isTypeAssertionExpression(parent))
  ) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

export function requireSpecifier(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const u = unwrapExpr(e);
  if (
    ts.isCallExpression(u) &&
    ts.isIdentifier(u.expression) &&
    u.expression.text === 'require' &&
    u.arguments.length === 1 &&
    ts.isStringLiteralLike(u.arguments[0])
  )
    return u.arguments[0].text;
  return undefined;
}

/** `module.exports` / `exports` (and `module.exports.x` / `exports.x`): the CommonJS export a target names. */
export function commonJsExport(target: ts.Expression): string | undefined {
  const t = unwrapExpr(target);
  const isModuleExports = (e: ts.Expression) =>
    ts.isPropertyAccessExpression(e) &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === 'module' &&
    e.name.text === 'exports';
  if (isModuleExports(t)) return '=';
  if (ts.isPropertyAccessExpression(t)) {
    const o = unwrapExpr(t.expression);
    if (isModuleExports(o) || (ts.isIdentifier(o) && o.text === 'exports')) return t.name.text;
  }
  return undefined;
}

export function isCollectionCreation(e: ts.Expression | undefined): boolean {
  if (!e) return false;
  const u = unwrapExpr(e);
  if (ts.isNewExpression(u) && ts.isIdentifier(u.expression))
    return ['Map', 'Set'].includes(u.expression.text) || (u.expression.text === 'Array' && !u.arguments?.length);
  if (ts.isArrayLiteralExpression(u)) return u.elements.length === 0;
  if (ts.isObjectLiteralExpression(u)) return u.properties.length === 0;
  return false;
}

export function isFunctionLike(n: ts.Node): n is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(n) ||
    ts.isFunctionExpression(n) ||
    ts.isArrowFunction(n) ||
    ts.isMethodDeclaration(n) ||
    ts.isConstructorDeclaration(n) ||
    ts.isGetAccessorDeclaration(n) ||
    ts.isSetAccessorDeclaration(n) ||
    ts.isClassStaticBlockDeclaration(n)
  );
}

/**
 * A function whose body runs once, while the module loads: an IIFE (`(function () {…})()`, a UMD wrapper),
 * the factory a UMD wrapper or AMD `define()` calls, a function passed to an IIFE.
 */
function runsAtLoad(fn: ts.Node): boolean {
  if (!ts.isFunctionExpression(fn) && !ts.isArrowFunction(fn)) return false;
  const { parent, child } = valueParent(fn);
  if (!parent || !ts.isCallExpression(parent)) {
    // `(function () {}).call(this)`
    if (parent && ts.isPropertyAccessExpression(parent) && ['call', 'apply'].includes(parent.name.text)) {
      const call = parent.parent;
      return !!call && ts.isCallExpression(call) && call.expression === parent && atLoad(call);
    }
    return false;
  }
  if (parent.expression === child) return atLoad(parent);
  const callee = unwrapExpr(parent.expression);
  if (ts.isIdentifier(callee) && callee.text === 'define') return atLoad(parent);
  if (ts.isFunctionExpression(callee) || ts.isArrowFunction(callee)) return atLoad(parent);
  return false;
}

/** Does `node` run while the module loads (not inside a function that runs later)? */
export function atLoad(node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isSourceFile(n)) return true;
    if (ts.isClassDeclaration(n) || ts.isClassExpression(n)) return false;
    if (isFunctionLike(n) && !runsAtLoad(n)) return false;
  }
  return true;
}

/** The dotted name of a constructor (`Agent`, `ns.Agent`), or undefined for anything else. */
export function calleeText(e: ts.Expression): string | undefined {
  const u = unwrapExpr(e);
  if (ts.isIdentifier(u)) return u.text;
  if (ts.isPropertyAccessExpression(u) && ts.isIdentifier(u.expression)) return `${u.expression.text}.${u.name.text}`;
  return undefined;
}

export function functionNameOf(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name)
    return fn.name.getText();
  const { parent } = valueParent(fn);
  if (
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
  )
    return parent.name.getText();
  return undefined;
}

export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

export function isAssigned(n: ts.Node): boolean {
  const p = n.parent;
  return !!p && ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

export function isDeclarationName(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if (
    (ts.isImportClause(p) ||
      ts.isImportSpecifier(p) ||
      ts.isNamespaceImport(p) ||
      ts.isBindingElement(p) ||
      ts.isVariableDeclaration(p) ||
      ts.isPropertyAssignment(p) ||
      ts.isPropertyAccessExpression(p)) &&
    (p as { name?: ts.Node }).name === id
  )
    return true;
  if (ts.isBindingElement(p) && p.propertyName === id) return true;
  return ts.isImportSpecifier(p);
}
