// Collects the files `retainer-lens scan` reads: supported extensions, no node_modules (unless a path
// inside it is named explicitly), nothing a .gitignore on the way excludes (src/common/gitignore.ts, the
// matcher "Scan workspace" uses too). Symlinked folders are followed once: a link back up the tree is a cycle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GitignoreMatcher } from '../common/gitignore';
import type { Logger } from '../common/log';
import { isSupportedFile } from './parse';

const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);

export function collectFiles(paths: string[], log?: Logger): string[] {
  const out: string[] = [];
  // Folders already walked, by device and inode: a symlink loop (or two links to one folder) is walked once.
  const seen = new Set<string>();
  const visit = (path: string, rules: GitignoreMatcher) => {
    let entries: string[];
    try {
      const st = statSync(path);
      const key = `${st.dev}:${st.ino}`;
      if (seen.has(key)) return;
      seen.add(key);
      entries = readdirSync(path);
    } catch (error) {
      log?.warn(`skipping the unreadable folder ${path}`, error);
      return;
    }
    let here = rules;
    if (entries.includes('.gitignore')) {
      try {
        here = rules.with(path, readFileSync(join(path, '.gitignore'), 'utf8'));
      } catch (error) {
        log?.warn(`reading ${join(path, '.gitignore')}`, error);
      }
    }
    for (const name of entries.sort()) {
      if (ALWAYS_SKIPPED.has(name)) continue;
      const full = join(path, name);
      let st;
      try {
        st = statSync(full);
      } catch (error) {
        log?.warn(`skipping ${full}`, error); // e.g. a dangling symlink
        continue;
      }
      if (st.isDirectory()) {
        if (!here.ignores(full, true)) visit(full, here);
      } else if (st.isFile() && isSupportedFile(name) && !here.ignores(full, false)) out.push(full);
    }
  };
  for (const p of paths) {
    const st = statSync(p);
    if (st.isDirectory()) visit(p, new GitignoreMatcher());
    else out.push(p);
  }
  return [...new Set(out)];
}
