// Snapshot → source: live located objects aggregated by workspace file and line, with counts and retained
// sizes — what an editor lens shows ("retains 48.2 MB · 1,203 closures").
//
// Double counting: an object's retained size includes everything it dominates. If a closure and the
// objects it alone keeps alive were created on the same line, summing both would count those objects twice.
// The rule (Chrome's, for the retained size of a class in its Summary view, applied per line): an object
// adds its retained size to its line only when no other object counted on that same line dominates it.
// Objects on different lines are not deduplicated against each other — each line answers "what would go
// away if the objects created here went away", and those answers overlap like Chrome's class rows do.
import type { HeapSnapshot } from '../heap/snapshot';
import { locatedNodes, siteName } from './locatedNodes';
import type { ScriptMapper } from './mapScript';
import { rootPathOf } from './rootPath';
import type { FileRetention, LineRetention, SiteRetention } from './types';
import { NO_DISTANCE } from '../heap/distances';
import { outermostOfGroup } from '../heap/dominatorWalk';

export interface LineRetentionOptions {
  /** Also aggregate scripts that map to no workspace file, under their URL (default false). */
  includeUnmapped?: boolean;
  /** Compute a root path for lines retaining at least this much (default 64 KiB)… */
  pathMinBytes?: number;
  /** …for at most this many lines, largest first (default 200). */
  maxPaths?: number;
  /** Sample ids kept per site (default 5). */
  samples?: number;
}

interface SiteAcc {
  site: SiteRetention;
  ordinals: number[];
}
interface LineAcc {
  line: LineRetention;
  sites: Map<string, SiteAcc>;
  top: number;
}

export function aggregateByLine(
  snapshot: HeapSnapshot,
  mapper: ScriptMapper,
  options: LineRetentionOptions = {},
): FileRetention[] {
  const g = snapshot.graph;
  const { nodes } = locatedNodes(snapshot, mapper);
  // Key each located node by (file, line); -1 for nodes we do not aggregate.
  const keyOf = new Int32Array(g.nodeCount).fill(-1);
  const keys: { file: string; mapped: boolean; line: number }[] = [];
  const keyIndex = new Map<string, number>();
  for (const node of nodes) {
    const file = node.mapped?.file ?? (options.includeUnmapped ? node.url : undefined);
    if (file === undefined) continue;
    // Garbage the snapshot still lists (no path from a root, e.g. a closure not swept yet) keeps nothing alive.
    if (snapshot.distances.get(node.ordinal) === NO_DISTANCE) continue;
    const line = node.mapped?.line ?? node.line;
    const k = `${file}\u0000${line}`;
    let index = keyIndex.get(k);
    if (index === undefined) {
      index = keys.length;
      keyIndex.set(k, index);
      keys.push({ file, mapped: node.mapped !== undefined, line });
    }
    keyOf[node.ordinal] = index;
  }

  // Each line's objects counted once: one nested in another of the same line adds nothing.
  const counted = outermostOfGroup(snapshot, keyOf, keys.length);

  const lines = new Map<number, LineAcc>();
  for (const node of nodes) {
    const k = keyOf[node.ordinal];
    if (k < 0) continue;
    let acc = lines.get(k);
    if (!acc) {
      acc = {
        line: { line: keys[k].line, count: 0, closures: 0, objects: 0, retainedSize: 0, sites: [] },
        sites: new Map(),
        top: -1,
      };
      lines.set(k, acc);
    }
    const n = node.ordinal;
    const retained = counted[n] ? snapshot.retainedSize[n] : 0;
    const name = siteName(snapshot, n);
    const column = node.mapped?.column ?? node.column;
    acc.line.count++;
    if (node.kind === 'closure') acc.line.closures++;
    else acc.line.objects++;
    acc.line.retainedSize += retained;
    if (acc.top < 0 || snapshot.retainedSize[n] > snapshot.retainedSize[acc.top]) acc.top = n;
    const sk = `${column}\u0000${node.kind}\u0000${name}`;
    let site = acc.sites.get(sk);
    if (!site)
      acc.sites.set(
        sk,
        (site = { site: { column, kind: node.kind, name, count: 0, retainedSize: 0, sampleIds: [] }, ordinals: [] }),
      );
    site.site.count++;
    site.site.retainedSize += retained;
    site.ordinals.push(n);
  }

  const samples = options.samples ?? 5;
  const files = new Map<string, FileRetention>();
  for (const [k, acc] of lines) {
    const { file, mapped } = keys[k];
    let fr = files.get(file);
    if (!fr) files.set(file, (fr = { file, mapped, retainedSize: 0, count: 0, lines: [] }));
    for (const s of acc.sites.values()) {
      s.ordinals.sort((a, b) => snapshot.retainedSize[b] - snapshot.retainedSize[a]);
      s.site.sampleIds = s.ordinals.slice(0, samples).map((o) => g.idOf(o));
      acc.line.sites.push(s.site);
    }
    acc.line.sites.sort((a, b) => b.retainedSize - a.retainedSize || a.column - b.column);
    fr.lines.push(acc.line);
    fr.count += acc.line.count;
    fr.retainedSize += acc.line.retainedSize; // lines overlap; this is the sum a file badge would show
  }

  const pathMin = options.pathMinBytes ?? 64 * 1024;
  const withPaths = [...lines.values()]
    .filter((a) => a.line.retainedSize >= pathMin)
    .sort((a, b) => b.line.retainedSize - a.line.retainedSize);
  for (const acc of withPaths.slice(0, options.maxPaths ?? 200)) acc.line.path = rootPathOf(snapshot, acc.top);

  const result = [...files.values()];
  for (const f of result) f.lines.sort((a, b) => a.line - b.line);
  return result.sort((a, b) => b.retainedSize - a.retainedSize);
}
