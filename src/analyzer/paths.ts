// On which paths does a release run? A removal, delete or clear that runs only when something goes wrong
// (a catch block, an error or abort handler, a cancel method) does not release what the normal path stored;
// one behind a condition other than "is it there?" may not run at all.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  T,
  calleeName,
  isFunction,
  memberPath,
  propertyName,
  stringValue,
  unwrap,
  valueParent,
  walk,
  type Node,
} from './ast';
import type { FileModel } from './model';
import { VISITOR_KEYS } from './parse';
import { startingWith } from './vocabulary/names';

export type ReleasePath = 'normal' | 'conditional' | 'exceptional';

/** Events and callbacks that run only when something went wrong or was called off. */
const EXCEPTIONAL_EVENTS = new Set(['error', 'abort', 'timeout', 'cancel', 'aborted']);
const EXCEPTIONAL_CALLBACKS = new Set(['catch']);
/** Methods and functions that run only on failure or cancellation. */
const EXCEPTIONAL_NAMES = startingWith(
  [/_*on(Error|Abort|Cancel|Timeout|Fail)/, /_*handle(Error|Abort|Cancel|Timeout)/, /_*(abort|cancel|fail|reject)/],
  '',
);
/** Words whose mention in a condition says "only when it failed" (`err`, `isAborted`, `request_timed_out`). */
// States, not verbs: `abortListener`, `cancelToken`, `onTimeout` name things that exist on every path.
const FAILURE_WORDS = new Set([
  'err',
  'error',
  'errors',
  'errored',
  'aborted',
  'canceled',
  'cancelled',
  'timedout',
  'failed',
  'failure',
]);

/** The words of an identifier: `isAbortedNow` → is, aborted, now; `TIMED_OUT` → timed, out (and timedout). */
function failureWord(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_$]+/)
    .map((w) => w.toLowerCase())
    .filter(Boolean);
  return words.some((w, i) => FAILURE_WORDS.has(w) || FAILURE_WORDS.has(w + (words[i + 1] ?? '')));
}

/**
 * The least sure path `release` is on, looking outward from it to the function that owns `stop` (or the
 * file). `subjects` are the things released: a condition that only checks they exist does not count.
 */
export function releasePath(m: FileModel, release: Node, subjects: readonly Node[], stop?: Node): ReleasePath {
  const subjectTexts = new Set(subjects.map((s) => m.source(unwrap(s))));
  let worst: ReleasePath = 'normal';
  let child: Node = release;
  for (let n = release.parent; n && n !== stop; child = n, n = n.parent) {
    let here: ReleasePath = 'normal';
    switch (n.type) {
      case T.CatchClause:
        here = 'exceptional';
        break;
      case T.IfStatement:
      case T.ConditionalExpression:
        if (child !== n.test) here = conditionPath(m, n.test, subjectTexts, child === n.alternate);
        break;
      case T.LogicalExpression:
        if (child === n.right) here = conditionPath(m, n.left, subjectTexts, n.operator === '||');
        break;
      case T.SwitchCase:
        here = 'conditional';
        break;
      case T.BlockStatement:
        if (reportsFailure(n, child)) here = 'exceptional';
        break;
      default:
        if (isFunction(n)) here = functionPath(m, n);
    }
    if (here === 'exceptional') return 'exceptional';
    if (here === 'conditional') worst = 'conditional';
  }
  return worst;
}

/**
 * Does a statement of `block` beside the release say that this path failed: a `throw`, a `reject(…)` call, or
 * a call handed a new error (`callback(new Error('timeout'))`)? Then the release runs where the work was called
 * off or failed (`pending.delete(id); reject(new Error('timeout'))` in a timer), not where it completes.
 */
function reportsFailure(block: TSESTree.BlockStatement, release: Node): boolean {
  return block.body.some((statement) => {
    if ((statement as Node) === release) return false;
    if (statement.type === T.ThrowStatement) return true;
    const e =
      statement.type === T.ExpressionStatement
        ? unwrap(statement.expression as Node)
        : statement.type === T.ReturnStatement && statement.argument
          ? unwrap(statement.argument as Node)
          : undefined;
    if (e?.type !== T.CallExpression) return false;
    if (calleeName(e) === 'reject') return true;
    return e.arguments.some((a) => {
      const u = unwrap(a as Node);
      return u.type === T.NewExpression && u.callee.type === T.Identifier && /Error$/.test(u.callee.name);
    });
  });
}

function conditionPath(m: FileModel, test: Node, subjects: Set<string>, negated: boolean): ReleasePath {
  if (mentionsFailure(test)) return negated ? 'normal' : 'exceptional';
  return onlyChecksExistence(m, test, subjects) ? 'normal' : 'conditional';
}

function mentionsFailure(test: Node): boolean {
  let found = false;
  walk(
    test,
    (n) => {
      if (found) return false;
      if (n.type === T.Identifier && failureWord(n.name)) found = true;
      if (n.type === T.Literal && typeof n.value === 'string' && failureWord(n.value)) found = true;
      return !found;
    },
    VISITOR_KEYS,
  );
  return found;
}

