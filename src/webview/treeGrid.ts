// A sortable tree grid: a header of columns over a virtual list fed by a lazy TreeModel. Every view (summary,
// retainers, containment, dominators, compare, leaks) is one of these with its own columns and source.
import { showContextMenu, type MenuItem } from './contextMenu';
import { clear, el, icon } from './dom';
import { FlatRow, TreeModel, TreeNode, type TreeSource } from './treeModel';
import { VirtualList } from './virtualList';

const ROW_HEIGHT = 22;

export interface Column<T> {
  id: string;
  label: string;
  /** CSS grid track, e.g. '1fr' or '90px'. */
  width: string;
  align?: 'left' | 'right';
  /** The engine's sort key for this column, when sortable. */
  sortKey?: string;
  title?: string;
  render(item: T, row: FlatRow<T>): Node | string;
  /** Tooltip for the cell (e.g. exact bytes). */
  cellTitle?(item: T): string | undefined;
}

export interface Sort {
  key: string;
  ascending: boolean;
}

export interface TreeGridOptions<T> {
  label: string;
  columns: Column<T>[];
  source: TreeSource<T>;
  sort?: Sort;
  onSort?(sort: Sort): void;
  onSelect?(item: T | null, node: TreeNode<T> | null): void;
  /** Enter or double-click on a row that has no children to expand. */
  onActivate?(item: T, node: TreeNode<T>): void;
  /**
   * "Inspect this object": a double-click, or Enter with Ctrl/⌘ or Alt, on any row (plain Enter still expands).
   * With it, a double-click inspects instead of activating.
   */
  onInspect?(item: T, node: TreeNode<T>): void;
  /** The row's context menu (right-click, Shift+F10, the Menu key); none when it returns nothing. */
  menu?(item: T, node: TreeNode<T>): MenuItem[];
  /** A row was expanded or collapsed by the user. */
  onToggle?(item: T, expanded: boolean): void;
  /** Escape from the grid. */
  onEscape?(): void;
  emptyText?: string | (() => string);
  /** Shown while the first page is being computed (the grid is never blank without saying why). */
  loadingText?: string;
}

export class TreeGrid<T> {
  readonly element: HTMLDivElement;
  readonly model: TreeModel<T>;
  readonly list: VirtualList;
  private readonly header: HTMLDivElement;
  private readonly empty: HTMLDivElement;
  private readonly template: string;
  private sort?: Sort;
  private rangeTimer = 0;
  /** The node the owner last heard about through onSelect: a selected placeholder is announced once it loads. */
  private announced: TreeNode<T> | null = null;
  /** reloadInPlace is replacing the tree. */
  private swapping = false;

  constructor(private readonly options: TreeGridOptions<T>) {
    this.sort = options.sort;
    this.template = options.columns.map((c) => c.width).join(' ');
    this.model = new TreeModel(options.source, (structural) => this.onModelChange(structural));
    this.list = new VirtualList({
      rowHeight: ROW_HEIGHT,
      role: 'treegrid',
      label: options.label,
      renderRow: (i, row) => this.renderRow(i, row),
      onSelect: (i) => this.notifySelect(i),
      onActivate: (i, event) => {
        if (event && (event.target as HTMLElement).closest('.rl-twistie')) return; // two clicks on it toggled
        if (event && this.options.onInspect) this.inspect(i);
        else this.activate(i);
      },
      onKey: (e, i) => this.onKey(e, i),
      onRange: (first, last) => this.requestRange(first, last),
    });
    this.header = el('div', { className: 'rl-grid-header', role: 'row' });
    this.header.style.gridTemplateColumns = this.template;
    this.empty = el('div', { className: 'rl-empty', role: 'status' });
    this.element = el('div', { className: 'rl-grid' }, this.header, this.list.element, this.empty);
    this.renderHeader();
    if (options.menu)
      this.list.element.addEventListener('contextmenu', (e) => {
        const index = this.list.indexOfEvent(e);
        if (index < 0) return;
        e.preventDefault();
        this.list.select(index, false);
        this.openMenu(index, e.clientX, e.clientY);
      });
  }

  get selectedNode(): TreeNode<T> | null {
    return this.model.rows[this.list.selected]?.node ?? null;
  }

  reload(): void {
    this.model.reset();
    this.list.setCount(0);
    this.updateEmpty();
  }

