// Retained size = own shallow size + retained sizes of the nodes it immediately dominates, summed bottom-up
// in reverse DFS preorder; and the dominator tree's children lists for drill-down.
import { splitAt, type DominatorResult } from './dominators';
import type { SelfSizeColumn } from './selfSizeColumn';
import type { SizeArray } from './tokenizer';

/**
 * Retained sizes in the same width as the shallow sizes: 32-bit sizes mean the whole heap is under 4 GiB, so
 * no retained size can overflow either.
 */
export function computeRetainedSizes(
  selfSizes: Pick<SelfSizeColumn, 'length' | 'wide' | 'get'>,
  doms: Pick<DominatorResult, 'dominator' | 'preorder'> & { spare?: ArrayBufferLike },
): SizeArray {
  const { dominator, preorder, spare } = doms;
  const n = selfSizes.length;
  // The dominator pass's spare buffer, when big enough, saves 4 or 8 bytes per node at the peak.
  const retained = !selfSizes.wide
    ? spare && spare.byteLength >= 4 * n
      ? new Uint32Array(spare, 0, n)
      : new Uint32Array(n)
    : spare && spare.byteLength >= 8 * n
      ? new Float64Array(spare, 0, n)
      : new Float64Array(n);
  for (let o = 0; o < n; o++) retained[o] = selfSizes.get(o);
  // preorder[0] is the root; a node's dominator always comes earlier in preorder.
  for (let i = preorder.length - 1; i > 0; i--) {
    const o = splitAt(preorder, i);
    retained[dominator[o]] += retained[o];
  }
  return retained;
}

export interface DominatedNodes {
  /** Children of node n in the dominator tree are children[first[n] .. first[n+1]-1]. */
  first: Uint32Array;
  children: Uint32Array;
}

export function buildDominatedNodes(dominator: Uint32Array, rootOrdinal: number): DominatedNodes {
  const count = dominator.length;
  const first = new Uint32Array(count + 1);
  for (let o = 0; o < count; o++) if (o !== rootOrdinal) first[dominator[o] + 1]++;
  for (let o = 0; o < count; o++) first[o + 1] += first[o];
  const children = new Uint32Array(Math.max(0, first[count]));
  const cursor = first.slice(0, count);
  for (let o = 0; o < count; o++) if (o !== rootOrdinal) children[cursor[dominator[o]]++] = o;
  return { first, children };
}
