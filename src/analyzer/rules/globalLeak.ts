// global-leak: globals created by accident (assignment to an undeclared name, or `this.x =` in a function
// called plainly, both in sloppy scripts) and data accumulating on window/globalThis. Globals are GC roots:
// whatever they hold lives as long as the page or process. ES modules and strict code cannot create them
// by accident (they throw instead), so they are never findings there.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { VISITOR_KEYS as visitorKeys } from '../parse';
import type { Reference } from '@typescript-eslint/scope-manager';
import {
  T,
  calleeName,
  enclosingFunction,
  functionName,
  isFunction,
  isInside,
  keyName,
  memberPath,
  numberValue,
  rootOf,
  stringValue,
  unwrap,
  valueParent,
  walk,
  type FunctionNode,
  type Node,
} from '../ast';
import { cardinality } from '../cardinality';
import { inputDriven, runsRepeatedly } from '../lifetimes';
import type { FileModel } from '../model';
import type { Fix } from '../types';
import type { RuleContext, RuleImpl } from './context';
import { oneOf } from '../vocabulary/names';

/** Calls that remove from a collection. */
const SHRINKING_CALLS = oneOf(['delete', 'clear', 'splice', 'shift', 'pop']);

/** Calls that add to a collection. */
const GROWING_CALLS = oneOf(['push', 'unshift', 'set', 'add']);

/** Writable names that exist in every JavaScript host (or in Node's module wrapper): assigning them creates nothing. */
const HOST_GLOBALS = new Set([
  'module',
  'exports',
  'require',
  '__dirname',
  '__filename',
  'process',
  'global',
  'console',
  'undefined',
  'globalThis',
  'define',
]);

/**
 * Writable names that exist on `window` (or a worker's `self`). In Node they do not: there `name = …` or
 * `for (location in …)` creates a global like any other name.
 */
const BROWSER_GLOBALS = new Set([
  'window',
  'document',
  'location',
  'name',
  'status',
  'onload',
  'onerror',
  'onresize',
  'onmessage',
  'onbeforeunload',
  'onunload',
  'onpopstate',
  'onhashchange',
  'onscroll',
  'onclick',
  'onkeydown',
  'onkeyup',
  'self',
  'top',
  'parent',
  'opener',
  'history',
  'navigator',
  'localStorage',
  'sessionStorage',
  'defaultStatus',
  'event',
  'origin',
  'importScripts',
  'postMessage',
  'onmessageerror',
  'onconnect',
]);

const GLOBAL_OBJECTS = new Set(['window', 'globalThis', 'global', 'self']);

function declaredGlobals(m: FileModel): Set<string> {
  const names = new Set<string>();
  for (const c of m.ast.comments ?? []) {
    const match = /^\s*(globals?|eslint-env)\s+([\s\S]*)$/.exec(c.value);
    if (match && match[1] !== 'eslint-env') for (const n of match[2].split(/[\s,]+/)) if (n) names.add(n.split(':')[0]);
  }
  return names;
}

function implicitGlobals(ctx: RuleContext): void {
  const m = ctx.model;
  if (m.isModule || m.isTypeScript) return;
  const declared = declaredGlobals(m);
  const host = hostOf(m);
  const seen = new Set<string>();
  for (const ref of m.scopeManager.globalScope!.through) {
    const id = ref.identifier as TSESTree.Identifier;
    if (!ref.isWrite() || ref.resolved || seen.has(id.name) || HOST_GLOBALS.has(id.name) || declared.has(id.name))
      continue;
    // In a browser (or a file that may run in one) these names already exist on window.
    if (host !== 'node' && BROWSER_GLOBALS.has(id.name)) continue;
    if (ref.from.isStrict) continue;
    const fn = enclosingFunction(id);
    if (!fn) {
      // At the top level of a browser script an undeclared assignment makes the same global `var` would. A
      // CommonJS module's top level is the body of Node's module wrapper function: the assignment escapes it.
      if (host !== 'node') continue;
      seen.add(id.name);
      ctx.report({
        rule: 'global-leak',
        message:
          `Assigning to undeclared '${id.name}' at the top level of a CommonJS module creates a global variable, not a ` +
          `module variable (the module's code runs inside Node's wrapper function), so its value is shared by every module ` +
          `and stays reachable for the life of the process. Declare it with var, let or const (a missing comma or a ` +
          `semicolon in a var list often causes this).`,
        range: m.range(ref.writeExpr?.parent ?? id),
      });
      continue;
    }
    seen.add(id.name);
    const fnName = functionName(fn);
    ctx.report({
      rule: 'global-leak',
      message:
        `Assigning to undeclared '${id.name}' ${fnName ? `in ${fnName}()` : 'in this function'} creates a global variable ` +
        `(sloppy-mode script), so its value stays reachable for the life of the page or process and every call overwrites ` +
        `the same slot. Declare it with let or const (a 'use strict' directive turns these into errors).`,
      range: m.range(ref.writeExpr?.parent ?? id),
      fixes: declareFix(m, ref, fn),
    });
  }
}

