// What a Map/Set key is: an object (element, request, instance) or a primitive (string, number). Only
// object keys can move to a WeakMap; primitive keys are an unbounded-collection matter.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { DefinitionType, type Variable } from '@typescript-eslint/scope-manager';
import { T, calleeName, isFunction, memberPath, propertyName, unwrap, type Node } from './ast';
import type { FileModel } from './model';
import { oneOf, endingInWord } from './vocabulary/names';
import * as dom from './vocabulary/dom';
import * as vue from './vocabulary/vue';

/** Type names of lists whose elements a loop visits. */
const LIST_TYPES = oneOf(['Array', 'ReadonlyArray', 'Set', 'NodeListOf', 'Iterable']);

/** Properties that hold primitives. */
const PRIMITIVE_PROPERTIES = oneOf(['length', 'size', 'value', 'key', 'id', 'name']);

/** Properties that hold objects (an event's target, a node's parent, a ref's current). */
const OBJECT_PROPERTIES = oneOf([
  'target',
  'currentTarget',
  'relatedTarget',
  'srcElement',
  'element',
  'el',
  'node',
  'parentNode',
  'parentElement',
  'firstChild',
  'nativeElement',
  'socket',
  'connection',
  'req',
  'request',
  'current',
  'source',
  'view',
  'window',
  'document',
  'body',
]);

/** Calls that return an object (an element, a fresh instance). */
const OBJECT_RESULT_CALLS = oneOf([
  'createElement',
  'querySelector',
  'getElementById',
  'closest',
  'cloneNode',
  'attachShadow',
  'create',
]);

/** Calls that return a primitive (a string or a number). */
const PRIMITIVE_RESULT_CALLS = oneOf([
  'String',
  'Number',
  'toString',
  'stringify',
  'toLowerCase',
  'toUpperCase',
  'trim',
  'join',
  'getAttribute',
  'toFixed',
  'padStart',
  'slice',
  'substring',
  'normalize',
  'encodeURIComponent',
  'resolve',
  'relative',
  'basename',
  'hash',
  'digest',
  'toISOString',
  'now',
  'random',
  'getTime',
  'valueOf',
]);

export type KeyKind = 'object' | 'primitive' | 'unknown';

/** Global type names that are primitives (`PropertyKey` = string | number | symbol). */
const PRIMITIVE_TYPES = oneOf(['PropertyKey', 'String', 'Number', 'Boolean', 'BigInt', 'Symbol']);

/** Last words of type names that name objects: nodes, documents, caches, clients, proxies, refs, views… */
const OBJECT_TYPE_NAMES = endingInWord([
  'Node',
  'Element',
  'Document',
  'Window',
  'Proxy',
  'Instance',
  'Component',
  'Request',
  'Response',
  'Socket',
  'Connection',
  'Context',
  'Cache',
  'Client',
  'Server',
  'Session',
  'Store',
  'Controller',
  'Service',
  'Manager',
  'Handler',
  'Listener',
  'Observer',
  'Subscriber',
  'Subscription',
  'Emitter',
  'Target',
  'View',
  'Widget',
  'Editor',
  'Model',
  'Object',
  'Ref',
  'Frame',
  'Worker',
  'Port',
  'Stream',
  'Span',
  'Tracker',
  'Function',
  'Callback',
  'Event',
  'Canvas',
  'Image',
  'Texture',
  'Mesh',
  'Scene',
  'Camera',
]);

