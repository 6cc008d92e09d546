// Nothing here keeps memory reachable: a bounded cache and a listener that is removed.
const recent = new Map<string, number>();

export function remember(key: string, value: number): void {
  recent.set(key, value);
  if (recent.size > 100) recent.delete(recent.keys().next().value!);
}

export function watch(target: EventTarget, onChange: () => void): () => void {
  target.addEventListener('change', onChange);
  return () => target.removeEventListener('change', onChange);
}
