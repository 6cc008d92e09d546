// The one .gitignore matcher, for `retainer-lens scan` and the editor's "Scan workspace" alike: git's own
// rules (globs, `**`, anchoring, `dir/`, `!` negation) through the `ignore` library, which matches without
// backtracking. Each .gitignore applies below its own folder; a deeper one overrides an outer one, and like
// git, nothing inside an ignored folder can be re-included.
import ignore, { type Ignore } from 'ignore';
import { isAbsolute, relative, sep } from 'node:path';

interface Layer {
  base: string;
  rules: Ignore;
}

export class GitignoreMatcher {
  private readonly layers: Layer[] = [];

  /** Adds the rules of the .gitignore in folder `base` (an absolute path). */
  add(base: string, text: string): this {
    this.layers.push({ base, rules: ignore().add(text) });
    // Outer folders first, so a deeper file's verdict comes last and wins.
    this.layers.sort((a, b) => a.base.length - b.base.length);
    return this;
  }

  /** A copy with one more .gitignore (the scan walk keeps one matcher per folder it descends into). */
  with(base: string, text: string): GitignoreMatcher {
    const next = new GitignoreMatcher();
    next.layers.push(...this.layers);
    return next.add(base, text);
  }

  /** Whether `path` itself is ignored by a rule (its folders are not looked at: see `ignoresWithParents`). */
  ignores(path: string, isDir: boolean): boolean {
    let result = false;
    for (const { base, rules } of this.layers) {
      const rel = relative(base, path);
      if (!rel || rel.startsWith('..') || isAbsolute(rel)) continue;
      const verdict = rules.test(rel.split(sep).join('/') + (isDir ? '/' : ''));
      if (verdict.ignored) result = true;
      else if (verdict.unignored) result = false;
    }
    return result;
  }

  /** Whether `path` (a file) or any folder above it, up to its .gitignore's folder, is ignored. */
  ignoresWithParents(path: string): boolean {
    const roots = this.layers.map((l) => l.base);
    if (roots.length === 0) return false;
    const top = roots.find((r) => !relative(r, path).startsWith('..')) ?? roots[0];
    const parts = relative(top, path).split(sep);
    let current = top;
    for (let i = 0; i < parts.length; i++) {
      current = current.endsWith(sep) ? current + parts[i] : current + sep + parts[i];
      if (this.ignores(current, i < parts.length - 1)) return true;
    }
    return false;
  }
}
