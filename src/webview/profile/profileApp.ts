// The heap profile editor's page (`.heapprofile`: V8's sampling heap profiler, live bytes by stack). On top,
// the profile's top line — the allocating function that keeps the most — then a tree (bottom-up: allocating
// function, then callers; or top-down: the call tree) and a flame chart of the same bytes. Every function
// links to its source; everything from the profile is shown as text.
import type { HostToWebview, ProfileStatus } from '../../explorer/messages';
import type { FlameBar, MappedFrame, ProfileRow } from '../../service/protocol';
import { exactBytes, formatBytes, formatCount } from '../../common/units';
import { sizeCell } from '../cells';
import { clear, el, textSpan } from '../dom';
import { frameLabel, frameName, frameTitle, frameWhere, openable } from '../frames';
import { percent } from '../format';
import { LoadingOverlay } from '../overlay';
import { Rpc } from '../rpc';
import { Tabs } from '../tabs';
import { TreeGrid } from '../treeGrid';
import type { VsCodeApi } from '../vscodeApi';

type Row = Omit<ProfileRow, 'frame'> & { frame: MappedFrame };
type Bar = Omit<FlameBar, 'frame'> & { frame: MappedFrame };
type ProfileView = 'bottom-up' | 'top-down' | 'flame';

interface ProfileState {
  view: ProfileView;
}

const BAR_HEIGHT = 18;

