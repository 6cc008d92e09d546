// Leaks: objects allocated between a baseline and a target snapshot that are still alive in the final one,
// grouped by the shape of their retainer path and ranked by retained size; a group expands into sample
// objects to inspect. Below, collections (Map, Set, Array) that grew in every snapshot.
import type { GrowingCollection, MappedFrame, NodeRow, TriageGroup } from '../../service/protocol';
import { nodeColumns, nodeLabel } from '../cells';
import type { AppContext, View } from '../context';
import { button, clear, el, textSpan } from '../dom';
import { formatBytes, formatCount, exactBytes } from '../../common/units';
import type { SnapshotRole, SnapshotState } from '../../explorer/messages';
import { frameLabel, frameTitle } from '../frames';
import { TreeGrid } from '../treeGrid';

type Item = { kind: 'group'; row: TriageGroup } | { kind: 'node'; row: NodeRow };

/**
 * Where a group was allocated (snapshots recorded with allocation stacks): the first frame of its most frequent
 * stack that is in the workspace, else the allocating function.
 */
function groupFrame(row: TriageGroup): MappedFrame | undefined {
  const frames = row.allocation?.frames as MappedFrame[] | undefined;
  return frames?.find((f) => f.source) ?? frames?.[0];
}
const ROLES: SnapshotRole[] = ['baseline', 'target', 'final'];

export class LeaksView implements View {
  readonly element: HTMLElement;
  private readonly grid: TreeGrid<Item>;
  private readonly callout = el('div', { className: 'rl-callout' });
  private readonly heading = el('span', { className: 'rl-subtitle' });
  private readonly toolbar: HTMLDivElement;
  private readonly growth = el('div', { className: 'rl-growth' });
  private loadedFor = '';

  constructor(private readonly ctx: AppContext) {
    const sizes = nodeColumns<Item>(
      (item) =>
        item.kind === 'group'
          ? { distance: null, shallowSize: item.row.shallowSize, retainedSize: item.row.retainedSize }
          : item.row,
      false,
    );
    this.grid = new TreeGrid<Item>({
      label: 'Leak groups',
      columns: [
        {
          id: 'trace',
          label: 'Retained through',
          width: 'minmax(260px, 1fr)',
          render: (item) =>
            item.kind === 'node'
              ? nodeLabel(item.row)
              : el(
                  'span',
                  { className: 'rl-name' },
                  textSpan(item.row.className, 'rl-class', 60),
                  el('span', { className: 'rl-muted' }, ' ← '),
                  textSpan(item.row.trace, 'rl-edge', 160),
                ),
          cellTitle: (item) => (item.kind === 'group' ? `Example: ${item.row.examplePath.slice(0, 1000)}` : undefined),
        },
        {
          id: 'allocated',
          label: 'Allocated in',
          width: 'minmax(160px, 0.5fr)',
          render: (item) => {
            const frame = item.kind === 'group' ? groupFrame(item.row) : undefined;
            return frame ? frameLabel(frame, ctx.rpc, this.handles()!.final) : '';
          },
          cellTitle: (item) => {
            const a = item.kind === 'group' ? item.row.allocation : undefined;
            if (!a) return undefined;
            const stack = (a.frames as MappedFrame[]).slice(0, 12).map(frameTitle).join('\n← ');
            return `${a.count} of ${a.of} sampled objects have this stack (a frame is a function, not the allocating statement):\n${stack}`;
          },
        },
        {
          id: 'count',
          label: 'Count',
          width: '70px',
          align: 'right',
          render: (item) => (item.kind === 'group' ? formatCount(item.row.count) : ''),
        },
        sizes[1],
        sizes[2],
      ],
      source: {
        fetch: (parent, offset, limit) =>
          parent ? this.fetchSamples(parent, offset, limit) : this.fetchGroups(offset, limit),
        hasChildren: (item) => item.kind === 'group' && item.row.sampleIds.length > 0,
      },
      onSelect: (item) => {
        if (item?.kind === 'node') ctx.select(item.row, this.handles()!.final);
      },
      onActivate: () => ctx.focusDetails(),
      emptyText: 'No objects allocated between the baseline and the target survive in the final snapshot.',
    });
    this.toolbar = el(
      'div',
      { className: 'rl-toolbar' },
      this.heading,
      button(
        'Choose others…',
        'folder-opened',
        () => ctx.rpc.send({ host: 'pickLeaks' }),
        'Pick a different baseline, target and final',
      ),
      button(
        'Export report',
        'export',
        () => ctx.rpc.send({ host: 'exportReport' }),
        'Save this triage as a Markdown report',
      ),
    );
    this.element = el(
      'section',
      { className: 'rl-view', attrs: { 'aria-label': 'Leaks' } },
      this.callout,
      this.toolbar,
      this.grid.element,
      this.growth,
    );
  }

