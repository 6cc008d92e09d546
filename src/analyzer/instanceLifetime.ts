// How long an instance lives when its owner (who makes it and keeps it) is not in sight: the evidence in the
// class's own file that at least one instance lives as long as the program. A field collection that such an
// instance grows per call, with nothing on the normal path taking entries out, grows for the program's life.
//
// Evidence, strongest first:
//   - an instance made while the module loads (`module.exports = new Client()`, `export default new Store()`,
//     `const registry = new Registry()` at the top level): it lives as long as the module;
//   - a client by its structure: an event emitter with an open/close lifecycle (connect … close/end/destroy)
//     that owns a socket, a stream or a timer. Such objects are made to be kept and shared; a component or a
//     value object is not. All three together are certain; any two of them are a medium finding.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Variable } from '@typescript-eslint/scope-manager';
import {
  T,
  calleeName,
  enclosingFunction,
  isFunction,
  memberPath,
  propertyName,
  rootOf,
  unwrap,
  valueParent,
  walk,
} from './ast';
import { isProgramLong } from './collections';
import type { Node } from './ast';
import type { FileModel } from './model';
import type { Owner } from './owners';
import { VISITOR_KEYS } from './parse';

export interface InstanceLifetime {
  /** Why it lives long, as a clause for a message: `an instance is made at load (line 12)`. */
  why: string;
  /** Certain enough for the default tier. */
  sure: boolean;
}

const EMITTER_BASE = /^(EventEmitter\d?|Emitter|EE|TypedEventEmitter|TypedEmitter|SafeEventEmitter|EventTarget)$/;
const OPENS = /^(connect|reconnect|open|start|listen|login|init(ialize)?)$/;
const CLOSES = /^(close|end|destroy|disconnect|quit|stop|shutdown|terminate|dispose)$/;
/** Fields that hold a connection's resources. */
const RESOURCE_FIELD = /^(socket|sock|stream|conn|connection|ws|transport|channel|agent|pool|server|client)$/i;
const RESOURCE_CALL =
  /^(setInterval|setTimeout|connect|createConnection|createServer|createSocket|createStream|createClient)$/;
const RESOURCE_CLASS = /^(WebSocket|Socket|Server|Worker|EventSource|MessageChannel|BroadcastChannel|Agent)$/;

/** The evidence that an instance of `owner` (a class or a constructor function) lives as long as the program. */
export function instanceLifetime(m: FileModel, owner: Owner): InstanceLifetime | undefined {
  const t = m.memoFor<InstanceLifetime | null>('instanceLifetime');
  if (t.has(owner.node)) return t.get(owner.node) ?? undefined;
  const found = owner.component || owner.kind === 'object' ? undefined : judge(m, owner);
  t.set(owner.node, found ?? null);
  return found;
}

