// Compare: this snapshot against a second one, matched by node id — per class how many objects are new,
// deleted, the count and size deltas; a class expands into its new objects (alive in the newer snapshot).
import type { ClassDiffRow } from '../../service/protocol';
import type { NodeRow } from '../../service/protocol';
import { nodeColumns, nodeLabel, sizeCell } from '../cells';
import type { AppContext, View } from '../context';
import { button, clear, el, textSpan } from '../dom';
import { exactBytes, formatBytes, formatCount, formatSigned } from '../../common/units';
import type { SnapshotState } from '../../explorer/messages';
import { TreeGrid } from '../treeGrid';

type Item = { kind: 'class'; row: ClassDiffRow } | { kind: 'node'; row: NodeRow };

export class CompareView implements View {
  readonly element: HTMLElement;
  private readonly grid: TreeGrid<Item>;
  private readonly callout = el('div', { className: 'rl-callout' });
  private readonly heading = el('span', { className: 'rl-subtitle' });
  private readonly toolbar: HTMLDivElement;
  /** The picked snapshot is the older one unless swapped. */
  private swapped = false;
  private loadedFor = '';
  private readonly filter: HTMLInputElement;
  private filterTimer = 0;

  constructor(private readonly ctx: AppContext) {
    const signed = (n: number): HTMLSpanElement =>
      el('span', { className: n > 0 ? 'rl-positive' : n < 0 ? 'rl-negative' : '' }, formatSigned(n));
    const signedBytes = (n: number): HTMLSpanElement =>
      el(
        'span',
        { className: n > 0 ? 'rl-positive' : n < 0 ? 'rl-negative' : '', title: exactBytes(n) },
        formatSigned(n, formatBytes),
      );
    const classOnly = (render: (r: ClassDiffRow) => Node | string) => (item: Item) =>
      item.kind === 'class' ? render(item.row) : '';
    const nodeSizes = nodeColumns<Item>((item) => (item.kind === 'node' ? item.row : null), false);
    this.grid = new TreeGrid<Item>({
      label: 'Comparison by class',
      columns: [
        {
          id: 'name',
          label: 'Constructor',
          width: 'minmax(200px, 1fr)',
          render: (item) => (item.kind === 'class' ? textSpan(item.row.name, 'rl-class', 120) : nodeLabel(item.row)),
        },
        { id: 'new', label: '# New', width: '70px', align: 'right', render: classOnly((r) => formatCount(r.newCount)) },
        {
          id: 'deleted',
          label: '# Deleted',
          width: '76px',
          align: 'right',
          render: classOnly((r) => formatCount(r.deletedCount)),
        },
        {
          id: 'delta',
          label: '# Delta',
          width: '70px',
          align: 'right',
          render: classOnly((r) => signed(r.deltaCount)),
        },
        {
          id: 'alloc',
          label: 'Alloc. Size',
          width: '90px',
          align: 'right',
          render: (item) =>
            item.kind === 'class' ? sizeCell(item.row.allocatedSize) : nodeSizes[1].render(item, undefined as never),
        },
        {
          id: 'freed',
          label: 'Freed Size',
          width: '90px',
          align: 'right',
          render: classOnly((r) => sizeCell(r.freedSize)),
        },
        {
          id: 'sizeDelta',
          label: 'Size Delta',
          width: '96px',
          align: 'right',
          render: (item) =>
            item.kind === 'class' ? signedBytes(item.row.sizeDelta) : nodeSizes[2].render(item, undefined as never),
        },
      ],
      source: {
        fetch: async (parent, offset, limit) => {
          const { base, current } = this.pair()!;
          if (!parent) {
            const filter = this.filter.value.trim() || undefined;
            const page = await ctx.rpc.request('diff', {
              base: base.handle,
              current: current.handle,
              filter,
              offset,
              limit,
            });
            return { ...page.classes, items: page.classes.items.map((row): Item => ({ kind: 'class', row })) };
          }
          const page = await ctx.rpc.request('diff', {
            base: base.handle,
            current: current.handle,
            className: (parent.row as ClassDiffRow).name,
            sortBy: 'retainedSize',
            offset,
            limit,
          });
          return { ...page.newObjects, items: page.newObjects.items.map((row): Item => ({ kind: 'node', row })) };
        },
        hasChildren: (item) => item.kind === 'class' && item.row.newCount > 0,
      },
      onSelect: (item) => {
        if (item?.kind === 'node') ctx.select(item.row, this.pair()!.current.handle);
      },
      onActivate: () => ctx.focusDetails(),
      emptyText: () =>
        this.filter.value.trim()
          ? 'No class matching the filter changed between the two snapshots.'
          : 'The two snapshots hold the same objects.',
      loadingText: 'Comparing the two snapshots…',
    });
    this.filter = el('input', {
      className: 'rl-input',
      attrs: {
        type: 'search',
        placeholder: 'Filter classes',
        'aria-label': 'Filter the compared classes by name',
        spellcheck: 'false',
      },
    });
    this.filter.addEventListener('input', () => {
      clearTimeout(this.filterTimer);
      this.filterTimer = window.setTimeout(() => this.grid.reload(), 150);
    });
    this.filter.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.filter.value) {
        this.filter.value = '';
        this.grid.reload();
        e.stopPropagation();
      } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
        e.preventDefault();
        this.grid.focus();
        if (this.grid.list.selected < 0) this.grid.list.select(0);
      }
    });
    this.toolbar = el(
      'div',
      { className: 'rl-toolbar' },
      this.filter,
      this.heading,
      button(
        'Swap',
        'arrow-swap',
        () => {
          this.swapped = !this.swapped;
          this.loadedFor = '';
          this.show();
        },
        'Swap the older and the newer snapshot',
      ),
      button(
        'Choose another…',
        'folder-opened',
        () => ctx.rpc.send({ host: 'pickCompare' }),
        'Compare with a different older snapshot (the baseline)',
      ),
    );
    this.element = el(
      'section',
      { className: 'rl-view', attrs: { 'aria-label': 'Compare' } },
      this.callout,
      this.toolbar,
      this.grid.element,
    );
  }

  show(): void {
    const compare = this.ctx.snapshots().compare;
    const ready = compare?.phase === 'ready';
    this.callout.hidden = ready;
    this.toolbar.hidden = !ready;
    this.grid.element.hidden = !ready;
    if (!ready) {
      this.renderCallout(compare);
      return;
    }
    const { base, current } = this.pair()!;
    const key = `${base.handle}\u0000${current.handle}`;
    if (key === this.loadedFor) return;
    this.loadedFor = key;
    clear(this.heading);
    this.heading.append(
      'Objects new in ',
      textSpan(current.label, 'rl-class', 60),
      ' since ',
      textSpan(base.label, 'rl-class', 60),
    );
    this.grid.reload();
  }

  focus(): void {
    this.grid.focus();
  }

  snapshotsChanged(): void {
    if (!this.element.hidden) this.show();
  }

  private pair(): { base: SnapshotState; current: SnapshotState } | null {
    const { main, compare } = this.ctx.snapshots();
    if (!main || !compare) return null;
    return this.swapped ? { base: main, current: compare } : { base: compare, current: main };
  }

  private renderCallout(compare: SnapshotState | undefined): void {
    clear(this.callout);
    if (compare?.phase === 'loading') {
      this.callout.append(el('p', {}, 'Loading ', textSpan(compare.label, 'rl-class', 80), '…'));
      return;
    }
    if (compare?.phase === 'error')
      this.callout.append(
        el(
          'p',
          { className: 'rl-error' },
          textSpan(`Could not open ${compare.label}: ${compare.error}`, undefined, 400),
        ),
      );
    const pick = button('Choose the older snapshot (baseline)…', 'folder-opened', () =>
      this.ctx.rpc.send({ host: 'pickCompare' }),
    );
    pick.classList.add('primary');
    this.callout.append(
      el(
        'p',
        {},
        'Compare this snapshot with an earlier one of the same process: objects are matched by id, so you see which classes grew and the new objects that are still alive.',
      ),
      pick,
    );
  }
}
