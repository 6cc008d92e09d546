// Allocations: where the live objects of a snapshot recorded with allocation stacks were allocated. Three
// groupings of the same objects: per allocating function (sites: the innermost frame with a script), the
// bottom-up tree (a function, then its callers) and the top-down call tree. Every row counts its live objects,
// their shallow size and their retained size counted once; a site or tree node expands into its objects (and
// a site into its distinct stacks), and an object selected here shows its retainers and stack below.
// A snapshot without allocation stacks says how to record one.
import type {
  AllocationOverview,
  AllocationSiteRow,
  AllocationSortKey,
  AllocationStackRow,
  AllocationTreeRow,
  MappedFrame,
  NodeRow,
} from '../../service/protocol';
import { exactBytes, formatBytes, formatCount } from '../../common/units';
import { nodeLabel, sizeCell } from '../cells';
import type { AppContext, View } from '../context';
import { clear, el, textSpan } from '../dom';
import { withMarks } from '../findingMarks';
import { frameLabel } from '../frames';
import { TreeGrid, type Sort } from '../treeGrid';
import type { AllocationMode } from '../vscodeApi';

type SiteRow = Omit<AllocationSiteRow, 'frame'> & { frame: MappedFrame };
type TreeRow = Omit<AllocationTreeRow, 'frame'> & { frame: MappedFrame };
type StackRow = Omit<AllocationStackRow, 'frames'> & { frames: MappedFrame[] };
type Group = 'bottom-up' | 'top-down' | 'stack';

type Item =
  | { kind: 'site'; row: SiteRow }
  | { kind: 'tree'; row: TreeRow; direction: 'bottom-up' | 'top-down' }
  /** A heading row under a site or tree node: its objects, or its distinct stacks. */
  | { kind: 'folder'; folder: 'objects' | 'stacks'; group: Group; node: number; count: number }
  | { kind: 'stack'; row: StackRow }
  /** One frame of a stack (a caller, further out the deeper). */
  | { kind: 'frame'; frame: MappedFrame; depth: number }
  | { kind: 'node'; row: NodeRow };

const MODES: { id: AllocationMode; label: string; title: string }[] = [
  { id: 'sites', label: 'Sites', title: 'Live objects per allocating function' },
  { id: 'bottom-up', label: 'Bottom-up', title: 'The allocating function, then its callers' },
  { id: 'top-down', label: 'Top-down', title: 'The call tree from the outermost caller' },
];

const SORTS: Record<string, AllocationSortKey> = {
  retainedSize: 'retainedSize',
  shallowSize: 'selfSize',
  count: 'count',
  allocated: 'allocatedCount',
  name: 'name',
};

export class AllocationsView implements View {
  readonly element: HTMLElement;
  private readonly grid: TreeGrid<Item>;
  private readonly callout = el('div', { className: 'rl-callout' });
  private readonly summary = el('span', { className: 'rl-subtitle' });
  private readonly modeButtons = new Map<AllocationMode, HTMLButtonElement>();
  private readonly toolbar: HTMLDivElement;
  private overview?: AllocationOverview;
  private loadedFor = '';

  constructor(private readonly ctx: AppContext) {
    const state = ctx.state.allocations;
    this.grid = new TreeGrid<Item>({
      label: 'Allocation sites',
      columns: [
        {
          id: 'name',
          label: 'Allocated in',
          width: 'minmax(280px, 1fr)',
          sortKey: 'name',
          title: 'The function that allocated (where it starts), not the allocating statement',
          render: (item) => this.label(item),
        },
        {
          id: 'count',
          label: 'Live',
          width: '80px',
          align: 'right',
          sortKey: 'count',
          title: 'Objects still alive',
          render: (item) => (hasTotals(item) ? formatCount(item.row.count) : ''),
        },
        {
          id: 'allocated',
          label: 'Allocated',
          width: '86px',
          align: 'right',
          sortKey: 'allocated',
          title: 'Objects allocated there while recording, alive or not (sites only)',
          render: (item) => (item.kind === 'site' ? formatCount(item.row.allocatedCount) : ''),
        },
        {
          id: 'shallow',
          label: 'Shallow Size',
          width: '110px',
          align: 'right',
          sortKey: 'shallowSize',
          title: 'Bytes the live objects hold themselves',
          render: (item) =>
            item.kind === 'node' ? sizeCell(item.row.shallowSize) : hasTotals(item) ? sizeCell(item.row.selfSize) : '',
        },
        {
          id: 'retained',
          label: 'Retained Size',
          width: '118px',
          align: 'right',
          sortKey: 'retainedSize',
          title:
            'Bytes freed if these objects were collected (an object held by another from the same place counted once)',
          render: (item) => (item.kind === 'node' || hasTotals(item) ? sizeCell(item.row.retainedSize) : ''),
        },
      ],
      source: {
        fetch: (parent, offset, limit) => this.fetch(parent, offset, limit),
        hasChildren: (item) =>
          item.kind === 'site' ||
          item.kind === 'folder' ||
          item.kind === 'stack' ||
          (item.kind === 'tree' && (item.row.children > 0 || item.row.count > 0)),
      },
      sort: state.sort,
      onSort: (sort) => this.sortBy(sort),
      onSelect: (item) => {
        if (item?.kind === 'node') ctx.select(item.row, ctx.main());
      },
      onActivate: (item) => {
        if (item.kind === 'node') ctx.focusDetails();
      },
      emptyText: 'No live object of this snapshot has an allocation stack.',
    });
    // The join maps frames to the workspace (.ts lines): show them once it is done.
    ctx.marks.onChange(() => {
      if (this.loadedFor) this.grid.reload();
    });
    const modes = el('div', { className: 'rl-segmented', role: 'radiogroup', attrs: { 'aria-label': 'Group by' } });
    for (const m of MODES) {
      const b = el(
        'button',
        { className: 'rl-segment', title: m.title, role: 'radio', attrs: { type: 'button' } },
        m.label,
      );
      b.addEventListener('click', () => this.setMode(m.id));
      this.modeButtons.set(m.id, b);
      modes.appendChild(b);
    }
    this.toolbar = el('div', { className: 'rl-toolbar' }, modes, this.summary);
    this.element = el(
      'section',
      { className: 'rl-view', attrs: { 'aria-label': 'Allocations' } },
      this.callout,
      this.toolbar,
      this.grid.element,
    );
    this.renderModes();
  }

