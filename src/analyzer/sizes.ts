// Size estimation: which values are large, or grow with input (file contents, response bodies, parsed
// payloads, DOM node lists, accumulating arrays). Numeric allocations count only when their size is a
// constant at or above the threshold; an unknown size is not assumed large (precision first).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Variable } from '@typescript-eslint/scope-manager';
import { DefinitionType } from '@typescript-eslint/scope-manager';
import { T, calleeName, calleeObject, isInside, memberPath, numberValue, unwrap, valueParent, type Node } from './ast';
import { formatBytes } from '../common/units';
import type { FileModel } from './model';
import { oneOf } from './vocabulary/names';

/** Response methods that read the whole body. */
const BODY_READERS = oneOf(['json', 'text', 'arrayBuffer', 'blob']);

/** Buffer factories that take a size. */
const BUFFER_ALLOCATIONS = oneOf(['alloc', 'allocUnsafe', 'allocUnsafeSlow']);

const TYPED_BYTES: Record<string, number> = {
  Int8Array: 1,
  Uint8Array: 1,
  Uint8ClampedArray: 1,
  Int16Array: 2,
  Uint16Array: 2,
  Int32Array: 4,
  Uint32Array: 4,
  Float32Array: 4,
  Float64Array: 8,
  BigInt64Array: 8,
  BigUint64Array: 8,
  ArrayBuffer: 1,
  SharedArrayBuffer: 1,
};

export interface SizeInfo {
  /** Human description for messages: "a 4 MB Float64Array", "the file contents read by readFileSync". */
  what: string;
  /** A request, response or body handed to the function: large, but only worth a report when kept for good. */
  perCall?: boolean;
}

const INPUT_SIZED_CALLS: Record<string, string> = {
  readFileSync: 'file contents (readFileSync)',
  readFile: 'file contents (readFile)',
  json: 'a parsed response body (.json())',
  text: 'a response body (.text())',
  arrayBuffer: 'a response body (.arrayBuffer())',
  blob: 'a response body (.blob())',
  querySelectorAll: 'a DOM node list (querySelectorAll)',
  getElementsByTagName: 'a DOM node list',
  getElementsByClassName: 'a DOM node list',
  getImageData: 'canvas pixel data (getImageData)',
  cloneNode: 'a cloned DOM subtree',
  concat: 'a concatenated buffer',
};

/** Is the value `expr` evaluates to large? */
function valueSize(m: FileModel, expr: Node, threshold: number, depth = 0): SizeInfo | undefined {
  if (depth > 5) return undefined;
  const e = unwrap(expr);
  switch (e.type) {
    case T.NewExpression: {
      const ctor = memberPath(e.callee) ?? '';
      const n = numberValue(e.arguments[0]);
      if (ctor === 'Array' && n !== undefined && n * 8 >= threshold)
        return { what: `an array of ${n.toLocaleString('en-US')} slots` };
      if (ctor in TYPED_BYTES && n !== undefined && n * TYPED_BYTES[ctor] >= threshold)
        return { what: `a ${formatBytes(n * TYPED_BYTES[ctor])} ${ctor}` };
      if (ctor in TYPED_BYTES && e.arguments[0] && depth < 5) {
        const inner = valueSize(m, e.arguments[0], threshold, depth + 1);
        if (inner) return { what: `a ${ctor} over ${inner.what}`, perCall: inner.perCall };
      }
      return undefined;
    }
    case T.CallExpression:
      return callSize(m, e, threshold, depth);
    case T.ArrayExpression: {
      if (e.elements.length >= 2000 || e.range[1] - e.range[0] >= threshold)
        return { what: `an array literal of ${e.elements.length} elements` };
      return undefined;
    }
    case T.ObjectExpression: {
      for (const p of e.properties) {
        if (p.type !== T.Property) continue;
        const inner = valueSize(m, p.value, threshold, depth + 1);
        if (inner) return { what: `an object holding ${inner.what}`, perCall: inner.perCall };
      }
      return e.range[1] - e.range[0] >= threshold ? { what: 'a large object literal' } : undefined;
    }
    case T.Literal:
    case T.TemplateLiteral:
      return e.range[1] - e.range[0] >= threshold ? { what: 'a large string literal' } : undefined;
    case T.Identifier: {
      const v = m.resolve(e);
      return v ? variableSize(m, v, threshold, depth + 1) : undefined;
    }
    case T.MemberExpression: {
      const path = memberPath(e) ?? '';
      if (/^document\.(body|documentElement)\.(innerHTML|outerHTML)$/.test(path))
        return { what: 'the serialized document' };
      return undefined;
    }
    default:
      return undefined;
  }
}