  show(): void {
    const snapshots = this.ctx.snapshots();
    const states = ROLES.map((r) => snapshots[r]);
    const ready = states.every((s) => s?.phase === 'ready');
    this.callout.hidden = ready;
    this.toolbar.hidden = !ready;
    this.grid.element.hidden = !ready;
    this.growth.hidden = !ready;
    if (!ready) {
      this.renderCallout(states);
      return;
    }
    const key = ROLES.map((r) => snapshots[r]!.handle).join('\u0000');
    if (key === this.loadedFor) return;
    this.loadedFor = key;
    clear(this.heading);
    this.heading.append(
      'Allocated after ',
      textSpan(states[0]!.label, 'rl-class', 40),
      ', alive in ',
      textSpan(states[1]!.label, 'rl-class', 40),
      ' and still in ',
      textSpan(states[2]!.label, 'rl-class', 40),
    );
    this.grid.reload();
  }

  focus(): void {
    this.grid.focus();
  }

  snapshotsChanged(): void {
    if (!this.element.hidden) this.show();
  }

  private handles(): { baseline: string; target: string; final: string } | null {
    const s = this.ctx.snapshots();
    if (!s.baseline || !s.target || !s.final) return null;
    return { baseline: s.baseline.handle, target: s.target.handle, final: s.final.handle };
  }

  private async fetchGroups(offset: number, limit: number) {
    const result = await this.ctx.rpc.request('leaks', { ...this.handles()!, offset, limit });
    if (offset === 0) {
      this.heading.append(
        ` — ${formatCount(result.leaks.suspects)} suspects in ${formatCount(result.leaks.groups.total)} groups`,
      );
      this.renderGrowth(result.growth.items, result.growth.total);
    }
    return { ...result.leaks.groups, items: result.leaks.groups.items.map((row): Item => ({ kind: 'group', row })) };
  }

  private async fetchSamples(parent: Item, offset: number, limit: number) {
    const ids = (parent.row as TriageGroup).sampleIds.slice(offset, offset + limit);
    const final = this.handles()!.final;
    const rows = await Promise.all(ids.map((id) => this.ctx.rpc.request('node', { snapshot: final, id })));
    return {
      total: (parent.row as TriageGroup).sampleIds.length,
      offset,
      items: rows.map((row): Item => ({ kind: 'node', row })),
    };
  }

  private renderGrowth(items: GrowingCollection[], total: number): void {
    clear(this.growth);
    if (total === 0) return;
    this.growth.append(
      el(
        'div',
        { className: 'rl-toolbar' },
        el('span', { className: 'rl-title' }, 'Growing collections'),
        el('span', { className: 'rl-subtitle' }, `${formatCount(total)} grew in every snapshot`),
      ),
    );
    for (const c of items.slice(0, 20)) {
      const row = el(
        'button',
        { className: 'rl-growth-row', attrs: { type: 'button' }, title: c.retainedSizes.map(exactBytes).join(' → ') },
        textSpan(c.className, 'rl-class', 40),
        el('span', { className: 'rl-id' }, ` @${c.id} `),
        el('span', { className: 'rl-muted' }, c.retainedSizes.map(formatBytes).join(' → ')),
        el('span', { className: 'rl-positive' }, ` (+${formatBytes(c.growth)})`),
      );
      row.addEventListener('click', () => {
        const final = this.handles()!.final;
        void this.ctx.rpc.request('node', { snapshot: final, id: c.id }).then((node) => this.ctx.select(node, final));
      });
      this.growth.append(row);
    }
  }

  private renderCallout(states: (SnapshotState | undefined)[]): void {
    clear(this.callout);
    const loading = states.filter((s) => s?.phase === 'loading');
    const failed = states.filter((s) => s?.phase === 'error');
    if (loading.length)
      this.callout.append(
        el(
          'p',
          {},
          `Loading ${loading
            .map((s) => s!.label)
            .join(', ')
            .slice(0, 300)}…`,
        ),
      );
    for (const s of failed)
      this.callout.append(
        el('p', { className: 'rl-error' }, textSpan(`Could not open ${s!.label}: ${s!.error}`, undefined, 400)),
      );
    if (loading.length) return;
    const pick = button('Choose baseline, target and final…', 'folder-opened', () =>
      this.ctx.rpc.send({ host: 'pickLeaks' }),
    );
    pick.classList.add('primary');
    this.callout.append(
      el(
        'p',
        {},
        'Take a baseline snapshot, run the action you suspect of leaking, take a target snapshot, undo the action (or repeat it), and take a final one. Objects made during the action that are still alive at the end are ranked here by what they retain, grouped by the path that holds them.',
      ),
      pick,
    );
  }
}
