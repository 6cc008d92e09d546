// Summary: objects grouped by class, sortable, filterable by name; a class expands into its instances
// (paged from the worker as they scroll into view). Selecting an instance shows its retainers below.
import type { NodeRow } from '../../service/protocol';
import type { ClassRow } from '../../service/protocol';
import { nodeColumns, nodeLabel } from '../cells';
import type { AppContext, View } from '../context';
import { clear, el, textSpan } from '../dom';
import { withMarks } from '../findingMarks';
import { isNamedFilter, NAMED_FILTERS } from '../../common/namedFilters';
import { exactBytes, formatBytes, formatCount } from '../../common/units';
import { percent } from '../format';
import { TreeGrid } from '../treeGrid';
import { PAGE_SIZE, type TreeNode } from '../treeModel';

type Item = { kind: 'class'; row: ClassRow } | { kind: 'node'; row: NodeRow };

export class SummaryView implements View {
  readonly element: HTMLElement;
  private readonly grid: TreeGrid<Item>;
  private readonly filter: HTMLInputElement;
  private readonly count: HTMLSpanElement;
  private readonly namedFilter: HTMLSelectElement;
  /** With "Duplicated strings": each text with its copies and the bytes they waste. */
  private readonly strings = el('div', { className: 'rl-strings', attrs: { 'aria-label': 'Duplicated strings' } });
  private loaded = false;
  /** The last page came before retained sizes and distances (rows show "…" there). */
  private partial = false;
  private filterTimer = 0;
  /** The first show's restore (re-expanding classes): a reveal waits for it. */
  private restoring: Promise<void> = Promise.resolve();

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
    // DevTools' named filters: which objects the summary counts.
    this.namedFilter = el(
      'select',
      { className: 'rl-select', attrs: { 'aria-label': 'Show objects', title: 'Which objects the summary counts' } },
      el('option', { attrs: { value: '' } }, 'All objects'),
      ...Object.entries(NAMED_FILTERS).map(([value, title]) => el('option', { attrs: { value } }, title)),
    );
    this.namedFilter.value = isNamedFilter(state.namedFilter) ? state.namedFilter : '';
    this.namedFilter.addEventListener('change', () => {
      this.ctx.state.namedFilter = this.namedFilter.value;
      this.ctx.state.expanded = [];
      this.ctx.persist();
      this.reload();
    });
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
        {
          id: 'percent',
          label: '% of total',
          width: '76px',
          align: 'right',
          title: 'Retained size as a share of the whole heap',
          render: (item) => {
            const total = ctx.snapshots().main?.info?.totalSize ?? 0;
            return total ? percent(item.row.retainedSize, total) : '';
          },
        },
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
      loadingText: 'Computing the summary by class…',
    });
    this.grid.list.element.addEventListener('scroll', () => this.saveScroll());
    ctx.marks.onChange(() => this.grid.list.refresh());
    this.element = el(
      'section',
      { className: 'rl-view', attrs: { 'aria-label': 'Summary' } },
      el('div', { className: 'rl-toolbar' }, this.filter, this.namedFilter, this.count),
      this.strings,
      this.grid.element,
    );
  }

  /** Retained sizes and distances arrived: show them (a partial first page sorted by shallow size). */
  snapshotsChanged(): void {
    const analyzing = this.ctx.snapshots().main?.analyzing === true;
    if (this.partial && !analyzing && this.loaded) {
      this.partial = false;
      // In place: the user may be expanding, selecting and typing in it already; none of that may reset.
      void this.grid
        .reloadInPlace(itemKey, (root) => this.loadSelected(root))
        .catch((error: unknown) =>
          this.ctx.notify('error', `Could not show the retained sizes: ${(error as Error).message}`),
        );
    }
  }

  /**
   * Loads the selected row's page into `root` (a Summary loading again off-screen) when the new order moved it
   * past the pages that were loaded: the class through its rows, an object through its position.
   */
  private async loadSelected(root: TreeNode<Item>): Promise<void> {
    const selected = this.grid.selectedNode?.item;
    if (!selected) return;
    const model = this.grid.model;
    const page = (i: number): number => Math.floor(i / PAGE_SIZE) * PAGE_SIZE;
    if (selected.kind === 'class') {
      const name = selected.row.name;
      const found = (): boolean => root.children.some((c) => c?.item?.kind === 'class' && c.item.row.name === name);
      for (let offset = 0; !found() && offset < root.total; offset += PAGE_SIZE) await model.loadPage(root, offset);
      return;
    }
    const { state } = this.ctx;
    const sortBy = state.sort.key as 'name';
    const position = await this.ctx.rpc.request('summaryPosition', {
      snapshot: this.ctx.main(),
      id: selected.row.id,
      filter: state.filter || undefined,
      sortBy,
      ascending: state.sort.ascending,
      memberSortBy: state.sort.key === 'count' ? 'retainedSize' : sortBy,
    });
    if (!position || position.filterCleared || position.classIndex < 0 || position.memberIndex < 0) return;
    await model.loadPage(root, page(position.classIndex));
    const classNode = root.children[position.classIndex];
    if (classNode?.item?.kind !== 'class' || classNode.item.row.name !== position.className) return;
    classNode.expanded = true;
    await model.loadPage(classNode, page(position.memberIndex));
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
    if (restore) this.restoring = this.restore();
  }

  /**
   * "Reveal in Summary": expands the object's class (clearing a filter that hides it) and selects its row, which
   * shows it in the details pane. False when the Summary does not list it (objects without a size of their own).
   */
  async reveal(node: NodeRow): Promise<boolean> {
    await this.restoring.catch(() => undefined);
    const { state } = this.ctx;
    const snapshot = this.ctx.main();
    const sortBy = state.sort.key as 'name';
    const position = await this.ctx.rpc.request('summaryPosition', {
      snapshot,
      id: node.id,
      filter: state.filter || undefined,
      sortBy,
      ascending: state.sort.ascending,
      memberSortBy: state.sort.key === 'count' ? 'retainedSize' : sortBy,
    });
    if (!position || position.classIndex < 0 || position.memberIndex < 0) return false;
    if (position.filterCleared) {
      this.filter.value = '';
      state.filter = '';
      this.ctx.persist();
      this.grid.reload();
    }
    const model = this.grid.model;
    const page = (i: number): number => Math.floor(i / PAGE_SIZE) * PAGE_SIZE;
    await model.loadPage(model.root, page(position.classIndex));
    const classNode = model.root.children[position.classIndex];
    if (classNode?.item?.kind !== 'class' || classNode.item.row.name !== position.className) return false;
    await model.expand(classNode);
    await model.loadPage(classNode, page(position.memberIndex));
    const row = classNode.children[position.memberIndex];
    const index = row ? model.indexOf(row) : -1;
    if (index < 0) return false;
    this.grid.list.select(index);
    this.grid.focus();
    return true;
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

  private async renderStrings(show: boolean): Promise<void> {
    clear(this.strings);
    this.strings.hidden = !show;
    if (!show) return;
    const page = await this.ctx.rpc.request('duplicatedStrings', { snapshot: this.ctx.main(), limit: STRINGS_SHOWN });
    clear(this.strings);
    this.strings.append(
      el(
        'div',
        { className: 'rl-subtitle' },
        `${formatCount(page.total)} texts held by more than one string; the copies waste (most first):`,
      ),
    );
    for (const d of page.items)
      this.strings.append(
        el(
          'div',
          { className: 'rl-string-row' },
          textSpan(`"${d.value}${d.truncated ? '…' : ''}"`, 'rl-string', 120),
          el('span', { className: 'rl-muted' }, ` ×${formatCount(d.count)} · `),
          el('span', { title: exactBytes(d.wastedSize) }, `${formatBytes(d.wastedSize)} wasted`),
        ),
      );
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
    const namedFilter = isNamedFilter(state.namedFilter) ? state.namedFilter : undefined;
    if (offset === 0) void this.renderStrings(namedFilter === 'duplicatedStrings');
    const page = await this.ctx.rpc.request('summary', {
      snapshot: this.ctx.main(),
      filter: state.filter || undefined,
      namedFilter,
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
      namedFilter: isNamedFilter(state.namedFilter) ? state.namedFilter : undefined,
      sortBy,
      ascending: state.sort.ascending,
      offset,
      limit,
    });
    return { ...page, items: page.items.map((row): Item => ({ kind: 'node', row })) };
  }
}

/** Identifies a row across reloads: a class by name, an object by id. */
function itemKey(item: Item): string {
  return item.kind === 'class' ? `class ${item.row.name}` : `object ${item.row.id}`;
}

/** Up to 20 duplicated texts, most bytes wasted first. */
const STRINGS_SHOWN = 20;

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
