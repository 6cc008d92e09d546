// The agent tools themselves, editor-free: each is a thin adapter that asks the heap service (engine, join,
// leak triage, analyzer — all in its worker) one or two questions and writes a short answer (answer.ts).
// The VS Code language-model tools and the MCP server are hosts: they say where snapshots live, which files
// a scan reads and how to capture; everything the model reads is written here, once.
import type { AnalyzerOptions, Finding } from '../../analyzer/types';
import { displayPath } from '../../join/mapScript';
import type { ConfirmedFinding, JoinReport } from '../../join/types';
import type { LeakGroup } from '../../heap/leaks';
import type { HeapMethod, HeapParams, HeapResult, Progress } from '../protocol';
import type { RetainerCluster } from '../retainerClusters';
import { Answer, confirmationText, plain, quote } from './answer';
import { TOOL_DEFS, type ToolName } from './toolDefs';
import { formatBytes } from '../../common/units';
import { explainLine } from './explainLine';
import { ToolInputError, integer, optionalString, requiredString, type ToolInput } from './toolInput';

/** What the tools need of a heap service: the worker client, or anything speaking the same protocol. */
export interface HeapService {
  request<M extends HeapMethod>(
    method: M,
    params: HeapParams<M>,
    options?: { signal?: AbortSignal; onProgress?: (p: Progress) => void },
  ): Promise<HeapResult<M>>;
}

/** A snapshot loaded in a service, under a handle. */
export interface LoadedSnapshot {
  service: HeapService;
  handle: string;
  /** The file it was read from. */
  path: string;
}

/** One call's cancellation and progress. */
export interface ToolRun {
  signal?: AbortSignal;
  progress?(message: string): void;
}

export interface ToolHost {
  /** The source folders: where script URLs map, what a scan reads by default, where relative paths start. */
  roots(): string[];
  /** The debugged program's working directory, for relative script names. */
  cwd?(): string | undefined;
  /**
   * The snapshot a path, a handle or (undefined) the latest names, loaded. `together`: the snapshots of one
   * leak triage must share one service, so a host with several (the explorers') loads it into its own.
   */
  snapshot(ref: string | undefined, run: ToolRun, together?: boolean): Promise<LoadedSnapshot>;
  /** The service for requests without a snapshot (scan). */
  service(): HeapService;
  /** Files and folders a scan of `path` reads (undefined: all sources). */
  scanTargets(path: string | undefined): Promise<string[]>;
  analyzerOptions?(): AnalyzerOptions | undefined;
  /** A join the host already made for this snapshot (the editor's CodeLens join), to reuse. */
  knownJoin?(snapshot: LoadedSnapshot): JoinReport | undefined;
  /** Takes a snapshot; returns what to tell the model (the file to pass on). */
  capture(input: { address?: string; output?: string }, run: ToolRun): Promise<string>;
  /** Releases a snapshot (MCP). */
  release?(ref: string): Promise<string>;
}

/** The last triage, so explain_line can say which leak group touches a line. */
interface LastLeaks {
  final: string;
  groups: LeakGroup[];
  join: JoinReport;
}

export class AgentTools {
  /** Joins computed here, by snapshot file (a join reads the sources; it is reused until the snapshot goes). */
  private readonly joins = new Map<string, Promise<JoinReport>>();
  private lastLeaks: LastLeaks | undefined;
  private lastJoin: JoinReport | undefined;

  constructor(private readonly host: ToolHost) {}

  /** Names of the tools this host offers. */
  static names(mcp: boolean): ToolName[] {
    return TOOL_DEFS.filter((d) => mcp || !d.mcpOnly).map((d) => d.name as ToolName);
  }

  /** Runs one tool; bad input and service failures become an Error with one clear line. */
  async run(name: string, rawInput: unknown, run: ToolRun = {}): Promise<string> {
    const input = (rawInput && typeof rawInput === 'object' ? rawInput : {}) as ToolInput;
    switch (name as ToolName) {
      case 'retainer-lens_scan':
        return this.scan(input, run);
      case 'retainer-lens_snapshot_summary':
        return this.summary(input, run);
      case 'retainer-lens_retainers':
        return this.retainers(input, run);
      case 'retainer-lens_find_leaks':
        return this.findLeaks(input, run);
      case 'retainer-lens_capture':
        return this.host.capture(
          { address: optionalString(input, 'address'), output: optionalString(input, 'output') },
          run,
        );
      case 'retainer-lens_explain_line':
        return this.explainLine(input, run);
      case 'retainer-lens_release_snapshot':
        if (!this.host.release) break;
        return this.host.release(requiredString(input, 'snapshot'));
    }
    throw new ToolInputError(`unknown tool ${JSON.stringify(String(name).slice(0, 100))}`);
  }

