// Leaks: objects allocated between a baseline and a target snapshot that are still alive in the final one, in
// groups named by what holds them (a variable, a property, a listener, a timer, a Map entry) and ranked by
// the bytes they alone retain. Each group links to its code (through source maps) and, once the snapshot is
// joined with the source, to the static finding there. A group expands into the groups retained through its
// objects, then every one of its objects (paged from the worker). The selected group's path is spelled out
// below, with a legend of the notation; below that, collections that grew in every snapshot. A snapshot recorded
// with allocation stacks also says where each group's objects were allocated ("Allocated in").
import type { GrowingCollectionRow, LeakGroupCode, LeakGroupRow, MappedFrame, NodeRow } from '../../service/protocol';
import { groupTitle, PATH_LEGEND } from '../../common/leakLabels';
import { exactBytes, formatBytes, formatCount } from '../../common/units';
import type { SnapshotRole, SnapshotState } from '../../explorer/messages';
import { nodeColumns, nodeLabel } from '../cells';
import type { AppContext, View } from '../context';
import { button, clear, el, icon, textSpan } from '../dom';
import { displayText } from '../format';
import { frameLabel, frameTitle } from '../frames';
import { TreeGrid } from '../treeGrid';

type Item = { kind: 'group'; row: LeakGroupRow; folded: boolean } | { kind: 'node'; row: NodeRow };
const ROLES: SnapshotRole[] = ['baseline', 'target', 'final'];

/**
 * Where a group was allocated (snapshots recorded with allocation stacks): the first frame of its most frequent
 * stack that is in the workspace, else the allocating function.
 */
function groupFrame(row: LeakGroupRow): MappedFrame | undefined {
  const frames = row.allocation?.frames as MappedFrame[] | undefined;
  return frames?.find((f) => f.source) ?? frames?.[0];
}

/** The tooltip of "Allocated in": how many samples share the stack, and the stack. */
function allocationTitle(row: LeakGroupRow): string | undefined {
  const a = row.allocation;
  if (!a) return undefined;
  const stack = (a.frames as MappedFrame[]).slice(0, 12).map(frameTitle).join('\n← ');
  return displayText(
    `${a.count} of ${a.of} sampled objects have this stack (a frame is a function, not the allocating statement):\n${stack}`,
    1500,
  );
}

