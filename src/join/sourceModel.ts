// The analyzer's view of a mapped file, for the questions the join asks the source: which function starts
// at a snapshot location, what a finding declares, and which variables a function references. Uses the
// analyzer's parser and scope model read-only (src/analyzer is not ours to change).
import { AST_NODE_TYPES as T } from '@typescript-eslint/typescript-estree';
import type { Scope, Variable } from '@typescript-eslint/scope-manager';
import { isFunction, walk, type Node } from '../analyzer/ast';
import { FileModel } from '../analyzer/model';
import { parseFile, VISITOR_KEYS } from '../analyzer/parse';
import type { Range } from '../analyzer/types';
import type { SourceReader } from './types';

export interface SourceFile {
  model: FileModel;
  lineStarts: number[];
  /** Functions and classes, for position lookups. */
  functions: Node[];
}

export class SourceModels {
  private readonly files = new Map<string, SourceFile | undefined>();

  constructor(private readonly reader: SourceReader) {}

  get(file: string, text?: string): SourceFile | undefined {
    if (this.files.has(file)) return this.files.get(file);
    const source = text ?? this.reader.read(file);
    let result: SourceFile | undefined;
    if (source !== undefined) {
      const parsed = parseFile(source, file);
      if (parsed.ok) {
        const model = new FileModel(source, file, parsed.file);
        const lineStarts = [0];
        for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
        result = { model, lineStarts, functions: [...model.functions, ...model.classes] };
      }
    }
    this.files.set(file, result);
    return result;
  }
}

export function offsetOf(src: SourceFile, line: number, column: number): number {
  return (src.lineStarts[line] ?? Infinity) + column;
}

function headEnd(fn: Node): number {
  if (isFunction(fn)) return fn.body.range[0];
  if (fn.type === T.ClassDeclaration || fn.type === T.ClassExpression) return fn.body.range[0];
  return fn.range[1];
}

/**
 * The function a snapshot location names. V8 places a function at the start of its parameters (`(` of
 * `function f(`, of `(x) =>`, of a method) or at `x` of `x =>`, and a class at its constructor or the class
 * keyword; all fall in the span from the node's start to its body's start. The innermost such node wins.
 */
export function functionAt(src: SourceFile, line: number, column: number): Node | undefined {
  const offset = offsetOf(src, line, column);
  let best: Node | undefined;
  for (const fn of src.functions) {
    let start = fn.range[0];
    // `function name(` and `async (x) =>` begin before V8's position; a method's key sits on its parent.
    if (fn.parent?.type === T.MethodDefinition || fn.parent?.type === T.Property)
      start = Math.min(start, fn.parent.range[0]);
    if (offset < start || offset > headEnd(fn)) continue;
    if (!best || fn.range[1] - fn.range[0] < best.range[1] - best.range[0]) best = fn;
  }
  return best;
}

/** Does `node` (or anything nested in it) reference `v`? */
export function references(node: Node, v: Variable): boolean {
  return v.references.some((r) => r.identifier.range[0] >= node.range[0] && r.identifier.range[1] <= node.range[1]);
}

/** Direct `eval(…)` or `with` inside a function makes every outer variable potentially used. */
export function usesDynamicScope(node: Node): boolean {
  let found = false;
  walk(
    node,
    (n) => {
      if (n.type === T.WithStatement) found = true;
      if (n.type === T.CallExpression && n.callee.type === T.Identifier && n.callee.name === 'eval') found = true;
    },
    VISITOR_KEYS,
  );
  return found;
}

/** The scopes enclosing a function, innermost first (its own scope excluded). */
export function enclosingScopes(src: SourceFile, fn: Node): Scope[] {
  const own = src.model.scopeManager.acquire(fn);
  const scopes: Scope[] = [];
  for (let s: Scope | null = own ? own.upper : src.model.scopeAt(fn); s; s = s.upper) scopes.push(s);
  return scopes;
}

export function functionLabel(fn: Node): string {
  if (
    (fn.type === T.FunctionDeclaration ||
      fn.type === T.FunctionExpression ||
      fn.type === T.ClassDeclaration ||
      fn.type === T.ClassExpression) &&
    fn.id
  )
    return fn.id.name;
  const p = fn.parent;
  if (p?.type === T.VariableDeclarator && p.id.type === T.Identifier) return p.id.name;
  if (
    (p?.type === T.MethodDefinition || p?.type === T.Property || p?.type === T.PropertyDefinition) &&
    p.key.type === T.Identifier
  )
    return p.key.name;
  if (p?.type === T.CallExpression) {
    const callee =
      p.callee.type === T.MemberExpression && p.callee.property.type === T.Identifier
        ? p.callee.property.name
        : p.callee.type === T.Identifier
          ? p.callee.name
          : undefined;
    if (callee) return `${callee}() callback`;
  }
  return '(anonymous)';
}

/** What a finding's range declares: a variable (with its scope) or a property name. */
export type Declared =
  | { kind: 'variable'; name: string; variable: Variable; scopeRange: [number, number] }
  | { kind: 'property'; name: string }
  | { kind: 'global'; name: string };

export function declaredAt(src: SourceFile, range: Range): Declared | undefined {
  const offset = offsetOf(src, range.start.line, range.start.column);
  let found: Declared | undefined;
  walk(
    src.model.ast,
    (n) => {
      if (found || n.range[0] !== offset) return;
      if (n.type === T.VariableDeclarator && n.id.type === T.Identifier) {
        const variable = src.model.resolve(n.id);
        if (variable) found = { kind: 'variable', name: n.id.name, variable, scopeRange: variable.scope.block.range };
      } else if (n.type === T.PropertyDefinition && n.key.type === T.Identifier) {
        found = { kind: 'property', name: n.key.name };
      } else if (
        n.type === T.AssignmentExpression &&
        n.left.type === T.MemberExpression &&
        !n.left.computed &&
        n.left.property.type === T.Identifier
      ) {
        found = { kind: 'property', name: n.left.property.name };
      }
    },
    VISITOR_KEYS,
  );
  return found;
}

/** The global a global-leak finding is about: `x = …`, `this.x = …`, `globalThis.x[k] = …`. */
export function globalNameAt(src: SourceFile, range: Range): string | undefined {
  const text = src.model.text.slice(
    offsetOf(src, range.start.line, range.start.column),
    offsetOf(src, range.end.line, range.end.column),
  );
  const m = /^\s*(?:(?:this|globalThis|window|global|self)\s*\.\s*)?([\p{L}_$][\p{L}\p{N}_$]*)/u.exec(text);
  return m?.[1];
}