  /**
   * Shows the same rows with fresh data (e.g. retained sizes that arrived) without emptying the grid: the new
   * tree loads off-screen, then replaces the shown one with the same rows expanded, the same object selected (at
   * the same height in view, without telling the owner again: it is the same object) and the focus where it was.
   * `prepare` loads what else must be there (the selected row's page when its position changed).
   */
  async reloadInPlace(key: (item: T) => string, prepare?: (root: TreeNode<T>) => Promise<void>): Promise<void> {
    const fresh = await this.model.loadAgain(key, prepare);
    if (!fresh) return;
    const pathOf = (node: TreeNode<T>): string => {
      const keys: string[] = [];
      for (let n: TreeNode<T> | null = node; n && n.item !== null; n = n.parent) keys.push(key(n.item));
      return keys.join('\u0000');
    };
    const before = this.list.selected;
    const selected = this.selectedNode;
    const wanted = selected ? pathOf(selected) : undefined;
    const offset = before >= 0 ? this.list.offsetInView(before) : undefined;
    const scrollTop = this.list.scrollTop;
    this.swapping = true;
    try {
      this.model.swap(fresh, key);
    } finally {
      this.swapping = false;
    }
    const index = wanted === undefined ? -1 : this.model.rows.findIndex((r) => r.node && pathOf(r.node) === wanted);
    if (index >= 0) {
      this.announced = this.model.rows[index].node!;
      this.list.select(index, false);
      this.list.placeInView(index, offset ?? 0);
    } else {
      // The same place stays in view. A selected object that is not among the loaded rows any more is not
      // highlighted (another row in its place would contradict the details); a placeholder stays, and is
      // announced once its page comes.
      if (selected) this.list.deselect();
      this.list.scrollTop = scrollTop;
    }
    this.updateEmpty();
  }

  setSort(sort: Sort): void {
    this.sort = sort;
    this.renderHeader();
  }

  focus(): void {
    this.list.focus();
  }

  /** Selects the first row whose item matches, loading nothing new. */
  selectWhere(match: (item: T) => boolean): boolean {
    const index = this.model.rows.findIndex((r) => r.node?.item != null && match(r.node.item));
    if (index >= 0) this.list.select(index);
    return index >= 0;
  }

