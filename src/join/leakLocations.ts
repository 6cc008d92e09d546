// Where a leak group points in the workspace: the group's own location (the closure's function, the object's
// constructor, or the function holding it) mapped from its script URL through source maps to a file and
// line. For the Leaks view's "Go to code" and the CLI's `file:line` columns.
import type { LeakGroup } from '../heap/leaks';
import type { ScriptMapper } from './mapScript';
import type { MappedPosition } from './types';

/** The workspace position of a group's location, when its script maps to a file. */
export function leakGroupPosition(
  group: Pick<LeakGroup, 'location' | 'holder'>,
  mapper: ScriptMapper,
): MappedPosition | undefined {
  for (const loc of [group.location, group.holder.function?.location]) {
    if (!loc?.url) continue;
    const mapped = mapper.map(loc.url, loc.line, loc.column);
    if (mapped) return mapped;
  }
  return undefined;
}
