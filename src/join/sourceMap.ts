// Source map v3: decode the VLQ `mappings` once into per-line segment arrays, then answer "which original
// position does generated line/column come from" with a greatest-lower-bound search on that line, the way
// browsers and `source-map-js` do. Written here to keep the extension free of runtime dependencies.
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) DIGIT[BASE64.charCodeAt(i)] = i;

/** Segments of one generated line, flattened: [genColumn, source, origLine, origColumn] × n, sorted by column. */
type Line = Int32Array;

export interface RawSourceMap {
  version: number;
  sources: (string | null)[];
  sourceRoot?: string;
  mappings: string;
  sections?: unknown;
}

export class SourceMap {
  private readonly lines: Line[];
  /** Absolute paths of `sources`, resolved against the map's location and `sourceRoot`. */
  readonly sources: string[];

  constructor(raw: RawSourceMap, mapFile: string) {
    if (raw.version !== 3 || typeof raw.mappings !== 'string' || !Array.isArray(raw.sources))
      throw new Error('not a version 3 source map');
    const base = dirname(mapFile);
    this.sources = raw.sources.map((s) => resolveSource(s ?? '', raw.sourceRoot, base));
    this.lines = decodeMappings(raw.mappings);
  }

  /** The original position of a generated one (0-based), or undefined where nothing maps. */
  originalPosition(line: number, column: number): { source: string; line: number; column: number } | undefined {
    const segs = this.lines[line];
    if (!segs || segs.length === 0) return undefined;
    // Greatest segment whose column is ≤ column; a position before the first segment takes the first.
    let lo = 0,
      hi = segs.length / 4 - 1,
      best = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid * 4] <= column) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const source = segs[best * 4 + 1];
    if (source < 0 || source >= this.sources.length) return undefined;
    return { source: this.sources[source], line: segs[best * 4 + 2], column: segs[best * 4 + 3] };
  }
}

function resolveSource(source: string, sourceRoot: string | undefined, base: string): string {
  let s = sourceRoot ? sourceRoot.replace(/\/?$/, '/') + source : source;
  if (s.startsWith('file://')) return fileURLToPath(s);
  s = s.replace(/^webpack:\/\/[^/]*\//, '');
  return isAbsolute(s) ? s : resolve(base, s);
}

function decodeMappings(mappings: string): Line[] {
  const lines: Line[] = [];
  let current: number[] = [];
  let genColumn = 0,
    source = 0,
    origLine = 0,
    origColumn = 0;
  let i = 0;
  const values: number[] = [];
  const flush = (): void => {
    // Each line's segments are usually sorted; sort pairs when a generator wrote them out of order.
    let sorted = true;
    for (let k = 4; k < current.length; k += 4)
      if (current[k] < current[k - 4]) {
        sorted = false;
        break;
      }
    if (!sorted) {
      const quads: number[][] = [];
      for (let k = 0; k < current.length; k += 4) quads.push(current.slice(k, k + 4));
      quads.sort((a, b) => a[0] - b[0]);
      current = quads.flat();
    }
    lines.push(Int32Array.from(current));
    current = [];
    genColumn = 0;
  };
  while (i <= mappings.length) {
    const c = i < mappings.length ? mappings.charCodeAt(i) : 59; // end acts as ';'
    if (c === 59 /* ; */ || c === 44 /* , */) {
      if (values.length >= 4) {
        genColumn += values[0];
        source += values[1];
        origLine += values[2];
        origColumn += values[3];
        current.push(genColumn, source, origLine, origColumn);
      } else if (values.length >= 1) {
        genColumn += values[0];
        current.push(genColumn, -1, 0, 0); // a segment with no source: from here on, nothing maps
      }
      values.length = 0;
      i++;
      if (c === 59) {
        if (i > mappings.length) {
          flush();
          break;
        }
        flush();
      }
      continue;
    }
    // One base64 VLQ value: 5 data bits per digit, continuation in bit 6, sign in the lowest bit.
    let result = 0,
      shift = 0,
      digit: number;
    do {
      const code = mappings.charCodeAt(i++);
      digit = code < 128 ? DIGIT[code] : -1;
      if (digit < 0) throw new Error(`bad source map mappings at ${i - 1}`);
      result += (digit & 31) * 2 ** shift;
      shift += 5;
    } while (digit & 32 && i < mappings.length);
    values.push(result % 2 === 1 ? -(result - 1) / 2 : result / 2);
  }
  return lines;
}

/** The last `sourceMappingURL` comment of a script's text, if any. */
export function sourceMappingUrl(text: string): string | undefined {
  const tail = text.length > 1 << 16 ? text.slice(-(1 << 16)) : text;
  const re = /\/[/*][#@]\s*sourceMappingURL=([^\s'"*]+)/g;
  let found: string | undefined;
  for (let m = re.exec(tail); m; m = re.exec(tail)) found = m[1];
  // An inline map can be longer than the tail we looked at.
  if (found === undefined && tail !== text)
    return sourceMappingUrl(text.slice(text.lastIndexOf('sourceMappingURL=') - 4));
  return found;
}

/** Parses a map named by a script's comment: a data: URL or a path relative to the script. */
export function loadSourceMap(
  scriptFile: string,
  url: string,
  read: (file: string) => string | undefined,
): SourceMap | undefined {
  try {
    if (url.startsWith('data:')) {
      const comma = url.indexOf(',');
      const header = url.slice(5, comma);
      const body = url.slice(comma + 1);
      const json = header.includes(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
      return new SourceMap(JSON.parse(json) as RawSourceMap, scriptFile);
    }
    const mapFile = url.startsWith('file://')
      ? fileURLToPath(url)
      : resolve(dirname(scriptFile), decodeURIComponent(url));
    const text = read(mapFile);
    return text === undefined ? undefined : new SourceMap(JSON.parse(text) as RawSourceMap, mapFile);
  } catch {
    return undefined; // a broken map means "no map", not a failed join
  }
}
