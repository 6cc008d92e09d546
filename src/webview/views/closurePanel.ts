// Closure variables: what a closure keeps alive through its context. V8 puts every variable any inner
// function uses into the outer function's context, shared by all closures made there, so a small closure can
// keep a large buffer that only a sibling uses: this panel lists them with their sizes, own scope first. After
// the join with the source, a variable no live closure sharing the context uses gets a "dead" badge, and the
// header ranks the dead ones by retained size.
import type { EdgeRow, NodeRow } from '../../service/protocol';
import { nodeColumns, nodeLabel, sizeCell } from '../cells';
import type { AppContext } from '../context';
import { objectMenu } from '../objectActions';
import { el, textSpan } from '../dom';
import { deadBadge, deadExplanation, withMarks } from '../findingMarks';
import { TreeGrid } from '../treeGrid';

type Variable = EdgeRow & { depth: number };

export class ClosurePanel {
  readonly element: HTMLDivElement;
  private readonly grid: TreeGrid<Variable>;
  private readonly header: HTMLDivElement;
  private target: { node: NodeRow; snapshot: string } | null = null;
  private shownFor = '';
  /** The first page's context facts, to redraw the header when marks arrive. */
  private described: { contextRetained: number; count: number; variables: Variable[] } | null = null;

  constructor(private readonly ctx: AppContext) {
    this.header = el('div', { className: 'rl-closure-header' });
    this.grid = new TreeGrid<Variable>({
      label: 'Variables the closure keeps alive',
      columns: [
        {
          id: 'variable',
          label: 'Variable',
          width: 'minmax(240px, 1fr)',
          render: (v) =>
            withMarks(
              el(
                'span',
                { className: 'rl-name' },
                textSpan(v.edgeName, 'rl-edge', 80),
                el(
                  'span',
                  { className: 'rl-edge-kind' },
                  v.depth === 0 ? ' (own scope) ' : ` (outer scope ${v.depth}) `,
                ),
                el('span', { className: 'rl-muted' }, '= '),
                nodeLabel(v.node),
              ),
              ctx.marks,
              ctx.rpc,
              this.target?.snapshot ?? '',
              v.node.id,
              { variable: String(v.edgeName) },
            ),
        },
        ...nodeColumns<Variable>((v) => v.node, false),
      ],
      source: {
        fetch: async (_parent, offset, limit, signal) => {
          const t = this.target!;
          const result = await ctx.rpc.request(
            'closureContext',
            { snapshot: t.snapshot, id: t.node.id, offset, limit },
            signal,
          );
          if (!result) return { total: 0, offset, items: [] };
          if (offset === 0) {
            // Marks first, so the header can rank the dead variables (a context rarely has more than a page).
            await ctx.marks.load(
              t.snapshot,
              result.variables.items.map((v) => v.node.id),
            );
            this.described = {
              contextRetained: result.contextRetainedSize,
              count: result.variables.total,
              variables: result.variables.items,
            };
            this.describe();
          }
          return result.variables;
        },
        hasChildren: () => false,
      },
      onEscape: () => ctx.focusView(),
      onInspect: (v) => ctx.inspect(v.node, this.target?.snapshot ?? ctx.main()),
      menu: (v) => objectMenu(ctx, v.node, this.target?.snapshot ?? ctx.main()),
      emptyText: 'This closure captures no variables.',
    });
    ctx.marks.onChange(() => {
      this.grid.list.refresh();
      if (this.described && this.target?.node.type === 'closure') this.describe();
    });
    this.element = el('div', { className: 'rl-pane' }, this.header, this.grid.element);
  }

  setTarget(node: NodeRow | null, snapshot: string): void {
    this.target = node ? { node, snapshot } : null;
    this.shownFor = '';
    this.described = null;
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
      this.header.appendChild(
        el(
          'div',
          { className: 'rl-toolbar' },
          el('span', { className: 'rl-muted' }, 'Select a function (a closure) to see the variables it keeps alive.'),
        ),
      );
      this.grid.model.root.total = 0;
      this.grid.model.flatten();
      this.grid.element.hidden = true;
      return;
    }
    this.grid.element.hidden = false;
    this.grid.reload();
  }

  private describe(): void {
    const d = this.described;
    const t = this.target;
    if (!d || !t) return;
    this.header.textContent = '';
    this.header.appendChild(
      el(
        'div',
        { className: 'rl-toolbar' },
        el(
          'span',
          {},
          `${d.count} captured variable${d.count === 1 ? '' : 's'}; the context alone keeps `,
          sizeCell(d.contextRetained),
          ' alive.',
        ),
      ),
    );
    const dead = d.variables
      .map((v) => ({ v, mark: this.ctx.marks.get(t.snapshot, v.node.id)?.dead }))
      .filter(
        (x): x is { v: Variable; mark: NonNullable<typeof x.mark> } => !!x.mark && x.mark.name === String(x.v.edgeName),
      )
      .sort((a, b) => b.v.node.retainedSize - a.v.node.retainedSize);
    if (dead.length === 0) return;
    const list = el('ol', {
      className: 'rl-dead-list',
      attrs: { 'aria-label': 'Dead context variables, largest first' },
    });
    for (const { v, mark } of dead) {
      list.appendChild(
        el(
          'li',
          {},
          deadBadge(mark),
          textSpan(v.edgeName, 'rl-edge', 80),
          ' ',
          sizeCell(v.node.retainedSize),
          ' — ',
          textSpan(deadExplanation(mark), 'rl-muted', 200),
        ),
      );
    }
    this.header.appendChild(list);
  }
}
