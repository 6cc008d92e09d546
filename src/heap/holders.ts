// What holds a leaked object, in the program's words, read off its shortest retainer path: the variable a
// closure captured, the listener on an emitter, the timer callback, the Map entry, the array element, the
// property, the global. And the path as a user reads it: the runtime's part before the program's first
// object (Node's module list, the timer lists, a builtin's context) collapsed to `…`, so the same leak reads
// the same in every run: `(GC roots) → … → connections.js → countRequest() → statsBySocket → key`.
import type { SourceLocation } from './sourceLocation';
import { functionName, isClosure, isProgramClosure, isRuntimeScript, scriptName, sourceOf } from './objectNames';
import type { HeapSnapshot } from './snapshot';
import { NAME_LIMIT } from './paths';
import { pushToken, tableSlotRole, type Token } from './traceShape';

/** One step of a path: the edge `edge` from `from` to `to`. */
export interface Hop {
  from: number;
  edge: number;
  to: number;
}

export type HolderKind =
  | 'variable'
  | 'property'
  | 'element'
  | 'map-key'
  | 'map-value'
  | 'set-member'
  | 'listener'
  | 'timer'
  | 'global'
  | 'promise'
  | 'dom'
  | 'internal'
  | 'root';

export interface LeakHolder {
  kind: HolderKind;
  /** The variable, property or event name, or the name of the collection holding it. */
  name: string;
  /** e.g. "variable `watch` captured by onPriceTick(), a listener for 'tick' on `ticker`". */
  text: string;
  /** The function involved: the closure capturing the variable, or the listener or timer callback. */
  function?: { name: string; location?: SourceLocation };
  /** For listeners, timers and promise reactions: the registration alone ("listener for 'tick' on `ticker`"). */
  role?: string;
}

/** What a path shows a user: the collapsed text, and where the program's part starts. */
export interface ReadablePath {
  /** `(GC roots) → … → ticker.js → ticker → _events → tick[] → onPriceTick() → watch` */
  text: string;
  /** Index of the first hop shown after `…` (0 when nothing was collapsed). */
  from: number;
}

const name = (s: HeapSnapshot, e: number): string => s.graph.edgeNameString(e);
/** Blink's native objects that hold a JavaScript event handler. */
const BLINK_LISTENER = /^(V8|JS)\w*Event(Listener|Handler)$/;
const edgeIs = (s: HeapSnapshot, e: number, type: keyof HeapSnapshot['graph']['layout']['edgeType']): boolean =>
  s.graph.edgeTypeOf(e) === s.graph.layout.edgeType[type];
const isNumeric = (text: string): boolean => /^\d+$/.test(text);

function isModule(snapshot: HeapSnapshot, n: number): boolean {
  return snapshot.className(n) === 'Module' && childNamed(snapshot, n, 'filename') >= 0;
}

function isGlobal(snapshot: HeapSnapshot, n: number): boolean {
  const cls = snapshot.className(n);
  return cls === 'global' || cls.startsWith('global /') || cls === 'Window' || cls.startsWith('Window /');
}

function childNamed(snapshot: HeapSnapshot, n: number, edgeName: string): number {
  const g = snapshot.graph;
  for (let e = g.firstEdge.get(n); e < g.firstEdge.get(n + 1); e++)
    if (g.edgeHasStringName(e) && g.edgeNameString(e) === edgeName) return g.targetOf(e);
  return -1;
}

/** The string a node names (a string node's value), or ''. */
function stringValue(snapshot: HeapSnapshot, n: number): string {
  const g = snapshot.graph;
  const t = g.nodeType[n];
  const types = g.layout.nodeType;
  return n >= 0 && (t === types.string || t === types.consString || t === types.slicedString)
    ? g.strings.getTruncated(g.nameOf(n), 400).text
    : '';
}

/**
 * Where the program's part of a path starts: the first hop to a function of its scripts or an instance of
 * its classes — or the last module on the way there (`previews.js` rather than `server.js → children`).
 */
