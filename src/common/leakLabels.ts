// How leak groups and retainer paths read, the same in the Leaks view, `retainer-lens leaks` and the
// reports: a group's title, and the legend of the notation a collapsed path keeps.

/** Notation → meaning, for the legend under every list of paths. */
export const PATH_LEGEND: readonly (readonly [string, string])[] = [
  [
    '(GC roots) → … →',
    'the runtime’s own objects before the program’s (Node’s module list, timer lists, the browser’s internals), left out',
  ],
  ['name', 'a property or variable'],
  ['name()', 'a function: the closure, with its script position'],
  ['file.js', 'a module'],
  ['name[]', 'an element of an array, or a numbered key'],
  ['key, value, entry', 'a Map entry’s key or value, a Set member'],
  ['(a → b)+', 'a hop or run of hops repeated one or more times: a linked list, a chain of closures'],
  ['{name}', 'a V8 internal field; reactions and reaction are a promise’s pending callbacks'],
];

/** `100 × Report`, `100 × onPriceTick()`, or for a chain `100 links of DirectorySnapshot via a → b`. */
export function groupTitle(group: {
  count: number;
  className: string;
  chain?: { links: number; via: string };
}): string {
  return group.chain
    ? `${group.chain.links.toLocaleString('en-US')} links of ${group.className} via ${group.chain.via}`
    : `${group.count.toLocaleString('en-US')} × ${group.className}`;
}
