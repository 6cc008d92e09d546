// Quick fixes for closure-large-scope: let go of the large value the long-lived closure keeps through the shared
// context. Offered only where the edit cannot change what the program computes:
// - "Release 'x' after its last use": `const x = …` becomes `let x = …` and `x = null;` follows the last statement
//   of the function that uses it (directly, or by calling the local closures that capture it), when the function
//   has no other exit on the way and those closures never escape (they are only called, right there);
// - "Move 'x' into f": the declaration moves into the one closure that uses it, when that closure is called at
//   most once, outside any loop, and the value is made from globals only (`Buffer.alloc(n)`, `new Array(n)`).
// JavaScript only: in TypeScript `x = null` (and a `let` the closure reads) would not type-check.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Variable } from '@typescript-eslint/scope-manager';
import { T, enclosingFunction, isFunction, walk, type FunctionNode, type Node } from '../ast';
import type { FileModel } from '../model';
import { VISITOR_KEYS } from '../parse';
import type { Fix, TextEdit } from '../types';

interface Declaration {
  statement: TSESTree.VariableDeclaration;
  declarator: TSESTree.VariableDeclarator & { init: TSESTree.Expression };
  body: TSESTree.BlockStatement;
}

/** `const x = <init>;` alone, directly in the body of `owner`. */
function declarationOf(m: FileModel, v: Variable, owner: Node): Declaration | undefined {
  if (m.isTypeScript || !isFunction(owner) || owner.body.type !== T.BlockStatement) return undefined;
  const id = v.identifiers[0] as Node | undefined;
  const declarator = id?.parent;
  if (declarator?.type !== T.VariableDeclarator || declarator.id !== id || !declarator.init) return undefined;
  const statement = declarator.parent;
  if (
    statement?.type !== T.VariableDeclaration ||
    statement.declarations.length !== 1 ||
    (statement.kind !== 'const' && statement.kind !== 'let') ||
    statement.parent !== owner.body
  )
    return undefined;
  // Assigned again somewhere: the value is not one thing to release or move.
  if (v.references.some((r) => r.isWrite() && !r.init)) return undefined;
  return { statement, declarator: declarator as Declaration['declarator'], body: owner.body };
}

/** The statement of `body` that holds `node`. */
function topStatement(body: TSESTree.BlockStatement, node: Node): number {
  let n: Node | undefined = node;
  while (n && n.parent !== body) n = n.parent;
  return n ? body.body.indexOf(n as TSESTree.Statement) : -1;
}

/** The variable a local closure is bound to (`const f = () => …` or `function f() {}` in `body`), if it is. */
function bindingOf(m: FileModel, fn: FunctionNode, body: TSESTree.BlockStatement): Variable | undefined {
  let id: TSESTree.Identifier | undefined;
  if (fn.type === T.FunctionDeclaration && fn.parent === body) id = fn.id ?? undefined;
  else if (
    fn.parent?.type === T.VariableDeclarator &&
    fn.parent.id.type === T.Identifier &&
    fn.parent.parent?.parent === body
  )
    id = fn.parent.id;
  return id ? (m.resolve(id) ?? undefined) : undefined;
}

/** Statements of `body` that call `closure` directly; undefined when it is used any other way (it escapes). */
function callSites(m: FileModel, closure: Variable, owner: FunctionNode, body: TSESTree.BlockStatement) {
  const calls: TSESTree.CallExpression[] = [];
  for (const r of closure.references) {
    if (r.init) continue;
    const id = r.identifier as Node;
    const call = id.parent;
    if (call?.type !== T.CallExpression || call.callee !== id || enclosingFunction(call) !== owner) return undefined;
    calls.push(call);
  }
  return calls.map((call) => ({ call, statement: topStatement(body, call) }));
}

/** Where `v` is used: statements of the owner's body (directly, or through calls of the closures capturing it). */
function useSites(m: FileModel, v: Variable, owner: FunctionNode, body: TSESTree.BlockStatement) {
  const closures = new Map<FunctionNode, ReturnType<typeof callSites>>();
  const statements: number[] = [];
  for (const r of v.references) {
    if (r.init) continue;
    const id = r.identifier as Node;
    let fn = enclosingFunction(id);
    if (fn === owner) {
      statements.push(topStatement(body, id));
      continue;
    }
    while (fn && enclosingFunction(fn) !== owner) fn = enclosingFunction(fn);
    if (!fn) return undefined;
    if (!closures.has(fn)) {
      const binding = bindingOf(m, fn, body);
      const sites = binding && callSites(m, binding, owner, body);
      if (!sites) return undefined;
      closures.set(fn, sites);
    }
  }
  for (const sites of closures.values()) for (const s of sites ?? []) statements.push(s.statement);
  return { statements, closures };
}

/** A return or throw in `body` (not in nested functions), other than `except`. */
function exitsEarly(body: TSESTree.BlockStatement, except?: Node): boolean {
  let found = false;
  walk(
    body,
    (n) => {
      if (n !== body && isFunction(n)) return false;
      if ((n.type === T.ReturnStatement || n.type === T.ThrowStatement) && n !== except) found = true;
      return !found;
    },
    VISITOR_KEYS,
  );
  return found;
}

function indentOf(m: FileModel, node: Node): string {
  return /^\s*/.exec(m.lineText(m.positionAt(node.range[0]).line))![0];
}

function edit(m: FileModel, from: number, to: number, newText: string): TextEdit {
  return { range: { start: m.positionAt(from), end: m.positionAt(to) }, newText };
}

/** A name not used anywhere in `scopeNode`'s text. */
function freshName(m: FileModel, scopeNode: Node, base: string): string {
  const text = m.source(scopeNode);
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    if (!new RegExp(`\\b${name}\\b`).test(text)) return name;
  }
}