function programStart(snapshot: HeapSnapshot, hops: readonly Hop[]): number {
  let outer = -1;
  for (let i = 0; i < hops.length - 1; i++) {
    const n = hops[i].to;
    // Modules and global objects on the way: the last one before the program's code is where it starts.
    if (isModule(snapshot, n) || (i > 0 && isGlobal(snapshot, n))) {
      outer = i;
      continue;
    }
    let program = isProgramClosure(snapshot, n);
    if (!program && snapshot.graph.nodeType[n] === snapshot.graph.layout.nodeType.object) {
      const loc = sourceOf(snapshot, n);
      program = loc !== undefined && !isRuntimeScript(loc.url);
    }
    // A variable of a scope no closure leads into: a script's or module's top-level scope.
    if (!program && edgeIs(snapshot, hops[i].edge, 'context') && i > 0) {
      program = !(name(snapshot, hops[i - 1].edge) === 'context' && isClosure(snapshot, hops[i - 1].from));
      if (program && outer < 0) return i;
    }
    if (program) return outer >= 0 ? outer : i;
  }
  return outer;
}

/** Blink's C++ objects that are neither DOM nodes nor the window (event target data, listener wrappers). */
function isBrowserPlumbing(snapshot: HeapSnapshot, n: number): boolean {
  const name = snapshot.graph.nodeNameString(n);
  return /^(blink::|cppgc::|v8::|system \/|Detached blink::)/.test(name) || /Event(Listener|Handler)$/.test(name);
}

/** The labels a user reads for one hop (none for V8's plumbing: `context`, `table`). */
function hopLabels(snapshot: HeapSnapshot, hops: readonly Hop[], i: number): string[] {
  const { from, edge, to } = hops[i];
  const g = snapshot.graph;
  const labels: string[] = [];
  if (isModule(snapshot, to)) return [scriptName(stringValue(snapshot, childNamed(snapshot, to, 'filename')))];
  // The browser's C++ objects between a DOM node and its listeners are plumbing; DOM nodes and the window
  // read as themselves (`Window`, `Detached <li>`).
  if (g.nodeType[to] === g.layout.nodeType.native) {
    if (isBrowserPlumbing(snapshot, to)) return [];
    const cls = snapshot.className(to).replace(/ \/.*$/, '');
    return edgeIs(snapshot, edge, 'element') && !isBrowserPlumbing(snapshot, from) ? ['[]', cls] : [cls];
  }
  if (g.nodeType[from] === g.layout.nodeType.native && isBrowserPlumbing(snapshot, from) && isClosure(snapshot, to))
    return isProgramClosure(snapshot, to) ? [`${functionName(snapshot, to)}()`] : [];
  // A runtime function passed through only for its scope (`global.setTimeout` → the timers module's
  // variables): every function of that module shares the scope, and which one is the shortest way in changes
  // from run to run. Name the module, so the path reads the same each time.
  if (isClosure(snapshot, to) && !isProgramClosure(snapshot, to) && i + 1 < hops.length) {
    const url = sourceOf(snapshot, to)?.url;
    if (url && /^node:/.test(url) && name(snapshot, hops[i + 1].edge) === 'context') return [url];
  }
  if (g.nodeNameString(from) === 'system / PromiseReaction') labels.push('reaction');
  else if (edgeIs(snapshot, edge, 'element') || edgeIs(snapshot, edge, 'hidden')) labels.push('[]');
  else {
    const n = name(snapshot, edge);
    if (edgeIs(snapshot, edge, 'internal')) {
      if (isNumeric(n)) {
        const owner = i > 0 && name(snapshot, hops[i - 1].edge) === 'table' ? hops[i - 1].from : -1;
        const role = owner >= 0 ? tableSlotRole(snapshot, owner, from, Number(n)) : 'entry';
        labels.push(owner >= 0 ? (/Set$/.test(snapshot.className(owner)) ? 'entry' : role) : '[]');
      } else if (n === 'reactions_or_result') labels.push('reactions');
      else if (n !== 'context' && n !== 'table' && n !== 'previous') labels.push(`{${n.replace(/@\d+/g, '@')}}`);
    } else if (isNumeric(n)) labels.push('[]');
    else if (!(n === 'exports' && isModule(snapshot, from))) labels.push(n);
  }
  if (isProgramClosure(snapshot, to) && g.nodeNameString(to) !== '') {
    const fn = `${functionName(snapshot, to)}()`;
    if (labels[labels.length - 1] === g.nodeNameString(to)) labels[labels.length - 1] = fn;
    else labels.push(fn);
  }
  return labels;
}