function callSize(m: FileModel, e: TSESTree.CallExpression, threshold: number, depth: number): SizeInfo | undefined {
  const name = calleeName(e) ?? '';
  const obj = calleeObject(e);
  const objPath = obj ? (memberPath(obj) ?? '') : '';
  if (objPath === 'Buffer' && BUFFER_ALLOCATIONS.test(name)) {
    const n = numberValue(e.arguments[0]);
    return n !== undefined && n >= threshold ? { what: `a ${formatBytes(n)} Buffer` } : undefined;
  }
  if (objPath === 'Buffer' && name === 'concat') return { what: 'a concatenated Buffer' };
  if (objPath === 'JSON' && name === 'parse') return { what: 'a parsed JSON payload' };
  if (objPath === 'Array' && name === 'from' && e.arguments[0]) {
    const a = unwrap(e.arguments[0]);
    if (a.type === T.ObjectExpression) {
      const len = a.properties.find(
        (p) => p.type === T.Property && p.key.type === T.Identifier && p.key.name === 'length',
      );
      const n = len?.type === T.Property ? numberValue(len.value) : undefined;
      if (n !== undefined && n * 8 >= threshold) return { what: `an array of ${n.toLocaleString('en-US')} elements` };
    }
    return undefined;
  }
  if (name === 'repeat' && obj) {
    const n = numberValue(e.arguments[0]);
    return n !== undefined && n >= threshold ? { what: `a ${formatBytes(n * 2)} string` } : undefined;
  }
  if (name === 'slice' && e.arguments.length > 0) return undefined;
  if (name === 'then' && e.arguments[0]) {
    // fetch(url).then((r) => r.json())
    const cb = unwrap(e.arguments[0]);
    if (
      cb.type === T.ArrowFunctionExpression &&
      cb.body.type === T.CallExpression &&
      BODY_READERS.test(calleeName(cb.body) ?? '') &&
      isAwaited(e)
    )
      return { what: `a response body (.${calleeName(cb.body)}())` };
    return undefined;
  }
  if (
    (name === 'fill' ||
      name === 'join' ||
      name === 'map' ||
      name === 'slice' ||
      name === 'toString' ||
      name === 'split' ||
      name === 'filter') &&
    obj
  ) {
    const inner = valueSize(m, obj, threshold, depth + 1);
    if (inner)
      return name === 'join' || name === 'toString'
        ? { what: `a string built from ${inner.what}`, perCall: inner.perCall }
        : inner;
    return undefined;
  }
  if (name === 'cloneNode' && !(e.arguments[0]?.type === T.Literal && e.arguments[0].value === true)) return undefined;
  if (name in INPUT_SIZED_CALLS) {
    if (name === 'readFile' && !isAwaited(e)) return undefined; // callback form: the data goes to the callback
    if (name === 'concat' && objPath !== 'Buffer') return undefined;
    if (
      (name === 'text' || name === 'json' || name === 'blob' || name === 'arrayBuffer') &&
      (!isAwaited(e) || e.arguments.length > 0)
    )
      return undefined;
    return { what: INPUT_SIZED_CALLS[name] };
  }
  return undefined;
}

function isAwaited(e: Node): boolean {
  let p = e.parent;
  while (p && (p.type === T.TSAsExpression || p.type === T.TSNonNullExpression)) p = p.parent;
  return p?.type === T.AwaitExpression;
}

/** A variable is large when what it is initialized with, or grows to, is large. */
export function variableSize(m: FileModel, v: Variable, threshold: number, depth = 0): SizeInfo | undefined {
  const def = v.defs[0];
  if (!def) return undefined;
  const table = m.memoFor<SizeInfo | null>(`size:${threshold}`);
  const key = def.name as Node;
  if (table.has(key)) return table.get(key) ?? undefined;
  table.set(key, null);
  let result: SizeInfo | undefined = perCallObject(def);
  for (const ref of result ? [] : v.references) {
    if (!ref.isWrite() || !ref.writeExpr) continue;
    const s = valueSize(m, ref.writeExpr as Node, threshold, depth + 1);
    if (s) {
      result = s;
      break;
    }
  }
  if (!result && def.node.type === T.VariableDeclarator && def.node.init && accumulates(m, v, def.node.init)) {
    result = { what: 'an array that accumulates an entry per loop iteration' };
  }
  table.set(key, result ?? null);
  return result;
}

