// The lower pane: everything about the selected object — its retainers, its shortest path to a root and,
// for a closure, the variables it keeps — with the actions "Show shortest path to root" and "Go to source".
import type { NodeRow, SourceLocation } from '../service/protocol';
import { nodeLabel } from './cells';
import type { AppContext } from './context';
import { button, clear, el, icon, textSpan } from './dom';
import { deadBadge, deadExplanation, findingSummary } from './findingMarks';
import { displayText } from './format';
import { Tabs } from './tabs';
import { AllocationStackPanel } from './views/allocationStackPanel';
import { ClosurePanel } from './views/closurePanel';
import { PathPanel } from './views/pathPanel';
import { RetainersPanel } from './views/retainersPanel';
import type { DetailId } from './vscodeApi';

export class DetailsPane {
  readonly element: HTMLElement;
  private readonly tabs: Tabs<DetailId>;
  private readonly retainers: RetainersPanel;
  private readonly path: PathPanel;
  private readonly closure: ClosurePanel;
  private readonly allocation: AllocationStackPanel;
  private readonly subject: HTMLSpanElement;
  private readonly sourceButton: HTMLButtonElement;
  private readonly pathButton: HTMLButtonElement;
  /** The static finding that marks the selected object, and its dead-variable note, with links to the source. */
  private readonly marksBar: HTMLDivElement;
  private target: { node: NodeRow; snapshot: string } | null = null;
  private version = 0;
  /** Objects shown before "Inspect this object" moved on, for Back (a new selection in a view clears it). */
  private readonly history: { node: NodeRow; snapshot: string }[] = [];
  private navigating = false;
  private readonly backButton: HTMLButtonElement;

