// One explorer editor's link between its webview and its service worker. vscode-free (the Chromium tests run
// it as the host): it opens snapshots in the worker, reports their progress to the webview, relays the
// webview's service requests — only read-only query methods, only on snapshots this session opened — and
// answers the few host-only messages through hooks the VS Code adapter supplies.
import type {
  FoundSource,
  HeapMethod,
  HeapParams,
  JoinParams,
  JoinReport,
  MappedFrame,
  Range,
} from '../service/protocol';
import { HeapWorkerError, type HeapWorkerClient } from '../service/workerClient';
import type {
  ConfirmedSeverity,
  ExplorerView,
  HostToWebview,
  SnapshotRole,
  SnapshotState,
  SnapshotStates,
} from './messages';
import { isHostMessage, type WebviewToHost } from './messages';
import type { Logger } from '../common/log';

/** What a webview may ask the engine: queries only (opening files, streaming and closing stay with the host). */
const WEBVIEW_METHODS = new Set<HeapMethod>([
  'summary',
  'members',
  'summaryPosition',
  'node',
  'edges',
  'retainers',
  'pathsToRoot',
  'dominatorChain',
  'dominated',
  'statistics',
  'location',
  'source',
  'closureContext',
  'diff',
  'leaks',
  'leakMembers',
  'duplicatedStrings',
  'marks',
  'allocationOverview',
  'allocationSites',
  'allocationTree',
  'allocationStacks',
  'allocationObjects',
  'objectAllocation',
  'cancel',
]);
const HANDLE_PARAMS = ['snapshot', 'base', 'current', 'baseline', 'target', 'final'] as const;

export interface SessionHooks {
  /** Posts to the webview (it may be gone while hidden: then the message is dropped). */
  post(message: unknown): void;
  /** Where failures the user is not shown directly are written (the editor's "Retainer Lens" log). */
  log?: Logger;
  goToSource?(found: FoundSource): Promise<boolean> | boolean;
  /**
   * Saves a Markdown report where the user picks (`suggestedName` is a file name); false when the user
   * cancelled. The Leaks view's "Export report".
   */
  saveReport?(markdown: string, suggestedName: string): Promise<boolean> | boolean;
  pickCompare?(): Promise<string | undefined>;
  pickLeaks?(): Promise<{ baseline: string; target: string; final: string } | undefined>;
  /** Every status change (e.g. to mirror load progress in the editor's own progress UI). */
  onStatus?(snapshots: SnapshotStates): void;
  /**
   * Opens a static finding's (or a variable declaration's) place. `file` is what the join mapped the snapshot
   * to; the adapter opens it only inside the workspace. False when it did not.
   */
  openFinding?(target: { file: string; range: Range }): Promise<boolean> | boolean;
  /** Opens an allocation frame's function (see the `openFrame` message); false when no workspace file matched. */
  openFrame?(frame: MappedFrame): Promise<boolean> | boolean;
  /** The page asked for this snapshot to drive the editor's lenses and confirmations. */
  makeActive?(): void;
}

/** A static finding's range, or a declaration's position as an empty one. */
function rangeAt(line: number, column: number, endLine = line, endColumn = column): Range {
  return { start: { line, column }, end: { line: endLine, column: endColumn } };
}

export class ExplorerSession {
  private readonly states: SnapshotStates = {};
  /** The file each role was opened from (to share the main snapshot as the final one). */
  private readonly paths: Partial<Record<SnapshotRole, string>> = {};
  private readonly running = new Map<number, AbortController>();
  private readonly loads = new Map<SnapshotRole, AbortController>();
  private generation = 0;
  private disposed = false;
  /** A reveal the page has not shown yet: sent again when the page (re)starts. */
  private pendingReveal: Extract<HostToWebview, { host: 'reveal' }> | undefined;
  /** A view asked for before the page was listening: sent again when it says it is ready. */
  private pendingView: ExplorerView | undefined;
  /** The last join of the main snapshot, sent again when the page restarts. */
  private findings: Extract<HostToWebview, { host: 'findings' }> | undefined;
  /** Whether the main snapshot is the editor's active one, sent again when the page restarts. */
  private activeState: Extract<HostToWebview, { host: 'active' }> | undefined;

  constructor(
    private readonly client: HeapWorkerClient,
    private readonly hooks: SessionHooks,
  ) {}

  get snapshots(): SnapshotStates {
    return this.states;
  }