  /** A snapshot was released or replaced: what was learned about it goes too. */
  forget(path: string): void {
    this.joins.delete(path);
    if (this.lastLeaks?.final === path) this.lastLeaks = undefined;
  }

  private base(): string {
    return this.host.roots()[0] ?? '/';
  }

  private show(file: string, line?: number): string {
    const shown = plain(displayPath(file, this.base()), 300);
    return line === undefined ? shown : `${shown}:${line + 1}`;
  }

  private async scan(input: ToolInput, run: ToolRun): Promise<string> {
    const top = integer(input, 'top', 30, 1, 50);
    const path = optionalString(input, 'path');
    const targets = await this.host.scanTargets(path);
    run.progress?.(`scanning ${targets.length === 1 ? this.show(targets[0]) : `${targets.length} files`}`);
    const result = await this.host
      .service()
      .request('scan', { paths: targets, analyzer: this.host.analyzerOptions?.() }, { signal: run.signal });
    const all = result.findings
      .flatMap((f) => f.findings.map((finding) => ({ file: f.file, finding })))
      .sort((a, b) => a.file.localeCompare(b.file) || a.finding.range.start.line - b.finding.range.start.line);
    const confirmed = confirmedLookup(this.lastJoin);
    const answer = new Answer();
    const errors = all.filter((f) => f.finding.severity === 'error').length;
    answer.add(
      `Static scan of ${path ? this.show(targets[0] ?? path) : 'the sources'}: ${all.length} finding${all.length === 1 ? '' : 's'} in ${result.files} file${result.files === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}).` +
        (this.lastJoin ? ' "confirmed" = the latest snapshot shows the memory it is about.' : ''),
    );
    for (const { file, finding } of all.slice(0, top)) {
      const c = confirmed.get(`${file}#${finding.rule}@${finding.range.start.line}`);
      const confidence = c ? `confirmed: ${confirmationText(c)}` : 'static';
      answer.add(
        `- ${this.show(file, finding.range.start.line)} ${finding.rule} (${finding.severity}, ${confidence}): ${plain(finding.message, 300)}`,
      );
    }
    for (const s of result.skipped.slice(0, 5)) answer.add(`- skipped ${this.show(s.file)}: ${plain(s.reason, 200)}`);
    if (all.length > top) answer.more(`${all.length - top} more findings: pass top (up to 50) or a narrower path`);
    return answer.text();
  }

  private async loaded(ref: string | undefined, run: ToolRun, together = false): Promise<LoadedSnapshot> {
    const s = await this.host.snapshot(ref, run, together);
    run.progress?.('computing retained sizes');
    await s.service.request('analyzed', { snapshot: s.handle }, { signal: run.signal });
    return s;
  }

  private async summary(input: ToolInput, run: ToolRun): Promise<string> {
    const top = integer(input, 'top', 15, 1, 50);
    const filter = optionalString(input, 'filter');
    const s = await this.loaded(optionalString(input, 'snapshot'), run);
    const info = await s.service.request('analyzed', { snapshot: s.handle });
    const page = await s.service.request(
      'summary',
      { snapshot: s.handle, sortBy: 'retainedSize', limit: top, filter },
      { signal: run.signal },
    );
    const answer = new Answer();
    answer.add(
      `Snapshot ${this.snapshotLabel(s)}: ${info.nodeCount.toLocaleString('en-US')} objects, ${formatBytes(info.totalSize)}; ` +
        `${page.total} classes${filter ? ` matching ${quote(filter, 80)}` : ''}, largest retained size first:`,
    );
    for (const row of page.items) {
      answer.add(
        `- ${quote(row.name, 100)} × ${row.count.toLocaleString('en-US')}: retained ${formatBytes(row.retainedSize)}, shallow ${formatBytes(row.shallowSize)}, distance ${row.distance ?? '-'}`,
      );
    }
    if (page.total > page.items.length)
      answer.more(`${page.total - page.items.length} more classes: pass top (up to 50) or filter`);
    return answer.text();
  }

  private snapshotLabel(s: LoadedSnapshot): string {
    const file = this.show(s.path);
    return s.handle === s.path ? file : `${plain(s.handle, 40)} (${file})`;
  }

