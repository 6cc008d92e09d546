// Cell renderers shared by the views: how an object, an edge and a size look. All snapshot text goes through
// textSpan (truncated, bidi-neutralized, text node only).
import type { EdgeRow, NodeRow } from '../service/protocol';
import type { Column } from './treeGrid';
import { el, textSpan } from './dom';
import { BASE_SYSTEM_DISTANCE, formatDistance } from './format';
import { exactBytes, formatBytes, formatCount } from '../common/units';

/** Edge kinds in words, as a reader of the program would call them. */
const EDGE_KINDS: Record<string, string> = {
  context: 'variable',
  element: 'element',
  property: 'property',
  internal: 'internal',
  hidden: 'hidden',
  shortcut: 'shortcut',
  weak: 'weak',
};

export function edgeKind(edgeType: string): string {
  return EDGE_KINDS[edgeType] ?? edgeType;
}

/** What each kind of reference means, as a tooltip on the kind (the help button explains them all). */
const EDGE_KIND_TITLES: Record<string, string> = {
  context: 'A variable of a closure scope (its name in your code)',
  element: 'An array element or indexed entry',
  property: 'A property of the object',
  internal:
    "A reference V8 keeps for its own bookkeeping (a function's scope, a Map's entries), not a name in your code",
  hidden: 'A reference V8 or the embedder adds; it still retains',
  shortcut: 'A reference V8 or the embedder adds; it still retains',
  weak: 'A weak reference: it does not retain',
};

export function edgeKindTitle(edgeType: string): string | undefined {
  return EDGE_KIND_TITLES[edgeType];
}

/** `cache`, `[3]`, `{table}`: the edge's name as it reads in code. */
export function edgeName(edge: { edgeType?: string; edgeName?: string | number }): string {
  const name = edge.edgeName ?? '';
  if (edge.edgeType === 'element' || typeof name === 'number') return `[${name}]`;
  return String(name);
}

const STRING_TYPES = new Set(['string', 'concatenated string', 'sliced string']);

export function isGcRoot(node: NodeRow): boolean {
  // Depth 1 hangs off the synthetic root (the global object, `(GC roots)`); synthetic nodes are root groups.
  return node.distance !== null && (node.distance <= 1 || node.type === 'synthetic');
}

/** `ClassName "name" @id`: the class in its colour, a distinct name (quoted for strings), the id. */
export function nodeLabel(node: NodeRow): HTMLSpanElement {
  const span = el('span', { className: 'rl-name' });
  if (node.type === 'closure') {
    // As DevTools shows a function instance: `onPriceTick()`, and where its function is.
    span.appendChild(textSpan(`${node.name || '(anonymous)'}()`, 'rl-class', 100));
    const at = node.functionLocation;
    if (at?.url) {
      const script = at.url.replace(/[?#].*$/, '').replace(/^.*[\\/]/, '');
      span.appendChild(textSpan(` ${script}:${at.line + 1}:${at.column + 1}`, 'rl-muted', 80));
    }
  } else {
    span.appendChild(textSpan(node.className, 'rl-class', 100));
    if (STRING_TYPES.has(node.type)) {
      span.appendChild(document.createTextNode(' '));
      span.appendChild(textSpan(`"${node.name}${node.nameTruncated ? '…' : ''}"`, 'rl-string', 100));
    } else if (node.name && node.name !== node.className && node.type !== 'object') {
      span.appendChild(document.createTextNode(' '));
      span.appendChild(textSpan(node.name, 'rl-muted', 80));
    }
  }
  span.appendChild(el('span', { className: 'rl-id' }, ` @${node.id}`));
  if (isGcRoot(node))
    span.appendChild(el('span', { className: 'rl-root-badge', title: 'A GC root: the chain ends here' }, 'GC root'));
  return span;
}

/** `leakyCache (variable) in system / Context @12`: a retainer or containment edge and its node. */
export function edgeLabel(edge: EdgeRow, joiner: string): HTMLSpanElement {
  const span = el('span', { className: 'rl-name' });
  span.appendChild(textSpan(edgeName(edge), 'rl-edge', 80));
  span.appendChild(
    el('span', { className: 'rl-edge-kind', title: edgeKindTitle(edge.edgeType) }, ` (${edgeKind(edge.edgeType)}) `),
  );
  span.appendChild(el('span', { className: 'rl-muted' }, `${joiner} `));
  span.appendChild(nodeLabel(edge.node));
  return span;
}

function distanceTitle(d: number | null | undefined): string | undefined {
  if (d === null) return 'Unreachable from the GC roots';
  if (d !== undefined && d >= BASE_SYSTEM_DISTANCE)
    return `Reached only from V8's internal roots (${formatCount(d - BASE_SYSTEM_DISTANCE)} steps)`;
  return undefined;
}

/** A value still being computed (retained sizes and distances right after opening). */
function pendingCell(): HTMLSpanElement {
  return el('span', { className: 'rl-pending', title: 'Still being computed' }, '…');
}

export function sizeCell(bytes: number): HTMLSpanElement {
  return el('span', { title: exactBytes(bytes) }, formatBytes(bytes));
}

/** Distance, shallow and retained columns over anything that carries a node. */
export type Sized = Pick<NodeRow, 'distance' | 'shallowSize' | 'retainedSize'> & { pending?: true };

export function nodeColumns<T>(pick: (item: T) => Sized | null, sortable = true): Column<T>[] {
  return [
    {
      id: 'distance',
      label: 'Distance',
      width: '76px',
      align: 'right',
      sortKey: sortable ? 'distance' : undefined,
      title: 'Fewest references from a GC root',
      render: (item) => (pick(item)?.pending ? pendingCell() : formatDistance(pick(item)?.distance)),
      cellTitle: (item) => distanceTitle(pick(item)?.distance),
    },
    {
      id: 'shallow',
      label: 'Shallow Size',
      width: '110px',
      align: 'right',
      sortKey: sortable ? 'shallowSize' : undefined,
      title: 'Bytes held by the object itself',
      render: (item) => {
        const n = pick(item);
        return n ? sizeCell(n.shallowSize) : '';
      },
    },
    {
      id: 'retained',
      label: 'Retained Size',
      width: '118px',
      align: 'right',
      sortKey: sortable ? 'retainedSize' : undefined,
      title: 'Bytes freed if the object were collected',
      render: (item) => {
        const n = pick(item);
        return n ? (n.pending ? pendingCell() : sizeCell(n.retainedSize)) : '';
      },
    },
  ];
}