  private renderHeader(): void {
    clear(this.header);
    for (const c of this.options.columns) {
      const sorted = this.sort && c.sortKey === this.sort.key;
      const cell = el(
        'div',
        {
          className: `rl-header-cell ${c.align === 'right' ? 'right' : ''} ${c.sortKey ? 'sortable' : ''}`,
          role: 'columnheader',
          title: c.title ?? c.label,
        },
        el('span', { className: 'rl-header-label' }, c.label),
        sorted ? icon(this.sort!.ascending ? 'arrow-up' : 'arrow-down') : null,
      );
      if (sorted) cell.setAttribute('aria-sort', this.sort!.ascending ? 'ascending' : 'descending');
      if (c.sortKey) {
        cell.tabIndex = 0;
        const toggle = (): void => {
          const ascending = sorted ? !this.sort!.ascending : c.sortKey === 'name' || c.sortKey === 'distance';
          this.sort = { key: c.sortKey!, ascending };
          this.renderHeader();
          this.options.onSort?.(this.sort);
        };
        cell.addEventListener('click', toggle);
        cell.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            toggle();
          }
        });
      }
      this.header.appendChild(cell);
    }
  }

  private onModelChange(structural: boolean): void {
    if (this.swapping) {
      // reloadInPlace selects the same object itself once the rows are in.
      this.list.setCount(this.model.rows.length);
      return;
    }
    if (structural) {
      const selected = this.selectedNode;
      this.list.setCount(this.model.rows.length);
      if (selected) {
        const index = this.model.indexOf(selected);
        if (index >= 0 && index !== this.list.selected) this.list.select(index, false);
      }
    } else {
      this.list.refresh();
    }
    // The selected row was a placeholder (→ then ↓ before the page came): it is an object now; say so, or the
    // details would keep showing the previous selection under a highlighted row.
    const selected = this.selectedNode;
    if (selected && selected !== this.announced) this.notifySelect(this.list.selected);
    this.updateEmpty();
  }

  private updateEmpty(): void {
    const root = this.model.root;
    const loading = !root.error && root.total < 0 && root.loading.size > 0;
    const text = root.error
      ? `Error: ${root.error}`
      : loading
        ? (this.options.loadingText ?? 'Loading…')
        : root.total === 0
          ? typeof this.options.emptyText === 'function'
            ? this.options.emptyText()
            : (this.options.emptyText ?? 'Nothing to show.')
          : '';
    this.empty.textContent = text;
    if (loading) this.empty.prepend(icon('loading', 'Loading'));
    this.empty.classList.toggle('rl-busy', loading);
    this.element.setAttribute('aria-busy', String(loading));
    this.empty.hidden = !text;
  }

  private renderRow(index: number, row: HTMLElement): void {
    const flat = this.model.rows[index];
    clear(row);
    row.style.gridTemplateColumns = this.template;
    if (!flat) return;
    row.setAttribute('role', 'row');
    row.setAttribute('aria-level', String(flat.depth + 1));
    const node = flat.node;
    const expandable = !!node && this.model.hasChildren(node);
    if (expandable) row.setAttribute('aria-expanded', String(node.expanded));
    else row.removeAttribute('aria-expanded');
    if (!node) {
      const text = flat.parent.error ? `Error: ${flat.parent.error}` : 'Loading…';
      row.appendChild(el('div', { className: 'rl-cell rl-placeholder', role: 'gridcell' }, indent(flat.depth), text));
      return;
    }
    const item = node.item as T;
    this.options.columns.forEach((c, i) => {
      const cell = el('div', { className: `rl-cell ${c.align === 'right' ? 'right' : ''}`, role: 'gridcell' });
      const tip = c.cellTitle?.(item);
      if (tip) cell.title = tip;
      if (i === 0) {
        cell.classList.add('rl-tree-cell');
        cell.appendChild(indent(flat.depth));
        const twistie = el(
          'span',
          { className: 'rl-twistie' },
          expandable ? icon(node.expanded ? 'chevron-down' : 'chevron-right') : null,
        );
        twistie.addEventListener('click', (e) => {
          e.stopPropagation();
          this.list.select(index, false);
          this.toggle(node);
        });
        cell.appendChild(twistie);
      }
      const content = c.render(item, flat);
      cell.appendChild(typeof content === 'string' ? document.createTextNode(content) : content);
      row.appendChild(cell);
    });
  }

  private notifySelect(index: number): void {
    const node = this.model.rows[index]?.node ?? null;
    if (node && node === this.announced) return;
    this.announced = node;
    this.options.onSelect?.((node?.item as T) ?? null, node);
  }

  private inspect(index: number): void {
    const node = this.model.rows[index]?.node;
    if (node) this.options.onInspect?.(node.item as T, node);
  }

  /** The context menu of row `index`, at the pointer or (from the keyboard) under the row. */
  private openMenu(index: number, x?: number, y?: number): boolean {
    const node = this.model.rows[index]?.node;
    const items = node && this.options.menu?.(node.item as T, node);
    if (!node || !items?.length) return false;
    if (x === undefined || y === undefined) {
      const box = (this.list.rowElement(index) ?? this.list.element).getBoundingClientRect();
      x = box.left + 24;
      y = box.bottom;
    }
    showContextMenu(x, y, items, this.list.element);
    return true;
  }

  private activate(index: number): void {
    const node = this.model.rows[index]?.node;
    if (!node) return;
    if (this.model.hasChildren(node)) this.toggle(node);
    else this.options.onActivate?.(node.item as T, node);
  }

  /**
   * Fetches pages for placeholder rows once scrolling pauses: a fling across 100,000 rows should not queue
   * a page request for every screenful it passed.
   */
  private requestRange(first: number, last: number): void {
    clearTimeout(this.rangeTimer);
    this.rangeTimer = window.setTimeout(() => this.model.ensureRange(first, last), 40);
  }

  private toggle(node: TreeNode<T>, expand = !node.expanded): void {
    const before = node.expanded;
    this.model.toggle(node, expand);
    if (node.expanded !== before) this.options.onToggle?.(node.item as T, node.expanded);
  }

  private onKey(e: KeyboardEvent, index: number): boolean {
    const flat = this.model.rows[index];
    const node = flat?.node;
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) return this.openMenu(index);
    if (e.altKey || e.ctrlKey || e.metaKey) {
      if (e.key !== 'Enter' || !this.options.onInspect || !node) return false;
      this.inspect(index);
      return true;
    }
    switch (e.key) {
      case 'Enter':
        this.activate(index);
        return true;
      case 'ArrowRight':
        if (!node || !this.model.hasChildren(node)) return true;
        if (!node.expanded) this.toggle(node, true);
        else if (index + 1 < this.model.rows.length) this.list.select(index + 1);
        return true;
      case 'ArrowLeft':
        if (node?.expanded) this.toggle(node, false);
        else if (flat && flat.parent.item !== null) {
          const parentIndex = this.model.indexOf(flat.parent);
          if (parentIndex >= 0) this.list.select(parentIndex);
        }
        return true;
      case 'Escape':
        this.options.onEscape?.();
        return !!this.options.onEscape;
      default:
        return false;
    }
  }
}

function indent(depth: number): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = 'rl-indent';
  span.style.width = `${Math.max(0, depth) * 16}px`;
  return span;
}
