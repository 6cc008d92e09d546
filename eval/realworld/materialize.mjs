#!/usr/bin/env node
// Fills the git-ignored cache eval/realworld/.cache/<id>/{before,after}.<ext> with the two versions of each
// case's file, read from local git copies of the public repositories (`git show <commit>:<path>`), and checks
// them against the manifest's sha256. The cache is never committed: it is other people's code.
//
//   node eval/realworld/materialize.mjs [--git-root DIR]… [--fill]
//
// Git copies are looked up under each --git-root, $RETAINER_LENS_EVAL_GIT_ROOT and /work/.mirror, as
// <owner>+<name>/repo, <owner>+<name>, <owner>/<name> or <name> (bare or with a .git folder).
// --fill completes the derived fields of new manifest entries (id, parentCommit, sha256Before/After,
// language, split) from those copies; it never changes a field that is already set, and it refuses an
// entry whose recorded split disagrees with the split rule. Files under extra/ (cases collected after the
// freeze) get split "extra" and may not come from a repository of the frozen test half.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cachePath, defaultGitRoots, findGitDir, languageOf, readDocuments, sha256, splitOf } from './cases.mjs';

const args = process.argv.slice(2);
const fill = args.includes('--fill');
const roots = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--git-root') roots.push(args[++i]);
  else if (args[i] !== '--fill') {
    console.error(`materialize: unknown argument ${args[i]} (use --git-root DIR, --fill)`);
    process.exit(2);
  }
}
roots.push(...defaultGitRoots());

const gitDirOf = (repo) => findGitDir(repo, roots);

function git(gitDir, ...rest) {
  return execFileSync('git', ['--git-dir', gitDir, ...rest], { maxBuffer: 64 * 1024 * 1024 });
}

const documents = readDocuments();
const problems = [];
const missing = new Map(); // repo → ids
const testRepos = new Set(documents[0].data.cases.filter((c) => c.split === 'test').map((c) => c.repo.toLowerCase()));
const seenIds = new Set();

for (const document of documents) {
  for (const entry of document.data.cases) {
    const gitDir = gitDirOf(entry.repo);
    if (fill) {
      if (!gitDir) {
        problems.push(`${entry.repo} ${entry.fixCommit}: no local git copy to fill the entry from`);
        continue;
      }
      entry.fixCommit = git(gitDir, 'rev-parse', `${entry.fixCommit}^{commit}`).toString().trim();
      entry.parentCommit ??= git(gitDir, 'rev-parse', `${entry.fixCommit}^1`).toString().trim();
      entry.id ??= `${entry.repo
        .split('/')[1]
        .toLowerCase()
        .replace(/[^a-z0-9.-]+/g, '-')}-${entry.fixCommit.slice(0, 8)}`;
      entry.language ??= languageOf(entry.pathAfter ?? entry.path);
      entry.split ??= document.extra ? 'extra' : splitOf(entry.repo);
      entry.sha256Before ??= sha256(git(gitDir, 'show', `${entry.parentCommit}:${entry.path}`));
      entry.sha256After ??= sha256(git(gitDir, 'show', `${entry.fixCommit}:${entry.pathAfter ?? entry.path}`));
      document.changed = true;
    }
    if (seenIds.has(entry.id)) problems.push(`${entry.id}: listed twice`);
    seenIds.add(entry.id);
    if (document.extra) {
      // Collected after the freeze: tuning material only, and never code of a frozen-half repository.
      if (entry.split !== 'extra')
        problems.push(`${entry.id}: an extra case's split must be "extra" (${document.file})`);
      if (testRepos.has(entry.repo.toLowerCase())) {
        problems.push(`${entry.id}: ${entry.repo} belongs to the frozen test half; it cannot be tuning material`);
      }
    } else if (entry.split !== splitOf(entry.repo)) {
      problems.push(
        `${entry.id}: recorded split "${entry.split}" is not what the split rule gives (${splitOf(entry.repo)})`,
      );
    }
    for (const side of ['before', 'after']) {
      const file = cachePath(entry, side);
      const want = side === 'before' ? entry.sha256Before : entry.sha256After;
      if (existsSync(file) && sha256(readFileSync(file)) === want) continue;
      if (!gitDir) {
        missing.set(entry.repo, [...(missing.get(entry.repo) ?? []), entry.id]);
        break;
      }
      const commit = side === 'before' ? entry.parentCommit : entry.fixCommit;
      const path = side === 'before' ? entry.path : (entry.pathAfter ?? entry.path);
      let content;
      try {
        content = git(gitDir, 'show', `${commit}:${path}`);
      } catch (error) {
        problems.push(
          `${entry.id}: cannot read ${commit.slice(0, 10)}:${path} from ${gitDir}: ${String(error.message).split('\n')[0]}`,
        );
        continue;
      }
      if (sha256(content) !== want) {
        problems.push(`${entry.id}: ${side} file from ${gitDir} has sha256 ${sha256(content)}, manifest says ${want}`);
        continue;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    // Line ranges must lie inside the file they point into.
    for (const [side, ranges] of [
      ['before', entry.leakLines],
      ['after', entry.fixedLines],
    ]) {
      const file = cachePath(entry, side);
      if (!ranges || !existsSync(file)) continue;
      const count = readFileSync(file, 'utf8').split('\n').length;
      for (const [a, b] of ranges) {
        if (!(a >= 1 && b >= a && b <= count)) problems.push(`${entry.id}: ${side} range ${a}-${b} outside 1-${count}`);
      }
    }
  }
}

for (const document of documents.filter((d) => d.changed)) {
  writeFileSync(document.file, JSON.stringify(document.data, null, 2) + '\n');
  console.log(`materialize: filled derived fields in ${document.file} (run npx prettier --write on it)`);
}
const everyCase = documents.flatMap((d) => d.data.cases);
const total = everyCase.length;
const absent = [...missing.values()].reduce((n, ids) => n + ids.length, 0);
const cached = everyCase.filter((entry) =>
  ['before', 'after'].every((side) => {
    const file = cachePath(entry, side);
    const want = side === 'before' ? entry.sha256Before : entry.sha256After;
    return existsSync(file) && sha256(readFileSync(file)) === want;
  }),
).length;
console.log(`materialize: ${cached}/${total} cases cached in eval/realworld/.cache/`);
for (const p of problems) console.error(`  problem: ${p}`);
if (missing.size) {
  console.error(`  ${absent} cases have no local copy of their repository:`);
  for (const [repo, ids] of missing) {
    console.error(
      `    ${repo} (${ids.length}): git clone --bare https://github.com/${repo} <root>/${repo.replace('/', '+')}`,
    );
  }
  console.error('  then run again with --git-root <root>.');
}
process.exit(problems.length || missing.size ? 1 : 0);
