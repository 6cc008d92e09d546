// What one module tells the rest of the workspace: what it imports and exports, which instances it creates
// while it loads (and keeps), and what it does with the collections it imports. Read with TypeScript's own
// parser (no type checker, no scope analysis): a summary must cost much less than the file's analysis.
import ts from 'typescript';
import { componentSource } from '../sfc/component';
import { extensionOf } from '../parse';
import { HANDLER_CALLEES, INPUT_PARAM, REPEATED_METHODS } from '../lifetimes';

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

function unwrapExpr(e: ts.Expression): ts.Expression {
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
function valueParent(node: ts.Node): { parent: ts.Node | undefined; child: ts.Node } {
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

function requireSpecifier(e: ts.Expression | undefined): string | undefined {
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
function commonJsExport(target: ts.Expression): string | undefined {
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

function isCollectionCreation(e: ts.Expression | undefined): boolean {
  if (!e) return false;
  const u = unwrapExpr(e);
  if (ts.isNewExpression(u) && ts.isIdentifier(u.expression))
    return ['Map', 'Set'].includes(u.expression.text) || (u.expression.text === 'Array' && !u.arguments?.length);
  if (ts.isArrayLiteralExpression(u)) return u.elements.length === 0;
  if (ts.isObjectLiteralExpression(u)) return u.properties.length === 0;
  return false;
}

function isFunctionLike(n: ts.Node): n is ts.FunctionLikeDeclaration {
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
function atLoad(node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isSourceFile(n)) return true;
    if (ts.isClassDeclaration(n) || ts.isClassExpression(n)) return false;
    if (isFunctionLike(n) && !runsAtLoad(n)) return false;
  }
  return true;
}

/** The dotted name of a constructor (`Agent`, `ns.Agent`), or undefined for anything else. */
function calleeText(e: ts.Expression): string | undefined {
  const u = unwrapExpr(e);
  if (ts.isIdentifier(u)) return u.text;
  if (ts.isPropertyAccessExpression(u) && ts.isIdentifier(u.expression)) return `${u.expression.text}.${u.name.text}`;
  return undefined;
}

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

function functionNameOf(fn: ts.Node): string | undefined {
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

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** A function that runs per input by itself: a handler's callback, a request-taking function, an `onX` method, a hook. */
function handlerReason(fn: ts.FunctionLikeDeclaration): string | undefined {
  const { parent, child } = valueParent(fn);
  if (parent && ts.isCallExpression(parent) && parent.arguments.includes(child as ts.Expression)) {
    const callee = unwrapExpr(parent.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (HANDLER_CALLEES.has(name)) return `${article(name)} ${name}() callback`;
  }
  const name = functionNameOf(fn);
  const first = fn.parameters[0];
  if (first && ts.isIdentifier(first.name) && INPUT_PARAM.test(first.name.text))
    return `${name ?? 'a function'}(${first.name.text})`;
  if (name && ts.isMethodDeclaration(fn) && REPEATED_METHODS.test(name)) return `${name}()`;
  if (name && /^use[A-Z0-9]/.test(name)) return `the hook ${name}()`;
  return undefined;
}

/**
 * Calls to imported functions on paths that run per input. A function runs per input when it is a handler
 * (handlerReason) or when one calls it: `this.x()` from a method of the same class, `x()` for a function of the
 * module, followed to a fixed point. Only the module's own calls are followed; the workspace index joins them.
 */
/**
 * Records the module's per-input calls to imported functions and methods (summary.inputCalls), and returns how to
 * ask whether any node runs per input (the handler its path starts at).
 */
function findInputCalls(
  source: ts.SourceFile,
  summary: ModuleSummary,
  lineOf: (n: ts.Node) => number,
): (node: ts.Node) => string | undefined {
  if (!summary.imports.size && !summary.instanceVars.size) return () => undefined;
  // One walk: every function and call, grouped by the function they sit directly in (undefined: module code).
  type Fn = ts.FunctionLikeDeclaration;
  const inside = new Map<Fn | undefined, { fns: Fn[]; calls: ts.CallExpression[] }>();
  const group = (fn: Fn | undefined) => {
    let g = inside.get(fn);
    if (!g) inside.set(fn, (g = { fns: [], calls: [] }));
    return g;
  };
  const functions: Fn[] = [];
  const calls: { call: ts.CallExpression; fn: Fn | undefined }[] = [];
  const collect = (n: ts.Node, fn: Fn | undefined): void => {
    let here = fn;
    if (isFunctionLike(n) && (n as Fn).body) {
      functions.push(n as Fn);
      group(fn).fns.push(n as Fn);
      here = n as Fn;
    } else if (ts.isCallExpression(n)) {
      group(fn).calls.push(n);
      calls.push({ call: n, fn });
    }
    ts.forEachChild(n, (c) => collect(c, here));
  };
  collect(source, undefined);
  // Named callables of the module: top-level functions by name, methods by class and name.
  const topLevel = new Map<string, Fn>();
  const methods = new Map<ts.Node, Map<string, Fn>>();
  for (const fn of group(undefined).fns) {
    const name = functionNameOf(fn);
    if (name && !ts.isMethodDeclaration(fn)) topLevel.set(name, fn);
  }
  for (const fn of functions) {
    const cls = ts.isMethodDeclaration(fn)
      ? fn.parent
      : ts.isPropertyDeclaration(fn.parent) && ts.isClassLike(fn.parent.parent)
        ? fn.parent.parent
        : undefined;
    const name = cls && functionNameOf(fn);
    if (!cls || !name || !ts.isClassLike(cls)) continue;
    let byName = methods.get(cls);
    if (!byName) methods.set(cls, (byName = new Map()));
    byName.set(name, fn);
  }
  /** The callable a reference names from inside `at`: `this.x` (a method of the enclosing class) or `x`. */
  const callableAt = (expr: ts.Expression, at: ts.Node): Fn | undefined => {
    const e = unwrapExpr(expr);
    if (ts.isIdentifier(e)) return topLevel.get(e.text);
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
      for (let p = at.parent; p; p = p.parent) if (ts.isClassLike(p)) return methods.get(p)?.get(e.name.text);
    }
    return undefined;
  };
  // A function runs per input when it is a handler, sits in one, or is called from one: marked once each, and
  // what it holds and calls is marked in turn (a worklist, linear in the module's functions and calls).
  const via = new Map<Fn, string>();
  const queue: Fn[] = [];
  const mark = (fn: Fn | undefined, reason: string) => {
    if (!fn || via.has(fn)) return;
    via.set(fn, reason);
    queue.push(fn);
  };
  for (const fn of functions) {
    const reason = handlerReason(fn);
    if (reason) mark(fn, reason);
  }
  // `emitter.on('x', this.onX)` / `.on('x', handleX)`: the named function is a handler.
  for (const { call } of calls) {
    const callee = unwrapExpr(call.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    if (!HANDLER_CALLEES.has(name)) continue;
    for (const a of call.arguments) mark(callableAt(a, call), `${article(name)} ${name}() handler`);
  }
  while (queue.length) {
    const fn = queue.pop()!;
    const reason = via.get(fn)!;
    const g = inside.get(fn);
    if (!g) continue;
    for (const nested of g.fns) mark(nested, reason);
    for (const call of g.calls) mark(callableAt(call.expression, call), reason);
  }
  for (const { call, fn } of calls) {
    const reason = fn && via.get(fn);
    if (!reason) continue;
    const callee = calleeText(call.expression);
    if (!callee) continue;
    const dot = callee.indexOf('.');
    const head = dot < 0 ? callee : callee.slice(0, dot);
    // An imported function, a namespace's, or a method of an imported or module-level instance.
    if (!summary.imports.has(head) && !(dot > 0 && summary.instanceVars.has(head))) continue;
    summary.inputCalls.push({ callee, line: lineOf(call), via: reason });
  }
  return (node) => {
    for (let p = node.parent; p; p = p.parent) if (isFunctionLike(p)) return via.get(p as Fn);
    return undefined;
  };
}

function isAssigned(n: ts.Node): boolean {
  const p = n.parent;
  return !!p && ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

function isDeclarationName(id: ts.Identifier): boolean {
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
