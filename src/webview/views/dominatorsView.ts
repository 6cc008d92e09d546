// Dominators: the dominator tree from the root, biggest retained sizes first. A node's children are what it
// alone keeps alive, so the top of this tree is where memory can be freed.
import type { NodeRow } from '../../service/protocol';
import { nodeColumns, nodeLabel } from '../cells';
import type { AppContext, View } from '../context';
import { el } from '../dom';
import { withMarks } from '../findingMarks';
import { TreeGrid } from '../treeGrid';

export class DominatorsView implements View {
  readonly element: HTMLElement;
  private readonly grid: TreeGrid<NodeRow>;
  private loaded = false;

  constructor(ctx: AppContext) {
    this.grid = new TreeGrid<NodeRow>({
      label: 'Dominator tree',
      columns: [
        {
          id: 'object',
          label: 'Object',
          width: 'minmax(240px, 1fr)',
          render: (node) => withMarks(nodeLabel(node), ctx.marks, ctx.rpc, ctx.main(), node.id),
        },
        ...nodeColumns<NodeRow>((node) => node, false),
      ],
      source: {
        fetch: (parent, offset, limit) =>
          ctx.rpc.request('dominated', {
            snapshot: ctx.main(),
            ...(parent ? { id: parent.id } : { ordinal: 0 }),
            sortBy: 'retainedSize',
            offset,
            limit,
          }),
        hasChildren: (node) => node.retainedSize > node.shallowSize,
      },
      onSelect: (node) => {
        if (node) ctx.select(node, ctx.main());
      },
      onActivate: () => ctx.focusDetails(),
    });
    ctx.marks.onChange(() => this.grid.list.refresh());
    this.element = el(
      'section',
      { className: 'rl-view', attrs: { 'aria-label': 'Dominators' } },
      el(
        'div',
        { className: 'rl-toolbar' },
        el('span', { className: 'rl-subtitle' }, 'What each object alone keeps alive, largest first.'),
      ),
      this.grid.element,
    );
  }

  show(): void {
    if (this.loaded) return;
    this.loaded = true;
    this.grid.reload();
  }

  focus(): void {
    this.grid.focus();
  }
}
