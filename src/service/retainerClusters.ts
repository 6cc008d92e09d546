// The service's `retainerClusters` request: what keeps a class's objects (or one object) alive, as clusters of
// retainer paths (the leak triage's grouping, heap/leaks.ts) with the source places the join finds on them
// (join/leakSites.ts): the variable holding them, where it is declared, the closures sharing its context.
// The agent tools answer "why is this still here" from it in one round trip.
import { groupByRetainerPath } from '../heap/leaks';
import { resolveNode } from '../heap/edges';
import type { HeapSnapshot } from '../heap/snapshot';
import { classMemberOrdinals } from '../heap/summary';
import { leakGroupSites } from '../join/leakSites';
import { ScriptMapper } from '../join/mapScript';
import { loadWorkspaceSources } from '../join/workspaceSources';
import type { WorkspaceSources } from '../join/types';
import type { Logger } from '../common/log';
import { enclosingScopes, functionAt, SourceModels } from '../join/sourceModel';
import type { LeakGroupSites } from '../join/types';

export interface RetainerClustersParams {
  /** A class name as the Summary shows it… */
  className?: string;
  /** …or one object by snapshot id. */
  id?: number;
  /** Folders script URLs map into (the workspace, or the MCP client's source folder). */
  workspaceRoots: string[];
  cwd?: string;
  /** Largest objects of the class that are clustered (default 2,000). */
  maxObjects?: number;
  /** Clusters returned (default 5, at most 50). */
  limit?: number;
}

/** A variable on a cluster's path, with the line declaring it when the source shows one (0-based). */
export type ClusterVariable = LeakGroupSites['variables'][number] & { declaredLine?: number };

export interface RetainerCluster extends Omit<LeakGroupSites, 'variables'> {
  variables: ClusterVariable[];
}

export interface RetainerClusters {
  /** Objects of the class (or 1) and how many were clustered (the largest first). */
  objects: number;
  clustered: number;
  retainedSize: number;
  /** Clusters in all, and the first `limit` of them with their source places. */
  total: number;
  clusters: RetainerCluster[];
}

/**
 * `workspace`: the files the snapshot's last join read, when it was joined; otherwise the workspace files the
 * snapshot names are read here, through the trust boundary (join/workspaceSources.ts).
 */
export async function retainerClusters(
  snapshot: HeapSnapshot,
  params: RetainerClustersParams,
  options: { workspace?: WorkspaceSources; signal?: AbortSignal; log?: Logger } = {},
): Promise<RetainerClusters> {
  let members: ArrayLike<number>;
  if (params.id !== undefined) members = [resolveNode(snapshot, { id: params.id })];
  else if (params.className !== undefined)
    members = classMemberOrdinals(snapshot, { className: params.className, sortBy: 'retainedSize' });
  else throw new RangeError('retainerClusters needs a className or an id');
  const maxObjects = Math.max(1, Math.min(params.maxObjects ?? 2000, 20_000));
  const chosen = Array.from(members).slice(0, maxObjects);
  const groups = groupByRetainerPath(snapshot, chosen);
  const limit = Math.max(1, Math.min(params.limit ?? 5, 50));
  const workspace =
    options.workspace ??
    (await loadWorkspaceSources(snapshot, {
      workspaceRoots: params.workspaceRoots,
      cwd: params.cwd,
      signal: options.signal,
      log: options.log,
    }));
  const mapper = new ScriptMapper(workspace, options.log);
  const sources = new SourceModels(workspace);
  const clusters = leakGroupSites(snapshot, groups.slice(0, limit), mapper).map((c) => ({
    ...c,
    variables: c.variables.map((v) => ({ ...v, declaredLine: declarationLine(sources, v) })),
  }));
  let retainedSize = 0;
  for (let i = 0; i < members.length; i++) retainedSize += snapshot.retainedSize[members[i]];
  return { objects: members.length, clustered: chosen.length, retainedSize, total: groups.length, clusters };
}

/** Where `name` is declared in the scope around the first closure sharing its context, if the source says. */
function declarationLine(sources: SourceModels, v: LeakGroupSites['variables'][number]): number | undefined {
  const holder = v.holders[0];
  const src = holder && sources.get(v.file);
  if (!src) return undefined;
  const fn = functionAt(src, holder.line, holder.column);
  if (!fn) return undefined;
  // The context is the enclosing scope's (the holder's own scope is its parameters and locals).
  for (const scope of enclosingScopes(src, fn)) {
    const def = scope.set.get(v.name)?.defs[0];
    if (def) return def.name.loc.start.line - 1;
  }
  return undefined;
}
