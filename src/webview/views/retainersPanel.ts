// Retainers: what holds the selected object, as a tree that expands towards the GC roots, shortest first
// (the engine sorts by distance and hides weak edges). The first chain opens by itself so the way to a root
// is visible at once; cycles stop expanding instead of looping.
import type { EdgeRow, NodeRow } from '../../service/protocol';
import { edgeLabel, isGcRoot, nodeColumns } from '../cells';
import type { AppContext } from '../context';
import { objectMenu } from '../objectActions';
import { withMarks } from '../findingMarks';
import { TreeGrid } from '../treeGrid';
import type { TreeNode } from '../treeModel';

const AUTO_EXPAND_DEPTH = 24;

export class RetainersPanel {
  readonly grid: TreeGrid<EdgeRow>;
  private target: { node: NodeRow; snapshot: string } | null = null;
  private version = 0;

  constructor(ctx: AppContext) {
    this.grid = new TreeGrid<EdgeRow>({
      label: 'Retainers of the selected object',
      columns: [
        {
          id: 'object',
          label: 'Retainer',
          width: 'minmax(240px, 1fr)',
          render: (edge) =>
            withMarks(edgeLabel(edge, 'in'), ctx.marks, ctx.rpc, this.target?.snapshot ?? '', edge.node.id),
        },
        ...nodeColumns<EdgeRow>((edge) => edge.node, false),
      ],
      source: {
        fetch: (parent, offset, limit, signal) => {
          const t = this.target!;
          // The signal aborts when the selection moves on: the worker drops the stale query.
          return ctx.rpc.request(
            'retainers',
            { snapshot: t.snapshot, id: parent ? parent.node.id : t.node.id, offset, limit },
            signal,
          );
        },
        hasChildren: (edge, node) => edge.node.distance !== null && !isGcRoot(edge.node) && !this.isCycle(edge, node),
      },
      onEscape: () => ctx.focusView(),
      // Move along the path: the holder becomes the object shown (its own retainers, or a closure's variables).
      onInspect: (edge) => ctx.inspect(edge.node, this.target?.snapshot ?? ctx.main()),
      menu: (edge) => objectMenu(ctx, edge.node, this.target?.snapshot ?? ctx.main()),
      loadingText: 'Finding what retains it…',
      emptyText: () =>
        this.target
          ? 'Nothing retains this object (it is a root, or unreachable and about to be collected).'
          : 'Select an object to see what retains it.',
    });
    ctx.marks.onChange(() => this.grid.list.refresh());
  }

  get element(): HTMLElement {
    return this.grid.element;
  }

  setTarget(node: NodeRow | null, snapshot: string): void {
    this.target = node ? { node, snapshot } : null;
    this.version++;
    if (!node) {
      this.grid.model.root.total = 0;
      this.grid.model.flatten();
      return;
    }
    this.grid.reload();
    void this.expandShortest(this.version);
  }

  /** Opens the first (closest to a root) retainer at each level until a root. */
  private async expandShortest(version: number): Promise<void> {
    const model = this.grid.model;
    await model.loadPage(model.root, 0);
    let node = model.root.children[0];
    for (let depth = 0; node && depth < AUTO_EXPAND_DEPTH; depth++) {
      if (version !== this.version || !model.hasChildren(node)) return;
      await model.expand(node);
      node = node.children[0];
    }
  }

  private isCycle(edge: EdgeRow, node: TreeNode<EdgeRow>): boolean {
    if (this.target && edge.node.id === this.target.node.id) return true;
    for (let up = node.parent; up && up.item; up = up.parent) if (up.item.node.id === edge.node.id) return true;
    return false;
  }
}
