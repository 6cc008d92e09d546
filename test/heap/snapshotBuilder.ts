// Builds tiny .heapsnapshot JSON texts from readable node and edge lists, in the 7-field (current) or 6-field
// (older, no detachedness) layout, so dominators and retained sizes can be checked by hand.
export interface TestNode {
  /** Key used by edges; also the default name. */
  key: string;
  type?: string;
  name?: string;
  size?: number;
  id?: number;
  detachedness?: number;
}

export interface TestEdge {
  from: string;
  to: string;
  type?: string;
  /** Property name, or element index for element/hidden edges. */
  name?: string | number;
}

export const NODE_TYPES = [
  'hidden',
  'array',
  'string',
  'object',
  'code',
  'closure',
  'regexp',
  'number',
  'native',
  'synthetic',
  'concatenated string',
  'sliced string',
  'symbol',
  'bigint',
  'object shape',
];
export const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];

export interface BuildOptions {
  fields?: 6 | 7;
  /** Omit node_count/edge_count, or lie about them. */
  nodeCount?: number;
  edgeCount?: number;
  locations?: number[][];
}

/** Nodes are written in the given order; the first is the root. Ids default to 1, 3, 5, … */
export function buildSnapshot(nodes: TestNode[], edges: TestEdge[], options: BuildOptions = {}): string {
  const fields = options.fields ?? 7;
  const nodeFields = ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'].slice(
    0,
    fields,
  );
  const strings: string[] = [''];
  const index = new Map<string, number>([['', 0]]);
  const str = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const ordinal = new Map(nodes.map((n, i) => [n.key, i]));
  const bySource = new Map<string, TestEdge[]>();
  for (const e of edges) bySource.set(e.from, [...(bySource.get(e.from) ?? []), e]);
  const out: number[] = [];
  nodes.forEach((n, i) => {
    const count = bySource.get(n.key)?.length ?? 0;
    const type = NODE_TYPES.indexOf(n.type ?? 'object');
    if (type < 0) throw new Error(`bad node type ${n.type}`);
    const row = [type, str(n.name ?? n.key), n.id ?? i * 2 + 1, n.size ?? 0, count, 0, n.detachedness ?? 0];
    out.push(...row.slice(0, fields));
  });
  const edgeOut: number[] = [];
  for (const n of nodes) {
    for (const e of bySource.get(n.key) ?? []) {
      const type = EDGE_TYPES.indexOf(e.type ?? 'property');
      if (type < 0) throw new Error(`bad edge type ${e.type}`);
      const to = ordinal.get(e.to);
      if (to === undefined) throw new Error(`unknown node ${e.to}`);
      const numeric = e.type === 'element' || e.type === 'hidden';
      const name = numeric ? Number(e.name ?? 0) : str(String(e.name ?? e.to));
      edgeOut.push(type, name, to * fields);
    }
  }
  const meta = {
    node_fields: nodeFields,
    node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number', 'number'].slice(0, fields),
    edge_fields: ['type', 'name_or_index', 'to_node'],
    edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
    trace_function_info_fields: [],
    trace_node_fields: [],
    sample_fields: [],
    location_fields: ['object_index', 'script_id', 'line', 'column'],
  };
  const snapshot = {
    meta,
    node_count: options.nodeCount ?? nodes.length,
    edge_count: options.edgeCount ?? edgeOut.length / 3,
    trace_function_count: 0,
  };
  const locs = (options.locations ?? []).map(([o, s, l, c]) => [o * fields, s, l, c]).flat();
  return (
    `{"snapshot":${JSON.stringify(snapshot)},\n"nodes":[${out.join(',')}],\n"edges":[${edgeOut.join(',')}],\n` +
    `"trace_function_infos":[],\n"trace_tree":[],\n"samples":[],\n"locations":[${locs.join(',')}],\n"strings":${JSON.stringify(strings)}}\n`
  );
}
