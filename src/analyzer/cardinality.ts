// How many distinct keys a cache can see. A memo over a small, fixed domain (CSS property names, node
// kinds, deprecation codes, hash algorithms) stops growing by itself; one keyed by ids, URLs or request
// data grows with the input. Precision first: unknown keys count only on input-driven paths.
import { T, calleeName, memberPath, propertyName, rootOf, unwrap, type Node } from './ast';
import { endingInWord, oneOf } from './vocabulary/names';

/** Calls that turn their argument into a string: the key is as varied as the argument. */
const STRING_CONVERSIONS = oneOf([
  'String',
  'toString',
  'toLowerCase',
  'toUpperCase',
  'trim',
  'normalize',
  'encodeURIComponent',
  'resolve',
  'join',
]);

/** Calls whose result differs every time: a key made of one is never a finite domain. */
const FRESH_VALUE_CALLS = oneOf([
  'now',
  'random',
  'randomUUID',
  'uuid',
  'nanoid',
  'stringify',
  'getTime',
  'toISOString',
]);

export type Cardinality = 'high' | 'low' | 'unknown';

const HIGH = endingInWord([
  'id',
  'Id',
  'ID',
  'ids',
  'Ids',
  'url',
  'Url',
  'URL',
  'uri',
  'Uri',
  'token',
  // Credentials and their derivations differ per user.
  'salt',
  'Salt',
  'password',
  'Password',
  'secret',
  'Secret',
  'nonce',
  'Nonce',
  'digest',
  'Digest',
  'Token',
  'email',
  'Email',
  'query',
  'Query',
  'ip',
  'Ip',
  'IP',
  'session',
  'Session',
  'sessionId',
  'userId',
  'uuid',
  'Uuid',
  'timestamp',
  'sku',
  'slug',
  'search',
  'term',
  'username',
  'account',
  'Account',
  'customer',
  'Customer',
  'order',
  'Order',
]);
const LOW = oneOf([
  'type',
  'kind',
  'property',
  'prop',
  'keyword',
  'code',
  'algorithm',
  'algo',
  'field',
  'mode',
  'level',
  'lang',
  'locale',
  'format',
  'prefix',
  'category',
  'ext',
  'extension',
  'method',
  'tag',
  'tagName',
  'version',
  'feature',
  'flag',
  'option',
  'options',
  'rule',
  'op',
  'operator',
  'unit',
  'encoding',
  'hashFunction',
  'hashDigest',
  'name',
  'Name',
  'env',
  'target',
  'platform',
  'status',
  'state',
  'color',
  'size',
  'variant',
  'theme',
  'dir',
  'direction',
  'side',
  'axis',
  'event',
  'eventName',
  'channel',
  'topic',
  'phase',
  'stage',
]);
const INPUT_ROOTS = oneOf([
  'req',
  'request',
  'res',
  'ctx',
  'event',
  'evt',
  'e',
  'msg',
  'message',
  'body',
  'payload',
  'data',
  'socket',
  'ws',
  'client',
  'params',
  'query',
]);

/** The expression a local constant was initialized with (`const key = JSON.stringify(args)`), if any. */
export type InitOf = (id: Node) => Node | undefined;

export function cardinality(key: Node | undefined, depth = 0, initOf?: InitOf): Cardinality {
  if (!key || depth > 4) return 'unknown';
  const k = unwrap(key);
  switch (k.type) {
    case T.Literal:
      return 'low';
    case T.ThisExpression:
      return 'high';
    case T.TemplateLiteral:
      return combine(k.expressions.map((e) => cardinality(e, depth + 1, initOf)));
    case T.BinaryExpression:
      return combine([cardinality(k.left as Node, depth + 1, initOf), cardinality(k.right, depth + 1, initOf)]);
    case T.Identifier: {
      if (LOW.test(k.name)) return 'low';
      if (HIGH.test(k.name)) return 'high';
      // A local computed from something varied is as varied (`const key = msg.id`, `= JSON.stringify(args)`).
      const init = initOf?.(k);
      return init ? cardinality(init, depth + 1, initOf) : 'unknown';
    }
    case T.MemberExpression: {
      const root = rootOf(k);
      if (root.type === T.Identifier && INPUT_ROOTS.test(root.name) && root !== k.object) return 'high';
      if (root.type === T.Identifier && INPUT_ROOTS.test(root.name)) {
        const prop = propertyName(k) ?? '';
        return LOW.test(prop) ? 'low' : 'high';
      }
      const prop = propertyName(k) ?? '';
      if (LOW.test(prop)) return 'low';
      if (HIGH.test(prop)) return 'high';
      return 'unknown';
    }
    case T.CallExpression: {
      const name = calleeName(k) ?? '';
      if (FRESH_VALUE_CALLS.test(name)) return 'high';
      if (STRING_CONVERSIONS.test(name)) {
        // `parts.join(':')` is as varied as the parts, not its separator.
        const object = k.callee.type === T.MemberExpression ? k.callee.object : undefined;
        const target = name === 'join' ? object : (k.arguments[0] ?? object);
        return cardinality(target, depth + 1, initOf);
      }
      return 'unknown';
    }
    case T.ArrayExpression:
      return combine(
        k.elements.map((e) => (e && e.type !== T.SpreadElement ? cardinality(e, depth + 1, initOf) : 'unknown')),
      );
    case T.NewExpression:
      return 'high';
    case T.ArrowFunctionExpression:
    case T.FunctionExpression:
      return 'high'; // a new closure per call
    default:
      return memberPath(k) ? 'unknown' : 'unknown';
  }
}

function combine(parts: Cardinality[]): Cardinality {
  if (parts.includes('high')) return 'high';
  if (parts.length && parts.every((p) => p === 'low')) return 'low';
  return 'unknown';
}
