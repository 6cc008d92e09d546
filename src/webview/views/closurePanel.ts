// Closure variables: what a closure keeps alive through its context. V8 puts every variable any inner
// function uses into the outer function's context, shared by all closures made there, so a small closure can
// keep a large buffer that only a sibling uses: this panel lists them with their sizes, own scope first.
import type { EdgeRow, NodeRow } from '../../heap/queries';
import { nodeColumns, nodeLabel, sizeCell } from '../cells';
import type { AppContext } from '../context';
import { el, textSpan } from '../dom';
import { TreeGrid } from '../treeGrid';

type Variable = EdgeRow & { depth: number };

export class ClosurePanel {
  readonly element: HTMLDivElement;
  private readonly grid: TreeGrid<Variable>;
  private readonly header: HTMLDivElement;
  private target: { node: NodeRow; snapshot: string } | null = null;
  private shownFor = '';

  constructor(ctx: AppContext) {
    this.header = el('div', { className: 'rl-toolbar rl-closure-header' });
    this.grid = new TreeGrid<Variable>({
      label: 'Variables the closure keeps alive',
      columns: [
        {
          id: 'variable', label: 'Variable', width: 'minmax(240px, 1fr)',
          render: (v) => el('span', { className: 'rl-name' },
            textSpan(v.edgeName, 'rl-edge', 80),
            el('span', { className: 'rl-edge-kind' }, v.depth === 0 ? ' (own scope) ' : ` (outer scope ${v.depth}) `),
            el('span', { className: 'rl-muted' }, '= '),
            nodeLabel(v.node)),
        },
        ...nodeColumns<Variable>((v) => v.node, false),
      ],
      source: {
        fetch: async (_parent, offset, limit) => {
          const t = this.target!;
          const result = await ctx.rpc.request('closureContext', { snapshot: t.snapshot, id: t.node.id, offset, limit });
          if (!result) return { total: 0, offset, items: [] };
          if (offset === 0) this.describe(result.contextRetainedSize, result.variables.total);
          return result.variables;
        },
        hasChildren: () => false,
      },
      onEscape: () => ctx.focusView(),
      emptyText: 'This closure captures no variables.',
    });
    this.element = el('div', { className: 'rl-pane' }, this.header, this.grid.element);
  }

  setTarget(node: NodeRow | null, snapshot: string): void {
    this.target = node ? { node, snapshot } : null;
    this.shownFor = '';
  }

  focus(): void {
    this.grid.focus();
  }

  show(): void {
    const t = this.target;
    const key = t ? `${t.snapshot}\u0000${t.node.id}` : '';
    if (key === this.shownFor) return;
    this.shownFor = key;
    this.header.textContent = '';
    if (!t || t.node.type !== 'closure') {
      this.header.appendChild(el('span', { className: 'rl-muted' }, 'Select a function (a closure) to see the variables it keeps alive.'));
      this.grid.model.root.total = 0;
      this.grid.model.flatten();
      this.grid.element.hidden = true;
      return;
    }
    this.grid.element.hidden = false;
    this.grid.reload();
  }

  private describe(contextRetained: number, count: number): void {
    this.header.textContent = '';
    this.header.append(el('span', {}, `${count} captured variable${count === 1 ? '' : 's'}; the context alone keeps `,
      sizeCell(contextRetained), ' alive.'));
  }
}
