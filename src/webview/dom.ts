// Tiny DOM helpers. Text only ever enters the document as text nodes or `textContent`: nothing in the webview
// parses HTML, so a snapshot string like `<img onerror=…>` stays a string.
import { displayText, MAX_TITLE_CHARS } from './format';

export type Child = Node | string | null | undefined | false;

export interface Props {
  className?: string;
  title?: string;
  role?: string;
  /** Other attributes (aria-*, data-*, tabindex, type…): values are set with setAttribute, never parsed. */
  attrs?: Record<string, string>;
  onClick?: (event: MouseEvent) => void;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.title) node.title = props.title;
  if (props.role) node.setAttribute('role', props.role);
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) node.setAttribute(k, v);
  if (props.onClick) node.addEventListener('click', props.onClick as EventListener);
  append(node, ...children);
  return node;
}

function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** A span holding untrusted text: truncated and neutralized, with a longer form in the tooltip. */
export function textSpan(value: unknown, className?: string, max?: number): HTMLSpanElement {
  const span = document.createElement('span');
  if (className) span.className = className;
  const shown = displayText(value, max);
  span.textContent = shown;
  const full = displayText(value, MAX_TITLE_CHARS);
  if (full !== shown) span.title = full;
  return span;
}

export function icon(name: string, label?: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = `codicon codicon-${name}`;
  if (label) {
    span.setAttribute('role', 'img');
    span.setAttribute('aria-label', label);
  } else {
    span.setAttribute('aria-hidden', 'true');
  }
  return span;
}

export function button(label: string, iconName: string | null, onClick: () => void, title?: string): HTMLButtonElement {
  const b = el(
    'button',
    { className: 'rl-button', title: title ?? label, attrs: { type: 'button' } },
    iconName ? icon(iconName) : null,
    el('span', {}, label),
  );
  b.addEventListener('click', onClick);
  return b;
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}