function releaseAfterLastUse(m: FileModel, v: Variable, owner: FunctionNode, d: Declaration): Fix | undefined {
  const uses = useSites(m, v, owner, d.body);
  if (!uses || uses.statements.length === 0 || uses.statements.some((i) => i < 0)) return undefined;
  const last = d.body.body[Math.max(...uses.statements)];
  const finalReturn =
    last.type === T.ReturnStatement && last === d.body.body[d.body.body.length - 1] ? last : undefined;
  if (last.type === T.ThrowStatement || (last.type === T.ReturnStatement && !finalReturn)) return undefined;
  if (exitsEarly(d.body, finalReturn)) return undefined;
  const edits: TextEdit[] = [];
  if (d.statement.kind === 'const') edits.push(edit(m, d.statement.range[0], d.statement.range[0] + 5, 'let'));
  const indent = indentOf(m, last);
  if (finalReturn?.argument) {
    // `return { sum: checksum() };` → keep the value, release, then return it.
    const name = freshName(m, owner, 'result');
    edits.push(
      edit(
        m,
        finalReturn.range[0],
        finalReturn.range[1],
        `const ${name} = ${m.source(finalReturn.argument)};\n${indent}${v.name} = null;\n${indent}return ${name};`,
      ),
    );
  } else if (finalReturn) {
    edits.push(edit(m, finalReturn.range[0], finalReturn.range[0], `${v.name} = null;\n${indent}`));
  } else {
    edits.push(edit(m, last.range[1], last.range[1], `\n${indent}${v.name} = null;`));
  }
  return { title: `Release '${v.name}' after its last use (set it to null)`, edits };
}

/** Only globals, literals and operators: the value does not depend on when it is made. */
function madeFromGlobals(m: FileModel, init: Node): boolean {
  let ok = true;
  walk(
    init,
    (n) => {
      if (!ok) return false;
      if (isFunction(n) || n.type === T.ThisExpression || n.type === T.AwaitExpression || n.type === T.YieldExpression)
        ok = false;
      else if (n.type === T.Identifier) {
        const p = n.parent;
        const isKey = (p?.type === T.MemberExpression && p.property === n && !p.computed) || p?.type === T.Property;
        if (!isKey && !m.isGlobalName(n)) ok = false;
      }
      return ok;
    },
    VISITOR_KEYS,
  );
  return ok;
}

function isInLoop(node: Node, stop: Node): boolean {
  for (let n = node.parent; n && n !== stop; n = n.parent)
    if (
      n.type === T.ForStatement ||
      n.type === T.ForInStatement ||
      n.type === T.ForOfStatement ||
      n.type === T.WhileStatement ||
      n.type === T.DoWhileStatement
    )
      return true;
  return false;
}

function moveIntoClosure(m: FileModel, v: Variable, owner: FunctionNode, d: Declaration): Fix | undefined {
  const uses = useSites(m, v, owner, d.body);
  if (!uses || uses.closures.size !== 1 || !madeFromGlobals(m, d.declarator.init)) return undefined;
  // Used only inside that closure (no direct use in the owner).
  if (v.references.some((r) => !r.init && enclosingFunction(r.identifier as Node) === owner)) return undefined;
  const [[closure, calls]] = [...uses.closures];
  if (!calls || calls.length > 1 || calls.some((c) => isInLoop(c.call, owner))) return undefined;
  const binding = bindingOf(m, closure, d.body)!;
  if (topStatement(d.body, closure) <= d.body.body.indexOf(d.statement)) return undefined;
  const declaration = `const ${v.name} = ${m.source(d.declarator.init)};`;
  const edits: TextEdit[] = [];
  // The declaration goes, with its line when it is alone there.
  const lineStart = m.text.lastIndexOf('\n', d.statement.range[0] - 1) + 1;
  const lineEnd = m.text.indexOf('\n', d.statement.range[1]);
  const alone =
    m.text.slice(lineStart, d.statement.range[0]).trim() === '' &&
    m.text.slice(d.statement.range[1], lineEnd < 0 ? undefined : lineEnd).trim() === '';
  edits.push(
    alone && lineEnd >= 0
      ? edit(m, lineStart, lineEnd + 1, '')
      : edit(m, d.statement.range[0], d.statement.range[1], ''),
  );
  const indent = indentOf(m, closure);
  if (closure.body.type === T.BlockStatement) {
    const first = closure.body.body[0];
    const inner = first ? indentOf(m, first) : `${indent}  `;
    const open = closure.body.range[0] + 1;
    if (first && m.positionAt(first.range[0]).line === m.positionAt(open).line) return undefined; // `{ a; b }` on one line
    edits.push(edit(m, open, open, `\n${inner}${declaration}`));
  } else {
    const body = closure.body;
    // `=> (expr)`: the parentheses go with the expression they wrapped.
    let from = body.range[0];
    let to = body.range[1];
    while (m.text[from - 1] === '(' && m.text[to] === ')') {
      from--;
      to++;
    }
    edits.push(edit(m, from, to, `{\n${indent}  ${declaration}\n${indent}  return ${m.source(body)};\n${indent}}`));
  }
  return { title: `Move '${v.name}' into ${binding.name} (the only function that uses it)`, edits };
}

/**
 * The safe fixes for a closure-large-scope finding about `v` (declared in `owner`, captured by a sibling of the
 * long-lived closure): release it after its last use, and move it into its one user.
 */
export function releaseLargeValueFixes(m: FileModel, v: Variable, owner: Node): Fix[] {
  const d = declarationOf(m, v, owner);
  if (!d || !isFunction(owner)) return [];
  return [releaseAfterLastUse(m, v, owner, d), moveIntoClosure(m, v, owner, d)].filter((f): f is Fix => !!f);
}
