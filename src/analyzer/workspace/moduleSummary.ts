// What one module tells the rest of the workspace: what it imports and exports, which instances it creates
// while it loads (and keeps), and what it does with the collections it imports. Read with TypeScript's own
// parser (no type checker, no scope analysis): a summary must cost much less than the file's analysis.
import ts from 'typescript';
import { memoizingFactories } from './memoizers';
import { componentSource } from '../sfc/component';
import { extensionOf } from '../parse';
import { findInputCalls } from './inputCalls';
import {
  atLoad,
  calleeText,
  commonJsExport,
  isAssigned,
  isCollectionCreation,
  isDeclarationName,
  requireSpecifier,
  unwrapExpr,
  valueParent,
} from './tsSyntax';

/** Where an imported binding comes from: `name` is an export name, `default`, `*` (namespace) or `=` (module.exports). */
export interface ImportRef {
  from: string;
  name: string;
}

export interface ExportRef {
  /** The module's own binding the export names (a class, a function, a variable). */
  local?: string;
  /** `export { x } from './y'`: the export is another module's. */
  reexport?: ImportRef;
}

/** `new X()` made while the module loads, into something that keeps it (a module variable, an export, a store). */
export interface KeptInstance {
  /** The constructor as written: `Agent`, or `ns.Agent` through a namespace import. */
  callee: string;
  line: number;
  /** How it is kept, for the finding's message: `held by module variable agent`. */
  how: string;
}

/** What a module does with a collection it imports. */
export interface ImportedCollectionUse {
  /** A delete/clear/splice/pop/shift/length reset through the import. */
  releases: boolean;
  /** Handed on (an argument, stored, returned, re-exported): what others do with it is not visible. */
  escapes: boolean;
}

/** A call to an imported function made on a path that runs per input (a handler, or what one calls). */
export interface InputCall {
  /** The function as written: `track`, or `ns.track` through a namespace import. */
  callee: string;
  line: number;
  /** The handler the path starts at, for the finding's message: `onLevelLoaded()`. */
  via: string;
}

export interface ModuleSummary {
  imports: Map<string, ImportRef>;
  exports: Map<string, ExportRef>;
  /** `export * from './x'`. */
  exportStars: string[];
  /** Top-level classes and functions (either may be `new`ed). */
  constructors: Set<string>;
  /** Top-level `export const x = new Map()` / `{}` / `[]` / `new Set()`: exported collections, by local name. */
  exportedCollections: Set<string>;
  kept: KeptInstance[];
  /** Module variables holding a load-time instance (`const store = new Store()`): variable → constructor as written. */
  instanceVars: Map<string, string>;
  /** Exports that are a load-time instance (`export default new Store()`, `module.exports = new Store()`). */
  instanceExports: Map<string, string>;
  /** Per imported local binding used as a collection (or a namespace's `ns.x`): how it is used here. */
  collectionUses: Map<string, ImportedCollectionUse>;
  inputCalls: InputCall[];
  /** Entries this module adds, per input, to a collection it imports (`cache.set(req.id, …)` in a route). */
  importedGrowth: { key: string; line: number; via: string }[];
  /** Top-level functions that are memoizing factories (a private table their returned function fills, never emptied). */
  memoizers: Map<string, number>;
  lines: number;
}

const SCRIPT_KIND: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS,
  '.mts': ts.ScriptKind.TS,
  '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JSX,
  '.mjs': ts.ScriptKind.JSX,
  '.cjs': ts.ScriptKind.JSX,
  '.jsx': ts.ScriptKind.JSX,
};

const RELEASING_METHODS = new Set(['delete', 'clear', 'splice', 'pop', 'shift']);
const GROWING_METHODS = new Set(['set', 'add', 'push', 'unshift']);

/**
 * Is the instance a load-time `new X()` makes kept for the program's life, and by what? Followed up through
 * object and array literals (`module.exports = { agent: new Agent() }`).
 */
function keptBy(node: ts.Node): string | undefined {
  let { parent, child } = valueParent(node);
  while (parent && (ts.isPropertyAssignment(parent) || ts.isArrayLiteralExpression(parent))) {
    const holder = ts.isPropertyAssignment(parent) ? parent.parent : parent;
    ({ parent, child } = valueParent(holder));
  }
  if (!parent) return undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === child && ts.isIdentifier(parent.name))
    return `held by the module variable ${parent.name.text}`;
  if (ts.isExportAssignment(parent))
    return parent.isExportEquals ? 'exported as the module itself' : 'exported as the default export';
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    parent.right === child
  ) {
    const cjs = commonJsExport(parent.left);
    if (cjs) return cjs === '=' ? 'exported as module.exports' : `exported as ${cjs}`;
    return `stored in ${parent.left.getText().slice(0, 60)}`;
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(child as ts.Expression)) {
    const callee = parent.expression.getText();
    // Logging or a one-off call with a temporary does not keep the instance.
    if (/^console\./.test(callee)) return undefined;
    return `handed to ${callee.slice(0, 60)}() at load`;
  }
  return undefined;
}