  private async retainers(input: ToolInput, run: ToolRun): Promise<string> {
    const top = integer(input, 'top', 5, 1, 50);
    const className = optionalString(input, 'className');
    const nodeId = input.nodeId === undefined ? undefined : integer(input, 'nodeId', 0, 0, Number.MAX_SAFE_INTEGER);
    if (className === undefined && nodeId === undefined) throw new ToolInputError('give className or nodeId');
    const s = await this.loaded(optionalString(input, 'snapshot'), run);
    run.progress?.('tracing retainer paths');
    const r = await s.service.request(
      'retainerClusters',
      {
        snapshot: s.handle,
        className,
        id: nodeId,
        workspaceRoots: this.host.roots(),
        cwd: this.host.cwd?.(),
        limit: top,
      },
      { signal: run.signal },
    );
    const answer = new Answer();
    const what = nodeId !== undefined ? `object @${nodeId}` : quote(className, 100);
    if (r.objects === 0) {
      answer.add(`Snapshot ${this.snapshotLabel(s)} has no objects of class ${what}.`);
      return answer.text();
    }
    answer.add(
      `What keeps ${what} alive in snapshot ${this.snapshotLabel(s)}: ${r.objects.toLocaleString('en-US')} object${r.objects === 1 ? '' : 's'}, ${formatBytes(r.retainedSize)} retained` +
        (r.clustered < r.objects ? ` (the largest ${r.clustered} traced)` : '') +
        `; ${r.total} retainer path shape${r.total === 1 ? '' : 's'}, largest first:`,
    );
    r.clusters.forEach((c, i) => this.cluster(answer, i + 1, c));
    if (r.total > r.clusters.length)
      answer.more(`${r.total - r.clusters.length} more path shapes: pass top (up to 50)`);
    return answer.text();
  }

  private cluster(answer: Answer, n: number, c: RetainerCluster): void {
    const g = c.group;
    answer.add(
      `${n}. ${g.count.toLocaleString('en-US')} × ${quote(g.className, 80)}, ${formatBytes(g.retainedSize)} retained, root path ${quote(c.path || g.examplePath, 240)}`,
    );
    // The variable nearest the objects says who holds them; its declaration is where to fix it.
    for (const v of [...c.variables].reverse().slice(0, 2)) {
      const declared = v.declaredLine !== undefined ? ` declared at ${this.show(v.file, v.declaredLine)}` : '';
      const holders = v.holders.length
        ? `, in the scope of the closure at ${this.show(v.file, v.holders[0].line)}`
        : '';
      const entries = v.entries !== undefined ? `, ${v.entries.toLocaleString('en-US')} entries` : '';
      answer.add(
        `   held by variable ${quote(v.name, 80)}${declared}${holders} (${formatBytes(v.retainedSize)}${entries})`,
      );
    }
    const sites = c.sites.filter((x) => x.role !== 'on-path').slice(0, 3);
    for (const site of sites)
      answer.add(`   ${SITE_ROLE[site.role]} ${site.kind} at ${this.show(site.file, site.line)}`);
    answer.add(
      `   sample objects: ${g.sampleIds
        .slice(0, 3)
        .map((id) => `@${id}`)
        .join(', ')}`,
    );
  }

  /** The join of a snapshot with the sources, from the host, this object's cache, or the service. */
  private async joinOf(s: LoadedSnapshot, run: ToolRun): Promise<JoinReport> {
    if (this.lastLeaks?.final === s.path) return this.lastLeaks.join;
    const known = this.host.knownJoin?.(s);
    if (known) return known;
    let pending = this.joins.get(s.path);
    if (!pending) {
      run.progress?.('joining the snapshot with the sources');
      pending = s.service.request(
        'join',
        {
          snapshot: s.handle,
          workspaceRoots: this.host.roots(),
          cwd: this.host.cwd?.(),
          analyzer: this.host.analyzerOptions?.(),
        },
        { signal: run.signal },
      );
      this.joins.set(s.path, pending);
      pending.catch(() => this.joins.delete(s.path)); // a failed or cancelled join is asked again next time
    }
    return pending;
  }

