// A small context menu for rows (right-click, Shift+F10 or the Menu key): a list of actions with the WAI-ARIA
// menu pattern. Arrows move, Enter or a click runs, Escape or a click elsewhere closes and gives the focus back.
import { el } from './dom';

export interface MenuItem {
  label: string;
  /** The shortcut to show next to the label, e.g. "Ctrl+Enter". */
  hint?: string;
  disabled?: boolean;
  run(): void;
}

let open: { element: HTMLElement; close(): void } | undefined;

/** Shows `items` at (x, y) in the page; `returnFocus` gets the focus back when the menu closes. */
export function showContextMenu(x: number, y: number, items: MenuItem[], returnFocus?: HTMLElement): HTMLElement {
  open?.close();
  const menu = el('div', { className: 'rl-menu', role: 'menu', attrs: { tabindex: '-1' } });
  const buttons = items.map((item) => {
    const b = el(
      'button',
      { className: 'rl-menu-item', role: 'menuitem', attrs: { type: 'button', tabindex: '-1' } },
      el('span', { className: 'rl-menu-label' }, item.label),
      item.hint ? el('span', { className: 'rl-menu-hint' }, item.hint) : null,
    );
    b.disabled = !!item.disabled;
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      close();
      item.run();
    });
    menu.appendChild(b);
    return b;
  });
  const enabled = buttons.filter((b) => !b.disabled);
  const close = (): void => {
    if (open?.element !== menu) return;
    open = undefined;
    menu.remove();
    document.removeEventListener('mousedown', outside, true);
    window.removeEventListener('blur', close);
    returnFocus?.focus({ preventScroll: true });
  };
  const outside = (e: MouseEvent): void => {
    if (!menu.contains(e.target as Node)) close();
  };
  menu.addEventListener('keydown', (e) => {
    const at = enabled.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const step = e.key === 'ArrowDown' ? 1 : -1;
      enabled[(at + step + enabled.length) % enabled.length]?.focus();
    } else if (e.key === 'Home') enabled[0]?.focus();
    else if (e.key === 'End') enabled[enabled.length - 1]?.focus();
    else if (e.key === 'Escape' || e.key === 'Tab') close();
    else return;
    e.preventDefault();
    e.stopPropagation();
  });
  document.body.appendChild(menu);
  // Keep it inside the page.
  const box = menu.getBoundingClientRect();
  menu.style.left = `${Math.max(0, Math.min(x, window.innerWidth - box.width - 4))}px`;
  menu.style.top = `${Math.max(0, Math.min(y, window.innerHeight - box.height - 4))}px`;
  open = { element: menu, close };
  document.addEventListener('mousedown', outside, true);
  window.addEventListener('blur', close);
  (enabled[0] ?? menu).focus();
  return menu;
}
