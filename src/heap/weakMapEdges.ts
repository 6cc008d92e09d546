// V8 names each WeakMap ephemeron edge "<n> / part of key (K @1) -> value (V @2) pair in WeakMap (table @3)",
// once from the key and once from the table. Chrome pairs the two halves by that shared text.
import type { HeapGraph } from './graph';

const EPHEMERON =
  /^\d+(?<pair> \/ part of key \(.*? @\d+\) -> value \(.*? @\d+\) pair in WeakMap \(table @(?<table>\d+)\))$/;

/** Shortest possible match: "0 / part of key ( @0) -> value ( @0) pair in WeakMap (table @0)". */
const MIN_LENGTH = 60;

export interface EphemeronName {
  /** The text both halves of the pair share. */
  pair: string;
  /** Node id of the WeakMap's table. */
  tableId: number;
}

/**
 * Reads ephemeron names on demand. No table per string (it cost a byte per string on each thread, alive through
 * the dominator pass's peak): the stored length rules out almost every internal edge name (short indices such as
 * "359") with one byte read, and only the few long names are looked up in the maps below.
 */
export class WeakMapEdgeNames {
  private readonly parsed = new Map<number, EphemeronName>();
  /** Long names that turned out not to be ephemerons. */
  private readonly ordinary = new Set<number>();

  constructor(private readonly graph: HeapGraph) {}

  /** The ephemeron reading of internal edge e's name, or undefined when it is an ordinary edge. */
  parse(e: number): EphemeronName | undefined {
    const s = this.graph.edgeNameOf(e);
    const strings = this.graph.strings;
    if (strings.rawLength(s) < MIN_LENGTH) return undefined;
    const known = this.parsed.get(s);
    if (known !== undefined || this.ordinary.has(s)) return known;
    const match = strings.startsWithDigit(s) ? EPHEMERON.exec(strings.get(s)) : null;
    if (!match?.groups) {
      this.ordinary.add(s);
      return undefined;
    }
    const result = { pair: match.groups.pair, tableId: Number(match.groups.table) };
    this.parsed.set(s, result);
    return result;
  }
}