/**
 * Parameters that are a whole request or response (a server's `req`/`res`, a fetch `Request`/`Response`), a
 * received body or a DOM element: each holds its headers, socket or stream buffers and payload, or its
 * subtree, so a closure that keeps one keeps far more than its own code suggests.
 */
const PER_CALL_OBJECTS: Record<string, string> = {
  req: 'the request object',
  request: 'the request object',
  res: 'the response object',
  response: 'the response object',
  body: 'a received body',
  rawBody: 'a received body',
  payload: 'a received payload',
  // A DOM element keeps its whole subtree and, through it, its document: a detached tree stays whole.
  el: 'a DOM element and its subtree',
  element: 'a DOM element and its subtree',
  container: 'a DOM element and its subtree',
  dom: 'a DOM element and its subtree',
  // Koa's and similar frameworks' per-request context: request, response, body and state in one object.
  ctx: 'the request context',
};

/** Parameter types that say the same in TypeScript, whatever the parameter is called. */
const PER_CALL_TYPES: [RegExp, string][] = [
  [/^(Request|IncomingMessage|FastifyRequest|NextRequest|ExpressRequest)$/, 'the request object'],
  [/^(Response|ServerResponse|FastifyReply|NextResponse|ExpressResponse)$/, 'the response object'],
  [/^(ParameterizedContext|Context)$/, 'the request context'],
  [/^(HTML\w*Element|SVG\w*Element|Element|DocumentFragment)$/, 'a DOM element and its subtree'],
  [/^(Buffer|ArrayBuffer|Uint8Array|Blob)$/, 'a received body'],
];

function typeName(id: Node): string | undefined {
  const ann = (id as { typeAnnotation?: TSESTree.TSTypeAnnotation }).typeAnnotation?.typeAnnotation;
  if (ann?.type !== T.TSTypeReference) return undefined;
  const n = ann.typeName;
  if (n.type === T.Identifier) return n.name;
  if (n.type === T.TSQualifiedName) return n.right.name; // `express.Request`, `http.IncomingMessage`
  return undefined;
}

function perCallObject(def: Variable['defs'][number]): SizeInfo | undefined {
  if (def.type !== DefinitionType.Parameter || def.name.type !== T.Identifier) return undefined;
  const byName = Object.hasOwn(PER_CALL_OBJECTS, def.name.name) ? PER_CALL_OBJECTS[def.name.name] : undefined;
  const type = typeName(def.name);
  const what = byName ?? (type ? PER_CALL_TYPES.find(([re]) => re.test(type))?.[1] : undefined);
  return what ? { what, perCall: true } : undefined;
}

/** `const rows = []; for (...) rows.push(...)`: grows with the input. */
function accumulates(m: FileModel, v: Variable, init: Node): boolean {
  const i = unwrap(init);
  if (i.type !== T.ArrayExpression || i.elements.length) return false;
  return v.references.some((r) => {
    const { parent } = valueParent(r.identifier);
    if (parent?.type !== T.MemberExpression || parent.object !== r.identifier) return false;
    const call = parent.parent;
    if (call?.type !== T.CallExpression || call.callee !== parent || calleeName(call) !== 'push') return false;
    for (let n: Node | undefined = call.parent; n && n !== v.scope.block; n = n.parent) {
      if (
        n.type === T.ForStatement ||
        n.type === T.ForOfStatement ||
        n.type === T.ForInStatement ||
        n.type === T.WhileStatement ||
        n.type === T.DoWhileStatement
      ) {
        return isInside(n, v.scope.block as Node);
      }
      if (n.type === T.CallExpression && calleeName(n) === 'forEach') return true;
    }
    return false;
  });
}

/** Is the variable reset (`x = null`) somewhere, releasing it? */
export function isReleased(v: Variable): boolean {
  return v.references.some((r) => {
    if (!r.isWrite() || r.init || !r.writeExpr) return false;
    const w = unwrap(r.writeExpr as Node);
    return (w.type === T.Literal && w.value === null) || (w.type === T.Identifier && w.name === 'undefined');
  });
}
