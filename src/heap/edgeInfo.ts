// An edge's type and name in one 32-bit word (4 bytes per edge instead of 5): the type in the low 4 bits, the
// name above it, a string index for most types and the element or hidden index for those two. An index past
// 28 bits (a sparse array's key can reach 2^32 - 2) is kept aside in a map by edge, the word holding
// NAME_OVERFLOW; string indices never are (a snapshot with that many strings is refused).
export const EDGE_TYPE_BITS = 4;
export const EDGE_TYPE_MASK = (1 << EDGE_TYPE_BITS) - 1;
/** Edge types a word can hold (V8 has 7, the loader adds 'invisible'). */
export const MAX_EDGE_TYPES = 1 << EDGE_TYPE_BITS;
/** The name field's largest value, meaning "in the overflow map". */
export const NAME_OVERFLOW = 2 ** (32 - EDGE_TYPE_BITS) - 1;

/** The word for an edge; a name from NAME_OVERFLOW on must also go to the overflow map. */
export function packEdge(type: number, name: number): number {
  return (name < NAME_OVERFLOW ? name : NAME_OVERFLOW) * MAX_EDGE_TYPES + type;
}
