// Script URL (as the snapshot names it) → workspace file, then through the script's source map when it has
// one. Node names CommonJS scripts by absolute path and ES modules by file:// URL; other hosts give paths
// relative to the program's cwd, and a snapshot from a container names paths that exist here only under a
// workspace root (tried by path suffix). Built-ins (`node:internal/…`), `evalmachine.<anonymous>` and
// anything not on disk map to nothing.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSourceMap, sourceMappingUrl, type SourceMap } from './sourceMap';
import type { MapOptions, MappedPosition, SourceReader } from './types';

/** Reads files from disk once each (snapshot joins ask for the same few files thousands of times). */
export class DiskSourceReader implements SourceReader {
  private readonly cache = new Map<string, string | undefined>();

  read(file: string): string | undefined {
    if (this.cache.has(file)) return this.cache.get(file);
    let text: string | undefined;
    try {
      // Bound the work: a multi-megabyte bundle is still fine, a stray binary is not.
      text = statSync(file).size <= 64 * 1024 * 1024 ? readFileSync(file, 'utf8') : undefined;
    } catch {
      text = undefined; // unreadable or gone: the script is simply not mapped (a join reports unmapped scripts)
    }
    this.cache.set(file, text);
    return text;
  }
}

function isInside(file: string, root: string): boolean {
  const rel = relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The on-disk path a script URL names, before source maps; undefined for built-ins and unknown schemes. */
export function scriptPath(
  url: string,
  options: MapOptions = {},
  exists: (file: string) => boolean = existsSync,
): string | undefined {
  if (!url || /^(node|internal|evalmachine|wasm|data|https?):/.test(url) || url.startsWith('<')) return undefined;
  let path: string;
  if (url.startsWith('file://')) {
    try {
      path = fileURLToPath(url);
    } catch {
      return undefined; // a malformed file URL names no file
    }
  } else if (/^[a-z][a-z0-9+.-]+:\/\//i.test(url)) {
    return undefined;
  } else {
    path = isAbsolute(url) || /^[A-Za-z]:[\\/]/.test(url) ? url : resolve(options.cwd ?? process.cwd(), url);
  }
  path = normalize(path);
  const roots = options.workspaceRoots?.map((r) => resolve(r)) ?? [];
  if (exists(path) && (roots.length === 0 || roots.some((r) => isInside(path, r)))) return path;
  // Written elsewhere (a container, CI): find the longest path suffix that exists under a workspace root.
  const parts = path.split(/[\\/]+/).filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    for (const root of roots) {
      const candidate = join(root, ...parts.slice(i));
      if (exists(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Maps (url, line, column) to a workspace position, following source maps. Caches per script, so one
 * instance should serve a whole snapshot.
 */
export class ScriptMapper {
  private readonly paths = new Map<string, string | undefined>();
  private readonly maps = new Map<string, SourceMap | undefined>();
  readonly reader: SourceReader;
  /** This join's table of located nodes per snapshot (locatedNodes.ts): it lives as long as the join. */
  readonly located = new Map<object, unknown>();

  constructor(
    readonly options: MapOptions = {},
    reader?: SourceReader,
  ) {
    this.reader = reader ?? new DiskSourceReader();
  }

  /** The file behind a script URL (the generated file when it has a source map). */
  file(url: string): string | undefined {
    if (!this.paths.has(url)) {
      const exists = (f: string): boolean => this.reader.read(f) !== undefined;
      this.paths.set(url, scriptPath(url, this.options, exists));
    }
    return this.paths.get(url);
  }

  private sourceMapOf(file: string): SourceMap | undefined {
    if (this.maps.has(file)) return this.maps.get(file);
    let map: SourceMap | undefined;
    const text = this.options.sourceMaps === false ? undefined : this.reader.read(file);
    const url = text === undefined ? undefined : sourceMappingUrl(text);
    if (url) map = loadSourceMap(file, url, (f) => this.reader.read(f));
    this.maps.set(file, map);
    return map;
  }

  map(url: string, line: number, column: number): MappedPosition | undefined {
    const file = this.file(url);
    if (!file) return undefined;
    const sourceMap = this.sourceMapOf(file);
    if (!sourceMap) return { file, line, column };
    const original = sourceMap.originalPosition(line, column);
    // Generated code with no original (bundler glue, helpers) is not the user's line.
    if (!original) return undefined;
    const roots = this.options.workspaceRoots?.map((r) => resolve(r));
    if (roots?.length && !roots.some((r) => isInside(original.source, r))) return undefined;
    return { file: original.source, line: original.line, column: original.column, generated: { file, line, column } };
  }
}

/** `cwd`-relative display name with forward slashes, e.g. `examples/leaky-server/src/cache.js`. */
export function displayPath(file: string, base: string): string {
  const rel = relative(base, file);
  return (rel && !rel.startsWith('..') ? rel : file).split(sep).join('/');
}
