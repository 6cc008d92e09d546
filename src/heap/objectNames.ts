// Names for objects the way DevTools shows them: a closure as `onPriceTick()` with its script position, an
// object by its class; and which scripts are the program's own (not the runtime's), for collapsing the
// runtime's part of a retainer path.
import { locationOf, type SourceLocation } from './sourceLocation';
import type { HeapSnapshot } from './snapshot';

/** Scripts of the runtime (Node's built-ins, V8's, the browser's extensions), not of the program. */
export function isRuntimeScript(url: string | undefined): boolean {
  return (
    !url ||
    /^(node|internal|v8|extensions|chrome|chrome-extension|devtools|wasm):/.test(url) ||
    url.startsWith('internal/') ||
    url.startsWith('<') ||
    url.startsWith('evalmachine.')
  );
}

/** A closure's function name, `(anonymous)` when it has none. */
export function functionName(snapshot: HeapSnapshot, n: number): string {
  const name = snapshot.graph.nodeNameString(n);
  return name === '' ? '(anonymous)' : name;
}

export function isClosure(snapshot: HeapSnapshot, n: number): boolean {
  return snapshot.graph.nodeType[n] === snapshot.graph.layout.nodeType.closure;
}

/** `onPriceTick()` for a closure, the class name for everything else. */
export function objectLabel(snapshot: HeapSnapshot, n: number): string {
  return isClosure(snapshot, n) ? `${functionName(snapshot, n)}()` : snapshot.className(n);
}

/** Where a closure's function, or an object's constructor, is defined (when the snapshot says). */
export function sourceOf(snapshot: HeapSnapshot, n: number): SourceLocation | undefined {
  return locationOf(snapshot, n) ?? undefined;
}

/** A closure of the program's own code (a script that is not the runtime's). */
export function isProgramClosure(snapshot: HeapSnapshot, n: number): boolean {
  if (!isClosure(snapshot, n)) return false;
  const loc = sourceOf(snapshot, n);
  return loc !== undefined && !isRuntimeScript(loc.url);
}

/** The last path segment of a script URL or file path: `ticker.js`. */
export function scriptName(url: string): string {
  const clean = url.replace(/[?#].*$/, '');
  const slash = Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\'));
  return slash >= 0 && slash < clean.length - 1 ? clean.slice(slash + 1) : clean;
}

/** `ticker.js:31:3` (1-based, as editors show positions). */
export function shortLocation(loc: SourceLocation): string {
  return `${loc.url ? scriptName(loc.url) : `script ${loc.scriptId}`}:${loc.line + 1}:${loc.column + 1}`;
}