/** A hostile snapshot can name a property with a 100 MB string: a path shows its first NAME_LIMIT characters. */
function cut(label: string): string {
  return label.slice(0, NAME_LIMIT) + '…';
}

/** The shortest path as a user reads it: runtime internals before the program's first object collapsed. */
export function readablePath(snapshot: HeapSnapshot, hops: readonly Hop[]): ReadablePath {
  if (hops.length === 0) return { text: '(GC roots)', from: 0 };
  const start = programStart(snapshot, hops);
  const tokens: Token[] = [];
  const first = start >= 0 ? start : 0;
  for (let i = first; i < hops.length; i++)
    for (const l of hopLabels(snapshot, hops, i)) pushToken(tokens, l.length > NAME_LIMIT ? cut(l) : l);
  // `[]` reads as part of the name before it: `auditTrail[]`.
  const parts: string[] = [];
  for (const t of tokens) {
    const text = typeof t === 'string' ? t : `(${t.unit.join(' → ').replaceAll(' → []', '[]')})+`;
    if (text === '[]' && parts.length && !parts[parts.length - 1].endsWith(')+')) parts[parts.length - 1] += '[]';
    else parts.push(text);
  }
  if (start < 0) {
    const root = snapshot.className(hops[0].from).replace(/ \/.*$/, '');
    const shown = parts.length > 6 ? ['…', ...parts.slice(-6)] : parts;
    return { text: ['(GC roots)', root, ...shown].join(' → '), from: 0 };
  }
  return { text: ['(GC roots)', '…', ...parts].join(' → '), from: start };
}

/** The name a user gives the node hops[j].to: its variable, property (`ExportJob.all`), or element. */
function nodeName(snapshot: HeapSnapshot, hops: readonly Hop[], j: number): string {
  if (j < 0) return 'a root';
  const { from, edge, to } = hops[j];
  if (isModule(snapshot, to)) return scriptName(stringValue(snapshot, childNamed(snapshot, to, 'filename')));
  if (edgeIs(snapshot, edge, 'context')) return name(snapshot, edge);
  if (edgeIs(snapshot, edge, 'property') || edgeIs(snapshot, edge, 'shortcut')) {
    const n = name(snapshot, edge);
    if (isNumeric(n)) return `${nodeName(snapshot, hops, j - 1)}[]`;
    if (isClosure(snapshot, from)) return `${functionName(snapshot, from)}.${n}`; // a static property
    return n;
  }
  if (edgeIs(snapshot, edge, 'element')) return `${nodeName(snapshot, hops, j - 1)}[]`;
  return snapshot.className(to);
}

/** The closure whose `context` edge leads (through `previous` links) to the context hops[j].to. */
function capturingClosure(snapshot: HeapSnapshot, hops: readonly Hop[], j: number): number {
  for (let k = j; k >= 0; k--) {
    const n = name(snapshot, hops[k].edge);
    if (n === 'context' && isClosure(snapshot, hops[k].from)) return k;
    if (n !== 'previous') return -1;
  }
  return -1;
}

function fn(snapshot: HeapSnapshot, n: number): LeakHolder['function'] {
  return { name: functionName(snapshot, n), location: sourceOf(snapshot, n) };
}

