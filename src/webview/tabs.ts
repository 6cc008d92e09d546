// A tab strip with the WAI-ARIA tabs pattern: one tab in the Tab order, arrows move between tabs,
// Enter/Space or a click selects.
import { el, icon } from './dom';

export interface TabSpec<K extends string> {
  id: K;
  label: string;
  icon?: string;
}

export class Tabs<K extends string> {
  readonly element: HTMLDivElement;
  private readonly buttons = new Map<K, HTMLButtonElement>();
  private current: K;

  constructor(
    label: string,
    specs: TabSpec<K>[],
    initial: K,
    private readonly onSelect: (id: K) => void,
  ) {
    this.current = initial;
    this.element = el('div', { className: 'rl-tabs', role: 'tablist', attrs: { 'aria-label': label } });
    for (const spec of specs) {
      const b = el(
        'button',
        { className: 'rl-tab', role: 'tab', attrs: { type: 'button', 'data-tab': spec.id } },
        spec.icon ? icon(spec.icon) : null,
        spec.label,
      );
      b.addEventListener('click', () => this.select(spec.id));
      b.addEventListener('keydown', (e) => this.onKey(e, spec.id));
      this.buttons.set(spec.id, b);
      this.element.appendChild(b);
    }
    this.update();
  }

  get selected(): K {
    return this.current;
  }

  select(id: K, notify = true): void {
    this.current = id;
    this.update();
    if (notify) this.onSelect(id);
  }

  setVisible(id: K, visible: boolean): void {
    const b = this.buttons.get(id);
    if (b) b.hidden = !visible;
  }

  private update(): void {
    for (const [id, b] of this.buttons) {
      const on = id === this.current;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
    }
  }

  private onKey(e: KeyboardEvent, id: K): void {
    const ids = [...this.buttons.keys()].filter((k) => !this.buttons.get(k)!.hidden);
    const at = ids.indexOf(id);
    let next: K | undefined;
    if (e.key === 'ArrowRight') next = ids[(at + 1) % ids.length];
    else if (e.key === 'ArrowLeft') next = ids[(at - 1 + ids.length) % ids.length];
    else if (e.key === 'Home') next = ids[0];
    else if (e.key === 'End') next = ids[ids.length - 1];
    if (next === undefined) return;
    e.preventDefault();
    this.select(next);
    this.buttons.get(next)!.focus();
  }
}
