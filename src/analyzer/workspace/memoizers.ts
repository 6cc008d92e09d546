// Memoizing factories a module defines (`function withCache(fn) { const cache = new Map(); return (k) => … }`):
// each call makes a private table that the returned function fills with one entry per new argument and nothing
// empties. Another module that calls one while it loads (`export default withCache(getSignedUrl)`) holds such a
// table for the life of the program, exactly as with lodash's `memoize`.
import ts from 'typescript';

/** This module's top-level functions that are memoizing factories, by name, with their 1-based line. */
export function memoizingFactories(source: ts.SourceFile): Map<string, number> {
  const out = new Map<string, number>();
  const lineOf = (n: ts.Node) => source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1;
  for (const stmt of source.statements) {
    if (ts.isFunctionDeclaration(stmt) && stmt.name && stmt.body) {
      if (memoizes(stmt)) out.set(stmt.name.text, lineOf(stmt));
    } else if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) {
        const init = d.initializer;
        if (
          ts.isIdentifier(d.name) &&
          init &&
          (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) &&
          memoizes(init)
        )
          out.set(d.name.text, lineOf(d));
      }
    }
  }
  return out;
}

function isTable(init: ts.Expression | undefined): boolean {
  if (!init) return false;
  if (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'Map') return true;
  if (ts.isObjectLiteralExpression(init) && init.properties.length === 0) return true;
  return (
    ts.isCallExpression(init) &&
    init.expression.getText() === 'Object.create' &&
    init.arguments[0]?.kind === ts.SyntaxKind.NullKeyword
  );
}

/**
 * `fn` declares a table in its body, returns a function that adds to it under a key it is given, and nothing
 * in `fn` deletes from the table, clears it or checks its size.
 */
function memoizes(fn: ts.FunctionLikeDeclaration): boolean {
  const body = fn.body;
  if (!body || !ts.isBlock(body)) return false;
  const tables = new Set<string>();
  for (const s of body.statements)
    if (ts.isVariableStatement(s))
      for (const d of s.declarationList.declarations)
        if (ts.isIdentifier(d.name) && isTable(d.initializer)) tables.add(d.name.text);
  if (!tables.size) return false;
  const returned: ts.Node[] = [];
  const locals = new Map<string, ts.Node>();
  for (const s of body.statements) {
    if (ts.isFunctionDeclaration(s) && s.name) locals.set(s.name.text, s);
    if (ts.isReturnStatement(s) && s.expression) {
      const e = s.expression;
      if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) returned.push(e);
      else if (ts.isIdentifier(e) && locals.has(e.text)) returned.push(locals.get(e.text)!);
    }
  }
  if (!returned.length) return false;
  let released = false;
  const visit = (n: ts.Node): void => {
    if (released) return;
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && tables.has(n.expression.text)) {
      if (/^(delete|clear|size|length)$/.test(n.name.text)) released = true;
    }
    if (ts.isDeleteExpression(n)) released = true;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      if (ts.isIdentifier(n.left) && tables.has(n.left.text)) released = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  if (released) return false;
  return returned.some((r) => fills(r, tables));
}

/** The function adds to one of `tables` under a computed key: `t.set(k, v)` or `t[k] = v`. */
function fills(fn: ts.Node, tables: Set<string>): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      n.expression.name.text === 'set' &&
      ts.isIdentifier(n.expression.expression) &&
      tables.has(n.expression.expression.text)
    )
      found = true;
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isElementAccessExpression(n.left) &&
      ts.isIdentifier(n.left.expression) &&
      tables.has(n.left.expression.text) &&
      !ts.isStringLiteralLike(n.left.argumentExpression)
    )
      found = true;
    ts.forEachChild(n, visit);
  };
  visit(fn);
  return found;
}
