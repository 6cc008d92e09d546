// Script URL (as the snapshot names it) → workspace file, then through the script's source map when it has
// one. Node names CommonJS scripts by absolute path and ES modules by file:// URL; other hosts give paths
// relative to the program's cwd, and a snapshot from a container names paths that exist here only under a
// workspace root (tried by path suffix). Built-ins (`node:internal/…`), `evalmachine.<anonymous>` and
// anything not in the workspace map to nothing. The files themselves were read beforehand, through the trust
// boundary (workspaceSources.ts): nothing here touches the disk.
import { join, relative, resolve, sep } from 'node:path';
import type { Logger } from '../common/log';
import { isInside, toLocalPath } from '../common/workspaceFiles';
import { loadSourceMap, sourceMappingUrl, type SourceMap } from './sourceMap';
import type { MapOptions, MappedPosition, WorkspaceSources } from './types';

/** Scripts that are no file: built-ins, eval'd code, wasm, inline and remote scripts. */
const NOT_A_FILE = /^(node|internal|evalmachine|wasm|data|https?):/;
/** Trailing path segments tried under each root (a deeper path from another machine is cut to these). */
const MAX_SUFFIX_SEGMENTS = 32;

/**
 * The workspace files a script URL may name, best first, without touching the disk: the path itself when it
 * is inside a root, then (a snapshot from another machine) its trailing segments under each root.
 */
export function scriptCandidates(url: string, options: MapOptions = {}): string[] {
  if (!url || NOT_A_FILE.test(url) || url.startsWith('<')) return [];
  const path = toLocalPath(url, options.cwd ?? process.cwd());
  if (path === undefined) return [];
  const roots = (options.workspaceRoots ?? []).map((r) => resolve(r));
  const out: string[] = [];
  if (roots.some((r) => isInside(path, r))) out.push(path);
  const parts = path.split(/[\\/]+/).filter((p) => p && p !== '.' && p !== '..');
  for (let i = Math.max(1, parts.length - MAX_SUFFIX_SEGMENTS); i < parts.length; i++) {
    for (const root of roots) {
      const candidate = join(root, ...parts.slice(i));
      if (isInside(candidate, root) && !out.includes(candidate)) out.push(candidate);
    }
  }
  return out;
}

/**
 * Maps (url, line, column) to a workspace position, following source maps. Caches per script, so one
 * instance should serve a whole snapshot.
 */
export class ScriptMapper {
  private readonly maps = new Map<string, SourceMap | undefined>();
  /** This join's table of located nodes per snapshot (locatedNodes.ts): it lives as long as the join. */
  readonly located = new Map<object, unknown>();

  constructor(
    readonly sources: WorkspaceSources,
    private readonly log?: Logger,
  ) {}

  /** The file behind a script URL (the generated file when it has a source map). */
  file(url: string): string | undefined {
    return this.sources.scriptFile(url);
  }

  private sourceMapOf(file: string): SourceMap | undefined {
    if (this.maps.has(file)) return this.maps.get(file);
    let map: SourceMap | undefined;
    const text = this.sources.sourceMaps ? this.sources.read(file) : undefined;
    const url = text === undefined ? undefined : sourceMappingUrl(text);
    if (url) map = loadSourceMap(file, url, (f) => this.sources.read(f), this.log);
    this.maps.set(file, map);
    return map;
  }

  map(url: string, line: number, column: number): MappedPosition | undefined {
    const file = this.file(url);
    if (!file) return undefined;
    const sourceMap = this.sourceMapOf(file);
    if (!sourceMap) return { file, line, column };
    const original = sourceMap.originalPosition(line, column);
    // Generated code with no original (bundler glue, helpers) is not the user's line; nor is an original
    // that is not a workspace file read through the boundary.
    if (!original || !this.sources.has(original.source)) return undefined;
    return { file: original.source, line: original.line, column: original.column, generated: { file, line, column } };
  }
}

/** `cwd`-relative display name with forward slashes, e.g. `examples/leaky-server/src/cache.js`. */
export function displayPath(file: string, base: string): string {
  const rel = relative(base, file);
  return (rel && !rel.startsWith('..') ? rel : file).split(sep).join('/');
}
