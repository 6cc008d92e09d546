// Name lists as matchers: a vocabulary is written as a readable list, and matched as one anchored regex.
// A RegExp entry is a name pattern (`/componentDid\w+/`); a string is a name, matched literally.

function alternatives(names: readonly (string | RegExp)[]): string {
  return names.map((n) => (typeof n === 'string' ? n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : n.source)).join('|');
}

/** Exactly one of these names. */
export function oneOf(names: readonly (string | RegExp)[], flags = ''): RegExp {
  return new RegExp(`^(${alternatives(names)})$`, flags);
}

/** A name that starts with one of these. */
export function startingWith(names: readonly (string | RegExp)[], flags = ''): RegExp {
  return new RegExp(`^(${alternatives(names)})`, flags);
}

/** A name whose last word is one of these, optionally plural: `id` matches `userId`, `user_id`, `ids`. */
export function endingInWord(words: readonly (string | RegExp)[]): RegExp {
  return new RegExp(`(^|[a-z_])(${alternatives(words)})s?$`);
}
