// Everything a join reads from disk, read before the join through the trust boundary
// (src/common/workspaceFiles.ts), asynchronously and cancellably: the join itself then runs on these texts
// and never touches the disk. Three steps:
//   1. each script URL of the snapshot → the first of its candidate workspace files that reads (mapScript.ts);
//   2. that file's source map, when its `sourceMappingURL` names a file;
//   3. the original sources the snapshot's live objects map to (found by mapping them once with every
//      original allowed), not every source a bundle's map lists.
// A recorded snapshot's allocation stacks name functions too (scripts where nothing live is located): their
// scripts and originals are read the same way, as are a sampling heap profile's (loadFrameSources).
import type { Logger } from '../common/log';
import { terminalText } from '../common/text';
import { WorkspaceFiles, type Refusal } from '../common/workspaceFiles';
import { NO_DISTANCE } from '../heap/distances';
import { location } from '../heap/location';
import type { AllocationFrame } from '../heap/allocationTraces';
import type { HeapSnapshot } from '../heap/snapshot';
import { locatedNodes } from './locatedNodes';
import { scriptCandidates, ScriptMapper } from './mapScript';
import { sourceMapFile, sourceMappingUrl } from './sourceMap';
import type { MapOptions, WorkspaceSources } from './types';

export interface LoadSourcesOptions extends MapOptions {
  signal?: AbortSignal;
  /** Told which snapshot-named files were refused, and what could not be read. */
  log?: Logger;
}

/** Reads at a time (the thread pool has four threads; more would only queue). */
const PARALLEL_READS = 8;
/** Refused paths named per reason in the log line. */
const NAMED_IN_LOG = 5;

/** Every distinct script URL of the snapshot's live located objects. */
function scriptUrls(snapshot: HeapSnapshot): string[] {
  const g = snapshot.graph;
  const at = g.layout.location.objectIndex;
  const urls = new Set<string>();
  if (at < 0) return [];
  g.locations.forEach((_, values) => {
    const n = values[at] / g.layout.nodeFieldCount;
    if (!Number.isInteger(n) || n >= g.nodeCount || snapshot.distances.get(n) === NO_DISTANCE) return;
    const url = location(snapshot, { ordinal: n })?.url;
    if (url) urls.add(url);
  });
  return [...urls];
}

/** Every distinct function of the snapshot's allocation stacks that has a script (none without stacks). */
function traceFrames(snapshot: HeapSnapshot): AllocationFrame[] {
  const traces = snapshot.traces;
  const out: AllocationFrame[] = [];
  if (!traces) return out;
  for (let key = 0; key < traces.functionKeyCount; key++) {
    const frame = traces.keyFrame(key);
    if (frame.url && frame.line >= 0) out.push(frame);
  }
  return out;
}

/** Maps frames once (as FrameMapper and functionAllocations.ts do), to learn which originals they need. */
function mapFrames(frames: readonly AllocationFrame[], mapper: ScriptMapper): void {
  for (const f of frames) if (f.url && f.line >= 0) mapper.map(f.url, f.line, Math.max(0, f.column));
}

async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** The workspace file a script URL names and its text: the first of its candidates that `read` reads. */
export async function readScript(
  url: string,
  options: MapOptions,
  read: (file: string) => Promise<string | undefined>,
): Promise<{ file: string; text: string } | undefined> {
  for (const file of scriptCandidates(url, options)) {
    const text = await read(file);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

/** Reads what a join of `snapshot` needs (see above); the result answers the join's questions from memory. */
export function loadWorkspaceSources(snapshot: HeapSnapshot, options: LoadSourcesOptions): Promise<WorkspaceSources> {
  const frames = traceFrames(snapshot);
  return loadSources([...new Set([...scriptUrls(snapshot), ...frames.map((f) => f.url)])], options, (mapper) => {
    locatedNodes(snapshot, mapper);
    mapFrames(frames, mapper);
  });
}

/** Reads the workspace files some allocation frames name (a sampling heap profile's), with their originals. */
export function loadFrameSources(
  frames: readonly AllocationFrame[],
  options: LoadSourcesOptions,
): Promise<WorkspaceSources> {
  const urls = [...new Set(frames.filter((f) => f.url && f.line >= 0).map((f) => f.url))];
  return loadSources(urls, options, (mapper) => mapFrames(frames, mapper));
}

/**
 * Reads the scripts `urls` name and their source maps, then the originals `mapAll` reaches when it maps its
 * positions with every original allowed.
 */
async function loadSources(
  urls: readonly string[],
  options: LoadSourcesOptions,
  mapAll: (mapper: ScriptMapper) => void,
): Promise<WorkspaceSources> {
  const files = new WorkspaceFiles(options.workspaceRoots ?? [], { signal: options.signal });
  const texts = new Map<string, string>();
  const scripts = new Map<string, string>();
  const refused = new Map<Refusal, Set<string>>();
  const sourceMaps = options.sourceMaps !== false;

  const read = async (path: string): Promise<string | undefined> => {
    try {
      const result = await files.readText(path);
      if (result.ok) {
        texts.set(result.path, result.text);
        return result.text;
      }
      if (result.reason !== 'missing') {
        const paths = refused.get(result.reason) ?? new Set();
        refused.set(result.reason, paths.add(path));
      }
    } catch (error) {
      if (options.signal?.aborted) throw error;
      options.log?.warn(`joining: reading ${terminalText(path, 300)}`, error);
    }
    return undefined;
  };

  await eachLimited(urls, PARALLEL_READS, async (url) => {
    const script = await readScript(url, options, read);
    if (!script) return;
    scripts.set(url, script.file);
    const mapUrl = sourceMaps ? sourceMappingUrl(script.text) : undefined;
    const mapFile = mapUrl && sourceMapFile(script.file, mapUrl);
    if (mapFile) await read(mapFile);
  });

  const sources: WorkspaceSources = {
    scriptFile: (url) => scripts.get(url),
    read: (file) => texts.get(file),
    has: (file) => texts.has(file),
    sourceMaps,
  };
  // Map the live objects (and frames) once with every original allowed, to learn which originals are needed.
  const wanted = new Set<string>();
  mapAll(new ScriptMapper({ ...sources, has: (file) => (wanted.add(file), true) }));
  await eachLimited(
    [...wanted].filter((f) => !texts.has(f)),
    PARALLEL_READS,
    async (file) => {
      await read(file);
    },
  );

  for (const [reason, paths] of refused) {
    const shown = [...paths].slice(0, NAMED_IN_LOG).map((p) => terminalText(p, 300));
    const more = paths.size > NAMED_IN_LOG ? ` and ${paths.size - NAMED_IN_LOG} more` : '';
    const line = `joining: not read (${reason}): ${shown.join(', ')}${more}`;
    if (reason === 'outside the workspace') options.log?.info(line);
    else options.log?.warn(line);
  }
  return sources;
}