export class ProfileApp {
  private readonly rpc: Rpc;
  private readonly state: ProfileState;
  private status?: ProfileStatus;
  private readonly overlay = new LoadingOverlay();
  private readonly main = el('div', { className: 'rl-main rl-profile' });
  private readonly headline = el('div', { className: 'rl-toolbar rl-profile-top' });
  private readonly tabs: Tabs<ProfileView>;
  private readonly grid: TreeGrid<Row>;
  private readonly flame = el('div', {
    className: 'rl-flame',
    role: 'group',
    attrs: { 'aria-label': 'Flame chart of live bytes by stack' },
  });
  private readonly notice = el('span', { className: 'rl-notice' });
  private started = false;
  private flameDrawn = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: VsCodeApi,
  ) {
    this.rpc = new Rpc(api);
    const saved = api.getState() as Partial<ProfileState> | undefined;
    this.state = { view: saved?.view ?? 'bottom-up' };
    this.tabs = new Tabs<ProfileView>(
      'Views',
      [
        { id: 'bottom-up', label: 'Bottom-up' },
        { id: 'top-down', label: 'Top-down' },
        { id: 'flame', label: 'Flame chart' },
      ],
      this.state.view,
      (id) => this.showView(id),
    );
    this.grid = new TreeGrid<Row>({
      label: 'Live bytes by stack',
      columns: [
        {
          id: 'name',
          label: 'Function',
          width: 'minmax(280px, 1fr)',
          render: (row) => frameLabel(row.frame, this.rpc, this.handle),
        },
        {
          id: 'self',
          label: 'Self',
          width: '110px',
          align: 'right',
          title: 'Sampled live bytes allocated in this function itself (bottom-up: with exactly this chain of callers)',
          render: (row) => sizeCell(row.selfSize),
        },
        {
          id: 'total',
          label: 'Total',
          width: '110px',
          align: 'right',
          title: 'Sampled live bytes here and in everything it calls (bottom-up: through this chain of callers)',
          render: (row) => sizeCell(row.totalSize),
        },
        {
          id: 'share',
          label: '%',
          width: '64px',
          align: 'right',
          title: 'Share of all sampled live bytes',
          render: (row) => percent(row.totalSize, this.status?.info?.totalBytes ?? 0),
        },
      ],
      source: {
        fetch: (parent, offset, limit) => this.fetch(parent, offset, limit),
        hasChildren: (row) => row.children > 0,
      },
      emptyText: 'The profile holds no sampled live bytes.',
    });
    this.main.hidden = true;
    this.main.append(this.headline, this.grid.element, this.flame);
    root.append(
      el('header', { className: 'rl-topbar' }, this.tabs.element, el('div', { className: 'rl-spacer' }), this.notice),
      this.overlay.element,
      this.main,
    );
    this.rpc.onHostMessage((m) => this.onHostMessage(m));
    this.rpc.send({ host: 'ready' });
  }

  private get handle(): string {
    return this.status?.handle ?? '';
  }

  private onHostMessage(message: HostToWebview): void {
    if (message.host === 'notice') {
      this.notice.textContent = message.message;
      this.notice.className = message.level === 'error' ? 'rl-notice rl-error' : 'rl-notice';
      return;
    }
    if (message.host !== 'profile') return;
    this.status = message;
    this.overlay.update({
      handle: message.handle,
      label: message.label,
      phase: message.phase,
      error: message.error,
      stage: 'read',
    });
    if (message.phase === 'ready' && !this.started) this.start();
  }

  private start(): void {
    this.started = true;
    this.root.removeAttribute('aria-busy');
    this.main.hidden = false;
    this.renderHeadline();
    this.showView(this.state.view);
  }

  private renderHeadline(): void {
    const info = this.status?.info;
    clear(this.headline);
    if (!info) return;
    const top = info.top;
    this.headline.append(el('span', { className: 'rl-title' }, 'Top line'));
    if (!top) {
      this.headline.append(el('span', { className: 'rl-muted' }, 'no live samples'));
      return;
    }
    this.headline.append(
      frameLabel(top.frame, this.rpc, this.handle, 'allocated in '),
      el(
        'span',
        { className: 'rl-subtitle', title: exactBytes(top.totalSize) },
        ` ${formatBytes(top.totalSize)} live (${percent(top.totalSize, info.totalBytes)} of ${formatBytes(info.totalBytes)} sampled) · ${formatCount(top.samples)} samples · a frame is a function, not the allocating statement`,
      ),
    );
  }

  private showView(view: ProfileView): void {
    this.state.view = view;
    this.api.setState(this.state);
    if (!this.started) return;
    const isFlame = view === 'flame';
    this.grid.element.hidden = isFlame;
    this.flame.hidden = !isFlame;
    if (isFlame) void this.drawFlame();
    else this.grid.reload();
  }

  private async fetch(parent: Row | null, offset: number, limit: number) {
    const direction = this.state.view === 'top-down' ? 'top-down' : 'bottom-up';
    return this.rpc.request('profileTree', {
      profile: this.handle,
      direction,
      parent: parent?.node,
      offset,
      limit,
    });
  }

  /** Bars laid out by bytes: each function as wide as the live bytes under it, callers above callees. */
  private async drawFlame(): Promise<void> {
    if (this.flameDrawn) return;
    this.flameDrawn = true;
    const { total, bars } = await this.rpc.request('profileFlame', { profile: this.handle });
    clear(this.flame);
    if (!total) {
      this.flame.append(el('p', { className: 'rl-muted' }, 'The profile holds no sampled live bytes.'));
      return;
    }
    const depth = bars.reduce((d, b) => Math.max(d, b.depth), 0) + 1;
    const canvas = el('div', { className: 'rl-flame-canvas' });
    canvas.style.height = `${depth * BAR_HEIGHT}px`;
    for (const bar of bars as Bar[]) canvas.appendChild(this.flameBar(bar, total));
    this.flame.appendChild(canvas);
  }

  private flameBar(bar: Bar, total: number): HTMLElement {
    const share = bar.width / total;
    const div = el(
      'div',
      {
        className: `rl-flame-bar${bar.frame.url ? '' : ' rl-flame-native'}`,
        title: `${frameTitle(bar.frame)}\n${exactBytes(bar.width)} live (${percent(bar.width, total)}), ${exactBytes(bar.selfSize)} in the function itself`,
        attrs: { role: 'button', tabindex: '-1', 'aria-label': `${frameName(bar.frame)} ${frameWhere(bar.frame)}` },
      },
      share > 0.02 ? textSpan(`${frameName(bar.frame)} ${frameWhere(bar.frame)}`, undefined, 120) : null,
    );
    div.style.left = `${(bar.start / total) * 100}%`;
    div.style.width = `${share * 100}%`;
    div.style.top = `${bar.depth * BAR_HEIGHT}px`;
    if (openable(bar.frame))
      div.addEventListener('click', () =>
        this.rpc.send({ host: 'openFrame', snapshot: this.handle, frame: bar.frame }),
      );
    return div;
  }
}
