// The one adapter from a leak group of the triage (src/service/leakTriage.ts) to what the leak gate reports:
// the assertion message, the CLI's text and JSON, SARIF results and baseline keys all read a LeakFinding.
// Newer triages add fields to a group (a readable path, the holder, the defining place, allocation sites);
// they are read here when present, so their names flow into every output from this one place.
import type { LeakGroup } from '../heap/leaks';
import { isAbsolute } from 'node:path';
import { edgeLabel, pathsToRoot, type PathStep, type RootPath } from '../heap/paths';
import type { HeapSnapshot } from '../heap/snapshot';
import { sourceOf } from '../heap/source';
import type { ScriptTable } from './scriptTable';
import { displayPath, sourcePlace, type SourcePlace } from './sourcePlace';

/** A place named by a group field: V8's script position. */
interface GroupPosition {
  url?: string;
  scriptId?: number;
  line: number;
  column: number;
}

/** A triage group, with the fields later triages fill in (all optional here). */
export type TriageGroup = LeakGroup & {
  /** The retainer path as a person reads it (`(GC roots) → … → cache.js → buildReport() → reportCache`). */
  path?: string;
  /** What holds the objects, in the program's words. */
  holder?: { name?: string; text?: string };
  /** Where the objects' constructor or the closure's function is. */
  location?: GroupPosition;
  /** Where the objects were allocated: one frame, or a stack whose first entry allocated. */
  allocation?:
    | { frame?: { name?: string; url?: string; line: number; column: number } }
    | { function?: string; location?: GroupPosition }[];
};

export interface RelatedPlace {
  place: SourcePlace;
  /** The hop of the retainer path this place belongs to, e.g. `buildReport() holds reportCache`. */
  label: string;
}

export interface LeakFinding {
  /** Stable across runs and edits elsewhere: class, normalized retainer path, defining file and line. */
  key: string;
  className: string;
  /** Objects allocated in the measured iterations and still alive at the end. */
  count: number;
  /** `count` divided by the measured iterations. */
  perIteration: number;
  retainedSize: number;
  /** The clustered retainer path, for display. */
  path: string;
  /** The path's last named hops (`src/cache.js → exports → buildReport → reportCache`), as the key uses them. */
  normalizedPath: string;
  holder?: string;
  /** Where the class or function is defined. */
  definedAt?: SourcePlace;
  /** Where the objects were allocated (when the snapshots recorded allocation stacks). */
  allocatedAt?: SourcePlace;
  /** The functions along the retainer path, root first. */
  related: RelatedPlace[];
  /** A few node ids in the final snapshot, to open it there. */
  sampleIds: number[];
}

export interface FindingContext {
  final: HeapSnapshot;
  /** Measured iterations between baseline and target. */
  iterations: number;
  /** Paths in keys are relative to this folder. */
  cwd: string;
  /** The measured process's scripts, when the triage runs in it. */
  scripts?: ScriptTable;
}

/** How many named hops at the end of the path make a leak's key: the program's part, not the runtime's. */
const KEY_HOPS = 4;
/** How many the displayed path shows when the triage gives no readable path. */
const SHOWN_HOPS = 6;

/**
 * The named hops of a path, root first: properties and variables by name (a module's cache key as its path
 * relative to `cwd`), `[]` for elements; V8's internal links left out, repeats kept once.
 */
export function namedHops(steps: readonly PathStep[], cwd: string): string[] {
  const hops: string[] = [];
  for (const step of steps.slice(1)) {
    const { edgeType, edgeName } = step;
    if (edgeType === 'element') {
      if (hops.length && !hops[hops.length - 1].endsWith('[]')) hops[hops.length - 1] += '[]';
      continue;
    }
    if (edgeType !== 'property' && edgeType !== 'context' && edgeType !== 'shortcut') continue;
    const name = String(edgeName);
    const hop = isAbsolute(name) ? displayPath(name, cwd) : name;
    if (hops[hops.length - 1] !== hop) hops.push(hop);
  }
  return hops;
}

