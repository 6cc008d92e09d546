// The names of Chrome DevTools' Summary filters (and ours beside them), for the engine's queries
// (heap/namedFilters.ts), the CLI's `inspect --filter` and the explorer's Summary filter alike.

export const NAMED_FILTERS = {
  objectsRetainedByDetachedDomNodes: 'Objects retained by detached DOM nodes',
  detachedElements: 'Detached elements',
  objectsRetainedByEventHandlers: 'Objects retained by event handlers',
  objectsRetainedByConsole: 'Objects retained by the DevTools console',
  duplicatedStrings: 'Duplicated strings',
} as const;

export type NamedFilter = keyof typeof NAMED_FILTERS;

export function isNamedFilter(name: unknown): name is NamedFilter {
  return typeof name === 'string' && Object.hasOwn(NAMED_FILTERS, name);
}
