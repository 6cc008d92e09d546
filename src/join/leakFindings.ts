// Leak groups → the code they point at: each group's workspace position (its closure's function, its
// object's constructor or the function holding it, through source maps) and, when the snapshot was joined
// with the static findings, the finding the join confirms through that group — the same confirmation logic
// as `retainer-lens join`, so the Leaks view and the CLI agree on which finding a group is.
import type { Finding, Range, RuleId } from '../analyzer/types';
import type { GrowingCollection } from '../heap/growth';
import type { LeakHolder } from '../heap/holders';
import { flattenGroups, type LeakGroup } from '../heap/leaks';
import type { HeapSnapshot } from '../heap/snapshot';
import type { SourceLocation } from '../heap/sourceLocation';
import { confirmFindings } from './confirm';
import { leakGroupSites } from './leakSites';
import { displayPath, type ScriptMapper } from './mapScript';
import type { ConfirmedFinding, DeadVariable, FileFindings, FileRetention, VariableRetention } from './types';

export interface LeakGroupCode {
  /** Where the group points in the workspace (0-based), and `src/cache.js:2:14` relative to the base. */
  position?: { file: string; line: number; column: number; display: string };
  /** The static finding the join confirms through this group. */
  finding?: {
    rule: RuleId;
    severity: Finding['severity'];
    /** The confirmation: "`src/cache.js:2` unbounded-collection — confirmed: …". */
    message: string;
    file: string;
    display: string;
    range: Range;
  };
}

/** What a join of the final snapshot kept: its findings and evidence (see joinSnapshot.ts). */
export interface LeakJoinContext {
  findings: readonly FileFindings[];
  files: FileRetention[];
  variables: VariableRetention[];
  dead: DeadVariable[];
}

/** Mapped position of a group's (or a growing collection's) location, when its script is a workspace file. */
function positionOf(
  group: { location?: SourceLocation; holder?: LeakHolder },
  mapper: ScriptMapper,
  base: string | undefined,
): LeakGroupCode['position'] {
  for (const loc of [group.location, group.holder?.function?.location]) {
    if (!loc?.url) continue;
    const mapped = mapper.map(loc.url, loc.line, loc.column);
    if (mapped)
      return {
        file: mapped.file,
        line: mapped.line,
        column: mapped.column,
        display: `${base ? displayPath(mapped.file, base) : mapped.file}:${mapped.line + 1}:${mapped.column + 1}`,
      };
  }
  return undefined;
}

function findingOf(c: ConfirmedFinding, base: string | undefined): NonNullable<LeakGroupCode['finding']> {
  return {
    rule: c.rule,
    severity: c.finding.severity,
    message: c.message,
    file: c.file,
    display: `${base ? displayPath(c.file, base) : c.file}:${c.finding.range.start.line + 1}`,
    range: c.finding.range,
  };
}

export interface LeakCode {
  /** One entry per group in `flattenGroups(groups)` order: each top-level group, then those folded under it. */
  groups: LeakGroupCode[];
  /** One per growing collection given. */
  growth: LeakGroupCode[];
}

export function leakCode(
  snapshot: HeapSnapshot,
  groups: readonly LeakGroup[],
  growth: readonly GrowingCollection[],
  mapper: ScriptMapper,
  /** Display paths relative to this folder (absolute without it). */
  base: string | undefined,
  joined?: LeakJoinContext,
): LeakCode {
  const code = (item: { location?: SourceLocation; holder?: LeakHolder }): LeakGroupCode => {
    const position = positionOf(item, mapper, base);
    return position ? { position } : {};
  };
  const out: LeakCode = { groups: flattenGroups(groups).map(({ group }) => code(group)), growth: growth.map(code) };
  if (!joined || joined.findings.length === 0) return out;
  const sites = leakGroupSites(snapshot, groups, mapper);
  const confirmed = confirmFindings(
    joined.findings,
    { files: joined.files, variables: joined.variables, dead: joined.dead, leaks: sites },
    { base },
  );
  for (const c of confirmed) {
    for (const i of c.confirmation.leakGroups ?? []) out.groups[i].finding ??= findingOf(c, base);
    // A growing collection is the value of the variable a collection finding is about.
    growth.forEach((collection, i) => {
      if (c.confirmation.sampleIds.includes(collection.id)) out.growth[i].finding ??= findingOf(c, base);
    });
  }
  return out;
}
