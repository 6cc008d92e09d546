// From clusters of suspects to ranked leak groups, counting each byte once. Along the dominator tree every
// suspect either sits inside another suspect of its own cluster (a chain's later links: not counted again),
// inside a suspect of another cluster (a listener's captured records: that cluster's bytes already include
// it), or inside none (free: its retained size is the group's). A group with no free member is folded under
// the group that holds most of its members; a folded group that is the same objects one repeated unit
// further along the path (the rest of a chain) merges into it. Top-level groups rank by their free bytes.
import { holderOf, readablePath, type Hop } from './holders';
import type { LeakGroup } from './leaks';
import { isRuntimeScript, objectLabel, sourceOf } from './objectNames';
import { edgeLabel } from './paths';
import { hopsFromRoot } from './shortestPaths';
import type { HeapSnapshot } from './snapshot';
import { edgeToken, type Repeat, repeatOf, type Token, tokensText } from './traceShape';

interface Cluster {
  tokens: Token[];
  members: number[];
}

const NONE = -1;
const UNKNOWN = -2;

/**
 * For each member, the nearest dominator (excluding itself) that is a member of any cluster, or NONE.
 * Walks up the dominator tree remembering answers for every node passed, so each node is visited once.
 */
function nearestListedAncestors(snapshot: HeapSnapshot, clusterOf: Map<number, number>): Map<number, number> {
  const root = snapshot.graph.rootOrdinal;
  const memo = new Map<number, number>(); // node → nearest listed node at or above it
  const above = (n: number): number => {
    const trail: number[] = [];
    let x = n;
    let answer = NONE;
    for (let steps = 0; steps < 10_000_000; steps++) {
      if (x === root) break;
      if (clusterOf.has(x)) {
        answer = x;
        break;
      }
      const known = memo.get(x) ?? UNKNOWN;
      if (known !== UNKNOWN) {
        answer = known;
        break;
      }
      trail.push(x);
      x = snapshot.dominator[x];
    }
    for (const t of trail) memo.set(t, answer);
    return answer;
  };
  const result = new Map<number, number>();
  for (const n of clusterOf.keys()) result.set(n, n === root ? NONE : above(snapshot.dominator[n]));
  return result;
}

const sameTokens = (a: Token[], b: Token[], length: number): boolean => {
  for (let i = 0; i < length; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'string' || typeof y === 'string') {
      if (x !== y) return false;
    } else if (x.unit.join('') !== y.unit.join('')) return false;
  }
  return true;
};

/** `.describe{context}->previous` → `describe → context → previous`. */
function unitText(unit: Repeat): string {
  return unit.unit.map((t) => t.replace(/^(\.|->|\{|\[)/, '').replace(/[}\]]$/, '') || '[]').join(' → ');
}

/** Where a chain starts on a path: the hops before its trailing repeats of `unit`. */
function chainStart(snapshot: HeapSnapshot, hops: readonly Hop[], unit: Repeat): number {
  const g = snapshot.graph;
  const token = (i: number): string => {
    const owner = i > 0 && g.edgeNameString(hops[i - 1].edge) === 'table' ? hops[i - 1].from : -1;
    return edgeToken(snapshot, hops[i].edge, hops[i].from, owner);
  };
  const k = unit.unit.length;
  let end = hops.length;
  while (end >= k && unit.unit.every((u, j) => token(end - k + j) === u)) end -= k;
  return end;
}

