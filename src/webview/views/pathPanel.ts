// "Show shortest path to root": the chain from a GC root down to the selected object, all at once, reading
// like the program — `global → keepAlive (property) → … → leakyCache (variable) → Map → …`.
import type { NodeRow } from '../../service/protocol';
import type { RootPath } from '../../service/protocol';
import { edgeKind, edgeName, nodeLabel } from '../cells';
import type { AppContext } from '../context';
import { clear, el, icon, textSpan } from '../dom';
import { displayText } from '../format';

const MAX_PATHS = 3;

export class PathPanel {
  readonly element: HTMLDivElement;
  private target: { node: NodeRow; snapshot: string } | null = null;
  private shownFor = '';
  private version = 0;

  constructor(private readonly ctx: AppContext) {
    this.element = el('div', {
      className: 'rl-path',
      role: 'region',
      attrs: { 'aria-label': 'Shortest paths to a GC root', tabindex: '0' },
    });
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') ctx.focusView();
    });
  }

  setTarget(node: NodeRow | null, snapshot: string): void {
    this.target = node ? { node, snapshot } : null;
    this.shownFor = '';
  }

  /** Loads the paths when the panel is shown (not on every selection: paths cost more than a page). */
  async show(): Promise<void> {
    const t = this.target;
    const key = t ? `${t.snapshot}\u0000${t.node.id}` : '';
    if (key === this.shownFor) return;
    this.shownFor = key;
    const version = ++this.version;
    clear(this.element);
    if (!t) return;
    this.element.appendChild(el('div', { className: 'rl-muted' }, 'Finding the shortest paths…'));
    try {
      const page = await this.ctx.rpc.request('pathsToRoot', {
        snapshot: t.snapshot,
        id: t.node.id,
        maxPaths: MAX_PATHS,
      });
      if (version !== this.version) return;
      clear(this.element);
      if (page.items.length === 0) {
        this.element.appendChild(
          el(
            'div',
            { className: 'rl-muted' },
            'No path from a GC root reaches this object: it is unreachable and will be collected.',
          ),
        );
        return;
      }
      page.items.forEach((path, i) => this.renderPath(path, i));
    } catch (error) {
      if (version !== this.version) return;
      clear(this.element);
      this.element.appendChild(
        el('div', { className: 'rl-error' }, `Could not find a path: ${(error as Error).message}`),
      );
    }
  }

  private renderPath(path: RootPath, index: number): void {
    const section = el('div', { className: 'rl-path-section', attrs: { 'data-path': String(index) } });
    section.appendChild(el('div', { className: 'rl-path-text', title: displayText(path.text, 1000) }, readable(path)));
    path.steps.forEach((step, i) => {
      const row = el('div', { className: 'rl-path-step' }, el('span', { className: 'rl-indent' }));
      (row.firstChild as HTMLElement).style.width = `${Math.min(i, 30) * 12}px`;
      if (i > 0) {
        row.appendChild(icon('arrow-small-down'));
        row.appendChild(textSpan(edgeName(step), 'rl-edge', 80));
        row.appendChild(el('span', { className: 'rl-edge-kind' }, ` (${edgeKind(step.edgeType ?? '')})`));
        row.appendChild(el('span', { className: 'rl-sep' }, '→'));
      }
      row.appendChild(nodeLabel(step.node));
      section.appendChild(row);
    });
    this.element.appendChild(section);
  }
}

/** `global → keepAlive (property) → (closure) → context (internal) → system / Context → …` */
function readable(path: RootPath): string {
  const parts: string[] = [];
  path.steps.forEach((step, i) => {
    if (i > 0) parts.push(`${displayText(edgeName(step), 60)} (${edgeKind(step.edgeType ?? '')})`);
    parts.push(displayText(step.node.className, 60));
  });
  return parts.join(' → ');
}
