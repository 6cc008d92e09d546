// A place in the program's source as a person reads it: a file and 1-based line and column. Snapshots give
// script URLs and 0-based positions in the code V8 ran; when that code was transpiled (tsx, ts-node, a bundle
// with a source map), Node's own source map cache (`module.findSourceMap`) maps it back, in the process that
// loaded it — which is why the triage runs where the scenario ran.
import { findSourceMap } from 'node:module';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { toLocalPath } from '../common/workspaceFiles';
import type { ScriptTable } from './scriptTable';

export interface SourcePlace {
  /** Absolute path of the file. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** The function or class defined there, when known. */
  name?: string;
}

/** A 0-based position in a script as V8 names it. */
export interface ScriptPosition {
  /** The URL as the snapshot spells it; may be missing or a placeholder such as `(concatenated string)`. */
  url?: string;
  scriptId?: number;
  line: number;
  column: number;
}

function toPath(urlOrPath: string): string | undefined {
  if (urlOrPath.startsWith('file://')) {
    try {
      return fileURLToPath(urlOrPath);
    } catch {
      return undefined; // a malformed file URL names no file
    }
  }
  return isAbsolute(urlOrPath) ? urlOrPath : undefined;
}

/**
 * Maps a script position to the file a person edits: through Node's source map cache, else the script's own
 * source map as the process reported it, else as is. Undefined for built-ins and code that is not on disk.
 */
export function sourcePlace(position: ScriptPosition, name?: string, scripts?: ScriptTable): SourcePlace | undefined {
  const { line, column, scriptId } = position;
  if (line < 0) return undefined;
  const known = position.url && !position.url.startsWith('(') ? position.url : undefined;
  const url = known ?? (scriptId === undefined ? undefined : scripts?.url(scriptId));
  if (!url) return undefined;
  const generated = toPath(url);
  if (generated) {
    const map = safeFindSourceMap(url) ?? safeFindSourceMap(generated);
    const entry = map?.findEntry(line, column) as
      { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
    const original = entry?.originalSource ? toPath(entry.originalSource) : undefined;
    if (original && entry?.originalLine !== undefined)
      return { file: original, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1, name };
    const own = scriptId === undefined ? undefined : scripts?.sourceMap(scriptId, generated);
    const mapped = own?.originalPosition(line, column);
    if (mapped) return { file: mapped.source, line: mapped.line + 1, column: mapped.column + 1, name };
  }
  // The scenario's own scripts, in the process that ran them: a URL that names an existing local file.
  const local = url ? toLocalPath(url, process.cwd()) : undefined;
  const file = local !== undefined && existsSync(local) ? local : undefined;
  return file ? { file, line: line + 1, column: column + 1, name } : undefined;
}

function safeFindSourceMap(path: string): ReturnType<typeof findSourceMap> | undefined {
  try {
    return findSourceMap(path);
  } catch {
    return undefined; // Node could not parse the map: the generated position is all there is
  }
}

/** `src/cache.js:12:3`, relative to `cwd` when the file is inside it. */
export function placeText(place: SourcePlace, cwd = process.cwd()): string {
  return `${displayPath(place.file, cwd)}:${place.line}:${place.column}`;
}

/** The path relative to `cwd` with forward slashes when inside it, else as given. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : file;
}