/**
 * Where a sloppy script runs. `node`: a CommonJS module (it calls `require` or assigns `module.exports` /
 * `exports.x` unconditionally at its top level) that never touches `window` or `document`. `browser-or-unknown`
 * otherwise, including UMD files that only test `typeof module` (they may run as browser scripts).
 */
function hostOf(m: FileModel): 'node' | 'browser-or-unknown' {
  const t = m.memoFor<'node' | 'browser-or-unknown'>('host');
  const cached = t.get(m.ast);
  if (cached) return cached;
  let commonJs = false;
  let browser = false;
  for (const ref of m.scopeManager.globalScope!.through) {
    const name = ref.identifier.name;
    if (name === 'window' || name === 'document' || name === 'self' || name === 'navigator') browser = true;
    if (name !== 'require' && name !== 'module' && name !== 'exports') continue;
    // Only a use at the top level, outside any condition, says the file is a module for sure.
    if (!unconditionalTopLevel(ref.identifier)) continue;
    const { parent, child } = valueParent(ref.identifier);
    if (name === 'require' && parent?.type === T.CallExpression && parent.callee === child) commonJs = true;
    if (name !== 'require' && parent?.type === T.MemberExpression && parent.object === child) {
      const assign = parent.parent;
      if (
        (assign?.type === T.AssignmentExpression && (assign.left === parent || isInside(assign.left, parent))) ||
        (assign?.type === T.MemberExpression && assign.parent?.type === T.AssignmentExpression)
      )
        commonJs = true;
    }
  }
  const host = commonJs && !browser ? 'node' : 'browser-or-unknown';
  t.set(m.ast, host);
  return host;
}

/** Not inside a function, an `if`, a conditional or a logical expression: runs whenever the file loads. */
function unconditionalTopLevel(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (
      isFunction(n) ||
      n.type === T.IfStatement ||
      n.type === T.ConditionalExpression ||
      n.type === T.LogicalExpression ||
      n.type === T.TryStatement
    )
      return false;
  }
  return true;
}

/** `x = v;` or `for (i = 0; ...)` where every use of the name is right there: prefix `let `. */
function declareFix(m: FileModel, ref: Reference, fn: FunctionNode): Fix[] {
  const id = ref.identifier as TSESTree.Identifier;
  const assign = id.parent;
  if (assign?.type !== T.AssignmentExpression || assign.operator !== '=' || assign.left !== id) return [];
  const holder = assign.parent;
  let scopeNode: Node | undefined;
  if (holder?.type === T.ExpressionStatement && holder.parent === fn.body) scopeNode = fn.body;
  else if (holder?.type === T.ForStatement && holder.init === assign) scopeNode = holder;
  if (!scopeNode) return [];
  const all = m.scopeManager.globalScope!.through.filter((r) => r.identifier.name === id.name);
  if (
    all.some(
      (r) =>
        r.identifier.range[0] < assign.range[0] ||
        r.identifier.range[1] > scopeNode!.range[1] ||
        enclosingFunction(r.identifier) !== fn,
    )
  )
    return [];
  const at = m.positionAt(assign.range[0]);
  return [{ title: `Declare '${id.name}' with let`, edits: [{ range: { start: at, end: at }, newText: 'let ' }] }];
}