function judge(m: FileModel, owner: Owner): InstanceLifetime | undefined {
  const name = ownerName(owner);
  if (!name) return undefined;
  const atLoad = madeAtLoad(m, owner);
  if (atLoad) return { why: `an instance is made when the module loads (line ${m.line(atLoad)})`, sure: true };
  const kept = keptByModule(m, owner);
  if (kept) return { why: `an instance is kept in ${kept.holder} (line ${m.line(kept.node)})`, sure: true };
  const emitter = isEmitter(m, owner, name);
  const names = [...owner.methods.keys()].map((k) => k.replace(/^[_#$]+/, ''));
  const lifecycle = names.some((n) => OPENS.test(n)) && names.some((n) => CLOSES.test(n));
  const resource = ownsResource(owner);
  const signs = [emitter, lifecycle, !!resource].filter(Boolean).length;
  if (signs < 2) return undefined;
  const parts = [
    emitter ? 'an event emitter' : 'an object',
    lifecycle ? 'with an open/close lifecycle' : '',
    resource ? `that owns ${resource}` : '',
  ].filter(Boolean);
  return { why: `${name} is a client by its structure (${parts.join(' ')}), made to be kept`, sure: signs === 3 };
}

function ownerName(owner: Owner): string | undefined {
  const node = owner.node;
  if ((node.type === T.ClassDeclaration || node.type === T.ClassExpression) && node.id) return node.id.name;
  if (node.type === T.FunctionDeclaration) return node.id?.name;
  const { parent } = valueParent(node);
  if (parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier) return parent.id.name;
  return undefined;
}

function binding(m: FileModel, owner: Owner): Variable | undefined {
  const node = owner.node;
  if ((node.type === T.ClassDeclaration || node.type === T.FunctionDeclaration) && node.id)
    return m.resolve(node.id) ?? undefined;
  const { parent } = valueParent(node);
  if (parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier)
    return m.resolve(parent.id) ?? undefined;
  return undefined;
}

/** A `new Name(…)` that runs while the module loads: outside every function (a top-level IIFE counts as load). */
function madeAtLoad(m: FileModel, owner: Owner): Node | undefined {
  const v = binding(m, owner);
  const refs = v ? v.references.map((r) => r.identifier as Node) : [];
  for (const id of refs) {
    const p = id.parent;
    if (p?.type !== T.NewExpression || p.callee !== id) continue;
    if (!enclosingFunction(p) || runsAtLoad(enclosingFunction(p)!)) return p;
  }
  return undefined;
}

/**
 * A `new Name(…)` kept by something that lives as long as the module: a lazy singleton (`instance ??= new
 * Name()`, `if (!client) client = new Name()` with a module-level `client`), or an entry of a module-level
 * holder (`clients.set(url, new Name(url))`, `pool.push(new Name())`, `byId[id] = new Name()`).
 */
function keptByModule(m: FileModel, owner: Owner): { node: Node; holder: string } | undefined {
  const v = binding(m, owner);
  for (const ref of v ? v.references : []) {
    const made = ref.identifier.parent;
    if (made?.type !== T.NewExpression || made.callee !== ref.identifier) continue;
    const { parent, child } = valueParent(made);
    if (parent?.type === T.AssignmentExpression && parent.right === child) {
      const held = moduleHolder(m, parent.left);
      if (held) return { node: made, holder: held };
    }
    if (
      parent?.type === T.CallExpression &&
      parent.arguments.includes(child as TSESTree.CallExpressionArgument) &&
      parent.callee.type === T.MemberExpression &&
      /^(set|push|unshift|add)$/.test(propertyName(parent.callee) ?? '')
    ) {
      const held = moduleHolder(m, parent.callee.object);
      if (held) return { node: made, holder: held };
    }
  }
  return undefined;
}

/** The module-level variable `target` writes to (`instance`, `cache[key]`, `registry.clients`), by name. */
function moduleHolder(m: FileModel, target: Node): string | undefined {
  const t = unwrap(target);
  const root = t.type === T.MemberExpression ? rootOf(t) : t;
  if (root.type !== T.Identifier) return undefined;
  const v = m.resolve(root);
  if (!v || !isProgramLong(m, v)) return undefined;
  return t === root
    ? `the module variable ${root.name}`
    : `the module-level ${m.source(t.type === T.MemberExpression ? t.object : t)}`;
}

/** `(function () { … })()` at the top level. */
function runsAtLoad(fn: Node): boolean {
  const { parent, child } = valueParent(fn);
  return parent?.type === T.CallExpression && parent.callee === child && !enclosingFunction(parent);
}

function isEmitter(m: FileModel, owner: Owner, name: string): boolean {
  const node = owner.node;
  if (node.type === T.ClassDeclaration || node.type === T.ClassExpression) {
    const sup = node.superClass ? (memberPath(node.superClass) ?? '') : '';
    return EMITTER_BASE.test(sup.split('.').pop() ?? '');
  }
  // A constructor function: `inherits(Name, EventEmitter)`, `Name.prototype = Object.create(EventEmitter.prototype)`,
  // `Object.setPrototypeOf(Name.prototype, …)`, `Emitter(Name.prototype)` (component-emitter's mixin).
  const n = name.replace(/[$]/g, '\\$');
  const base = '[\\w$.]*?(?:EventEmitter\\d?|Emitter|EE)';
  const patterns = [
    new RegExp(`inherits\\(\\s*${n}\\s*,\\s*${base}\\s*\\)`),
    new RegExp(`\\b${n}\\.prototype\\s*=\\s*Object\\.create\\(\\s*${base}\\.prototype`),
    new RegExp(`setPrototypeOf\\(\\s*${n}\\.prototype\\s*,\\s*${base}\\.prototype`),
    new RegExp(`\\b${n}\\.prototype\\.__proto__\\s*=\\s*${base}\\.prototype`),
    new RegExp(`\\b(?:Emitter|mixin)\\(\\s*${n}\\.prototype\\s*\\)`),
  ];
  return patterns.some((p) => p.test(m.text));
}

/** What the owner's own methods store in a field that is a connection's resource: a socket, a stream, a timer. */
function ownsResource(owner: Owner): string | undefined {
  let found: string | undefined;
  for (const fn of owner.methods.values()) {
    walk(
      fn.body,
      (n) => {
        if (found) return false;
        if (n.type !== T.AssignmentExpression || n.left.type !== T.MemberExpression) return true;
        const target = n.left.object;
        if (
          target.type !== T.ThisExpression &&
          !(target.type === T.Identifier && /^(self|that|_this|me)$/.test(target.name))
        )
          return true;
        const field = (propertyName(n.left) ?? '').replace(/^[_#$]+/, '');
        const value = unwrap(n.right);
        if (value.type === T.CallExpression && RESOURCE_CALL.test(calleeName(value) ?? ''))
          found = /^set(Interval|Timeout)$/.test(calleeName(value)!) ? 'a timer' : `a connection (this.${field})`;
        else if (
          value.type === T.NewExpression &&
          RESOURCE_CLASS.test(memberPath(value.callee)?.split('.').pop() ?? '')
        )
          found = `a ${memberPath(value.callee)} (this.${field})`;
        else if (RESOURCE_FIELD.test(field) && !isEmptyValue(value) && !isFunction(value))
          found = `a ${field.toLowerCase()}`;
        return !found;
      },
      VISITOR_KEYS,
    );
    if (found) return found;
  }
  return undefined;
}

function isEmptyValue(n: Node): boolean {
  return (
    (n.type === T.Literal && (n as TSESTree.Literal).value === null) ||
    (n.type === T.Identifier && n.name === 'undefined') ||
    (n.type === T.UnaryExpression && n.operator === 'void')
  );
}
