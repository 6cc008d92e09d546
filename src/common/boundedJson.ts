// JSON from untrusted files (source maps a snapshot leads to, a `--leaks` file) parsed with its nesting bounded
// first: JSON.parse builds one array or object per level, so megabytes of `[[[[…` cost gigabytes of memory,
// while real source maps and reports nest a handful of levels deep.

export const MAX_JSON_DEPTH = 64;

/** Whether `text` nests arrays and objects deeper than `max` (strings skipped); stops at the first level over. */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** JSON.parse, refusing (SyntaxError) a text nested deeper than `maxDepth` before parsing it. */
export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  if (nestsDeeperThan(text, maxDepth)) throw new SyntaxError(`JSON nested deeper than ${maxDepth} levels`);
  return JSON.parse(text);
}