const OBJECT_TYPES = oneOf([
  ...dom.OBJECT_TYPES,
  'Request',
  'Response',
  'IncomingMessage',
  'ServerResponse',
  'Socket',
  'WebSocket',
  'Worker',
  'MessagePort',
  'Object',
  'Function',
  'object',
  'WeakKey',
  'Component',
  ...vue.INSTANCE_TYPES,
  'Buffer',
  'ArrayBuffer',
]);
const OBJECT_PARAM_NAMES = oneOf([
  'el',
  'elem',
  'element',
  'node',
  'domNode',
  'req',
  'socket',
  'ws',
  'conn',
  'connection',
  'instance',
  'component',
  'widget',
  'view',
  'worker',
  'obj',
  'object',
  'comp',
  'vm',
  'listener',
  'handler',
  'callback',
  'cb',
  'fn',
  'subscriber',
  'observer',
  'port',
  'win',
  'frame',
  'iframe',
  'img',
  'image',
  'canvas',
]);
/** Names that are objects as parameters of handlers (`(req, res)`, `(event)`), but not reliably as variables (`request` is a module path in a bundler). */
const OBJECT_ONLY_AS_PARAM = oneOf([
  'res',
  'request',
  'response',
  'sock',
  'client',
  'peer',
  'stream',
  'emitter',
  'event',
  'evt',
  'row',
  'record',
  'entity',
  'model',
  'target',
  'owner',
]);
/** Last words of names of values that are strings or numbers: `userId`, `cache_key`, `fileURL`, `ids`. */
const PRIMITIVE_WORDS = new Set(
  [
    'id',
    'Id',
    'ID',
    'key',
    'Key',
    'name',
    'Name',
    'url',
    'Url',
    'URL',
    'path',
    'Path',
    'href',
    'type',
    'Type',
    'code',
    'Code',
    'hash',
    'Hash',
    'slug',
    'uuid',
    'token',
    'Token',
    'label',
    'email',
    'index',
    'count',
    'str',
    'string',
    'text',
    'lang',
    'locale',
    'query',
    'version',
  ].map((w) => w.toLowerCase()),
);

/**
 * The name's last word (camelCase, snake_case or an acronym), singular, is one of the primitive words. Whole words
 * only: `Context` does not end in `text`, nor `grid` in `id`.
 */
const PRIMITIVE_NAMES = {
  test(name: string): boolean {
    const words = name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+/g);
    const last = words?.at(-1)?.toLowerCase();
    if (!last) return false;
    return PRIMITIVE_WORDS.has(last) || (last.endsWith('s') && PRIMITIVE_WORDS.has(last.slice(0, -1)));
  },
};

function typeKind(m: FileModel, type: TSESTree.TypeNode | undefined, depth = 0): KeyKind {
  if (!type || depth > 4) return 'unknown';
  switch (type.type) {
    case T.TSStringKeyword:
    case T.TSNumberKeyword:
    case T.TSBigIntKeyword:
    case T.TSBooleanKeyword:
    case T.TSSymbolKeyword:
    case T.TSLiteralType:
    case T.TSTemplateLiteralType:
      return 'primitive';
    case T.TSObjectKeyword:
    case T.TSTypeLiteral:
    case T.TSFunctionType:
    case T.TSArrayType:
    case T.TSTupleType:
      return 'object';
    case T.TSUnionType: {
      // `T | null`, `HTMLElement | RefObject<HTMLElement>`: what the non-empty members agree on.
      const kinds = new Set(
        type.types
          .filter((t) => t.type !== T.TSNullKeyword && t.type !== T.TSUndefinedKeyword)
          .map((t) => typeKind(m, t, depth + 1)),
      );
      if (kinds.has('object') && !kinds.has('primitive')) return 'object';
      if (kinds.has('primitive') && !kinds.has('object')) return 'primitive';
      return 'unknown';
    }
    case T.TSTypeReference: {
      // `React.RefObject<T>`, `api.Span`: the last name says what it is.
      const name =
        type.typeName.type === T.Identifier
          ? type.typeName.name
          : type.typeName.type === T.TSQualifiedName
            ? type.typeName.right.name
            : undefined;
      if (!name) return 'unknown';
      if (OBJECT_TYPES.test(name)) return 'object';
      if (PRIMITIVE_TYPES.test(name)) return 'primitive';
      // A local class or interface is an object type; a local alias is whatever it aliases.
      for (const stmt of m.ast.body) {
        const d = stmt.type === T.ExportNamedDeclaration && stmt.declaration ? stmt.declaration : stmt;
        if ((d.type === T.ClassDeclaration || d.type === T.TSInterfaceDeclaration) && d.id?.name === name)
          return 'object';
        if (d.type === T.TSTypeAliasDeclaration && d.id.name === name) return typeKind(m, d.typeAnnotation, depth + 1);
        if (d.type === T.TSEnumDeclaration && d.id.name === name) return 'primitive';
      }
      // Imported or global types: names of things (`DocumentNode`, `ApolloCache`, `WindowProxy`) are objects;
      // names of values (`UserId`, `DocumentType`, `Locale`) are often string or number aliases.
      if (PRIMITIVE_NAMES.test(name)) return 'unknown';
      if (OBJECT_TYPE_NAMES.test(name)) return 'object';
      return 'unknown';
    }
    default:
      return 'unknown';
  }
}

