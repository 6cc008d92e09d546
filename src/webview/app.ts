// The explorer's shell: view tabs and status on top, the active view, a sash, and the details pane below.
// It owns the kept state and the selection; views ask the worker for pages through the shared Rpc.
import type { NodeRow } from '../service/protocol';
import type { AppContext, View } from './context';
import { selectionOf } from './context';
import { DetailsPane } from './detailsPane';
import { button, el, icon } from './dom';
import { FindingMarks } from './findingMarks';
import { HelpPanel } from './help';
import { displayText } from './format';
import { exactBytes, formatBytes, formatCount } from '../common/units';
import type { HostToWebview, SnapshotStates } from '../explorer/messages';
import { LoadingOverlay } from './overlay';
import { Rpc } from './rpc';
import { Tabs } from './tabs';
import { CompareView } from './views/compareView';
import { ContainmentView } from './views/containmentView';
import { DominatorsView } from './views/dominatorsView';
import { AllocationsView } from './views/allocationsView';
import { LeaksView } from './views/leaksView';
import { StatisticsView } from './views/statisticsView';
import { SummaryView } from './views/summaryView';
import { loadState, type ExplorerState, type ViewId, type VsCodeApi } from './vscodeApi';

const VIEWS: { id: ViewId; label: string }[] = [
  { id: 'summary', label: 'Summary' },
  { id: 'containment', label: 'Containment' },
  { id: 'dominators', label: 'Dominators' },
  { id: 'statistics', label: 'Statistics' },
  { id: 'compare', label: 'Compare' },
  { id: 'leaks', label: 'Leaks' },
  { id: 'allocations', label: 'Allocations' },
];

