// The repository around a case, for scoring the workspace pass: the source tree at one commit (JS/TS/Vue/Svelte
// files plus tsconfig/jsconfig/package.json), read from the local git copy into the git-ignored
// .cache/trees/<owner+name>/<commit>/. Bounded: no node_modules, build output, vendored or minified files, no
// file over MAX_FILE_BYTES, and at most MAX_FILES files (those nearest the case's file are kept).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CACHE } from './cases.mjs';

export const MAX_FILES = 6000;
export const MAX_FILE_BYTES = 1_000_000;
const SOURCE = /\.(m?[jt]sx?|c[jt]s|vue|svelte)$/i;
const CONFIG = /(^|\/)(tsconfig[\w.-]*\.json|jsconfig\.json|package\.json)$/;
const SKIPPED_DIR =
  /(^|\/)(node_modules|dist|build|out|lib-cov|coverage|vendor|vendors|bower_components|third_party|\.git|\.next|\.nuxt)\//;
const SKIPPED_FILE = /(\.min\.|\.d\.[mc]?ts$|[.-]bundle\.|\.umd\.)/;

function git(gitDir, args, input) {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { maxBuffer: 1024 * 1024 * 1024, input });
}

/** Shared path prefix length in segments: how near a file is to the case's file. */
function nearness(a, b) {
  const x = a.split('/');
  const y = b.split('/');
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

/**
 * The tree of `commit` (materialized once), as { root, files: [relative paths of source files], skipped }.
 * `near` is the case's file: when the tree has more than MAX_FILES sources, the nearest ones are kept.
 */
export function materializeTree(gitDir, repo, commit, near) {
  const root = join(CACHE, 'trees', repo.replace('/', '+'), commit);
  const listFile = join(root, '.files.json');
  if (existsSync(listFile)) return { root, ...JSON.parse(readFileSync(listFile, 'utf8')) };
  const entries = git(gitDir, ['ls-tree', '-r', '-l', '-z', commit])
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode, type, sha, size] = line.slice(0, tab).split(/\s+/);
      return { mode, type, sha, size: Number(size), path: line.slice(tab + 1) };
    })
    .filter((e) => e.type === 'blob' && e.mode !== '120000' && !SKIPPED_DIR.test(e.path));
  let sources = entries.filter((e) => SOURCE.test(e.path) && !SKIPPED_FILE.test(e.path) && e.size <= MAX_FILE_BYTES);
  const configs = entries.filter((e) => CONFIG.test(e.path) && e.size <= MAX_FILE_BYTES);
  const allSources = entries.filter((e) => SOURCE.test(e.path)).length;
  if (sources.length > MAX_FILES) {
    sources = sources
      .map((e) => ({ e, n: nearness(e.path, near) }))
      .sort((a, b) => b.n - a.n || a.e.path.localeCompare(b.e.path))
      .slice(0, MAX_FILES)
      .map((x) => x.e);
  }
  const wanted = [...sources, ...configs];
  // One `git cat-file --batch` for the whole tree: "<sha> blob <size>\n<content>\n" per object, or "<sha> missing".
  const out = git(gitDir, ['cat-file', '--batch'], wanted.map((e) => e.sha).join('\n') + '\n');
  const bySha = new Map();
  let at = 0;
  while (at < out.length) {
    const nl = out.indexOf(10, at);
    const header = out.subarray(at, nl).toString('utf8').split(' ');
    at = nl + 1;
    if (header[1] === 'missing' || header.length < 3) continue;
    const size = Number(header[2]);
    bySha.set(header[0], out.subarray(at, at + size));
    at += size + 1;
  }
  const files = [];
  for (const e of wanted) {
    const content = bySha.get(e.sha);
    if (!content) continue; // absent from a partial mirror
    const text = content.toString('utf8');
    if (SOURCE.test(e.path)) {
      // A minified or generated bundle under an ordinary name: over 250 characters per line on average.
      const lines = text.split('\n').length;
      if (text.length / lines > 250) continue;
      files.push(e.path);
    }
    const file = join(root, e.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  const list = { files, skipped: allSources - files.length };
  writeFileSync(listFile, JSON.stringify(list));
  return { root, ...list };
}
