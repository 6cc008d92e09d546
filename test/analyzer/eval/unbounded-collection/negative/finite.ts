/* eslint-disable -- evaluation case: real-world shapes, not compiled or linted */
// @ts-nocheck
// Memo tables over small fixed domains, registries filled at startup, and per-instance state.
const formatters = new Map<string, Intl.NumberFormat>();
export function formatterFor(locale: string): Intl.NumberFormat {
  let f = formatters.get(locale);
  if (!f) formatters.set(locale, (f = new Intl.NumberFormat(locale)));
  return f;
}

const iconsByType: Record<string, string> = {};
export function iconFor(type: string): string {
  return (iconsByType[type] ??= `/icons/${type}.svg`);
}

const plugins = new Map<string, () => void>();
export function registerPlugin(name: string, init: () => void): void {
  plugins.set(name, init);
}

const routes: { path: string; view: string }[] = [];
routes.push({ path: '/', view: 'home' });
routes.push({ path: '/about', view: 'about' });

const warned = new Set<string>();
export function deprecate(code: string, message: string): void {
  if (warned.has(code)) return;
  warned.add(code);
  console.warn(message);
}

export function handler(req: { params: { id: string } }) {
  const local = new Map<string, number>();
  local.set(req.params.id, 1);
  return local;
}

// Exported: whoever imports it decides its lifetime.
export const sharedCache = new Map<string, unknown>();
export function put(id: string, v: unknown) {
  sharedCache.set(id, v);
}

// Per instance, not per program.
export class Component {
  private cache = new Map<string, unknown>();
  load(id: string) {
    this.cache.set(id, {});
  }
}

const byElement = new WeakMap<Element, number>();
export function mark(el: Element) {
  byElement.set(el, Date.now());
}

const stack: string[] = [];
export function enter(scopeId: string) {
  stack.push(scopeId);
}
export function leave() {
  stack.pop();
}