function thisInPlainCalls(ctx: RuleContext): void {
  const m = ctx.model;
  if (m.isModule || m.isTypeScript) return;
  for (const fn of m.functions) {
    if (fn.type === T.ArrowFunctionExpression || m.isStrictAt(fn.body)) continue;
    const name = functionName(fn);
    const { parent } = valueParent(fn);
    let variableId: TSESTree.Identifier | undefined;
    if (fn.type === T.FunctionDeclaration && fn.id) variableId = fn.id;
    else if (parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier) variableId = parent.id;
    if (!variableId || !name) continue;
    const v = m.resolve(variableId);
    if (!v) continue;
    let plainCall: TSESTree.CallExpression | undefined;
    let otherUse = false;
    for (const r of v.references) {
      if (r.init) continue;
      const { parent: p, child } = valueParent(r.identifier);
      if (p?.type === T.CallExpression && p.callee === child) plainCall ??= p;
      else otherUse = true; // new, .prototype, .call, passed along, stored as a method: `this` is not window
    }
    if (!plainCall || otherUse) continue;
    const thisWrite = firstThisWrite(fn);
    if (!thisWrite) continue;
    const prop = memberPath(thisWrite.left)?.slice(5) ?? 'x';
    ctx.report({
      rule: 'global-leak',
      message:
        `${name}() is called as a plain function, where 'this' is the global object in sloppy mode, so this.${prop} = … ` +
        `creates a global that outlives the call. Call it with new (if it is a constructor), make it a method, or use a local variable.`,
      range: m.range(thisWrite),
      related: [{ message: `${name}() is called without a receiver here`, range: m.range(plainCall) }],
    });
  }
}

function firstThisWrite(fn: FunctionNode): TSESTree.AssignmentExpression | undefined {
  let found: TSESTree.AssignmentExpression | undefined;
  walk(
    fn.body,
    (n) => {
      if (found) return false;
      if (isFunction(n) && n.type !== T.ArrowFunctionExpression) return false;
      if (
        n.type === T.AssignmentExpression &&
        n.left.type === T.MemberExpression &&
        n.left.object.type === T.ThisExpression
      )
        found = n;
      return !found;
    },
    visitorKeys,
  );
  return found;
}

function globalRootPath(m: FileModel, node: Node): string | undefined {
  const root = rootOf(node);
  if (root.type !== T.Identifier || !GLOBAL_OBJECTS.has(root.name) || !m.isGlobalName(root)) return undefined;
  return memberPath(node);
}

/** `window.cache.push(x)`, `globalThis.store.set(k, v)`, `window.seen[id] = v`, `window[key] = v` on repeatable paths. */
function accumulatingOnGlobal(ctx: RuleContext): void {
  const m = ctx.model;
  const grows: { node: Node; path: string; key?: Node }[] = [];
  const shrunk = new Set<string>();
  for (const call of m.calls) {
    const name = calleeName(call) ?? '';
    const callee = unwrap(call.callee);
    if (callee.type !== T.MemberExpression) continue;
    const path = globalRootPath(m, callee.object);
    if (!path || !path.includes('.')) continue;
    if (GROWING_CALLS.test(name)) grows.push({ node: call, path, key: call.arguments[0] });
    if (SHRINKING_CALLS.test(name)) shrunk.add(path);
  }
  for (const me of m.memberExpressions) {
    const p = me.parent;
    const objPath = globalRootPath(m, me.object);
    if (objPath === undefined) continue;
    if (p?.type === T.UnaryExpression && p.operator === 'delete') shrunk.add(objPath);
    if (keyName(me.property, me.computed) === 'length' && p?.type === T.AssignmentExpression && p.left === me)
      shrunk.add(objPath);
    if (
      p?.type === T.AssignmentExpression &&
      p.left === me &&
      me.computed &&
      stringValue(me.property) === undefined &&
      numberValue(me.property) === undefined
    ) {
      grows.push({ node: p, path: objPath, key: me.property });
    }
  }
  const reported = new Set<string>();
  for (const g of grows) {
    if (shrunk.has(g.path) || reported.has(g.path) || !runsRepeatedly(m, g.node)) continue;
    // Like unbounded-collection: warnings-issued sets and other small fixed domains stop growing.
    const card = cardinality(g.key);
    if (!(card === 'high' || (card === 'unknown' && inputDriven(m, g.node)))) continue;
    reported.add(g.path);
    ctx.report({
      rule: 'global-leak',
      message:
        `Data accumulates on the global ${g.path}: it is added to on a path that runs repeatedly and never removed, ` +
        `and a global lives as long as the page or process. Keep it in a bounded module-level structure, or delete entries when done.`,
      range: m.range(g.node),
    });
  }
}

export const globalLeak: RuleImpl = {
  id: 'global-leak',
  run(ctx) {
    implicitGlobals(ctx);
    thisInPlainCalls(ctx);
    accumulatingOnGlobal(ctx);
  },
};
