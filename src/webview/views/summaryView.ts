// Summary: objects grouped by class, sortable, filterable by name; a class expands into its instances
// (paged from the worker as they scroll into view). Selecting an instance shows its retainers below.
import type { NodeRow } from '../../service/protocol';
import type { ClassRow } from '../../service/protocol';
import { nodeColumns, nodeLabel } from '../cells';
import type { AppContext, View } from '../context';
import { el, textSpan } from '../dom';
import { withMarks } from '../findingMarks';
import { exactBytes, formatCount } from '../../common/units';
import { TreeGrid } from '../treeGrid';

type Item = { kind: 'class'; row: ClassRow } | { kind: 'node'; row: NodeRow };

export class SummaryView implements View {
  readonly element: HTMLElement;
  private readonly grid: TreeGrid<Item>;
  private readonly filter: HTMLInputElement;
  private readonly count: HTMLSpanElement;
  private loaded = false;
  /** The last page came before retained sizes and distances (rows show "…" there). */
  private partial = false;
  private filterTimer = 0;

  constructor(private readonly ctx: AppContext) {
    const state = ctx.state;
    this.filter = el('input', {
      className: 'rl-input',
      attrs: {
        type: 'search',
        placeholder: 'Filter classes',
        'aria-label': 'Filter classes by name',
        spellcheck: 'false',
      },
    });
    this.filter.value = state.filter;
    this.filter.addEventListener('input', () => {
      clearTimeout(this.filterTimer);
      this.filterTimer = window.setTimeout(() => this.applyFilter(), 150);
    });
    this.filter.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.filter.value) {
        this.filter.value = '';
        this.applyFilter();
        e.stopPropagation();
      } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
        e.preventDefault();
        this.grid.focus();
        if (this.grid.list.selected < 0) this.grid.list.select(0);
      }
    });
    this.count = el('span', { className: 'rl-subtitle' });
    this.grid = new TreeGrid<Item>({
      label: 'Summary by class',
      columns: [
        {
          id: 'name',
          label: 'Constructor',
          width: 'minmax(200px, 1fr)',
          sortKey: 'name',
          render: (item) =>
            item.kind === 'class'
              ? classLabel(item.row)
              : withMarks(nodeLabel(item.row), ctx.marks, ctx.rpc, ctx.main(), item.row.id),
        },
        {
          id: 'count',
          label: 'Count',
          width: '80px',
          align: 'right',
          sortKey: 'count',
          title: 'Objects of the class',
          render: (item) => (item.kind === 'class' ? formatCount(item.row.count) : ''),
        },
        ...nodeColumns<Item>((item) => item.row),
      ],
      source: {
        fetch: (parent, offset, limit) =>
          parent === null ? this.fetchClasses(offset, limit) : this.fetchMembers(parent, offset, limit),
        hasChildren: (item) => item.kind === 'class',
      },
      sort: state.sort,
      onSort: (sort) => {
        state.sort = sort;
        ctx.persist();
        this.reload();
      },
      onSelect: (item) => {
        if (item?.kind === 'node') ctx.select(item.row, ctx.main());
      },
      onToggle: (item, expanded) => {
        if (item.kind !== 'class' || expanded) return;
        state.expanded = state.expanded.filter((name) => name !== item.row.name);
        ctx.persist();
      },
      onActivate: (item) => {
        if (item.kind === 'node') ctx.focusDetails();
      },
      emptyText: 'No classes match the filter.',
    });
    this.grid.list.element.addEventListener('scroll', () => this.saveScroll());
    ctx.marks.onChange(() => this.grid.list.refresh());
    this.element = el(
      'section',
      { className: 'rl-view', attrs: { 'aria-label': 'Summary' } },
      el('div', { className: 'rl-toolbar' }, this.filter, this.count),
      this.grid.element,
    );
  }

  /** Retained sizes and distances arrived: show them (a partial first page sorted by shallow size). */
  snapshotsChanged(): void {
    const analyzing = this.ctx.snapshots().main?.analyzing === true;
    if (this.partial && !analyzing && this.loaded) {
      this.partial = false;
      this.reload(true);
    }
  }

  show(): void {
    if (!this.loaded) {
      this.loaded = true;
      this.reload(true);
    }
  }

  focus(): void {
    this.grid.focus();
  }

  saveScroll(): void {
    this.ctx.state.scroll.summary = this.grid.list.scrollTop;
    this.ctx.persist();
  }

  private reload(restore = false): void {
    this.grid.reload();
    if (restore) void this.restore();
  }

  /** After the tab was hidden and shown again: re-expand classes, scroll back, reselect the object. */
  private async restore(): Promise<void> {
    const { state } = this.ctx;
    await this.grid.model.loadPage(this.grid.model.root, 0);
    for (const node of this.grid.model.root.children) {
      if (node?.item?.kind === 'class' && state.expanded.includes(node.item.row.name))
        await this.grid.model.expand(node);
    }
    if (state.scroll.summary) this.grid.list.scrollTop = state.scroll.summary;
    const selected = state.selection;
    if (selected && selected.snapshot === this.ctx.main()) {
      this.grid.selectWhere((item) => item.kind === 'node' && item.row.id === selected.id);
    }
  }

  private applyFilter(): void {
    if (this.filter.value === this.ctx.state.filter) return;
    this.ctx.state.filter = this.filter.value;
    this.ctx.persist();
    this.reload();
  }

  private async fetchClasses(offset: number, limit: number) {
    const { state } = this.ctx;
    const sortBy = state.sort.key as 'name';
    const page = await this.ctx.rpc.request('summary', {
      snapshot: this.ctx.main(),
      filter: state.filter || undefined,
      sortBy,
      ascending: state.sort.ascending,
      offset,
      limit,
    });
    this.count.textContent = `${formatCount(page.total)} ${page.total === 1 ? 'class' : 'classes'}`;
    this.partial = page.partial === true;
    if (this.partial) this.count.textContent += ' · retained sizes: computing…';
    return {
      ...page,
      items: page.items.map((row): Item => ({ kind: 'class', row: page.partial ? { ...row, pending: true } : row })),
    };
  }

  private async fetchMembers(parent: Item, offset: number, limit: number) {
    const { state } = this.ctx;
    const className = (parent.row as ClassRow).name;
    if (!state.expanded.includes(className)) {
      state.expanded.push(className);
      this.ctx.persist();
    }
    // Members have no count: sort them by retained size when the classes are sorted by count.
    const sortBy = state.sort.key === 'count' ? 'retainedSize' : (state.sort.key as 'name');
    const page = await this.ctx.rpc.request('members', {
      snapshot: this.ctx.main(),
      className,
      sortBy,
      ascending: state.sort.ascending,
      offset,
      limit,
    });
    return { ...page, items: page.items.map((row): Item => ({ kind: 'node', row })) };
  }
}

function classLabel(row: ClassRow): HTMLSpanElement {
  return el(
    'span',
    {
      className: 'rl-name',
      title: `${formatCount(row.count)} objects, ${row.pending ? 'retained size: computing' : `${exactBytes(row.retainedSize)} retained`}`,
    },
    textSpan(row.name, 'rl-class', 120),
  );
}