export class App {
  private readonly state: ExplorerState;
  private readonly rpc: Rpc;
  private snapshots: SnapshotStates = {};
  private readonly ctx: AppContext;
  private readonly views = new Map<ViewId, View>();
  private readonly tabs: Tabs<ViewId>;
  private readonly status = el('div', { className: 'rl-status', attrs: { 'aria-live': 'polite' } });
  private readonly viewHost = el('div', { className: 'rl-pane' });
  private readonly overlay = new LoadingOverlay();
  private readonly help = new HelpPanel();
  private readonly main: HTMLDivElement;
  private details?: DetailsPane;
  private started = false;
  private persistTimer = 0;
  private readonly notice = el('span', { className: 'rl-notice' });
  private noticeTimer = 0;
  private pendingReveal: Extract<HostToWebview, { host: 'reveal' }> | undefined;
  /** Whether this snapshot drives the editor's lenses and confirmations (one snapshot does at a time). */
  private active: Extract<HostToWebview, { host: 'active' }> | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: VsCodeApi,
  ) {
    this.state = loadState(api);
    // A hidden webview's page is discarded: save a change still waiting in the coalescing timer first.
    window.addEventListener('pagehide', () => this.flushState());
    this.rpc = new Rpc(api);
    this.ctx = {
      rpc: this.rpc,
      marks: new FindingMarks(this.rpc),
      state: this.state,
      snapshots: () => this.snapshots,
      main: () => this.snapshots.main?.handle ?? '',
      persist: () => this.persist(),
      select: (node, snapshot) => this.select(node, snapshot),
      inspect: (node, snapshot) => this.details?.inspect(node, snapshot),
      revealInSummary: (node, snapshot) => void this.revealInSummary(node, snapshot),
      notify: (level, text) => this.notify(level, text),
      showDetail: (detail) => this.details?.show(detail),
      showView: (view) => this.tabs.select(view),
      focusDetails: () => this.details?.focus(),
      focusView: () => this.views.get(this.state.view)?.focus(),
    };
    this.tabs = new Tabs<ViewId>('Views', VIEWS, this.state.view, (id) => this.showView(id));
    this.main = el('div', { className: 'rl-main' });
    this.main.hidden = true;
    root.append(
      el(
        'header',
        { className: 'rl-topbar' },
        this.tabs.element,
        el('div', { className: 'rl-spacer' }),
        this.status,
        this.help.button,
      ),
      this.help.element,
      this.overlay.element,
      this.main,
    );
    this.rpc.onHostMessage((m) => this.onHostMessage(m));
    this.rpc.send({ host: 'ready' });
  }

  private onHostMessage(message: HostToWebview): void {
    if (message.host === 'notice') {
      this.notify(message.level, message.message);
      return;
    }
    if (message.host === 'showView') {
      this.tabs.select(message.view);
      return;
    }
    if (message.host === 'findings') {
      this.ctx.marks.setJoined(message);
      return;
    }
    if (message.host === 'active') {
      this.active = message;
      this.renderStatus();
      return;
    }
    if (message.host === 'reveal') {
      this.pendingReveal = message;
      if (this.started) this.showRevealed();
      return;
    }
    if (message.host !== 'status') return; // a heap profile editor's message (profileApp.ts)
    this.snapshots = message.snapshots;
    const main = this.snapshots.main;
    this.overlay.update(main);
    this.renderStatus();
    if (main?.phase === 'ready' && !this.started) this.start();
    for (const view of this.views.values()) view.snapshotsChanged?.();
  }

  /** Host notices: under the loading message while loading, else in the status area for a while. */
  private notify(level: 'info' | 'error', text: string): void {
    if (!this.started) {
      this.overlay.notice(level, text);
      return;
    }
    this.notice.textContent = displayText(text, 200);
    this.notice.title = displayText(text, 1000);
    this.notice.className = level === 'error' ? 'rl-notice rl-error' : 'rl-notice';
    clearTimeout(this.noticeTimer);
    this.noticeTimer = window.setTimeout(() => {
      this.notice.textContent = '';
    }, 8000);
  }

  private renderStatus(): void {
    const info = this.snapshots.main?.info;
    this.status.textContent = '';
    this.status.append(this.notice);
    if (!info) return;
    this.status.append(
      el(
        'span',
        { title: `${formatCount(info.nodeCount)} objects, ${formatCount(info.edgeCount)} references` },
        `${formatCount(info.nodeCount)} objects`,
      ),
      el('span', { title: exactBytes(info.totalSize) }, `${formatBytes(info.totalSize)} total`),
    );
    if (this.snapshots.main?.analyzing)
      this.status.append(
        el(
          'span',
          {
            className: 'rl-analyzing',
            title: 'The Summary shows counts and shallow sizes; distances and retained sizes fill in when ready',
          },
          'computing retained sizes…',
        ),
      );
    if (this.active?.active)
      this.status.append(
        el(
          'span',
          {
            className: 'rl-active-badge',
            title:
              "The editor's CodeLenses and confirmed findings come from this snapshot (its name is in the editor's status bar).",
          },
          icon('pass'),
          ' In the editor',
        ),
      );
    else if (this.active?.joined)
      this.status.append(
        button(
          'Use in the editor',
          'arrow-swap',
          () => this.rpc.send({ host: 'makeActive' }),
          "Another snapshot drives the editor's CodeLenses and confirmed findings: make it this one",
        ),
      );
  }

  /** The main snapshot is ready: build the views and restore what was on screen. */
  private start(): void {
    this.started = true;
    this.details = new DetailsPane(this.ctx);
    const sash = el('div', {
      className: 'rl-sash',
      role: 'separator',
      attrs: { 'aria-orientation': 'horizontal', 'aria-label': 'Resize details' },
    });
    this.main.append(this.viewHost, sash, this.details.element);
    this.main.hidden = false;
    this.root.removeAttribute('aria-busy');
    this.enableSash(sash);
    this.applySplit();
    this.showView(this.state.view);
    const selection = this.state.selection;
    if (this.pendingReveal) {
      this.showRevealed();
    } else if (selection && Object.values(this.snapshots).some((s) => s?.handle === selection.snapshot)) {
      void this.rpc.request('node', { snapshot: selection.snapshot, id: selection.id }).then(
        (node) => this.select(node, selection.snapshot),
        () => this.select(null, ''),
      );
    }
  }

  /** A reveal from the host (a CodeLens): select the largest of the objects and show what holds it. */
  private showRevealed(): void {
    const reveal = this.pendingReveal;
    this.pendingReveal = undefined;
    const main = this.ctx.main();
    if (!reveal || !main || reveal.nodeIds.length === 0) return;
    this.rpc.send({ host: 'revealed' });
    void this.rpc.request('node', { snapshot: main, id: reveal.nodeIds[0] }).then(
      (node) => {
        this.select(node, main);
        this.details?.show('retainers');
        const count = Math.max(reveal.count ?? 0, reveal.nodeIds.length);
        this.notify(
          'info',
          count > 1
            ? `${reveal.title}: the largest of ${formatCount(count)} objects made there; its retainers are below.`
            : `${reveal.title}: the object made there; its retainers are below.`,
        );
      },
      () => this.notify('error', `${reveal.title}: that object is not in this snapshot.`),
    );
  }

  private showView(id: ViewId): void {
    this.views.get(this.state.view)?.saveScroll?.();
    this.state.view = id;
    this.persist();
    if (!this.started) return;
    let view = this.views.get(id);
    if (!view) {
      view = this.createView(id);
      this.views.set(id, view);
      this.viewHost.appendChild(view.element);
    }
    for (const [key, v] of this.views) v.element.hidden = key !== id;
    view.show();
  }

  private createView(id: ViewId): View {
    switch (id) {
      case 'summary':
        return new SummaryView(this.ctx);
      case 'containment':
        return new ContainmentView(this.ctx);
      case 'dominators':
        return new DominatorsView(this.ctx);
      case 'statistics':
        return new StatisticsView(this.ctx);
      case 'compare':
        return new CompareView(this.ctx);
      case 'leaks':
        return new LeaksView(this.ctx);
      case 'allocations':
        return new AllocationsView(this.ctx);
    }
  }

  /** "Reveal in Summary": the Summary with the object's class expanded and its row selected. */
  private async revealInSummary(node: NodeRow, snapshot: string): Promise<void> {
    if (snapshot !== this.ctx.main()) return;
    this.tabs.select('summary');
    const summary = this.views.get('summary');
    if (!(summary instanceof SummaryView)) return;
    try {
      if (!(await summary.reveal(node)))
        this.notify('info', `${node.className} @${node.id} is not listed in the Summary (it has no size of its own).`);
    } catch (error) {
      this.notify('error', `Could not reveal ${node.className} @${node.id}: ${(error as Error).message}`);
    }
  }

  private select(node: NodeRow | null, snapshot: string): void {
    this.state.selection = node ? selectionOf(node, snapshot) : null;
    this.persist();
    this.details?.setTarget(node, snapshot);
    for (const view of this.views.values()) (view as { selectionChanged?(): void }).selectionChanged?.();
  }

  private persist(): void {
    // Coalesce: scrolling saves often, and setState serializes the whole state.
    if (this.persistTimer) return;
    this.persistTimer = window.setTimeout(() => {
      this.persistTimer = 0;
      this.api.setState(this.state);
    }, 100);
  }

  private flushState(): void {
    if (!this.persistTimer) return;
    window.clearTimeout(this.persistTimer);
    this.persistTimer = 0;
    this.api.setState(this.state);
  }

  private applySplit(): void {
    const split = Math.min(0.85, Math.max(0.15, this.state.split));
    this.viewHost.style.flex = `${split} 1 0`;
    this.details!.element.style.flex = `${1 - split} 1 0`;
  }

  private enableSash(sash: HTMLElement): void {
    sash.addEventListener('pointerdown', (down) => {
      sash.setPointerCapture(down.pointerId);
      sash.classList.add('active');
      const box = this.main.getBoundingClientRect();
      const move = (e: PointerEvent): void => {
        this.state.split = (e.clientY - box.top) / box.height;
        this.applySplit();
      };
      const up = (): void => {
        sash.classList.remove('active');
        sash.removeEventListener('pointermove', move);
        this.persist();
      };
      sash.addEventListener('pointermove', move);
      sash.addEventListener('pointerup', up, { once: true });
    });
  }
}