  show(): void {
    const main = this.ctx.main();
    if (!main || main === this.loadedFor) return;
    void this.load(main);
  }

  focus(): void {
    this.grid.focus();
  }

  snapshotsChanged(): void {
    if (!this.element.hidden) this.show();
  }

  private async load(main: string): Promise<void> {
    this.loadedFor = main;
    try {
      this.overview = await this.ctx.rpc.request('allocationOverview', { snapshot: main });
    } catch (error) {
      this.overview = undefined;
      this.showCallout(
        `Could not read the allocation stacks: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    if (!this.overview.traced) {
      this.showCallout();
      return;
    }
    this.callout.hidden = true;
    this.toolbar.hidden = false;
    this.grid.element.hidden = false;
    this.renderSummary();
    this.grid.reload();
  }

  private showCallout(error?: string): void {
    clear(this.callout);
    this.toolbar.hidden = true;
    this.grid.element.hidden = true;
    this.callout.hidden = false;
    if (error) {
      this.callout.append(el('p', { className: 'rl-error' }, error));
      return;
    }
    this.callout.append(
      el('p', {}, 'This snapshot has no allocation stacks, so it cannot say where its objects were allocated.'),
      el(
        'p',
        {},
        'Record one: run ',
        el('strong', {}, 'Retainer Lens: Record allocations'),
        ' while debugging the program, exercise it, then stop the recording (the status bar shows it). From a terminal: ',
        el('code', {}, 'retainer-lens record 127.0.0.1:9229 -o app.heapsnapshot'),
        '. Chrome DevTools’ “Allocation instrumentation on timeline” recordings (.heaptimeline) have them too.',
      ),
    );
  }

  private renderSummary(): void {
    const o = this.overview;
    if (!o) return;
    clear(this.summary);
    this.summary.append(
      `${formatCount(o.liveCount)} live objects (${formatBytes(o.liveSize)}) from ${formatCount(o.siteCount)} allocating functions`,
      el(
        'span',
        {
          className: 'rl-muted',
          title: `${formatCount(o.untracedCount)} objects (${exactBytes(o.untracedSize)}) were alive before the recording began and have no stack.`,
        },
        ` · ${formatCount(o.untracedCount)} older, without stack`,
      ),
      el('span', { className: 'rl-muted' }, ' · a frame is a function, not the allocating statement'),
    );
  }

  private setMode(mode: AllocationMode): void {
    const state = this.ctx.state.allocations;
    if (state.mode === mode) return;
    state.mode = mode;
    this.ctx.persist();
    this.renderModes();
    if (this.overview?.traced) this.grid.reload();
  }

  private renderModes(): void {
    const mode = this.ctx.state.allocations.mode;
    for (const [id, b] of this.modeButtons) {
      b.classList.toggle('selected', id === mode);
      b.setAttribute('aria-checked', String(id === mode));
    }
  }

  private sortBy(sort: Sort): void {
    this.ctx.state.allocations.sort = sort;
    this.ctx.persist();
    this.grid.reload();
  }

  private get sort(): { sortBy: AllocationSortKey; ascending: boolean } {
    const s = this.ctx.state.allocations.sort;
    return { sortBy: SORTS[s.key] ?? 'retainedSize', ascending: s.ascending };
  }

  private label(item: Item): HTMLElement {
    const { rpc } = this.ctx;
    const main = this.ctx.main();
    switch (item.kind) {
      case 'site':
        return frameLabel(item.row.frame, rpc, main, 'allocated in ');
      case 'tree':
        return frameLabel(item.row.frame, rpc, main);
      case 'folder':
        return el(
          'span',
          { className: 'rl-name rl-muted' },
          item.folder === 'objects'
            ? `${formatCount(item.count)} live ${item.count === 1 ? 'object' : 'objects'}`
            : `${formatCount(item.count)} ${item.count === 1 ? 'stack' : 'stacks'}`,
        );
      case 'stack': {
        const callers = item.row.frames.slice(1, 4).map((f) => f.name || '(anonymous)');
        return el(
          'span',
          { className: 'rl-name', title: item.row.frames.map((f) => f.name || '(anonymous)').join(' ← ') },
          el('span', { className: 'rl-muted' }, 'called from '),
          textSpan(callers.join(' ← ') + (item.row.frames.length > 4 ? ' ← …' : '') || '(top level)', 'rl-edge', 160),
        );
      }
      case 'frame':
        return frameLabel(item.frame, rpc, main, item.depth === 0 ? 'allocated in ' : '← ');
      case 'node':
        return withMarks(nodeLabel(item.row), this.ctx.marks, rpc, main, item.row.id);
    }
  }

  private async fetch(parent: Item | null, offset: number, limit: number) {
    const snapshot = this.ctx.main();
    const mode = this.ctx.state.allocations.mode;
    const sort = this.sort;
    if (parent === null) {
      if (mode === 'sites') {
        const page = await this.ctx.rpc.request('allocationSites', { snapshot, ...sort, offset, limit });
        return { ...page, items: page.items.map((row): Item => ({ kind: 'site', row })) };
      }
      const page = await this.ctx.rpc.request('allocationTree', { snapshot, direction: mode, ...sort, offset, limit });
      return { ...page, items: page.items.map((row): Item => ({ kind: 'tree', row, direction: mode })) };
    }
    switch (parent.kind) {
      case 'site':
        return fixed(
          [
            { kind: 'folder', folder: 'stacks', group: 'stack', node: parent.row.site, count: parent.row.stacks },
            { kind: 'folder', folder: 'objects', group: 'bottom-up', node: parent.row.site, count: parent.row.count },
          ],
          offset,
          limit,
        );
      case 'tree': {
        // The node's objects first (when it has any), then its callers (bottom-up) or callees (top-down).
        const head: Item[] =
          parent.row.count > 0
            ? [
                {
                  kind: 'folder',
                  folder: 'objects',
                  group: parent.direction,
                  node: parent.row.node,
                  count: parent.row.count,
                },
              ]
            : [];
        if (offset < head.length && offset + limit <= head.length) return fixed(head, offset, limit);
        const page = await this.ctx.rpc.request('allocationTree', {
          snapshot,
          direction: parent.direction,
          parent: parent.row.node,
          ...sort,
          offset: Math.max(0, offset - head.length),
          limit,
        });
        const rows = page.items.map((row): Item => ({ kind: 'tree', row, direction: parent.direction }));
        const items = [...head.slice(offset), ...rows].slice(0, limit);
        return { total: page.total + head.length, offset, items };
      }
      case 'folder': {
        if (parent.folder === 'stacks') {
          const page = await this.ctx.rpc.request('allocationStacks', {
            snapshot,
            site: parent.node,
            ...sort,
            offset,
            limit,
          });
          return { ...page, items: page.items.map((row): Item => ({ kind: 'stack', row })) };
        }
        const nodeSort =
          sort.sortBy === 'selfSize' ? 'shallowSize' : sort.sortBy === 'retainedSize' ? 'retainedSize' : 'retainedSize';
        const page = await this.ctx.rpc.request('allocationObjects', {
          snapshot,
          group: parent.group,
          node: parent.node,
          sortBy: nodeSort,
          offset,
          limit,
        });
        return { ...page, items: page.items.map((row): Item => ({ kind: 'node', row })) };
      }
      case 'stack':
        return fixed(
          [
            ...parent.row.frames.map((frame, depth): Item => ({ kind: 'frame', frame, depth })),
            { kind: 'folder', folder: 'objects', group: 'stack', node: parent.row.node, count: parent.row.count },
          ],
          offset,
          limit,
        );
      default:
        return { total: 0, offset, items: [] };
    }
  }
}

function hasTotals(item: Item): item is Extract<Item, { kind: 'site' | 'tree' | 'stack' }> {
  return item.kind === 'site' || item.kind === 'tree' || item.kind === 'stack';
}

function fixed(items: Item[], offset: number, limit: number) {
  return { total: items.length, offset, items: items.slice(offset, offset + limit) };
}