/** What holds hops[hops.length-1].to: the nearest hop that means something in the program. */
export function holderOf(snapshot: HeapSnapshot, hops: readonly Hop[], depth = 0): LeakHolder {
  const i = hops.length - 1;
  if (i < 0) return { kind: 'root', name: '', text: 'a GC root' };
  const { from, edge, to } = hops[i];
  const g = snapshot.graph;
  const objectIsClosure = isClosure(snapshot, to);
  const own = objectIsClosure ? `${functionName(snapshot, to)}()` : '';

  if (edgeIs(snapshot, edge, 'context')) {
    const variable = name(snapshot, edge);
    const k = capturingClosure(snapshot, hops, i - 1);
    if (k < 0) return { kind: 'variable', name: variable, text: `variable \`${variable}\`` };
    const closure = hops[k].from;
    const outer = depth < 2 ? holderOf(snapshot, hops.slice(0, k), depth + 1) : undefined;
    const via = outer?.role ? `, a ${outer.role}` : '';
    return {
      kind: 'variable',
      name: variable,
      text: `variable \`${variable}\` captured by ${functionName(snapshot, closure)}()${via}`,
      function: fn(snapshot, closure),
    };
  }

  // A Map's or Set's hash table slot.
  if (edgeIs(snapshot, edge, 'internal') && isNumeric(name(snapshot, edge)) && i > 0) {
    const prev = hops[i - 1];
    if (name(snapshot, prev.edge) === 'table') {
      const owner = prev.from;
      const collection = nodeName(snapshot, hops, i - 2);
      const cls = snapshot.className(owner);
      const function_ = collectionFunction(snapshot, hops, i - 2, depth);
      if (/Set$/.test(cls))
        return {
          kind: 'set-member',
          name: collection,
          text: `member of ${cls} \`${collection}\``,
          function: function_,
        };
      const role = tableSlotRole(snapshot, owner, from, Number(name(snapshot, edge)));
      return role === 'key'
        ? { kind: 'map-key', name: collection, text: `key in ${cls} \`${collection}\``, function: function_ }
        : {
            kind: 'map-value',
            name: collection,
            text: `${role === 'value' ? 'value' : 'entry'} in ${cls} \`${collection}\``,
            function: function_,
          };
    }
  }

  // A DOM listener: Blink's V8EventListener (or kin) holds the function; the target is the DOM node or
  // window before the listener plumbing.
  if (g.nodeType[from] === g.layout.nodeType.native && BLINK_LISTENER.test(g.nodeNameString(from))) {
    let k = i - 1;
    while (k >= 0 && isBrowserPlumbing(snapshot, hops[k].to)) k--;
    const target = k >= 0 ? g.displayName(hops[k].to).replace(/^(Window) \/.*$/, '$1') : 'an event target';
    return {
      kind: 'listener',
      name: target,
      text: `${objectIsClosure ? `listener ${own}` : 'listener'} on ${target}`,
      function: objectIsClosure ? fn(snapshot, to) : undefined,
      role: `listener on ${target}`,
    };
  }

  // A listener: `emitter._events.<event>` (one listener) or `…<event>[]` (several).
  const listener = listenerAt(snapshot, hops, i);
  if (listener && !objectIsClosure && !edgeIs(snapshot, edge, 'element'))
    return {
      kind: 'listener',
      name: listener.event,
      text: `\`${listener.emitter}\`'s listener list for '${listener.event}'`,
      role: `listener for '${listener.event}' on \`${listener.emitter}\``,
    };
  if (listener) {
    const what = objectIsClosure ? `listener ${own}` : 'listener';
    return {
      kind: 'listener',
      name: listener.event,
      text: `${what} for '${listener.event}' on \`${listener.emitter}\``,
      function: objectIsClosure ? fn(snapshot, to) : undefined,
      role: `listener for '${listener.event}' on \`${listener.emitter}\``,
    };
  }

  // A timer: the Timeout itself (its callback says which), or the callback reached through `_onTimeout`.
  const callback = snapshot.className(to) === 'Timeout' ? childNamed(snapshot, to, '_onTimeout') : -1;
  if (callback >= 0 && isClosure(snapshot, callback)) {
    return {
      kind: 'timer',
      name: functionName(snapshot, callback),
      text: `timer calling ${functionName(snapshot, callback)}() (setTimeout or setInterval, pending)`,
      function: fn(snapshot, callback),
      role: `timer`,
    };
  }
  if (edgeIs(snapshot, edge, 'property') && name(snapshot, edge) === '_onTimeout') {
    return {
      kind: 'timer',
      name: objectIsClosure ? functionName(snapshot, to) : '_onTimeout',
      text: objectIsClosure ? `timer callback ${own}` : 'timer callback',
      function: objectIsClosure ? fn(snapshot, to) : undefined,
      role: 'timer',
    };
  }

  // A promise reaction: Promise {reactions_or_result} → PromiseReaction (next…) → handler.
  if (g.nodeNameString(from) === 'system / PromiseReaction') {
    let k = i - 1;
    while (k >= 0 && g.nodeNameString(hops[k].from) === 'system / PromiseReaction') k--;
    const promise = k >= 0 ? nodeName(snapshot, hops, k - 1) : 'a promise';
    return {
      kind: 'promise',
      name: promise,
      text: `reaction ${own ? `${own} ` : ''}on promise \`${promise}\``,
      function: objectIsClosure ? fn(snapshot, to) : undefined,
      role: `reaction on promise \`${promise}\``,
    };
  }
  if (edgeIs(snapshot, edge, 'internal') && name(snapshot, edge) === 'reactions_or_result') {
    const promise = nodeName(snapshot, hops, i - 1);
    return { kind: 'promise', name: promise, text: `reaction on promise \`${promise}\`` };
  }

  if (edgeIs(snapshot, edge, 'element') || (edgeIs(snapshot, edge, 'property') && isNumeric(name(snapshot, edge)))) {
    const collection = nodeName(snapshot, hops, i - 1);
    const cls = snapshot.className(from);
    return {
      kind: 'element',
      name: collection,
      text: cls === 'Array' ? `element of array \`${collection}\`` : `entry of ${cls} \`${collection}\``,
      function: collectionFunction(snapshot, hops, i - 1, depth),
    };
  }

  if (edgeIs(snapshot, edge, 'property') || edgeIs(snapshot, edge, 'shortcut')) {
    const prop = name(snapshot, edge);
    if (isGlobal(snapshot, from)) return { kind: 'global', name: prop, text: `global variable \`${prop}\`` };
    if (g.nodeType[from] === g.layout.nodeType.native)
      return { kind: 'dom', name: prop, text: `\`${prop}\` of ${g.displayName(from)}` };
    const owner = isClosure(snapshot, from) ? `${functionName(snapshot, from)}` : snapshot.className(from);
    return { kind: 'property', name: prop, text: `property \`${prop}\` of ${owner}` };
  }

  const label = g.edgeHasStringName(edge) ? name(snapshot, edge) : String(g.edgeNameOf(edge));
  if (g.nodeType[from] === g.layout.nodeType.native)
    return { kind: 'dom', name: label, text: `${g.displayName(from)} (native)` };
  return { kind: 'internal', name: label, text: `V8 internal \`${label}\` of ${snapshot.className(from)}` };
}

/** The function whose scope holds the collection hops[j].to (the closure capturing its variable), if any. */
function collectionFunction(
  snapshot: HeapSnapshot,
  hops: readonly Hop[],
  j: number,
  depth: number,
): LeakHolder['function'] {
  if (j < 0 || depth >= 2) return undefined;
  return holderOf(snapshot, hops.slice(0, j + 1), depth + 1).function;
}

/** `{ event, emitter }` when hops[i] is a listener registration of an EventEmitter. */
function listenerAt(
  snapshot: HeapSnapshot,
  hops: readonly Hop[],
  i: number,
): { event: string; emitter: string } | null {
  let k = i;
  // `_events.tick[]`: the element of the listener array; `_events.tick`: a single listener.
  if (edgeIs(snapshot, hops[k].edge, 'element')) k--;
  if (k < 1) return null;
  const eventHop = hops[k];
  const eventsHop = hops[k - 1];
  if (!edgeIs(snapshot, eventHop.edge, 'property') || name(snapshot, eventsHop.edge) !== '_events') return null;
  return { event: name(snapshot, eventHop.edge), emitter: nodeName(snapshot, hops, k - 2) };
}