  constructor(private readonly ctx: AppContext) {
    this.retainers = new RetainersPanel(ctx);
    this.path = new PathPanel(ctx);
    this.closure = new ClosurePanel(ctx);
    this.allocation = new AllocationStackPanel(ctx);
    this.tabs = new Tabs<DetailId>(
      'Object details',
      [
        { id: 'retainers', label: 'Retainers' },
        { id: 'path', label: 'Path to root' },
        { id: 'closure', label: 'Closure variables' },
        { id: 'allocation', label: 'Allocation stack' },
      ],
      ctx.state.detail,
      (id) => this.show(id),
    );
    this.subject = el('span', { className: 'rl-subtitle', attrs: { 'aria-live': 'polite' } });
    this.pathButton = button('Show shortest path to root', 'type-hierarchy-super', () => this.show('path', true));
    this.sourceButton = button('Go to source', 'go-to-file', () => this.goToSource());
    this.sourceButton.disabled = true;
    this.pathButton.disabled = true;
    this.backButton = button('Back', 'arrow-left', () => this.back());
    this.backButton.classList.add('rl-back');
    this.backButton.hidden = true;
    this.marksBar = el('div', {
      className: 'rl-marks-bar',
      attrs: { 'aria-label': 'Static findings about the selected object' },
    });
    this.marksBar.hidden = true;
    ctx.marks.onChange(() => this.renderMarks());
    this.element = el(
      'section',
      { className: 'rl-details', attrs: { 'aria-label': 'Selected object' } },
      el(
        'div',
        { className: 'rl-toolbar' },
        this.tabs.element,
        this.backButton,
        this.subject,
        this.pathButton,
        this.sourceButton,
      ),
      this.marksBar,
      this.retainers.element,
      this.path.element,
      this.closure.element,
      this.allocation.element,
    );
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowLeft' && e.altKey && !this.backButton.hidden) {
        e.preventDefault();
        e.stopPropagation();
        this.back();
      }
    });
    this.show(ctx.state.detail);
    this.setTarget(null, '');
  }

  /**
   * "Inspect this object" (from a retainer, a closure variable, a path step): shows `node` here, keeping the
   * object shown now for Back; a closure opens on its variables, the reason to inspect one.
   */
  inspect(node: NodeRow, snapshot: string): void {
    if (this.target?.node.id === node.id && this.target.snapshot === snapshot) return;
    if (this.target) this.history.push(this.target);
    if (this.history.length > 100) this.history.shift();
    this.navigate(node, snapshot);
    if (node.type === 'closure') this.show('closure');
    this.focus();
  }

  /** Back to the object shown before the last "Inspect this object" (Alt+←). */
  back(): void {
    const previous = this.history.pop();
    if (!previous) return;
    this.navigate(previous.node, previous.snapshot);
    this.focus();
  }

  private navigate(node: NodeRow, snapshot: string): void {
    this.navigating = true;
    try {
      this.ctx.select(node, snapshot);
    } finally {
      this.navigating = false;
    }
  }

  setTarget(node: NodeRow | null, snapshot: string): void {
    if (!this.navigating) this.history.length = 0;
    const previous = this.history[this.history.length - 1];
    this.backButton.hidden = !previous;
    if (previous) {
      const label = `${previous.node.className} @${previous.node.id}`;
      this.backButton.title = displayText(`Back to ${label} (Alt+←)`, 200);
      this.backButton.setAttribute('aria-label', displayText(`Back to ${label}`, 200));
    }
    this.target = node ? { node, snapshot } : null;
    const version = ++this.version;
    clear(this.subject);
    if (node) this.subject.appendChild(nodeLabel(node));
    else this.subject.appendChild(textSpan('Select an object to see what retains it.', 'rl-muted'));
    this.pathButton.disabled = !node;
    this.sourceButton.disabled = true;
    this.sourceButton.title = 'No source location for this object';
    this.retainers.setTarget(node, snapshot);
    this.path.setTarget(node, snapshot);
    this.closure.setTarget(node, snapshot);
    this.allocation.setTarget(node, snapshot);
    this.show(this.tabs.selected);
    this.renderMarks();
    if (node) void this.lookUpSource(node, snapshot, version);
  }

  private renderMarks(): void {
    const t = this.target;
    const mark = t ? this.ctx.marks.get(t.snapshot, t.node.id) : null;
    clear(this.marksBar);
    this.marksBar.hidden = !mark;
    if (!t || !mark) return;
    const open = (target: 'finding' | 'declaration') => () =>
      this.ctx.rpc.send({ host: 'openFinding', snapshot: t.snapshot, nodeId: t.node.id, target });
    const f = mark.finding;
    if (f) {
      const severity = this.ctx.marks.severity(f);
      this.marksBar.appendChild(
        el(
          'div',
          { className: `rl-marks-line rl-mark-${severity}`, attrs: { 'data-rule': f.rule } },
          icon(severity === 'info' ? 'info' : severity, `${severity}:`),
          el('span', { className: 'rl-mark-rule' }, displayText(findingSummary(f), 200)),
          withTitle(textSpan(f.confirmed ? `${f.message} — ${f.confirmed}` : f.message, 'rl-marks-text', 400)),
          button(
            `Open ${displayText(f.display, 120)}`,
            'go-to-file',
            open('finding'),
            displayText(`Open the ${f.rule} finding at ${f.display} in the editor`, 300),
          ),
        ),
      );
    }
    const d = mark.dead;
    if (d) {
      this.marksBar.appendChild(
        el(
          'div',
          { className: 'rl-marks-line' },
          deadBadge(d),
          withTitle(textSpan(`'${d.name}' of ${d.scope}: ${deadExplanation(d)}`, 'rl-marks-text', 300)),
          button(
            `Open ${displayText(d.display, 120)}`,
            'go-to-file',
            open('declaration'),
            displayText(`Open the declaration of '${d.name}' at ${d.display}`, 300),
          ),
        ),
      );
    }
  }

  focus(): void {
    if (this.tabs.selected === 'retainers') this.retainers.grid.focus();
    else if (this.tabs.selected === 'closure') this.closure.focus();
    else if (this.tabs.selected === 'allocation') this.allocation.focus();
    else this.path.element.focus();
  }

  show(id: DetailId, focus = false): void {
    if (this.tabs.selected !== id) this.tabs.select(id, false);
    this.retainers.element.hidden = id !== 'retainers';
    this.path.element.hidden = id !== 'path';
    this.closure.element.hidden = id !== 'closure';
    this.allocation.element.hidden = id !== 'allocation';
    if (id === 'path') void this.path.show();
    if (id === 'closure') this.closure.show();
    if (id === 'allocation') void this.allocation.show();
    if (this.ctx.state.detail !== id) {
      this.ctx.state.detail = id;
      this.ctx.persist();
    }
    if (focus) this.focus();
  }

  private async lookUpSource(node: NodeRow, snapshot: string, version: number): Promise<void> {
    try {
      // One request: the worker walks __proto__, map, constructor and back_pointer itself.
      const found = await this.ctx.rpc.request('source', { snapshot, id: node.id });
      if (version !== this.version || !found) return;
      this.sourceButton.disabled = false;
      const where = describeLocation(found.location);
      const what =
        found.via === 'constructor'
          ? 'the constructor'
          : found.via === 'allocation'
            ? `${found.functionName || 'the function'}, which allocated it,`
            : 'the function';
      this.sourceButton.title = `Open ${what} at ${where}`;
      this.sourceButton.dataset.location = where;
    } catch {
      // The snapshot was closed or the request cancelled by a newer selection: the button stays disabled,
      // and there is nothing to tell the user that the next selection will not answer.
    }
  }

  private goToSource(): void {
    if (this.target)
      this.ctx.rpc.send({ host: 'goToSource', snapshot: this.target.snapshot, nodeId: this.target.node.id });
  }
}

/** The whole (display-safe) text as the tooltip too: the line ellipsizes before displayText's cut. */
function withTitle(span: HTMLSpanElement): HTMLSpanElement {
  span.title ||= span.textContent ?? '';
  return span;
}

/** `leakyApp.js:12:3` (1-based, as editors show it). */
function describeLocation(location: SourceLocation): string {
  const url = location.url ?? `script ${location.scriptId}`;
  const file = url.replace(/^.*[\\/]/, '') || url;
  return `${file}:${location.line + 1}:${location.column + 1}`;
}