  /** Loads `path` into the worker under a fresh handle for `role`, replacing (and closing) any earlier one. */
  async open(role: SnapshotRole, path: string, label: string): Promise<SnapshotState> {
    this.loads.get(role)?.abort();
    const previous = this.states[role];
    const controller = new AbortController();
    this.loads.set(role, controller);
    const state: SnapshotState = {
      handle: `${role}#${++this.generation}`,
      label,
      phase: 'loading',
      stage: 'read',
      fraction: 0,
    };
    this.states[role] = state;
    this.paths[role] = path;
    this.postStatus();
    if (previous && !this.isInUse(previous.handle))
      this.client
        .request('close', { snapshot: previous.handle })
        .catch((error) => this.hooks.log?.warn(`closing the replaced snapshot ${previous.label}`, error));
    try {
      state.info = await this.client.request(
        'open',
        { path, snapshot: state.handle, progressive: true },
        {
          signal: controller.signal,
          onProgress: (p) => {
            state.stage = p.stage;
            state.fraction = p.bytes !== undefined && p.totalBytes ? p.bytes / p.totalBytes : undefined;
            this.postStatus();
          },
        },
      );
      state.phase = 'ready';
      if (state.info.complete === false) {
        // The Summary answers now; the rest of the analysis goes on in the worker.
        state.analyzing = true;
        this.postStatus();
        state.info = await this.client.request('analyzed', { snapshot: state.handle }, { signal: controller.signal });
        state.analyzing = false;
      }
      state.stage = 'done';
    } catch (error) {
      state.analyzing = false;
      state.phase = 'error';
      state.error = error instanceof Error ? error.message : String(error);
      if (!(error instanceof HeapWorkerError && error.code === 'cancelled'))
        this.hooks.log?.error(`opening the heap snapshot ${path}`, error);
    } finally {
      if (this.loads.get(role) === controller) this.loads.delete(role);
    }
    this.postStatus();
    return state;
  }

  /** Every message from the webview comes through here; anything unexpected is ignored. */
  receive(message: unknown): void {
    if (this.disposed || typeof message !== 'object' || message === null) return;
    if (isHostMessage(message)) {
      void this.onHostMessage(message as WebviewToHost);
      return;
    }
    const { id, method, params } = message as { id?: unknown; method?: unknown; params?: unknown };
    if (typeof id !== 'number' || typeof method !== 'string') return;
    if (!WEBVIEW_METHODS.has(method as HeapMethod) || typeof params !== 'object' || params === null) {
      this.hooks.post({
        id,
        error: { code: 'bad-request', message: `the explorer may not call ${String(method).slice(0, 40)}` },
      });
      return;
    }
    if (method === 'cancel') {
      this.running.get((params as { requestId?: number }).requestId ?? -1)?.abort();
      this.hooks.post({ id, result: null });
      return;
    }
    for (const key of HANDLE_PARAMS) {
      const handle = (params as Record<string, unknown>)[key];
      if (handle !== undefined && !this.isOpen(handle)) {
        this.hooks.post({ id, error: { code: 'bad-request', message: 'no such snapshot in this editor' } });
        return;
      }
    }
    void this.relay(id, method as HeapMethod, params as HeapParams<HeapMethod>);
  }

  dispose(): Promise<number> {
    this.disposed = true;
    for (const c of this.running.values()) c.abort();
    for (const c of this.loads.values()) c.abort();
    return this.client.terminate();
  }

  private async relay(id: number, method: HeapMethod, params: HeapParams<HeapMethod>): Promise<void> {
    const controller = new AbortController();
    this.running.set(id, controller);
    try {
      const result = await this.client.request(method, params, { signal: controller.signal });
      if (!this.disposed) this.hooks.post({ id, result: result ?? null });
    } catch (error) {
      const code = error instanceof HeapWorkerError ? error.code : 'internal';
      if (!this.disposed)
        this.hooks.post({ id, error: { code, message: error instanceof Error ? error.message : String(error) } });
    } finally {
      this.running.delete(id);
    }
  }

  private async onHostMessage(message: WebviewToHost): Promise<void> {
    switch (message.host) {
      case 'ready':
        this.postStatus();
        if (this.findings && this.isOpen(this.findings.snapshot)) this.hooks.post(this.findings);
        if (this.activeState) this.hooks.post(this.activeState);
        if (this.pendingReveal) this.hooks.post(this.pendingReveal);
        if (this.pendingView) this.hooks.post({ host: 'showView', view: this.pendingView } satisfies HostToWebview);
        this.pendingView = undefined;
        return;
      case 'makeActive':
        this.hooks.makeActive?.();
        return;
      case 'openFinding':
        await this.openFinding(message.snapshot, message.nodeId, message.target);
        return;
      case 'revealed':
        this.pendingReveal = undefined;
        return;
      case 'goToSource':
        await this.goToSource(message.snapshot, message.nodeId);
        return;
      case 'pickCompare': {
        const path = await this.hooks.pickCompare?.();
        if (path) await this.open('compare', path, basename(path));
        return;
      }
      case 'pickLeaks': {
        const picked = await this.hooks.pickLeaks?.();
        if (picked) await this.openLeaks(picked);
        return;
      }
      case 'exportReport':
        await this.exportReport();
        return;
      case 'openFrame':
        await this.openFrame(message.snapshot, message.frame);
        return;
      case 'openLeakCode':
        await this.openLeakCode(message.group, message.collection, message.target);
        return;
    }
  }