/** `if (x)`, `if (x && x.y)`, `x != null`, `typeof x === 'function'`, `x.has(k)` with x among the subjects. */
function onlyChecksExistence(m: FileModel, test: Node, subjects: Set<string>): boolean {
  const t = unwrap(test);
  const isSubject = (e: Node): boolean => {
    const u = unwrap(e);
    const text = m.source(u);
    if (subjects.has(text)) return true;
    // `this.el.parentNode` when `this.el` is released; `x.listener` when x is.
    for (const s of subjects) if (text.startsWith(s + '.') || s.startsWith(text + '.')) return true;
    // `this.parentContext` when `params.parentContext.signal` is: the same object reached another way.
    const last = u.type === T.MemberExpression ? propertyName(u) : undefined;
    if (last) for (const s of subjects) if (s.split('.').includes(last)) return true;
    return false;
  };
  switch (t.type) {
    case T.LogicalExpression:
      return (
        t.operator === '&&' && onlyChecksExistence(m, t.left, subjects) && onlyChecksExistence(m, t.right, subjects)
      );
    case T.UnaryExpression:
      return (t.operator === '!' || t.operator === 'typeof') && onlyChecksExistence(m, t.argument, subjects);
    case T.BinaryExpression:
      if (['==', '!=', '===', '!=='].includes(t.operator)) {
        // `typeof window !== 'undefined'`: which host this is, the same on every path of a run.
        const typeofCheck = (side: Node) => side.type === T.UnaryExpression && side.operator === 'typeof';
        if (typeofCheck(t.left as Node) || typeofCheck(t.right)) return true;
        const other = (side: Node) => {
          const u = unwrap(side);
          return (
            (u.type === T.Literal && (u.value === null || typeof u.value === 'string')) ||
            (u.type === T.Identifier && u.name === 'undefined')
          );
        };
        return (
          (other(t.right) && onlyChecksExistence(m, t.left as Node, subjects)) ||
          (other(t.left as Node) && onlyChecksExistence(m, t.right, subjects))
        );
      }
      if (t.operator === 'in' || t.operator === 'instanceof') return isSubject(t.right) || isSubject(t.left as Node);
      return false;
    case T.CallExpression: {
      const name = calleeName(t) ?? '';
      const c = unwrap(t.callee);
      return (
        ['has', 'includes', 'contains', 'hasOwnProperty', 'get'].includes(name) &&
        c.type === T.MemberExpression &&
        (isSubject(c.object) || t.arguments.some((a) => isSubject(a)))
      );
    }
    default:
      return isSubject(t) || holdsObject(m, t);
  }
}

/**
 * Is `e` (tested for truthiness) a slot that holds an object — `this._map` after `this._map = map` — rather
 * than a boolean flag? Testing that an object is still there is not a condition on the release.
 */
function holdsObject(m: FileModel, e: Node): boolean {
  const values: Node[] = [];
  if (e.type === T.Identifier) {
    const v = m.resolve(e);
    for (const r of v?.references ?? []) if (r.writeExpr) values.push(r.writeExpr as Node);
  } else if (e.type === T.MemberExpression) {
    const path = memberPath(e);
    if (!path) return false;
    for (const me of m.membersWithPath(path)) {
      const p = me.parent;
      if (p?.type === T.AssignmentExpression && p.left === me && p.operator === '=') values.push(p.right);
    }
  }
  const objectLike = (v: Node): boolean => {
    const u = unwrap(v);
    if (u.type === T.Literal) return false; // true/false/0/'' and null: flags and resets
    if (u.type === T.UnaryExpression || u.type === T.BinaryExpression || u.type === T.LogicalExpression) return false;
    return !(u.type === T.Identifier && u.name === 'undefined');
  };
  return (
    values.some(objectLike) &&
    !values.some((v) => {
      const u = unwrap(v);
      return u.type === T.Literal && typeof u.value === 'boolean';
    })
  );
}

/** A callback or method that runs only on failure or cancellation. */
function functionPath(m: FileModel, fn: Node): ReleasePath {
  const { parent, child } = valueParent(fn);
  if (parent?.type === T.CallExpression && parent.arguments.includes(child as TSESTree.CallExpressionArgument)) {
    const name = calleeName(parent) ?? '';
    if (EXCEPTIONAL_CALLBACKS.has(name)) return 'exceptional';
    // `.then(ok, failed)`: the second callback.
    if (name === 'then' && parent.arguments[1] === child) return 'exceptional';
    const type = stringValue(parent.arguments[0]);
    if (type !== undefined && EXCEPTIONAL_EVENTS.has(type) && parent.arguments[0] !== child) return 'exceptional';
  }
  const name = functionNameOf(parent, child);
  if (name && EXCEPTIONAL_NAMES.test(name)) return 'exceptional';
  return 'normal';
}

function functionNameOf(parent: Node | undefined, child: Node): string | undefined {
  const fn = child as Node;
  if (fn.type === T.FunctionDeclaration || fn.type === T.FunctionExpression) if (fn.id) return fn.id.name;
  if (!parent) return undefined;
  if (parent.type === T.VariableDeclarator && parent.id.type === T.Identifier) return parent.id.name;
  if (
    (parent.type === T.Property || parent.type === T.MethodDefinition || parent.type === T.PropertyDefinition) &&
    !parent.computed
  )
    return parent.key.type === T.Identifier ? parent.key.name : undefined;
  if (parent.type === T.AssignmentExpression) return memberPath(parent.left)?.split('.').pop();
  return undefined;
}
