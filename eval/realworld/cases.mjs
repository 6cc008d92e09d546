// Shared by materialize.mjs and score.mjs: the manifest, the fixed split rule, the cache layout.
// The split is mechanical and decided by the repository name alone, so whole repositories fall on one side
// and the two halves never share code. Nobody adjusts it by hand after seeing results.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';

export const HERE = new URL('.', import.meta.url).pathname;
export const MANIFEST = join(HERE, 'manifest.json');
export const CACHE = join(HERE, '.cache');
/** Cases collected after the test half was frozen: tuning material only (split "extra"), one file per collection. */
export const EXTRA = join(HERE, 'extra');

export const FAMILIES = [
  'closure-large-scope',
  'listener-not-removed',
  'interval-not-cleared',
  'unbounded-collection',
  'global-leak',
  'map-object-key',
];

/** 32-bit FNV-1a over the UTF-8 bytes of a string. */
export function fnv1a32(text) {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The split rule, also written in the manifest header: even hash of the lower-cased repo name → test. */
export function splitOf(repo) {
  return fnv1a32(repo.toLowerCase()) % 2 === 0 ? 'test' : 'tune';
}

export function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

const LANGUAGES = {
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
  '.vue': 'vue',
  '.svelte': 'svelte',
};

export function languageOf(path) {
  return LANGUAGES[extname(path).toLowerCase()] ?? 'unknown';
}

/** Cache file of one side of a case: .cache/<id>/before.<ext> (the parent) or after.<ext> (the fix). */
export function cachePath(entry, side) {
  const path = side === 'before' ? entry.path : (entry.pathAfter ?? entry.path);
  return join(CACHE, entry.id, `${side}${extname(path)}`);
}

export function readManifest() {
  return JSON.parse(readFileSync(MANIFEST, 'utf8'));
}

/**
 * The frozen manifest and every extra collection, each as { file, data }. Extra cases never join the test half:
 * their split is "extra", and a repository of the test half is refused there (materialize.mjs checks both).
 */
export function readDocuments() {
  const documents = [{ file: MANIFEST, data: readManifest(), extra: false }];
  if (existsSync(EXTRA)) {
    for (const name of readdirSync(EXTRA)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const file = join(EXTRA, name);
      documents.push({ file, data: JSON.parse(readFileSync(file, 'utf8')), extra: true });
    }
  }
  return documents;
}

/**
 * Which cases a --split names: test, tune, all (= test + tune, the frozen manifest), extra, tune+extra, or
 * extra:<name> (one collection, extra/<name>.json: fresh material scored before and after a change).
 */
export const SPLITS = ['tune', 'test', 'all', 'extra', 'tune+extra', 'extra:<name>'];
export function isSplit(which) {
  return SPLITS.includes(which) || /^extra:[\w.-]+$/.test(which);
}
export function inSplit(entry, which, collection) {
  if (which.startsWith('extra:')) return entry.split === 'extra' && collection === `${which.slice(6)}.json`;
  if (which === 'all') return entry.split === 'test' || entry.split === 'tune';
  if (which === 'tune+extra') return entry.split === 'tune' || entry.split === 'extra';
  return entry.split === which;
}

const gitDirs = new Map();
/**
 * The local git copy of `repo` under one of `roots` (`<owner>+<name>/repo`, `<owner>+<name>`, `<owner>/<name>`
 * or `<name>`, bare or with a .git folder), or null.
 */
export function findGitDir(repo, roots) {
  const key = `${repo}\0${roots.join('\0')}`;
  if (gitDirs.has(key)) return gitDirs.get(key);
  const [owner, name] = repo.split('/');
  let found = null;
  for (const root of roots) {
    const bases = [join(root, `${owner}+${name}`, 'repo'), join(root, `${owner}+${name}`), join(root, owner, name)];
    bases.push(join(root, name));
    for (const base of bases) {
      if (existsSync(join(base, '.git'))) found = join(base, '.git');
      else if (existsSync(join(base, 'HEAD')) && existsSync(join(base, 'objects'))) found = base;
      if (found) break;
    }
    if (found) break;
  }
  gitDirs.set(key, found);
  return found;
}

/** Where git copies are looked for: $RETAINER_LENS_EVAL_GIT_ROOT, then /work/.mirror. */
export function defaultGitRoots() {
  return [
    ...(process.env.RETAINER_LENS_EVAL_GIT_ROOT ? [process.env.RETAINER_LENS_EVAL_GIT_ROOT] : []),
    '/work/.mirror',
  ];
}
