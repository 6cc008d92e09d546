// Reads `snapshot.meta` into the offsets the engine uses. Nothing about field order is hard-coded: older
// snapshots have 6 node fields, newer ones 7 (`detachedness`), and future ones may add more.
import { HeapSnapshotError } from './errors';

export interface SnapshotHeader {
  meta: Record<string, unknown>;
  node_count?: number;
  edge_count?: number;
  root_index?: number;
  extra_native_bytes?: number;
  [key: string]: unknown;
}

export interface Layout {
  nodeFields: string[];
  nodeFieldCount: number;
  nodeTypes: string[];
  edgeFields: string[];
  edgeFieldCount: number;
  /** Edge type names, plus Chrome's synthetic 'invisible' type at the end if the file lacks it. */
  edgeTypes: string[];
  locationFields: string[];
  /** Offsets of the node fields within one node record (-1 when absent). */
  node: { type: number; name: number; id: number; selfSize: number; edgeCount: number; detachedness: number };
  edge: { type: number; nameOrIndex: number; toNode: number };
  location: { objectIndex: number; scriptId: number; line: number; column: number };
  /** Indices into nodeTypes / edgeTypes of the types the engine treats specially (-1 when absent). */
  nodeType: Record<
    | 'hidden'
    | 'array'
    | 'string'
    | 'object'
    | 'code'
    | 'closure'
    | 'regexp'
    | 'native'
    | 'synthetic'
    | 'consString'
    | 'slicedString',
    number
  >;
  edgeType: Record<
    'context' | 'element' | 'property' | 'internal' | 'hidden' | 'shortcut' | 'weak' | 'invisible',
    number
  >;
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new HeapSnapshotError(`unknown heap snapshot meta: ${what} is not a list of names`);
  }
  return value as string[];
}

function typeList(types: unknown, fieldIndex: number, what: string): string[] {
  if (!Array.isArray(types) || fieldIndex < 0)
    throw new HeapSnapshotError(`unknown heap snapshot meta: missing ${what}`);
  return stringList(types[fieldIndex], what);
}

export function readLayout(header: unknown): Layout {
  if (
    typeof header !== 'object' ||
    header === null ||
    typeof (header as SnapshotHeader).meta !== 'object' ||
    (header as SnapshotHeader).meta === null
  ) {
    throw new HeapSnapshotError('not a V8 heap snapshot: missing snapshot.meta');
  }
  const meta = (header as SnapshotHeader).meta;
  const nodeFields = stringList(meta.node_fields, 'node_fields');
  const edgeFields = stringList(meta.edge_fields, 'edge_fields');
  const locationFields = meta.location_fields === undefined ? [] : stringList(meta.location_fields, 'location_fields');
  const node = {
    type: nodeFields.indexOf('type'),
    name: nodeFields.indexOf('name'),
    id: nodeFields.indexOf('id'),
    selfSize: nodeFields.indexOf('self_size'),
    edgeCount: nodeFields.indexOf('edge_count'),
    detachedness: nodeFields.indexOf('detachedness'),
  };
  const edge = {
    type: edgeFields.indexOf('type'),
    nameOrIndex: edgeFields.indexOf('name_or_index'),
    toNode: edgeFields.indexOf('to_node'),
  };
  const missingNode = Object.entries(node)
    .filter(([k, v]) => v < 0 && k !== 'detachedness')
    .map(([k]) => k);
  if (missingNode.length)
    throw new HeapSnapshotError(
      `unknown node field layout: [${nodeFields.join(', ')}] lacks ${missingNode.join(', ')}`,
    );
  const missingEdge = Object.entries(edge)
    .filter(([, v]) => v < 0)
    .map(([k]) => k);
  if (missingEdge.length)
    throw new HeapSnapshotError(
      `unknown edge field layout: [${edgeFields.join(', ')}] lacks ${missingEdge.join(', ')}`,
    );
  const nodeTypes = typeList(meta.node_types, node.type, 'node_types');
  const edgeTypes = [...typeList(meta.edge_types, edge.type, 'edge_types')];
  if (!edgeTypes.includes('invisible')) edgeTypes.push('invisible');
  const n = (name: string) => nodeTypes.indexOf(name);
  const e = (name: string) => edgeTypes.indexOf(name);
  return {
    nodeFields,
    nodeFieldCount: nodeFields.length,
    nodeTypes,
    edgeFields,
    edgeFieldCount: edgeFields.length,
    edgeTypes,
    locationFields,
    node,
    edge,
    location: {
      objectIndex: locationFields.indexOf('object_index'),
      scriptId: locationFields.indexOf('script_id'),
      line: locationFields.indexOf('line'),
      column: locationFields.indexOf('column'),
    },
    nodeType: {
      hidden: n('hidden'),
      array: n('array'),
      string: n('string'),
      object: n('object'),
      code: n('code'),
      closure: n('closure'),
      regexp: n('regexp'),
      native: n('native'),
      synthetic: n('synthetic'),
      consString: n('concatenated string'),
      slicedString: n('sliced string'),
    },
    edgeType: {
      context: e('context'),
      element: e('element'),
      property: e('property'),
      internal: e('internal'),
      hidden: e('hidden'),
      shortcut: e('shortcut'),
      weak: e('weak'),
      invisible: e('invisible'),
    },
  };
}

/** A count from the header we may use to size arrays, never blindly: undefined when absent or silly. */
export function headerCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** 32 ? value : undefined;
}
