// Where an object comes from in source, over the heap protocol: a closure's own location, or for any other
// object its constructor's (`__proto__.constructor`, or the map's constructor). The engine only locates nodes
// that have a location entry, so the constructor step is done here. Pure: the webview and the host use it.
import type { HeapMethod, HeapParams, HeapResult } from '../heap/protocol';
import type { SourceLocation } from '../heap/location';

export type Requester = <M extends HeapMethod>(method: M, params: HeapParams<M>) => Promise<HeapResult<M>>;

export interface FoundSource {
  location: SourceLocation;
  /** The node whose location it is (the closure itself, or the constructor). */
  nodeId: number;
  via: 'closure' | 'constructor';
  /** Name of the function at that location. */
  functionName: string;
}

async function child(
  request: Requester,
  snapshot: string,
  id: number,
  name: string,
): Promise<{ id: number; name: string; type: string } | null> {
  const page = await request('edges', { snapshot, id, limit: 500 });
  const edge = page.items.find((e) => e.edgeName === name);
  return edge ? { id: edge.node.id, name: edge.node.name, type: edge.node.type } : null;
}

export async function findSource(request: Requester, snapshot: string, id: number): Promise<FoundSource | null> {
  const node = await request('node', { snapshot, id });
  if (node.type === 'closure') {
    const location = await request('location', { snapshot, id });
    return location ? { location, nodeId: id, via: 'closure', functionName: node.name } : null;
  }
  if (node.type !== 'object') return null;
  const ctor = await constructorOf(request, snapshot, id);
  if (!ctor) return null;
  const location = await request('location', { snapshot, id: ctor.id });
  return location ? { location, nodeId: ctor.id, via: 'constructor', functionName: ctor.name } : null;
}

/** `__proto__.constructor`, else the root map's `constructor` up the map's transition (back_pointer) chain. */
async function constructorOf(
  request: Requester,
  snapshot: string,
  id: number,
): Promise<{ id: number; name: string } | null> {
  const proto = await child(request, snapshot, id, '__proto__');
  const viaProto = proto && (await child(request, snapshot, proto.id, 'constructor'));
  if (viaProto?.type === 'closure') return viaProto;
  let map = await child(request, snapshot, id, 'map');
  for (let steps = 0; map && steps < 16; steps++) {
    const ctor = await child(request, snapshot, map.id, 'constructor');
    if (ctor) return ctor.type === 'closure' ? ctor : null;
    map = await child(request, snapshot, map.id, 'back_pointer');
  }
  return null;
}

/** `leakyApp.js:12:3` (1-based, as editors show it). */
export function describeLocation(location: SourceLocation): string {
  const url = location.url ?? `script ${location.scriptId}`;
  const file = url.replace(/^.*[\\/]/, '') || url;
  return `${file}:${location.line + 1}:${location.column + 1}`;
}
