// "Show shortest path to root": the chain from a GC root down to the selected object, all at once, reading
// like the program — `global → keepAlive (property) → … → leakyCache (variable) → Map → …`. Paths that differ
// only in how they enter from the root (`global.setTimeout`, `global.clearTimeout`, … all closures over the same
// runtime scope) are one path here, naming the other entries. A step can be inspected (double-click, Ctrl+Enter,
// context menu).
import type { NodeRow } from '../../service/protocol';
import type { RootPath } from '../../service/protocol';
import { edgeKind, edgeName, nodeLabel } from '../cells';
import type { AppContext } from '../context';
import { showContextMenu } from '../contextMenu';
import { clear, el, icon, textSpan } from '../dom';
import { displayText } from '../format';
import { objectMenu } from '../objectActions';

/** Distinct paths shown. */
const MAX_PATHS = 3;
/** Paths asked for, to find that many distinct ones among the equivalent (the engine enumerates shortest first). */
const ASK_PATHS = 30;
/** Steps from the root that only say how a path enters (`global` → a function → its scope). */
const ENTRY_STEPS = 3;

interface PathGroup {
  path: RootPath;
  /** The first edge (a property of the root object) of the other paths through the same objects. */
  alsoVia: string[];
}

/**
 * Groups paths that pass through the same objects once past their entry (the first ENTRY_STEPS steps): V8 and
 * Node reach a module scope through every function defined in it, so one leak has dozens of such paths.
 */
export function distinctPaths(paths: RootPath[]): PathGroup[] {
  const groups = new Map<string, PathGroup>();
  for (const path of paths) {
    const steps = path.steps;
    const key =
      steps.length > ENTRY_STEPS + 1
        ? steps
            .slice(ENTRY_STEPS)
            .map((s) => s.node.id)
            .join(' ')
        : steps.map((s) => `${s.edgeType ?? ''}:${String(s.edgeName ?? '')}>${s.node.id}`).join(' ');
    const group = groups.get(key);
    if (group) {
      const via = steps[1] ? edgeName(steps[1]) : '';
      if (via && !group.alsoVia.includes(via) && via !== edgeName(group.path.steps[1] ?? {})) group.alsoVia.push(via);
    } else groups.set(key, { path, alsoVia: [] });
  }
  return [...groups.values()];
}

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
      else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        // Step through the path's objects (then Ctrl+Enter inspects one).
        const steps = [...this.element.querySelectorAll<HTMLElement>('.rl-path-step')];
        const at = steps.indexOf(document.activeElement as HTMLElement);
        const next = steps[Math.max(0, Math.min(steps.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
        if (next) {
          e.preventDefault();
          next.focus();
        }
      }
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
        maxPaths: ASK_PATHS,
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
      distinctPaths(page.items)
        .slice(0, MAX_PATHS)
        .forEach((group, i) => this.renderPath(group, i, t.snapshot));
    } catch (error) {
      if (version !== this.version) return;
      clear(this.element);
      this.element.appendChild(
        el('div', { className: 'rl-error' }, `Could not find a path: ${(error as Error).message}`),
      );
    }
  }

  private renderPath({ path, alsoVia }: PathGroup, index: number, snapshot: string): void {
    const section = el('div', { className: 'rl-path-section', attrs: { 'data-path': String(index) } });
    section.appendChild(el('div', { className: 'rl-path-text', title: displayText(path.text, 1000) }, readable(path)));
    if (alsoVia.length) {
      const names = alsoVia.slice(0, 4).map((n) => displayText(n, 40));
      const more = alsoVia.length > names.length ? ` and ${alsoVia.length - names.length} more` : '';
      section.appendChild(
        el(
          'div',
          {
            className: 'rl-path-also rl-muted',
            title: displayText(`Also reached the same way through: ${alsoVia.join(', ')}`, 1000),
          },
          `Equivalent paths enter through ${names.join(', ')}${more} instead of ${displayText(
            edgeName(path.steps[1] ?? {}) || 'the root',
            40,
          )}; past the entry they pass the same objects.`,
        ),
      );
    }
    path.steps.forEach((step, i) => {
      const row = el('div', {
        className: 'rl-path-step',
        attrs: { tabindex: '-1', 'data-node': String(step.node.id) },
        title: 'Double-click or Ctrl+Enter: inspect this object',
      });
      row.appendChild(el('span', { className: 'rl-indent' }));
      const inspect = (): void => this.ctx.inspect(step.node, snapshot);
      row.addEventListener('dblclick', inspect);
      row.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey || e.altKey)) {
          e.preventDefault();
          inspect();
        } else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
          e.preventDefault();
          const box = row.getBoundingClientRect();
          showContextMenu(box.left + 24, box.bottom, objectMenu(this.ctx, step.node, snapshot), row);
        }
      });
      row.addEventListener('contextmenu', (e) => {
        e.preventDefault();
        showContextMenu(e.clientX, e.clientY, objectMenu(this.ctx, step.node, snapshot), row);
      });
      (row.firstChild as HTMLElement).style.width = `${Math.min(i, 30) * 12}px`;
      if (i > 0) {
        row.appendChild(icon('arrow-small-down'));
        row.appendChild(textSpan(edgeName(step), 'rl-edge', 80));
        row.appendChild(el('span', { className: 'rl-edge-kind' }, ` (${edgeKind(step.edgeType ?? '')})`));
        row.appendChild(el('span', { className: 'rl-sep' }, '→'));
      }
      row.appendChild(nodeLabel(step.node));
      section.appendChild(row);
      // A path of more steps than the worker sends (a long linked list) comes with its ends only.
      if (path.omitted && i === path.omitted.after)
        section.appendChild(
          el('div', { className: 'rl-path-step rl-muted' }, `… ${omittedText(path.omitted.count)} …`),
        );
    });
    this.element.appendChild(section);
  }
}

const omittedText = (count: number): string => `${count.toLocaleString('en-US')} steps left out`;

/** `global → keepAlive (property) → (closure) → context (internal) → system / Context → …` */
function readable(path: RootPath): string {
  const parts: string[] = [];
  path.steps.forEach((step, i) => {
    if (i > 0) parts.push(`${displayText(edgeName(step), 60)} (${edgeKind(step.edgeType ?? '')})`);
    parts.push(displayText(step.node.className, 60));
    if (path.omitted && i === path.omitted.after) parts.push(`… ${omittedText(path.omitted.count)} …`);
  });
  return parts.join(' → ');
}