function groupPlace(
  position: GroupPosition | undefined,
  scripts: ScriptTable | undefined,
  name?: string,
): SourcePlace | undefined {
  return position ? sourcePlace(position, name, scripts) : undefined;
}

function allocationPlace(group: TriageGroup, scripts: ScriptTable | undefined): SourcePlace | undefined {
  const a = group.allocation;
  if (!a) return undefined;
  if (Array.isArray(a)) return groupPlace(a[0]?.location, scripts, a[0]?.function);
  // A single frame: the allocation-site form of recorded snapshots.
  const frame = (a as { frame?: GroupPosition & { name?: string } }).frame;
  return groupPlace(frame, scripts, frame?.name || undefined);
}

/** Where a closure's function, or an object's constructor, is defined. */
function placeOf(final: HeapSnapshot, ref: { id: number } | { ordinal: number }, scripts?: ScriptTable) {
  const found = sourceOf(final, ref);
  return found ? sourcePlace(found.location, found.functionName || undefined, scripts) : undefined;
}

/** Accessors that bundlers and transpilers write for module exports (`get leakOne`): glue, not the program. */
const isExportGlue = (name: string | number | undefined): boolean => /^(get|set) /.test(String(name ?? ''));

/** Functions on the first sample's shortest path that are the program's own: each holds the next hop. */
function relatedPlaces(path: RootPath | undefined, context: FindingContext): RelatedPlace[] {
  if (!path) return [];
  const related: RelatedPlace[] = [];
  path.steps.forEach((step, i) => {
    if (step.node.type !== 'closure' || isExportGlue(step.edgeName)) return;
    const place = placeOf(context.final, { ordinal: step.node.ordinal }, context.scripts);
    // Test runners' and libraries' own functions hold everything a test does: only the program's are shown.
    if (!place || /[\\/]node_modules[\\/]/.test(place.file)) return;
    // What it holds: the next hop that names something (a variable or property), past internal links.
    const next = path.steps
      .slice(i + 1)
      .find((s) => s.edgeType && s.edgeType !== 'internal' && s.edgeType !== 'hidden');
    const name = `${place.name ?? '(anonymous)'}()`;
    const held = next ? edgeLabel(next.edgeType!, next.edgeName!).replace(/^(\.|->)/, '') : '';
    related.push({ place, label: held ? `${name} holds ${held}` : name });
  });
  return related;
}

export function leakFinding(group: TriageGroup, context: FindingContext): LeakFinding {
  const { final, scripts } = context;
  const id = group.sampleIds[0];
  // The triage's defining place, else the first sample's closure or constructor.
  const definedAt =
    groupPlace(group.location, scripts, group.className.replace(/\(\)$/, '') || undefined) ??
    (id === undefined ? undefined : placeOf(final, { id }, scripts));
  const example = id === undefined ? undefined : pathsToRoot(final, { id, maxPaths: 1 }).items[0];
  const hops = example ? namedHops(example.steps, context.cwd) : [];
  const normalizedPath = hops.slice(-KEY_HOPS).join(' → ');
  const shown = hops.length > SHOWN_HOPS ? ['…', ...hops.slice(-SHOWN_HOPS)] : hops;
  const where = definedAt ? `${displayPath(definedAt.file, context.cwd)}:${definedAt.line}` : '';
  return {
    key: [group.className, normalizedPath, where].join('|'),
    className: group.className,
    count: group.count,
    perIteration: context.iterations > 0 ? group.count / context.iterations : group.count,
    retainedSize: group.retainedSize,
    path: group.path ?? ['(GC roots)', ...shown, group.className].join(' → '),
    normalizedPath,
    holder: group.holder?.text ?? group.holder?.name,
    definedAt,
    allocatedAt: allocationPlace(group, scripts),
    related: relatedPlaces(example, context),
    sampleIds: [...group.sampleIds],
  };
}
