// A virtualized list: only the rows in view (plus a little overscan) exist in the DOM, recycled as the list
// scrolls, so 100,000 rows cost the same as 30. Past the browser's element height limit, scroll positions are
// scaled so millions of rows still fit. Keyboard: arrows, Page Up/Down, Home/End; the owner handles the rest.

const MAX_SCROLL_HEIGHT = 8_000_000;
const OVERSCAN = 8;

export interface VirtualListOptions {
  rowHeight: number;
  /** Accessible role of the container ('tree', 'grid', 'listbox'). */
  role: string;
  label: string;
  /** Fills a recycled row element for index `index`. */
  renderRow(index: number, row: HTMLElement): void;
  onSelect?(index: number): void;
  /** Enter (through onKey's owner) or a double-click, with the event that caused it. */
  onActivate?(index: number, event?: MouseEvent): void;
  /** Keys the list does not handle itself (Enter, Left, Right, Escape…); return true when handled. */
  onKey?(event: KeyboardEvent, index: number): boolean;
  /** Called after rendering with the visible range, e.g. to request pages. */
  onRange?(first: number, last: number): void;
}

let nextListId = 0;

export class VirtualList {
  readonly element: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly rows: HTMLDivElement[] = [];
  private readonly id = `rl-list-${nextListId++}`;
  private count = 0;
  private selectedIndex = -1;
  private frame = 0;

  constructor(private readonly options: VirtualListOptions) {
    this.element = document.createElement('div');
    this.element.className = 'rl-list';
    this.element.tabIndex = 0;
    this.element.setAttribute('role', options.role);
    this.element.setAttribute('aria-label', options.label);
    this.spacer = document.createElement('div');
    this.spacer.className = 'rl-list-spacer';
    this.element.appendChild(this.spacer);
    this.element.addEventListener('scroll', () => this.schedule());
    this.element.addEventListener('keydown', (e) => this.onKeyDown(e));
    // A double-click is the second click (detail 2): selecting re-renders the row's cells, so the browser's own
    // dblclick would not fire when the two clicks land on different (re-created) elements.
    this.element.addEventListener('click', (e) => this.onClick(e));
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  get length(): number {
    return this.count;
  }

  get selected(): number {
    return this.selectedIndex;
  }

  setCount(count: number): void {
    this.count = count;
    if (this.selectedIndex >= count) this.selectedIndex = count - 1;
    this.spacer.style.height = `${Math.min(count * this.options.rowHeight, MAX_SCROLL_HEIGHT)}px`;
    this.render();
  }

  /** Re-renders the rows in view (after data for them arrived). */
  refresh(): void {
    this.schedule();
  }

  select(index: number, reveal = true): void {
    if (this.count === 0) return;
    const clamped = Math.max(0, Math.min(this.count - 1, index));
    const changed = clamped !== this.selectedIndex;
    this.selectedIndex = clamped;
    if (reveal) this.reveal(clamped);
    this.render();
    if (changed) this.options.onSelect?.(clamped);
  }

  /** No row selected (the owner is not told). */
  deselect(): void {
    this.selectedIndex = -1;
    this.render();
  }

  /** How far below the top of the view row `index` is, in pixels (negative: above it). */
  offsetInView(index: number): number {
    return index * this.options.rowHeight - this.element.scrollTop * this.scale;
  }

  /** Scrolls so that row `index` is `offset` pixels below the top of the view (as offsetInView measured). */
  placeInView(index: number, offset: number): void {
    this.element.scrollTop = Math.max(0, (index * this.options.rowHeight - offset) / this.scale);
    this.render();
  }

  focus(): void {
    this.element.focus({ preventScroll: true });
  }

  get scrollTop(): number {
    return this.element.scrollTop;
  }

  set scrollTop(value: number) {
    this.element.scrollTop = value;
    this.render();
  }

  private get scale(): number {
    const full = this.count * this.options.rowHeight;
    const view = this.element.clientHeight;
    if (full <= MAX_SCROLL_HEIGHT || full <= view) return 1;
    return (full - view) / (MAX_SCROLL_HEIGHT - view);
  }

  /** Scrolls just enough to show row `index`. */
  reveal(index: number): void {
    const h = this.options.rowHeight;
    const view = this.element.clientHeight;
    const scale = this.scale;
    const top = this.element.scrollTop * scale;
    const rowTop = index * h;
    if (rowTop < top) this.element.scrollTop = rowTop / scale;
    else if (rowTop + h > top + view) this.element.scrollTop = (rowTop + h - view) / scale;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const h = this.options.rowHeight;
    const scrollTop = this.element.scrollTop;
    const virtualTop = scrollTop * this.scale;
    const view = this.element.clientHeight || h * 20;
    const first = Math.max(0, Math.floor(virtualTop / h) - OVERSCAN);
    const last = Math.min(this.count - 1, Math.ceil((virtualTop + view) / h) + OVERSCAN);
    const needed = Math.max(0, last - first + 1);
    while (this.rows.length < needed) {
      const row = document.createElement('div');
      row.className = 'rl-row';
      this.rows.push(row);
      this.element.appendChild(row);
    }
    let activeId = '';
    this.rows.forEach((row, slot) => {
      const index = first + slot;
      if (slot >= needed) {
        row.hidden = true;
        return;
      }
      row.hidden = false;
      row.dataset.index = String(index);
      row.id = `${this.id}-${slot}`;
      row.style.transform = `translateY(${scrollTop + index * h - virtualTop}px)`;
      const selected = index === this.selectedIndex;
      row.classList.toggle('selected', selected);
      row.setAttribute('aria-selected', String(selected));
      if (selected) activeId = row.id;
      this.options.renderRow(index, row);
    });
    if (activeId) this.element.setAttribute('aria-activedescendant', activeId);
    else this.element.removeAttribute('aria-activedescendant');
    if (needed > 0) this.options.onRange?.(first, last);
  }

  /** The row index an event happened on, -1 when none. */
  indexOfEvent(e: Event): number {
    let row = (e.target as HTMLElement).closest<HTMLElement>('.rl-row');
    // A click re-renders the row's cells: the second click of a double-click may name a cell that is gone.
    if ((!row || !this.element.contains(row)) && e instanceof MouseEvent)
      row = document.elementFromPoint(e.clientX, e.clientY)?.closest<HTMLElement>('.rl-row') ?? null;
    return row && this.element.contains(row) ? Number(row.dataset.index) : -1;
  }

  private onClick(e: MouseEvent): void {
    const index = this.indexOfEvent(e);
    if (index < 0) return;
    this.select(index, false);
    if (e.detail === 2) this.options.onActivate?.(index, e);
  }

  /** The rendered element of row `index`, when it is in view. */
  rowElement(index: number): HTMLElement | undefined {
    return this.rows.find((r) => !r.hidden && r.dataset.index === String(index));
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey) {
      // Modified keys are the owner's (Ctrl+Enter inspects); the list moves only on plain ones.
      if (this.options.onKey?.(e, this.selectedIndex)) e.preventDefault();
      return;
    }
    const page = Math.max(1, Math.floor(this.element.clientHeight / this.options.rowHeight) - 1);
    const current = this.selectedIndex;
    let next: number;
    switch (e.key) {
      case 'ArrowDown':
        next = current + 1;
        break;
      case 'ArrowUp':
        next = current < 0 ? 0 : current - 1;
        break;
      case 'PageDown':
        next = current + page;
        break;
      case 'PageUp':
        next = current - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = this.count - 1;
        break;
      default:
        if (this.options.onKey?.(e, current)) e.preventDefault();
        return;
    }
    e.preventDefault();
    this.select(next);
  }
}