/** `const store = new Store()`, `export default new Store()`, `module.exports = new Store()`: the binding it makes. */
function noteInstanceBinding(node: ts.NewExpression, callee: string, summary: ModuleSummary): void {
  const { parent, child } = valueParent(node);
  if (!parent) return;
  if (ts.isVariableDeclaration(parent) && parent.initializer === child && ts.isIdentifier(parent.name)) {
    const statement = parent.parent?.parent;
    if (statement && ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent))
      summary.instanceVars.set(parent.name.text, callee);
  } else if (ts.isExportAssignment(parent)) {
    summary.instanceExports.set(parent.isExportEquals ? '=' : 'default', callee);
  } else if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const cjs = commonJsExport(parent.left);
    if (cjs) summary.instanceExports.set(cjs, callee);
  }
}

export function scriptTextOf(text: string, fileName: string): { text: string; ext: string } | undefined {
  const component = componentSource(text, fileName);
  if (component) return { text: component.text, ext: `.${component.lang}` };
  const ext = extensionOf(fileName);
  return SCRIPT_KIND[ext] === undefined ? undefined : { text, ext };
}

export function summarizeModule(fileText: string, fileName: string): ModuleSummary | undefined {
  const script = scriptTextOf(fileText, fileName);
  if (!script) return undefined;
  const source = ts.createSourceFile(fileName, script.text, ts.ScriptTarget.Latest, true, SCRIPT_KIND[script.ext]);
  const summary: ModuleSummary = {
    imports: new Map(),
    exports: new Map(),
    exportStars: [],
    constructors: new Set(),
    exportedCollections: new Set(),
    kept: [],
    instanceVars: new Map(),
    instanceExports: new Map(),
    collectionUses: new Map(),
    inputCalls: [],
    importedGrowth: [],
    memoizers: memoizingFactories(source),
    lines: source.getLineAndCharacterOfPosition(script.text.length).line + 1,
  };
  const lineOf = (n: ts.Node) => source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1;
  const hasExport = (n: ts.Node) =>
    ts.canHaveModifiers(n) && !!ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const hasDefault = (n: ts.Node) =>
    ts.canHaveModifiers(n) && !!ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);

  for (const stmt of source.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
      const from = stmt.moduleSpecifier.text;
      const clause = stmt.importClause;
      if (!clause || clause.isTypeOnly) continue;
      if (clause.name) summary.imports.set(clause.name.text, { from, name: 'default' });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) summary.imports.set(nb.name.text, { from, name: '*' });
      else if (nb)
        for (const el of nb.elements)
          if (!el.isTypeOnly)
            summary.imports.set(el.name.text, { from, name: (el.propertyName ?? el.name).getText(source) });
    } else if (ts.isExportDeclaration(stmt)) {
      if (stmt.isTypeOnly) continue;
      const from =
        stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : undefined;
      const clause = stmt.exportClause;
      if (!clause) {
        if (from) summary.exportStars.push(from);
      } else if (ts.isNamedExports(clause)) {
        for (const el of clause.elements) {
          const inner = (el.propertyName ?? el.name).getText(source);
          summary.exports.set(el.name.getText(source), from ? { reexport: { from, name: inner } } : { local: inner });
        }
      } else if (from) summary.exports.set(clause.name.getText(source), { reexport: { from, name: '*' } });
    } else if (ts.isExportAssignment(stmt)) {
      const e = unwrapExpr(stmt.expression);
      if (ts.isIdentifier(e)) summary.exports.set(stmt.isExportEquals ? '=' : 'default', { local: e.text });
    } else if (ts.isClassDeclaration(stmt) || ts.isFunctionDeclaration(stmt)) {
      if (!stmt.name) {
        if (hasDefault(stmt)) summary.exports.set('default', { local: '*default*' });
        continue;
      }
      summary.constructors.add(stmt.name.text);
      if (hasExport(stmt))
        summary.exports.set(hasDefault(stmt) ? 'default' : stmt.name.text, { local: stmt.name.text });
    } else if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) {
          // `const { A, B: C } = require('./x')`
          const spec = requireSpecifier(d.initializer);
          if (spec && ts.isObjectBindingPattern(d.name))
            for (const el of d.name.elements)
              if (ts.isIdentifier(el.name))
                summary.imports.set(el.name.text, {
                  from: spec,
                  name: el.propertyName ? el.propertyName.getText(source) : el.name.text,
                });
          continue;
        }
        const name = d.name.text;
        const init = d.initializer ? unwrapExpr(d.initializer) : undefined;
        const spec = requireSpecifier(init);
        if (spec) summary.imports.set(name, { from: spec, name: '=' });
        else if (init && ts.isPropertyAccessExpression(init) && requireSpecifier(init.expression))
          summary.imports.set(name, { from: requireSpecifier(init.expression)!, name: init.name.text });
        else if (init && (ts.isClassExpression(init) || ts.isFunctionExpression(init))) summary.constructors.add(name);
        if (hasExport(stmt)) {
          summary.exports.set(name, { local: name });
          if (isCollectionCreation(init)) summary.exportedCollections.add(name);
        }
      }
    } else if (ts.isExpressionStatement(stmt)) {
      const e = unwrapExpr(stmt.expression);
      if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const cjs = commonJsExport(e.left);
        const right = unwrapExpr(e.right);
        if (cjs && ts.isIdentifier(right)) summary.exports.set(cjs, { local: right.text });
        else if (cjs && (ts.isClassExpression(right) || ts.isFunctionExpression(right)) && right.name) {
          summary.constructors.add(right.name.text);
          summary.exports.set(cjs, { local: right.name.text });
        } else if (cjs === '=' && ts.isObjectLiteralExpression(right)) {
          for (const p of right.properties) {
            if (ts.isShorthandPropertyAssignment(p)) summary.exports.set(p.name.text, { local: p.name.text });
            else if (ts.isPropertyAssignment(p) && ts.isIdentifier(unwrapExpr(p.initializer)))
              summary.exports.set(p.name.getText(source), { local: (unwrapExpr(p.initializer) as ts.Identifier).text });
          }
        } else if (cjs && requireSpecifier(right)) {
          summary.exports.set(cjs, { reexport: { from: requireSpecifier(right)!, name: '=' } });
        }
      }
    }
  }

  // Imported bindings that may be collections: what this module does with them.
  const importedLocals = summary.imports;
  const useOf = (key: string) => {
    let u = summary.collectionUses.get(key);
    if (!u) summary.collectionUses.set(key, (u = { releases: false, escapes: false }));
    return u;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && atLoad(node)) {
      const callee = calleeText(node.expression);
      const how = callee ? keptBy(node) : undefined;
      if (callee && how) {
        summary.kept.push({ callee, line: lineOf(node), how });
        noteInstanceBinding(node, callee, summary);
      }
    } else if (ts.isIdentifier(node) && importedLocals.has(node.text) && !isDeclarationName(node)) {
      noteCollectionUse(node);
    }
    ts.forEachChild(node, visit);
  };
  /** `cache.delete(k)`, `delete cache[k]`, `cache.length = 0`, `f(cache)`: one use of an imported binding. */
  const grows: { key: string; node: ts.Node }[] = [];
  const noteCollectionUse = (id: ts.Identifier) => {
    let key = id.text;
    let expr: ts.Node = id;
    const ref = importedLocals.get(id.text)!;
    // `ns.cache` through a namespace import or a whole-module require.
    if (
      (ref.name === '*' || ref.name === '=') &&
      ts.isPropertyAccessExpression(id.parent) &&
      id.parent.expression === id
    ) {
      key = `${id.text}.${id.parent.name.text}`;
      expr = id.parent;
    }
    const { parent, child } = valueParent(expr);
    if (!parent) return;
    const use = useOf(key);
    if (ts.isPropertyAccessExpression(parent) && parent.expression === child) {
      const prop = parent.name.text;
      const call = parent.parent;
      if (call && ts.isCallExpression(call) && call.expression === parent) {
        if (RELEASING_METHODS.has(prop)) use.releases = true;
        else if (GROWING_METHODS.has(prop) && !isFixedKey(call.arguments[0], prop)) grows.push({ key, node: call });
      } else if (prop === 'length' && isAssigned(parent)) use.releases = true;
      return;
    }
    if (ts.isElementAccessExpression(parent) && parent.expression === child) {
      const up = valueParent(parent).parent;
      if (up && ts.isDeleteExpression(up)) use.releases = true;
      else if (isAssigned(parent) && !isFixedKey(parent.argumentExpression, 'index')) grows.push({ key, node: parent });
      return;
    }
    if (
      ts.isBinaryExpression(parent) &&
      parent.left === child &&
      parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
    )
      return; // reassigning an import is an error; a namespace member assignment replaces it elsewhere
    if (
      ts.isIfStatement(parent) ||
      ts.isPrefixUnaryExpression(parent) ||
      ts.isTypeOfExpression(parent) ||
      ts.isTypeQueryNode(parent) ||
      ts.isTypeReferenceNode(parent) ||
      ts.isExpressionWithTypeArguments(parent) ||
      ts.isQualifiedName(parent) ||
      ts.isNewExpression(parent) ||
      (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.InKeyword && parent.right === child)
    )
      return;
    if (ts.isCallExpression(parent) && parent.expression === child) return;
    use.escapes = true;
  };
  visit(source);
  const drivenVia = findInputCalls(source, summary, lineOf);
  for (const g of grows) {
    const via = drivenVia(g.node);
    if (via) summary.importedGrowth.push({ key: g.key, line: lineOf(g.node), via });
  }
  return summary;
}

/** A key from a small fixed set: a literal (`cache.set('all', …)`), or no key at all for an array's push. */
function isFixedKey(key: ts.Expression | undefined, method: string): boolean {
  if (method === 'push' || method === 'unshift' || method === 'add') return false;
  if (!key) return true;
  const k = unwrapExpr(key);
  return ts.isStringLiteralLike(k) || ts.isNumericLiteral(k) || k.kind === ts.SyntaxKind.TrueKeyword;
}
