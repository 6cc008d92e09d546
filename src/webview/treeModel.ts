// A lazily loaded tree over paged queries. Nothing is fetched until it is in view: each expanded node knows
// its children's total (from the first page) and holds only the pages that were scrolled past. The tree is
// flattened into rows for the virtual list; an unloaded row is a placeholder that asks for its page.

export const PAGE_SIZE = 100;

export interface PageOf<T> {
  total: number;
  offset: number;
  items: T[];
}

export interface TreeSource<T> {
  /**
   * Children of `parent` (null: the top level). `signal` aborts when the tree is reset (a new selection, sort or
   * filter): pass it to the request so the worker drops work nobody will see.
   */
  fetch(parent: T | null, offset: number, limit: number, signal: AbortSignal): Promise<PageOf<T>>;
  /** Whether `node` (holding `item`) can be expanded; `node.parent` gives its ancestors. */
  hasChildren(item: T, node: TreeNode<T>): boolean;
}

export class TreeNode<T> {
  expanded = false;
  /** Children's total; -1 until the first page arrives. */
  total = -1;
  children: (TreeNode<T> | undefined)[] = [];
  error?: string;
  /** Pages being fetched, by offset. */
  readonly loading = new Map<number, Promise<void>>();
  constructor(
    readonly item: T | null,
    readonly depth: number,
    readonly parent: TreeNode<T> | null,
  ) {}
}

export interface FlatRow<T> {
  parent: TreeNode<T>;
  /** Index among the parent's children. */
  index: number;
  /** Absent while the page holding it loads (or after an error). */
  node?: TreeNode<T>;
  depth: number;
}

export class TreeModel<T> {
  root: TreeNode<T> = new TreeNode<T>(null, -1, null);
  rows: FlatRow<T>[] = [];
  private generation = 0;
  private controller = new AbortController();

  constructor(
    private readonly source: TreeSource<T>,
    private readonly onChange: (structural: boolean) => void,
  ) {}

  /** Drops everything and loads the top level again (new sort, filter or snapshot). */
  reset(): void {
    this.generation++;
    this.controller.abort();
    this.controller = new AbortController();
    this.root = new TreeNode<T>(null, -1, null);
    this.root.expanded = true;
    this.rows = [];
    void this.loadPage(this.root, 0);
  }

  /**
   * Loads the tree again off-screen: the same pages of the same expanded nodes (matched by `key`), then
   * `prepare` for anything else the caller needs loaded (e.g. the page holding the selected object). Nothing on
   * screen changes meanwhile; `swap` puts the result in. Undefined when a reset overtook it.
   */
  async loadAgain(
    key: (item: T) => string,
    prepare?: (root: TreeNode<T>) => Promise<void>,
  ): Promise<TreeNode<T> | undefined> {
    const generation = this.generation;
    const fresh = new TreeNode<T>(null, -1, null);
    fresh.expanded = true;
    const copy = async (from: TreeNode<T>, to: TreeNode<T>): Promise<void> => {
      const offsets = new Set<number>([0]);
      from.children.forEach((child, i) => {
        if (child) offsets.add(Math.floor(i / PAGE_SIZE) * PAGE_SIZE);
      });
      await Promise.all([...offsets].map((offset) => this.loadPage(to, offset)));
      if (generation !== this.generation) return;
      const expanded = new Map<string, TreeNode<T>>();
      for (const child of from.children)
        if (child?.expanded && child.item !== null) expanded.set(key(child.item), child);
      await Promise.all(
        to.children.map((child) => {
          const old = child?.item != null ? expanded.get(key(child.item)) : undefined;
          if (!child || !old) return undefined;
          child.expanded = true;
          return copy(old, child);
        }),
      );
    };
    await copy(this.root, fresh);
    if (generation === this.generation) await prepare?.(fresh);
    return generation === this.generation ? fresh : undefined;
  }