export function buildGroups(
  snapshot: HeapSnapshot,
  clusters: Cluster[],
  objectKey: (snapshot: HeapSnapshot, n: number) => string,
): { groups: LeakGroup[]; members: Uint32Array[] } {
  const retained = snapshot.retainedSize;
  const clusterOf = new Map<number, number>();
  clusters.forEach((c, i) => c.members.forEach((n) => clusterOf.set(n, i)));
  const ancestor = nearestListedAncestors(snapshot, clusterOf);

  const k = clusters.length;
  const free = new Float64Array(k); // bytes of members inside no other listed member
  const own = new Float64Array(k); // bytes of members not inside a member of their own cluster
  const freeCount = new Uint32Array(k);
  const nested = new Uint32Array(k);
  const heldBy: Map<number, number>[] = clusters.map(() => new Map());
  clusters.forEach((c, i) => {
    for (const n of c.members) {
      const a = ancestor.get(n)!;
      const ac = a === NONE ? NONE : clusterOf.get(a)!;
      if (ac === i) {
        nested[i]++;
        continue;
      }
      own[i] += retained[n];
      if (ac === NONE) {
        free[i] += retained[n];
        freeCount[i]++;
      } else heldBy[i].set(ac, (heldBy[i].get(ac) ?? 0) + 1);
    }
  });

  // Fold: a cluster with no free member goes under the cluster holding most of its members.
  const parent = new Int32Array(k).fill(NONE);
  for (let i = 0; i < k; i++) {
    if (freeCount[i] > 0 || heldBy[i].size === 0) continue;
    let best = NONE,
      most = 0;
    for (const [c, count] of heldBy[i]) if (count > most || (count === most && c < best)) [best, most] = [c, count];
    parent[i] = best;
  }
  // Chains: a folded cluster of the same objects whose path is its parent's plus one repeated unit is the
  // rest of the parent's chain.
  const mergedInto = new Int32Array(k).fill(NONE);
  const keyOf = clusters.map((c) => objectKey(snapshot, c.members[0]));
  for (let i = 0; i < k; i++) {
    const p = parent[i];
    if (p === NONE || keyOf[i] !== keyOf[p]) continue;
    const a = clusters[i].tokens;
    const b = clusters[p].tokens;
    if (a.length === b.length + 1 && typeof a[a.length - 1] === 'object' && sameTokens(a, b, b.length)) {
      mergedInto[i] = p;
    }
  }
  const target = (i: number): number => {
    for (let steps = 0; mergedInto[i] !== NONE && steps < k; steps++) i = mergedInto[i];
    return i;
  };
  // Resolve each fold to a top-level cluster; a cycle (possible only with ties) stops at its first member.
  const top = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    let x = target(i);
    const seen = new Set<number>();
    while (parent[x] !== NONE && !seen.has(x)) {
      seen.add(x);
      x = target(parent[x]);
    }
    top[i] = x;
  }

  // Merge chain clusters into their heads.
  const memberLists: number[][] = clusters.map((c) => [...c.members]);
  const chainUnit: (Repeat | undefined)[] = clusters.map(() => undefined);
  for (let i = 0; i < k; i++) {
    const into = target(i);
    if (into === i) continue;
    memberLists[into].push(...memberLists[i]);
    memberLists[i] = [];
    const last = clusters[i].tokens[clusters[i].tokens.length - 1];
    if (typeof last === 'object') chainUnit[into] = last;
  }
  for (let i = 0; i < k; i++) {
    if (memberLists[i].length === 0 || chainUnit[i] || nested[i] === 0) continue;
    // Members inside members of the same cluster along a repeated unit: a chain within one cluster.
    chainUnit[i] = repeatOf(clusters[i].tokens);
  }

  // A top-level group's bytes are its free members'; a folded group shows the part of its holder's it is.
  const sizeOf = (i: number): number => (top[i] === i && freeCount[i] > 0 ? free[i] : own[i]);
  const describe = (i: number, id: number): LeakGroup => {
    const list = memberLists[i].sort((a, b) => retained[b] - retained[a] || a - b);
    const rep = list[0];
    const hops = hopsFromRoot(snapshot, rep);
    const g = snapshot.graph;
    const exact =
      (hops.length ? snapshot.className(hops[0].from) : snapshot.className(rep)) +
      hops
        .map((h) =>
          edgeLabel(
            g.edgeTypeName(h.edge),
            g.edgeHasStringName(h.edge) ? g.edgeNameString(h.edge) : g.edgeNameOf(h.edge),
          ),
        )
        .join('');
    let shallow = 0;
    for (const n of list) shallow += g.selfSizeOf(n);
    const group: LeakGroup = {
      id,
      trace: tokensText(clusters[i].tokens),
      className: objectLabel(snapshot, rep),
      count: list.length,
      retainedSize: sizeOf(i),
      shallowSize: shallow,
      sampleIds: list.slice(0, 10).map((n) => g.idOf(n)),
      examplePath: exact,
      path: readablePath(snapshot, hops).text,
      holder: holderOf(snapshot, hops),
      folded: [],
    };
    // Point at the program's code: the object's own function or constructor, or else the function that
    // holds it (a Timeout's callback, a Socket's capturing closure).
    const own = sourceOf(snapshot, rep);
    const held = group.holder.function?.location;
    const location = own && !isRuntimeScript(own.url) ? own : held && !isRuntimeScript(held.url) ? held : own;
    if (location) group.location = location;
    const unit = chainUnit[i];
    if (unit && list.length > 1) {
      group.chain = { links: list.length, via: unitText(unit) };
      group.holder = holderOf(snapshot, hops.slice(0, chainStart(snapshot, hops, unit)));
    }
    return group;
  };

  const tops: number[] = [];
  const foldedUnder = new Map<number, number[]>();
  for (let i = 0; i < k; i++) {
    if (memberLists[i].length === 0) continue;
    if (top[i] === i) tops.push(i);
    else {
      const list = foldedUnder.get(top[i]);
      if (list) list.push(i);
      else foldedUnder.set(top[i], [i]);
    }
  }
  const byRank = (a: number, b: number): number =>
    sizeOf(b) - sizeOf(a) || memberLists[b].length - memberLists[a].length || a - b;
  tops.sort(byRank);
  const groups: LeakGroup[] = [];
  const members: Uint32Array[] = [];
  let nextId = tops.length;
  tops.forEach((i, rank) => {
    const group = describe(i, rank);
    members[rank] = Uint32Array.from(memberLists[i]);
    for (const f of (foldedUnder.get(i) ?? []).sort(byRank)) {
      const id = nextId++;
      group.folded.push(describe(f, id));
      members[id] = Uint32Array.from(memberLists[f]);
    }
    groups.push(group);
  });
  return { groups, members };
}
