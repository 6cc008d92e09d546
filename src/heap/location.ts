// A closure's captured variables: V8 keeps every variable an inner function uses in the outer function's
// context, shared by all closures made there. And the `location` query (sourceLocation.ts) by node reference.
import { resolveNode, type NodeRef } from './edges';
import { edgeRow, type EdgeRow, type Page, page, type PageParams } from './queries';
import type { HeapSnapshot } from './snapshot';
import { child, locationOf, type SourceLocation } from './sourceLocation';

export type { SourceLocation } from './sourceLocation';

export function location(snapshot: HeapSnapshot, ref: NodeRef): SourceLocation | null {
  return locationOf(snapshot, resolveNode(snapshot, ref));
}

export interface ClosureContext {
  /** Variables of the closure's own context first, then each enclosing (`previous`) context's. */
  variables: Page<EdgeRow & { depth: number }>;
  /** Retained size of the context object itself (what the closure keeps alive through it, if it is the only holder). */
  contextRetainedSize: number;
}

/** A closure's captured variables: its `context` edge's target, and the `previous` chain above it. */
export function closureContext(snapshot: HeapSnapshot, params: NodeRef & PageParams): ClosureContext | null {
  const g = snapshot.graph;
  const n = resolveNode(snapshot, params);
  let context = child(snapshot, n, 'context');
  if (context < 0) return null;
  const contextRetainedSize = snapshot.retainedSize[context];
  const rows: (EdgeRow & { depth: number })[] = [];
  const seen = new Set<number>();
  const contextEdge = g.layout.edgeType.context;
  for (let depth = 0; context >= 0 && !seen.has(context); depth++) {
    seen.add(context);
    for (let e = g.firstEdge.get(context); e < g.firstEdge.get(context + 1); e++) {
      if (g.edgeTypeOf(e) === contextEdge) rows.push({ ...edgeRow(snapshot, e, g.targetOf(e)), depth });
    }
    context = child(snapshot, context, 'previous');
    // Chrome names it `system / NativeContext / <origin>`.
    if (context >= 0 && g.nodeNameString(context).startsWith('system / NativeContext')) break;
  }
  return { variables: page(rows, params), contextRetainedSize };
}