  /**
   * Puts a tree from `loadAgain` on screen, expanded as the shown one is now (the user may have expanded or
   * collapsed rows while it loaded); a newly expanded node loads its first page.
   */
  swap(fresh: TreeNode<T>, key: (item: T) => string): void {
    const expanded = new Set<string>();
    const collect = (node: TreeNode<T>, path: string): void => {
      for (const child of node.children) {
        if (!child?.expanded || child.item === null) continue;
        const at = `${path}\u0000${key(child.item)}`;
        expanded.add(at);
        collect(child, at);
      }
    };
    collect(this.root, '');
    const apply = (node: TreeNode<T>, path: string): void => {
      for (const child of node.children) {
        if (!child || child.item === null) continue;
        const at = `${path}\u0000${key(child.item)}`;
        child.expanded = expanded.has(at) && this.source.hasChildren(child.item, child);
        if (child.expanded && child.total < 0) void this.loadPage(child, 0);
        apply(child, at);
      }
    };
    apply(fresh, '');
    this.root = fresh;
    this.flatten();
  }

  hasChildren(node: TreeNode<T>): boolean {
    if (node.item === null || (node.expanded && node.total === 0 && !node.error)) return false;
    return this.source.hasChildren(node.item, node);
  }

  /** Expands `node` and resolves once its first page is in the tree. */
  async expand(node: TreeNode<T>): Promise<void> {
    this.toggle(node, true);
    if (node.expanded && node.total < 0) await this.loadPage(node, 0);
  }

  toggle(node: TreeNode<T>, expand = !node.expanded): void {
    if (!this.hasChildren(node) || node.expanded === expand) return;
    node.expanded = expand;
    if (expand && node.total < 0) void this.loadPage(node, 0);
    this.flatten();
  }

  /** Asks for the pages behind any placeholder rows in [first, last]. */
  ensureRange(first: number, last: number): void {
    for (let i = first; i <= last && i < this.rows.length; i++) {
      const row = this.rows[i];
      if (!row.node && !row.parent.error) void this.loadPage(row.parent, Math.floor(row.index / PAGE_SIZE) * PAGE_SIZE);
    }
  }

  /** Loads one page of `node`'s children; resolves when it is in the tree. */
  async loadPage(node: TreeNode<T>, offset: number): Promise<void> {
    if (node.children[offset]) return;
    const running = node.loading.get(offset);
    if (running) return running;
    const done = this.fetchPage(node, offset);
    node.loading.set(offset, done);
    return done;
  }

  private async fetchPage(node: TreeNode<T>, offset: number): Promise<void> {
    const generation = this.generation;
    const structural = node.total < 0;
    try {
      const page = await this.source.fetch(node.item, offset, PAGE_SIZE, this.controller.signal);
      if (generation !== this.generation) return;
      node.total = page.total;
      node.error = undefined;
      page.items.forEach((item, i) => {
        node.children[page.offset + i] = new TreeNode(item, node.depth + 1, node);
      });
    } catch (error) {
      if (generation !== this.generation) return;
      node.error = error instanceof Error ? error.message : String(error);
      if (node.total < 0) node.total = 0;
    } finally {
      node.loading.delete(offset);
    }
    // A page of a tree still loading off-screen (loadAgain) changes nothing on screen.
    if (!this.isShown(node)) return;
    if (structural) this.flatten();
    else {
      for (const row of this.rows) if (row.parent === node && !row.node) row.node = node.children[row.index];
      this.onChange(false);
    }
  }

  /** Rebuilds the flat row list from the expanded nodes. */
  flatten(): void {
    const rows: FlatRow<T>[] = [];
    const visit = (parent: TreeNode<T>): void => {
      // A pending first page shows one "Loading…" row; a failed one shows its error in one row.
      const failed = parent.error !== undefined && parent.total === 0 && parent !== this.root;
      const count = parent.total < 0 ? (parent.loading.size > 0 ? 1 : 0) : failed ? 1 : parent.total;
      for (let i = 0; i < count; i++) {
        const node = parent.children[i];
        rows.push({ parent, index: i, node, depth: parent.depth + 1 });
        if (node?.expanded) visit(node);
      }
    };
    visit(this.root);
    this.rows = rows;
    this.onChange(true);
  }

  private isShown(node: TreeNode<T>): boolean {
    let top = node;
    while (top.parent) top = top.parent;
    return top === this.root;
  }

  indexOf(node: TreeNode<T>): number {
    return this.rows.findIndex((r) => r.node === node);
  }
}
