// Allocation stack: where the selected object was allocated, from a snapshot recorded with allocation stacks.
// The allocating function first (the innermost frame with a script: built-ins such as `push` above it are
// shown, dimmed, as "via"), then its callers out to the program's entry, each a link to the source.
import type { NodeRow } from '../../service/protocol';
import type { AppContext } from '../context';
import { clear, el } from '../dom';
import { frameLabel, frameName, frameWhere } from '../frames';

export class AllocationStackPanel {
  readonly element: HTMLDivElement;
  private target: { node: NodeRow; snapshot: string } | null = null;
  private shownFor = '';
  private version = 0;

  constructor(private readonly ctx: AppContext) {
    this.element = el('div', {
      className: 'rl-allocation-stack',
      attrs: { tabindex: '0', 'aria-label': 'Allocation stack of the selected object' },
    });
    // A join maps the frames to the workspace (the `.ts` line of a bundle): draw them again.
    ctx.marks.onChange(() => {
      this.shownFor = '';
      if (!this.element.hidden) void this.show();
    });
  }

  setTarget(node: NodeRow | null, snapshot: string): void {
    this.target = node ? { node, snapshot } : null;
    this.shownFor = '';
    if (!this.element.hidden) void this.show();
  }

  focus(): void {
    this.element.focus();
  }

  async show(): Promise<void> {
    const t = this.target;
    const key = t ? `${t.snapshot}\u0000${t.node.id}` : '';
    if (key === this.shownFor) return;
    this.shownFor = key;
    const version = ++this.version;
    clear(this.element);
    if (!t) {
      this.element.append(el('p', { className: 'rl-muted' }, 'Select an object to see where it was allocated.'));
      return;
    }
    let found;
    try {
      found = await this.ctx.rpc.request('objectAllocation', { snapshot: t.snapshot, id: t.node.id });
    } catch (error) {
      if (version !== this.version) return;
      this.element.append(
        el(
          'p',
          { className: 'rl-error' },
          `Could not read its stack: ${error instanceof Error ? error.message : error}`,
        ),
      );
      return;
    }
    if (version !== this.version) return;
    if (!found) {
      this.element.append(
        el(
          'p',
          { className: 'rl-muted' },
          'This snapshot has no allocation stacks. Record one with "Retainer Lens: Record allocations" to see where each object was allocated.',
        ),
      );
      return;
    }
    if (found.frames.length === 0) {
      this.element.append(
        el(
          'p',
          { className: 'rl-muted' },
          'No allocation stack: this object was allocated before the recording began (or by V8 itself).',
        ),
      );
      return;
    }
    const site = found.frames[found.siteFrame];
    this.element.append(
      el(
        'p',
        { className: 'rl-allocation-heading' },
        'Allocated in ',
        el('strong', {}, frameName(site)),
        ` (${frameWhere(site)})`,
        el(
          'span',
          { className: 'rl-muted' },
          ' — a frame is a function (where it starts), not the allocating statement.',
        ),
      ),
    );
    const list = el('ol', { className: 'rl-frames', attrs: { 'aria-label': 'Allocation stack, innermost first' } });
    found.frames.forEach((frame, i) => {
      const prefix = i < found.siteFrame ? 'via ' : i === found.siteFrame ? 'allocated in ' : 'called from ';
      const item = el('li', { className: i < found.siteFrame ? 'rl-frame-builtin' : '' });
      item.appendChild(frameLabel(frame, this.ctx.rpc, t.snapshot, prefix));
      list.appendChild(item);
    });
    this.element.appendChild(list);
  }
}