/** The key type of a `Map<K, V>` / `Set<K>` from `new Map<K, V>()` or the declaration's annotation. */
export function declaredKeyKind(m: FileModel, init: Node, annotation: TSESTree.TypeNode | undefined): KeyKind {
  const fromArgs = (init.type === T.NewExpression ? init.typeArguments : undefined)?.params[0];
  if (fromArgs) return typeKind(m, fromArgs);
  if (annotation?.type === T.TSTypeReference) return typeKind(m, annotation.typeArguments?.params[0]);
  return 'unknown';
}

export function keyKind(m: FileModel, key: Node, depth = 0): KeyKind {
  if (depth > 4) return 'unknown';
  const k = unwrap(key);
  switch (k.type) {
    case T.ThisExpression:
    case T.NewExpression:
    case T.ObjectExpression:
    case T.ArrayExpression:
    case T.ClassExpression:
      return 'object';
    case T.Literal:
    case T.TemplateLiteral:
    case T.BinaryExpression:
    case T.UnaryExpression:
    case T.UpdateExpression:
      return 'primitive';
    case T.CallExpression: {
      const name = calleeName(k) ?? '';
      if (PRIMITIVE_RESULT_CALLS.test(name)) return 'primitive';
      if (OBJECT_RESULT_CALLS.test(name)) return 'object';
      return 'unknown';
    }
    case T.MemberExpression: {
      const prop = propertyName(k) ?? '';
      if (OBJECT_PROPERTIES.test(prop)) return 'object';
      if (PRIMITIVE_NAMES.test(prop) || PRIMITIVE_PROPERTIES.test(prop)) return 'primitive';
      return 'unknown';
    }
    case T.Identifier: {
      const v = m.resolve(k);
      if (!v) return 'unknown';
      const def = v.defs[0];
      if (!def) return 'unknown';
      const annotation = (def.name as { typeAnnotation?: TSESTree.TSTypeAnnotation }).typeAnnotation?.typeAnnotation;
      // `any`/`unknown` annotations say nothing: fall through to the initializer and the name.
      if (annotation && annotation.type !== T.TSAnyKeyword && annotation.type !== T.TSUnknownKeyword)
        return typeKind(m, annotation);
      if (def.type === DefinitionType.Variable && def.node.type === T.VariableDeclarator && def.node.id === def.name) {
        const loop = def.node.parent?.parent;
        if (!def.node.init && loop?.type === T.ForOfStatement && loop.left === def.node.parent) {
          const elementKind = iteratedElementKind(m, loop.right, depth + 1);
          if (elementKind !== 'unknown') return elementKind;
        }
        if (def.node.init) {
          const fromInit = keyKind(m, def.node.init, depth + 1);
          if (fromInit !== 'unknown') return fromInit;
        }
      }
      if (def.type === DefinitionType.FunctionName || def.type === DefinitionType.ClassName) return 'object';
      if (isFunction(def.node as Node) && def.type === DefinitionType.Variable) return 'object';
      // What the code does with it outweighs what it is called (a Babel `path` is a NodePath: `path.node`).
      const variable = def.type === DefinitionType.Parameter || def.type === DefinitionType.Variable;
      if (variable && usedAsObject(m, v)) return 'object';
      if (PRIMITIVE_NAMES.test(v.name)) return 'primitive';
      if (variable) {
        if (OBJECT_PARAM_NAMES.test(v.name)) return 'object';
        if (def.type === DefinitionType.Parameter && OBJECT_ONLY_AS_PARAM.test(v.name)) return 'object';
      }
      return 'unknown';
    }
    default:
      if (isFunction(k)) return 'object';
      return memberPath(k) ? 'unknown' : 'unknown';
  }
}

/** `for (const x of xs)` where `xs: HTMLElement[]` (or `Array<T>`): the kind of the elements. */
function iteratedElementKind(m: FileModel, iterable: Node, depth: number): KeyKind {
  const it = unwrap(iterable);
  if (it.type !== T.Identifier) return 'unknown';
  const v = m.resolve(it);
  const ann = (v?.defs[0]?.name as { typeAnnotation?: TSESTree.TSTypeAnnotation } | undefined)?.typeAnnotation
    ?.typeAnnotation;
  if (!ann) return 'unknown';
  if (ann.type === T.TSArrayType) return typeKind(m, ann.elementType, depth);
  if (ann.type === T.TSTypeReference && ann.typeName.type === T.Identifier && LIST_TYPES.test(ann.typeName.name)) {
    return typeKind(m, ann.typeArguments?.params[0], depth);
  }
  return 'unknown';
}

