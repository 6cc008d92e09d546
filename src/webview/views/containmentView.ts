// Containment: what an object holds (its outgoing references), expandable. It starts at the selected object,
// or at the snapshot's root when nothing is selected.
import type { EdgeRow, NodeRow } from '../../service/protocol';
import { edgeLabel, nodeColumns, nodeLabel } from '../cells';
import type { AppContext, View } from '../context';
import { button, clear, el } from '../dom';
import { withMarks } from '../findingMarks';
import { TreeGrid } from '../treeGrid';

/** Types that never hold references worth expanding. */
const LEAF_TYPES = new Set(['string', 'number', 'bigint', 'heap number']);

export class ContainmentView implements View {
  readonly element: HTMLElement;
  private readonly grid: TreeGrid<EdgeRow>;
  private readonly subject = el('span', { className: 'rl-subtitle' });
  private base: { node: NodeRow | null; snapshot: string } | null = null;

  constructor(private readonly ctx: AppContext) {
    this.grid = new TreeGrid<EdgeRow>({
      label: 'Containment',
      columns: [
        {
          id: 'object',
          label: 'Object',
          width: 'minmax(240px, 1fr)',
          render: (edge) =>
            withMarks(edgeLabel(edge, '→'), ctx.marks, ctx.rpc, this.base?.snapshot ?? '', edge.node.id),
        },
        ...nodeColumns<EdgeRow>((edge) => edge.node, false),
      ],
      source: {
        fetch: (parent, offset, limit) => {
          const b = this.base!;
          const ref = parent ? { id: parent.node.id } : b.node ? { id: b.node.id } : { ordinal: 0 };
          return ctx.rpc.request('edges', { snapshot: b.snapshot, ...ref, offset, limit });
        },
        hasChildren: (edge) => !LEAF_TYPES.has(edge.node.type),
      },
      onSelect: (edge) => {
        if (edge) ctx.select(edge.node, this.base!.snapshot);
      },
      emptyText: 'This object holds no references.',
    });
    ctx.marks.onChange(() => this.grid.list.refresh());
    this.element = el(
      'section',
      { className: 'rl-view', attrs: { 'aria-label': 'Containment' } },
      el(
        'div',
        { className: 'rl-toolbar' },
        el('span', { className: 'rl-title' }, 'Contents of'),
        this.subject,
        button('Root', 'home', () => this.setBase(null, ctx.main()), 'Show what the snapshot root holds'),
      ),
      this.grid.element,
    );
  }

  show(): void {
    if (this.base) return;
    const sel = this.ctx.state.selection;
    if (sel) {
      void this.ctx.rpc.request('node', { snapshot: sel.snapshot, id: sel.id }).then(
        (node) => this.setBase(node, sel.snapshot),
        () => this.setBase(null, this.ctx.main()),
      );
    } else {
      this.setBase(null, this.ctx.main());
    }
  }

  focus(): void {
    this.grid.focus();
  }

  /** Re-roots at the object selected elsewhere (Summary, Retainers…), not at rows picked inside this view. */
  selectionChanged(): void {
    const sel = this.ctx.state.selection;
    if (!sel || !this.base || (this.base.node?.id === sel.id && this.base.snapshot === sel.snapshot)) return;
    if (this.element.contains(document.activeElement)) return;
    this.base = null;
    if (!this.element.hidden) this.show();
  }

  private setBase(node: NodeRow | null, snapshot: string): void {
    this.base = { node, snapshot };
    clear(this.subject);
    this.subject.appendChild(node ? nodeLabel(node) : el('span', {}, '(root)'));
    this.grid.reload();
  }
}