  /** The handles of the open triage's three snapshots, when all three are ready. */
  private leakHandles(): { baseline: string; target: string; final: string } | undefined {
    const [baseline, target, final] = (['baseline', 'target', 'final'] as const).map((r) => this.states[r]);
    if (![baseline, target, final].every((s) => s && this.isOpen(s.handle))) return undefined;
    return { baseline: baseline!.handle, target: target!.handle, final: final!.handle };
  }

  /** Opens the code a leak group or growing collection points at, or the static finding joined to it. */
  private async openLeakCode(group: unknown, collection: unknown, target: unknown): Promise<void> {
    const handles = this.leakHandles();
    if (!handles || (target !== 'code' && target !== 'finding')) return;
    if (typeof group !== 'number' && typeof collection !== 'number') return;
    try {
      const code = await this.client.request('leakCode', {
        ...handles,
        group: typeof group === 'number' ? group : undefined,
        collection: typeof collection === 'number' ? collection : undefined,
      });
      const place =
        target === 'finding'
          ? code?.finding && { file: code.finding.file, range: code.finding.range, display: code.finding.display }
          : code?.position && {
              file: code.position.file,
              range: rangeAt(code.position.line, code.position.column),
              display: code.position.display,
            };
      if (!place) {
        this.notice(
          'info',
          target === 'finding'
            ? 'No static finding is joined to this group.'
            : 'This group points at no workspace file.',
        );
        return;
      }
      const opened = await this.hooks.openFinding?.({ file: place.file, range: place.range });
      if (!opened) this.notice('info', `${place.display} is not a file in this workspace.`);
    } catch (error) {
      this.hooks.log?.error('going to the code of a leak group', error);
      this.notice('error', `Could not go to the code: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The Leaks view's "Export report": the worker renders the triage as Markdown, the host saves it. */
  async exportReport(): Promise<boolean> {
    const [baseline, target, final] = (['baseline', 'target', 'final'] as const).map((r) => this.states[r]);
    if (![baseline, target, final].every((s) => s && this.isOpen(s.handle))) {
      this.notice('info', 'Open baseline, target and final snapshots first.');
      return false;
    }
    try {
      const markdown = await this.client.request('leakReport', {
        baseline: baseline!.handle,
        target: target!.handle,
        final: final!.handle,
        program: final!.label.replace(/\.heapsnapshot$/, ''),
      });
      const name = `${final!.label.replace(/\.heapsnapshot$/, '')}-leaks.md`;
      const saved = (await this.hooks.saveReport?.(markdown, name)) ?? false;
      if (saved) this.notice('info', 'Leak report saved.');
      return saved;
    } catch (error) {
      this.hooks.log?.error('exporting the leak report', error);
      this.notice('error', `Could not export the report: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  async openLeaks(paths: { baseline: string; target: string; final: string }): Promise<void> {
    // One at a time: three snapshots loading at once would triple the worker's peak memory.
    for (const role of ['baseline', 'target', 'final'] as const) {
      this.states[role] = { handle: '', label: basename(paths[role]), phase: 'loading' };
    }
    this.postStatus();
    for (const role of ['baseline', 'target', 'final'] as const) {
      // The final snapshot is usually the file this editor shows: share it (memory, and its join's findings).
      if (
        role === 'final' &&
        this.paths.main === paths.final &&
        this.states.main &&
        this.states.main.phase !== 'error'
      ) {
        this.states.final = this.states.main;
        this.paths.final = paths.final;
        this.postStatus();
        continue;
      }
      await this.open(role, paths[role], basename(paths[role]));
    }
  }

  private async goToSource(snapshot: unknown, nodeId: unknown): Promise<void> {
    if (!this.isOpen(snapshot) || typeof nodeId !== 'number') return;
    try {
      const found = await this.client.request('source', { snapshot, id: nodeId });
      const opened = found ? await this.hooks.goToSource?.(found) : false;
      if (!opened)
        this.notice(
          'info',
          found
            ? `No workspace file matches ${found.location.url ?? 'the script'} (files outside the workspace are shown, never opened).`
            : 'This object has no source location in the snapshot.',
        );
    } catch (error) {
      this.hooks.log?.error('going to the source of a heap object', error);
      this.notice('error', `Could not go to source: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Joins the open snapshot `handle` with the workspace source in the worker (src/join), then lets the page
   * mark the objects findings and dead variables concern.
   */
  async join(handle: string, params: JoinParams, confirmedSeverity: ConfirmedSeverity = 'error'): Promise<JoinReport> {
    const report = await this.client.request('join', { ...params, snapshot: handle });
    if (!this.disposed && this.isOpen(handle)) {
      this.findings = {
        host: 'findings',
        snapshot: handle,
        confirmed: report.confirmed.length,
        dead: report.dead.length,
        confirmedSeverity,
      };
      this.hooks.post(this.findings);
    }
    return report;
  }

  private async openFinding(snapshot: unknown, nodeId: unknown, target: unknown): Promise<void> {
    if (!this.isOpen(snapshot) || typeof nodeId !== 'number' || (target !== 'finding' && target !== 'declaration'))
      return;
    try {
      const [mark] = await this.client.request('marks', { snapshot, ids: [nodeId] });
      const place =
        target === 'finding'
          ? mark?.finding && { file: mark.finding.file, range: mark.finding.range, display: mark.finding.display }
          : mark?.dead && {
              file: mark.dead.file,
              range: rangeAt(
                mark.dead.line,
                mark.dead.column,
                mark.dead.line,
                mark.dead.column + mark.dead.name.length,
              ),
              display: mark.dead.display,
            };
      if (!place) {
        this.notice('info', 'No static finding marks this object any more.');
        return;
      }
      const opened = await this.hooks.openFinding?.({ file: place.file, range: place.range });
      if (!opened) this.notice('info', `${place.display} is not a file in this workspace (shown, never opened).`);
    } catch (error) {
      this.hooks.log?.error('opening the static finding of a heap object', error);
      this.notice('error', `Could not open the finding: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async openFrame(snapshot: unknown, frame: unknown): Promise<void> {
    if (!this.isOpen(snapshot) || !isFrame(frame)) return;
    try {
      const opened = await this.hooks.openFrame?.(frame);
      if (!opened)
        this.notice(
          'info',
          frame.url ? `No workspace file matches ${frame.url}.` : `${frame.name || 'This function'} is built in.`,
        );
    } catch (error) {
      this.hooks.log?.error('opening an allocation frame', error);
      this.notice('error', `Could not open the function: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private notice(level: 'info' | 'error', message: string): void {
    this.hooks.post({ host: 'notice', level, message } satisfies HostToWebview);
  }

  private isOpen(handle: unknown): handle is string {
    return (
      typeof handle === 'string' &&
      handle !== '' &&
      Object.values(this.states).some((s) => s?.handle === handle && s.phase === 'ready')
    );
  }

  private isInUse(handle: string): boolean {
    return Object.values(this.states).some((s) => s?.handle === handle);
  }

  /** Stops loading the snapshot in `role`, if it is still loading. */
  cancel(role: SnapshotRole): void {
    this.loads.get(role)?.abort();
  }

  /** Shows these objects of the main snapshot in the page (the largest selected, its retainers open). */
  reveal(nodeIds: number[], title: string, count?: number): void {
    this.pendingReveal = { host: 'reveal', nodeIds: nodeIds.slice(0, 1000), title, count };
    this.hooks.post(this.pendingReveal);
  }

  /** Tells the page whether its snapshot drives the editor's lenses and confirmations (`joined`: it could). */
  setActive(active: boolean, joined: boolean): void {
    this.activeState = { host: 'active', active, joined };
    this.hooks.post(this.activeState);
  }

  showView(view: ExplorerView): void {
    // A new editor's page may not listen yet (its message would be lost): it gets it again on 'ready'.
    this.pendingView = view;
    this.hooks.post({ host: 'showView', view } satisfies HostToWebview);
  }

  private postStatus(): void {
    if (this.disposed) return;
    this.hooks.onStatus?.(this.states);
    this.hooks.post({ host: 'status', snapshots: this.states } satisfies HostToWebview);
  }
}

/** A frame as the page sends it back: only the fields a host reads, with the right types. */
function isFrame(value: unknown): value is MappedFrame {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  const source = f.source as Record<string, unknown> | undefined;
  return (
    typeof f.url === 'string' &&
    typeof f.line === 'number' &&
    typeof f.column === 'number' &&
    (source === undefined ||
      (typeof source === 'object' &&
        source !== null &&
        typeof source.file === 'string' &&
        typeof source.line === 'number' &&
        typeof source.column === 'number'))
  );
}

function basename(path: string): string {
  return path.replace(/^.*[\\/]/, '') || path;
}
