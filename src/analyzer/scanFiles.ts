// Collects the files `retainer-lens scan` reads: supported extensions, no node_modules (unless a path
// inside it is named explicitly), nothing a .gitignore on the way excludes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isSupportedFile } from './index';

const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);

interface IgnoreRule {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

/** A small .gitignore subset: globs with * ** ?, leading / anchors, trailing / for folders, ! negation. */
export function parseGitignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.startsWith('/') || line.slice(0, -1).includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    let re = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '*' && line[i + 1] === '*') {
        re += '.*';
        i++;
        if (line[i + 1] === '/') i++;
      } else if (c === '*') re += '[^/]*';
      else if (c === '?') re += '[^/]';
      else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    rules.push({ regex: new RegExp(anchored ? `^${re}(/.*)?$` : `(^|/)${re}(/.*)?$`), negate, dirOnly });
  }
  return rules;
}

function ignored(rules: { base: string; rules: IgnoreRule[] }[], path: string, isDir: boolean): boolean {
  let result = false;
  for (const { base, rules: list } of rules) {
    const rel = relative(base, path).split(sep).join('/');
    if (rel.startsWith('..')) continue;
    for (const r of list) {
      if (r.dirOnly && !isDir) continue;
      if (r.regex.test(rel)) result = !r.negate;
    }
  }
  return result;
}

export function collectFiles(paths: string[]): string[] {
  const out: string[] = [];
  const visit = (path: string, rules: { base: string; rules: IgnoreRule[] }[]) => {
    let entries: string[];
    try {
      entries = readdirSync(path);
    } catch {
      return;
    }
    let here = rules;
    if (entries.includes('.gitignore')) {
      try {
        here = [...rules, { base: path, rules: parseGitignore(readFileSync(join(path, '.gitignore'), 'utf8')) }];
      } catch {
        /* unreadable: ignore */
      }
    }
    for (const name of entries.sort()) {
      if (ALWAYS_SKIPPED.has(name)) continue;
      const full = join(path, name);
      let st;
      try {
        st = statSync(full);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (!ignored(here, full, true)) visit(full, here);
      } else if (st.isFile() && isSupportedFile(name) && !ignored(here, full, false)) out.push(full);
    }
  };
  for (const p of paths) {
    const st = statSync(p);
    if (st.isDirectory()) visit(p, []);
    else out.push(p);
  }
  return [...new Set(out)];
}
