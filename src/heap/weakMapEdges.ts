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

export class WeakMapEdgeNames {
  /** Per string: 0 unknown, 1 not an ephemeron name, 2 parsed (in `parsed`). */
  private readonly state: Uint8Array;
  private readonly parsed = new Map<number, EphemeronName>();

  constructor(private readonly graph: HeapGraph) {
    this.state = new Uint8Array(graph.strings.fileCount);
  }

  /** The ephemeron reading of internal edge e's name, or undefined when it is an ordinary edge. */
  parse(e: number): EphemeronName | undefined {
    const s = this.graph.edgeNameOf(e);
    const state = this.state[s];
    if (state === 1) return undefined;
    if (state === 2) return this.parsed.get(s);
    const strings = this.graph.strings;
    // Most internal edge names are short indices ("359"): rule them out without decoding.
    const match =
      strings.rawLength(s) >= MIN_LENGTH && strings.startsWithDigit(s) ? EPHEMERON.exec(strings.get(s)) : null;
    if (!match?.groups) {
      this.state[s] = 1;
      return undefined;
    }
    const result = { pair: match.groups.pair, tableId: Number(match.groups.table) };
    this.state[s] = 2;
    this.parsed.set(s, result);
    return result;
  }
}