/** `ticker.js:29:23` from a script location when the code did not map to a workspace file. */
function scriptPlace(group: LeakGroupRow): string | undefined {
  const loc = group.location;
  if (!loc?.url) return undefined;
  const name = loc.url.replace(/[?#].*$/, '').replace(/^.*[\\/]/, '');
  return `${name}:${loc.line + 1}:${loc.column + 1}`;
}

export class LeaksView implements View {
  readonly element: HTMLElement;
  private readonly grid: TreeGrid<Item>;
  private readonly callout = el('div', { className: 'rl-callout' });
  private readonly heading = el('span', { className: 'rl-subtitle' });
  private readonly toolbar: HTMLDivElement;
  private readonly details = el('div', { className: 'rl-leak-details', attrs: { 'aria-live': 'polite' } });
  private readonly legend: HTMLDetailsElement;
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
          id: 'leak',
          label: 'Leak: what is kept, and what holds it',
          width: 'minmax(300px, 1fr)',
          render: (item) => this.renderLeak(item),
          cellTitle: (item) =>
            item.kind === 'group'
              ? displayText(`${groupTitle(item.row)}\nheld by ${item.row.holder.text}\n${item.row.path}`, 1500)
              : undefined,
        },
        {
          id: 'code',
          label: 'Code',
          width: 'minmax(150px, 0.45fr)',
          title: 'Where the function, the constructor or the holding function is; the static finding there',
          render: (item) =>
            item.kind === 'group' ? this.renderCode(item.row.code, item.row, { group: item.row.id }) : '',
        },
        {
          id: 'allocated',
          label: 'Allocated in',
          width: 'minmax(160px, 0.5fr)',
          render: (item) => {
            const frame = item.kind === 'group' ? groupFrame(item.row) : undefined;
            return frame ? frameLabel(frame, ctx.rpc, this.handles()!.final) : '';
          },
          cellTitle: (item) => (item.kind === 'group' ? allocationTitle(item.row) : undefined),
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
          parent ? this.fetchChildren(parent, offset, limit) : this.fetchGroups(offset, limit),
        hasChildren: (item) => item.kind === 'group' && (item.row.count > 0 || item.row.folded.length > 0),
      },
      onSelect: (item) => {
        if (item?.kind === 'node') this.ctx.select(item.row, this.handles()!.final);
        if (item?.kind === 'group') this.renderDetails(item.row, item.folded);
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
    this.legend = el(
      'details',
      { className: 'rl-legend' },
      el('summary', {}, 'How to read the paths'),
      el('dl', {}, ...PATH_LEGEND.flatMap(([notation, meaning]) => [el('dt', {}, notation), el('dd', {}, meaning)])),
    );
    this.element = el(
      'section',
      { className: 'rl-view', attrs: { 'aria-label': 'Leaks' } },
      this.callout,
      this.toolbar,
      this.grid.element,
      this.details,
      this.legend,
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
    this.details.hidden = !ready;
    this.legend.hidden = !ready;
    this.growth.hidden = !ready;
    if (!ready) {
      this.renderCallout(states);
      return;
    }
    const key = ROLES.map((r) => snapshots[r]!.handle).join('\u0000');
    if (key === this.loadedFor) return;
    this.loadedFor = key;
    clear(this.heading);
    clear(this.details);
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

  private renderLeak(item: Item): Node {
    if (item.kind === 'node') return nodeLabel(item.row);
    const { row } = item;
    return el(
      'span',
      { className: 'rl-name' },
      item.folded
        ? el('span', { className: 'rl-muted', title: 'Retained through the objects of the group above' }, '↳ ')
        : null,
      row.chain ? icon('link', 'a chain') : null,
      textSpan(groupTitle(row), 'rl-class', 120),
      el('span', { className: 'rl-muted' }, ' held by '),
      textSpan(row.holder.text, 'rl-edge', 160),
    );
  }

  /** A "Go to code" link and, once joined, the finding badge; the host resolves both by the group's id. */
  private renderCode(
    code: LeakGroupCode | undefined,
    row: Pick<LeakGroupRow, 'location'> | undefined,
    ref: { group?: number; collection?: number },
  ): Node {
    const span = el('span', { className: 'rl-code' });
    const place = code?.position?.display ?? (row ? scriptPlace(row as LeakGroupRow) : undefined);
    if (place) {
      const link = el(
        'button',
        {
          className: 'rl-code-link',
          title: code?.position
            ? `Go to code: ${displayText(code.position.display, 300)}`
            : `${displayText(place, 300)} (not a file of this workspace)`,
          attrs: { type: 'button', 'data-code': displayText(place, 300) },
        },
        icon('go-to-file'),
        textSpan(place.replace(/^.*[\\/]/, ''), undefined, 60),
      );
      link.tabIndex = -1;
      link.disabled = !code?.position;
      link.addEventListener('click', (e) => {
        e.stopPropagation();
        this.ctx.rpc.send({ host: 'openLeakCode', ...ref, target: 'code' });
      });
      span.append(link);
    }
    const finding = code?.finding;
    if (finding) {
      // Confirmed, so it rises as the diagnostics do (retainerLens.join.confirmedSeverity).
      const severity = this.ctx.marks.severity({ severity: finding.severity, confirmed: finding.message });
      const badge = el(
        'button',
        {
          className: `rl-mark rl-mark-${severity}`,
          title: displayText(`${finding.message}\nClick to open the finding in the editor.`, 1200),
          attrs: {
            type: 'button',
            'data-rule': finding.rule,
            'aria-label': displayText(`${finding.rule} at ${finding.display}, confirmed. Open the finding`, 300),
          },
        },
        icon(severity === 'info' ? 'info' : severity),
        el('span', { className: 'rl-mark-rule' }, displayText(finding.rule, 40)),
      );
      badge.tabIndex = -1;
      badge.addEventListener('click', (e) => {
        e.stopPropagation();
        this.ctx.rpc.send({ host: 'openLeakCode', ...ref, target: 'finding' });
      });
      span.append(badge);
    }
    return span;
  }

  /** The selected group spelled out: holder, code, the whole collapsed path, how many objects. */
  private renderDetails(row: LeakGroupRow, folded: boolean): void {
    clear(this.details);
    const finding = row.code?.finding;
    const allocated = groupFrame(row);
    this.details.append(
      el(
        'div',
        { className: 'rl-leak-title' },
        row.chain ? icon('link', 'a chain') : null,
        textSpan(groupTitle(row), 'rl-class', 200),
        el(
          'span',
          { className: 'rl-muted' },
          ` — ${folded ? 'part of the group above: ' : ''}${formatBytes(row.retainedSize)} retained`,
        ),
      ),
      el('div', {}, el('span', { className: 'rl-muted' }, 'held by '), textSpan(row.holder.text, 'rl-edge', 400)),
      el(
        'div',
        { className: 'rl-leak-path' },
        el('span', { className: 'rl-muted' }, 'path '),
        textSpan(row.path, undefined, 2000),
      ),
      el(
        'div',
        {},
        el('span', { className: 'rl-muted' }, 'code '),
        this.renderCode(row.code, row, { group: row.id }),
        finding ? textSpan(` ${finding.message}`, 'rl-muted', 400) : null,
      ),
      ...(allocated
        ? [
            el(
              'div',
              { title: allocationTitle(row) },
              el('span', { className: 'rl-muted' }, 'allocated in '),
              frameLabel(allocated, this.ctx.rpc, this.handles()!.final),
            ),
          ]
        : []),
      el(
        'div',
        { className: 'rl-muted' },
        `${formatCount(row.count)} object${row.count === 1 ? '' : 's'}: expand the group to list ${row.count === 1 ? 'it' : 'them all'}.`,
      ),
    );
  }

  private async fetchGroups(offset: number, limit: number) {
    const result = await this.ctx.rpc.request('leaks', { ...this.handles()!, offset, limit });
    if (offset === 0) {
      this.heading.append(
        ` — ${formatCount(result.leaks.suspects)} objects in ${formatCount(result.leaks.groups.total)} groups`,
      );
      this.renderGrowth(result.growth.items, result.growth.total);
    }
    return {
      ...result.leaks.groups,
      items: result.leaks.groups.items.map((row): Item => ({ kind: 'group', row, folded: false })),
    };
  }

  /** A group's children: the groups folded under it, then every one of its objects, a page at a time. */
  private async fetchChildren(parent: Item, offset: number, limit: number) {
    if (parent.kind !== 'group') return { total: 0, offset, items: [] };
    const { row } = parent;
    const folded = row.folded.map((f): Item => ({ kind: 'group', row: f, folded: true }));
    const items: Item[] = folded.slice(offset, offset + limit);
    const from = Math.max(0, offset - folded.length);
    const want = limit - items.length;
    if (want > 0 && from < row.count) {
      const members = await this.ctx.rpc.request('leakMembers', {
        ...this.handles()!,
        group: row.id,
        offset: from,
        limit: want,
      });
      items.push(...members.items.map((node): Item => ({ kind: 'node', row: node })));
    }
    return { total: folded.length + row.count, offset, items };
  }

  private renderGrowth(items: GrowingCollectionRow[], total: number): void {
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
        'div',
        {
          className: 'rl-growth-row',
          attrs: { tabindex: '0', role: 'button' },
          title: c.retainedSizes.map(exactBytes).join(' → '),
        },
        textSpan(c.className, 'rl-class', 40),
        el('span', { className: 'rl-id' }, ` @${c.id} `),
        c.holder ? textSpan(c.holder.text, 'rl-edge', 120) : null,
        el('span', { className: 'rl-muted' }, ` ${c.retainedSizes.map(formatBytes).join(' → ')}`),
        el('span', { className: 'rl-positive' }, ` (+${formatBytes(c.growth)}) `),
        this.renderCode(c.code, undefined, { collection: c.id }),
      );
      const select = (): void => {
        const final = this.handles()!.final;
        void this.ctx.rpc.request('node', { snapshot: final, id: c.id }).then((node) => this.ctx.select(node, final));
      };
      row.addEventListener('click', select);
      row.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          select();
        }
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
        'Take a baseline snapshot, run the action you suspect of leaking, take a target snapshot, undo the action (or repeat it), and take a final one. Objects made during the action that are still alive at the end are ranked here by what they retain, grouped by what holds them.',
      ),
      pick,
    );
  }
}
