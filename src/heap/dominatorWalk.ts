// Depth-first walks of the dominator tree without recursion (millions of levels are possible in a chain).
// Counting a group's retained size needs one: an object whose dominator chain already holds an object of the
// same group is inside that one's retained size, so adding it again would count its bytes twice.
import type { HeapSnapshot } from './snapshot';

/** Calls `enter(child)` on the way down to each node below the root and `leave(node)` on the way back up. */
export function walkDominatorTree(
  snapshot: HeapSnapshot,
  enter: (node: number) => void,
  leave: (node: number) => void,
): void {
  const { first, children } = snapshot.dominated;
  const stack = new Uint32Array(snapshot.nodeCount + 1);
  const next = new Uint32Array(snapshot.nodeCount);
  const root = snapshot.graph.rootOrdinal;
  let top = 0;
  stack[top++] = root;
  next[root] = first[root];
  while (top > 0) {
    const n = stack[top - 1];
    if (next[n] < first[n + 1]) {
      const c = children[next[n]++];
      enter(c);
      next[c] = first[c];
      stack[top++] = c;
    } else {
      top--;
      leave(n);
    }
  }
}

/**
 * Marks, per group (`groupOf[n]`, or -1 for none), the objects that no other object of the same group
 * dominates: the group's retained size is the sum over its marked objects, each byte counted once.
 */
export function outermostOfGroup(snapshot: HeapSnapshot, groupOf: Int32Array, groupCount: number): Uint8Array {
  const open = new Int32Array(groupCount);
  const outermost = new Uint8Array(snapshot.nodeCount);
  walkDominatorTree(
    snapshot,
    (c) => {
      const group = groupOf[c];
      if (group >= 0 && open[group]++ === 0) outermost[c] = 1;
    },
    (n) => {
      const group = groupOf[n];
      if (group >= 0) open[group]--;
    },
  );
  return outermost;
}