/** What every string, number and boolean has: reading one of these says nothing about what the value is. */
const PRIMITIVE_MEMBERS = new Set([
  ...Object.getOwnPropertyNames(String.prototype),
  ...Object.getOwnPropertyNames(Number.prototype),
  ...Object.getOwnPropertyNames(Boolean.prototype),
  ...Object.getOwnPropertyNames(Symbol.prototype),
  ...Object.getOwnPropertyNames(Object.prototype),
  'length',
]);

/**
 * A parameter or variable, never reassigned, that the code reads a property of which no string or number has
 * (`stats.toJson()`, `path.parentPath`, `ctx.schema`): it holds an object, whatever it is called.
 */
function usedAsObject(m: FileModel, v: Variable): boolean {
  if (v.references.some((r) => r.isWrite() && !r.init)) return false;
  // `typeof rule === 'string'` somewhere: a union (a string or a RegExp), the object uses are another branch.
  if (
    v.references.some(
      (r) => r.identifier.parent?.type === T.UnaryExpression && r.identifier.parent.operator === 'typeof',
    )
  )
    return false;
  return v.references.some((r) => {
    const p = r.identifier.parent;
    if (p?.type !== T.MemberExpression || p.object !== r.identifier || p.computed) return false;
    // Optional access (`x?.y`) admits that the value may be missing: still an object when present.
    const name = propertyName(p);
    return !!name && !PRIMITIVE_MEMBERS.has(name);
  });
}

/**
 * The kind of a type written by name in a JSDoc comment: primitive keywords, well-known object types (DOM nodes,
 * `Object`, `Request`…) and classes declared in this file. Imported names are aliases as often as not
 * (`@typedef {string | typeof Hash} HashFunction`): only a local `@typedef` is followed.
 */
export function typeNameKind(m: FileModel, name: string): KeyKind {
  if (/^(string|number|symbol|boolean|bigint)$/.test(name) || PRIMITIVE_TYPES.test(name)) return 'primitive';
  if (OBJECT_TYPES.test(name)) return 'object';
  for (const stmt of m.ast.body) {
    const d = stmt.type === T.ExportNamedDeclaration && stmt.declaration ? stmt.declaration : stmt;
    if (d.type === T.ClassDeclaration && d.id?.name === name) return 'object';
  }
  const typedef = new RegExp(`@typedef\\s*\\{([^}]*)\\}\\s*${name.replace(/\$/g, '\\$')}\\b`).exec(m.text);
  if (typedef) return /\b(string|number|symbol|boolean)\b/.test(typedef[1]) ? 'primitive' : 'unknown';
  return 'unknown';
}

/**
 * The key type a JSDoc comment right above a declaration gives it: `/** @type {Map<Window, Set<Channel>>} *\/`,
 * `@const {!Map<!Node, !Value>}`. JavaScript projects declare types this way; it says what the keys are as a
 * TypeScript annotation would.
 */
export function jsdocKeyKind(m: FileModel, decl: Node): KeyKind {
  let stmt: Node = decl;
  while (
    stmt.parent &&
    (stmt.parent.type === T.VariableDeclaration ||
      stmt.parent.type === T.ExportNamedDeclaration ||
      stmt.parent.type === T.ExpressionStatement)
  )
    stmt = stmt.parent;
  const comment: string[] = [];
  for (let line = stmt.loc.start.line - 2, i = 0; line >= 0 && i < 15; line--, i++) {
    const text = m.lineText(line).trim();
    if (!/^(\/\*\*?|\*|\/\/)/.test(text)) break;
    comment.unshift(text);
    if (text.startsWith('/*')) break;
  }
  const match = /@(?:type|const)\s*\{\s*!?(?:Weak)?(?:Map|Set)\s*<\s*[!?]?([\w$.]+)/.exec(comment.join(' '));
  return match ? typeNameKind(m, match[1].split('.').pop()!) : 'unknown';
}