  private async findLeaks(input: ToolInput, run: ToolRun): Promise<string> {
    const top = integer(input, 'top', 5, 1, 50);
    const refs = ['baseline', 'target', 'final'].map((k) => requiredString(input, k));
    const [baseline, target, final] = [
      await this.loaded(refs[0], run, true),
      await this.loaded(refs[1], run, true),
      await this.loaded(refs[2], run, true),
    ];
    run.progress?.('triaging baseline → target → final');
    const svc = final.service;
    const { leaks, growth } = await svc.request(
      'leaks',
      // More groups than shown are joined, so findings confirmed by a smaller group are still named below.
      { baseline: baseline.handle, target: target.handle, final: final.handle, limit: Math.max(top, JOINED_GROUPS) },
      { signal: run.signal },
    );
    run.progress?.('joining the leak groups with the sources');
    const joinedGroups = leaks.groups.items;
    const groups = joinedGroups.slice(0, top);
    const join = await svc.request(
      'join',
      {
        snapshot: final.handle,
        workspaceRoots: this.host.roots(),
        cwd: this.host.cwd?.(),
        analyzer: this.host.analyzerOptions?.(),
        leakGroups: joinedGroups,
      },
      { signal: run.signal },
    );
    this.lastLeaks = { final: final.path, groups: joinedGroups, join };
    this.lastJoin = join;
    const answer = new Answer();
    answer.add(
      `Leak triage ${this.snapshotLabel(baseline)} → ${this.snapshotLabel(target)} → ${this.snapshotLabel(final)}: ` +
        `${leaks.suspects.toLocaleString('en-US')} objects allocated between baseline and target are still alive in final` +
        (leaks.untraced ? ` (${leaks.untraced} smaller ones not traced)` : '') +
        `; ${leaks.groups.total} group${leaks.groups.total === 1 ? '' : 's'} by retainer path, largest retained first:`,
    );
    if (groups.length === 0) answer.add('No suspects: everything allocated during the action was released again.');
    groups.forEach((g, i) => {
      answer.add(
        `${i + 1}. ${g.count.toLocaleString('en-US')} × ${quote(g.className, 80)}, ${formatBytes(g.retainedSize)} retained, via ${quote(join.leaks?.[i]?.path || g.trace, 200)}`,
      );
      for (const c of join.confirmed.filter((x) => x.confirmation.leakGroups?.includes(i)).slice(0, 2))
        answer.add(
          `   static finding ${this.show(c.file, c.finding.range.start.line)} ${c.rule}, confirmed: ${confirmationText(c)}`,
        );
      const sites = join.leaks?.[i];
      const variable = sites?.variables[sites.variables.length - 1];
      if (variable)
        answer.add(
          `   held by variable ${quote(variable.name, 80)} in ${this.show(variable.file)}` +
            (variable.holders[0] ? ` (closure at line ${variable.holders[0].line + 1})` : ''),
        );
      const made = sites?.sites.find((x) => x.role === 'self') ?? sites?.sites.find((x) => x.role !== 'on-path');
      if (made) answer.add(`   ${SITE_ROLE[made.role]} ${made.kind} at ${this.show(made.file, made.line)}`);
    });
    if (leaks.groups.total > groups.length)
      answer.more(`${leaks.groups.total - groups.length} more groups: pass top (up to 50)`);
    if (growth.items.length) {
      answer.add('Collections growing in every snapshot:');
      for (const c of growth.items.slice(0, top))
        answer.add(
          `- ${quote(c.className, 60)} @${c.id} held by ${quote(c.path ?? '', 200)}: ${c.retainedSizes.map(formatBytes).join(' → ')}`,
        );
    }
    const inGroups = new Set(join.confirmed.filter((c) => c.confirmation.leakGroups?.some((i) => i < top)));
    const others = join.confirmed.filter((c) => !inGroups.has(c));
    if (others.length) {
      answer.add('Other static findings the final snapshot confirms:');
      for (const c of others.slice(0, 8))
        answer.add(`- ${this.show(c.file, c.finding.range.start.line)} ${c.rule}: ${confirmationText(c)}`);
    }
    return answer.text();
  }

  private async explainLine(input: ToolInput, run: ToolRun): Promise<string> {
    const file = requiredString(input, 'file');
    const line = integer(input, 'line', 1, 1, 10_000_000) - 1;
    const targets = await this.host.scanTargets(file);
    if (targets.length !== 1) throw new ToolInputError(`${plain(file, 200)} is not one source file`);
    const path = targets[0];
    const scanned = await this.host
      .service()
      .request('scan', { paths: [path], analyzer: this.host.analyzerOptions?.() }, { signal: run.signal });
    const findings: Finding[] = scanned.findings.find((f) => f.file === path)?.findings ?? [];
    let join: JoinReport | undefined;
    let snapshot: LoadedSnapshot | undefined;
    let why = '';
    try {
      snapshot = await this.loaded(optionalString(input, 'snapshot'), run);
      join = await this.joinOf(snapshot, run);
      this.lastJoin = join;
    } catch (error) {
      if (!(error instanceof NoSnapshotError)) throw error;
      why = error.message;
    }
    return explainLine({
      file: path,
      line,
      findings,
      skipped: scanned.skipped.find((s) => s.file === path)?.reason,
      join,
      snapshotLabel: snapshot ? this.snapshotLabel(snapshot) : undefined,
      noSnapshot: why,
      show: (f, l) => this.show(f, l),
    });
  }
}

/** Thrown by hosts when no snapshot is loaded and none was named (explain_line then answers without one). */
export class NoSnapshotError extends ToolInputError {}

/** Leak groups joined with the source per triage (the answer shows `top` of them). */
const JOINED_GROUPS = 40;

const SITE_ROLE: Record<string, string> = {
  self: 'made at',
  holds: 'holds a',
  'held-by': 'held by the',
  'on-path': 'passes through the',
};

function confirmedLookup(join: JoinReport | undefined): Map<string, ConfirmedFinding> {
  return new Map((join?.confirmed ?? []).map((c) => [`${c.file}#${c.rule}@${c.finding.range.start.line}`, c]));
}
