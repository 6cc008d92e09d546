// Source map v3 through `@jridgewell/trace-mapping` (the decoder bundlers and test runners use; esbuild
// bundles it): "which original position does generated line/column come from", greatest lower bound on the
// line. Sources are resolved here (sourceRoot, file: URLs, webpack://, either separator) so the workspace
// check sees paths; one that names no local path (another scheme, a UNC share) becomes '' and maps nothing.
import { decodedMappings, TraceMap, traceSegment } from '@jridgewell/trace-mapping';
import { dirname } from 'node:path';
import { parseBoundedJson } from '../common/boundedJson';
import type { Logger } from '../common/log';
import { terminalText } from '../common/text';
import { toLocalPath } from '../common/workspaceFiles';

export interface RawSourceMap {
  version: number;
  sources: (string | null)[];
  sourceRoot?: string;
  mappings: string;
  sections?: unknown;
}

export class SourceMap {
  private readonly map: TraceMap;
  /** Absolute paths of `sources`, resolved against the map's location and `sourceRoot`. */
  readonly sources: string[];

  constructor(raw: RawSourceMap, mapFile: string) {
    if (raw.version !== 3 || typeof raw.mappings !== 'string' || !Array.isArray(raw.sources))
      throw new Error('not a version 3 source map');
    const base = dirname(mapFile);
    this.sources = raw.sources.map((s) => resolveSource(s ?? '', raw.sourceRoot, base));
    this.map = new TraceMap({ version: 3, sources: raw.sources, mappings: raw.mappings, names: [] });
  }

  /** The original position of a generated one (0-based), or undefined where nothing maps. */
  originalPosition(line: number, column: number): { source: string; line: number; column: number } | undefined {
    // A position before the line's first segment takes the first, as browsers do.
    const segment = traceSegment(this.map, line, column) ?? decodedMappings(this.map)[line]?.[0];
    if (!segment || segment.length < 4) return undefined; // a segment with no source: nothing maps from here
    const [, source, originalLine, originalColumn] = segment as [number, number, number, number];
    if (source < 0 || source >= this.sources.length) return undefined;
    return { source: this.sources[source], line: originalLine, column: originalColumn };
  }
}

function resolveSource(source: string, sourceRoot: string | undefined, base: string): string {
  const s = sourceRoot ? sourceRoot.replace(/\/?$/, '/') + source : source;
  return toLocalPath(s.replace(/^webpack:\/\/[^/]*\//, ''), base) ?? '';
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

/** The file a script's `sourceMappingURL` names (undefined for a data: URL, or a URL that names no local path). */
export function sourceMapFile(scriptFile: string, url: string): string | undefined {
  if (url.startsWith('data:')) return undefined;
  let decoded: string;
  try {
    decoded = /^file:/i.test(url) ? url : decodeURIComponent(url);
  } catch {
    return undefined; // a malformed escape names no file
  }
  return toLocalPath(decoded, dirname(scriptFile));
}

/** Parses a map named by a script's comment: a data: URL or a file read through `read`. */
export function loadSourceMap(
  scriptFile: string,
  url: string,
  read: (file: string) => string | undefined,
  log?: Logger,
): SourceMap | undefined {
  try {
    if (url.startsWith('data:')) {
      const comma = url.indexOf(',');
      const header = url.slice(5, comma);
      const body = url.slice(comma + 1);
      const json = header.includes(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
      return new SourceMap(parseBoundedJson(json) as RawSourceMap, scriptFile);
    }
    const mapFile = sourceMapFile(scriptFile, url);
    const text = mapFile === undefined ? undefined : read(mapFile);
    return text === undefined ? undefined : new SourceMap(parseBoundedJson(text) as RawSourceMap, mapFile!);
  } catch (error) {
    // A broken map (malformed, nested too deep) means "no map", not a failed join.
    log?.warn(`joining: reading the source map of ${terminalText(scriptFile, 300)}`, error);
    return undefined;
  }
}
