#!/usr/bin/env node
// Scores today's analyzer (src/analyzer `analyze`) on the cached real-world cases of one split.
//
//   npm run bench:realworld -- [--split tune|test|all|extra|tune+extra|extra:<name>] [--tier default|all] [--workspace] [--json] [--details] [--out FILE]
//   npm run bench:realworld -- --write-baseline   (both halves → eval/realworld/baseline-<date>.json)
//   (= node --import tsx eval/realworld/score.mjs …; run materialize.mjs first)
//
// Per case, the BEFORE file is a positive: TP if a finding of the case's family starts within leakLines
// (±2 lines), else FN. The AFTER file is a negative: FP if a finding of the family starts within fixedLines
// (±2), else TN. Every other finding in either file is listed as "unscored" for a human to judge.
// --tier default scores what the analyzer shows by default (high-confidence findings); --tier all adds the
// medium-confidence ones a user can ask for (retainerLens.analyzer.minimumConfidence / scan --confidence).
// --workspace scores each case twice: its file alone (as above), and its file with the workspace pass's facts
// (src/analyzer/workspace), built from the repository's tree at the parent commit (before) and at the fix
// commit (after), materialized by trees.mjs into .cache/trees/. Findings are scored in the case's file only;
// the two modes are printed side by side, with the workspace pass's cost.
// The test half is frozen: for it only per-family numbers are printed unless --details is given, and
// nobody tunes rules on what --details shows.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  FAMILIES,
  HERE,
  SPLITS,
  isSplit,
  cachePath,
  defaultGitRoots,
  findGitDir,
  inSplit,
  readDocuments,
  sha256,
} from './cases.mjs';
import { materializeTree } from './trees.mjs';

const SLACK = 2;
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const split = option('--split') ?? 'tune';
if (!isSplit(split)) {
  console.error(`score: --split must be one of ${SPLITS.join(', ')} (got ${split})`);
  process.exit(2);
}
const tier = option('--tier') ?? 'default';
if (!['default', 'all'].includes(tier)) {
  console.error(`score: --tier must be default or all (got ${tier})`);
  process.exit(2);
}
const minimumConfidence = tier === 'all' ? 'medium' : 'high';
const asJson = args.includes('--json');
const workspaceMode = args.includes('--workspace');
const out = option('--out');
// Case lists never include the frozen half unless asked for.
const details = args.includes('--details') || !['test', 'all'].includes(split);

const { analyze, isSupportedFile } = await import('../../src/analyzer/index.ts');
const { buildWorkspaceIndex } = await import('../../src/analyzer/workspace/index.ts');
// Each case remembers which file it came from, for --split extra:<name>.
const collectionOf = new Map();
const allCases = readDocuments().flatMap((d) => {
  for (const c of d.data.cases) collectionOf.set(c, basename(d.file));
  return d.data.cases;
});

const within = (line, ranges) => (ranges ?? []).some(([a, b]) => line >= a - SLACK && line <= b + SLACK);

/** The workspace pass's cost, summed over every tree it indexed. */
const workspaceCost = { trees: 0, files: 0, lines: 0, skipped: 0, indexMs: 0, materializeMs: 0, noTree: [] };

/** The workspace facts for the case's file on one side, from the repository tree at that side's commit. */
function workspaceFacts(entry, side, path) {
  const gitDir = findGitDir(entry.repo, defaultGitRoots());
  if (!gitDir) {
    workspaceCost.noTree.push(entry.id);
    return undefined;
  }
  const commit = side === 'before' ? entry.parentCommit : entry.fixCommit;
  const t0 = performance.now();
  const tree = materializeTree(gitDir, entry.repo, commit, path);
  const t1 = performance.now();
  const files = tree.files.map((p) => ({ path: join(tree.root, p), text: readFileSync(join(tree.root, p), 'utf8') }));
  const index = buildWorkspaceIndex(files, { root: tree.root });
  workspaceCost.materializeMs += t1 - t0;
  workspaceCost.indexMs += index.milliseconds;
  workspaceCost.trees++;
  workspaceCost.files += index.files;
  workspaceCost.lines += index.lines;
  workspaceCost.skipped += tree.skipped + index.skipped;
  return index.facts.get(join(tree.root, path)) ?? {};
}

function analyzeSide(entry, side, withWorkspace) {
  const file = cachePath(entry, side);
  const path = side === 'before' ? entry.path : (entry.pathAfter ?? entry.path);
  if (!existsSync(file)) return { missing: true };
  const text = readFileSync(file, 'utf8');
  const want = side === 'before' ? entry.sha256Before : entry.sha256After;
  if (sha256(text) !== want) return { missing: true, stale: true };
  const lines = text.split('\n').length;
  if (!isSupportedFile(path)) return { lines, unsupported: true, findings: [] };
  const workspace = withWorkspace ? workspaceFacts(entry, side, path) : undefined;
  const result = analyze(text, `${entry.repo}/${path}`, { minimumConfidence, workspace });
  // A rule that threw would read as a miss: say so instead.
  for (const e of result.ruleErrors ?? []) console.error(`rule error: ${entry.id} ${side}: ${e.rule}: ${e.message}`);
  const findings = result.findings.map((f) => ({
    rule: f.rule,
    line: f.range.start.line + 1,
    confidence: f.confidence ?? 'high',
    message: f.message,
  }));
  return { lines, findings, parseError: result.parseError?.message };
}

function scoreSplit(which, withCases, withWorkspace = false) {
  const t0 = performance.now();
  const cases = [];
  const skipped = [];
  let lines = 0;
  for (const entry of allCases.filter((c) => inSplit(c, which, collectionOf.get(c)))) {
    const before = analyzeSide(entry, 'before', withWorkspace);
    const after = analyzeSide(entry, 'after', withWorkspace);
    if (before.missing || after.missing) {
      skipped.push(entry.id);
      continue;
    }
    lines += before.lines + after.lines;
    const mine = (f) => f.rule === entry.family;
    const hits = before.findings.filter((f) => mine(f) && within(f.line, entry.leakLines));
    const falseHits = after.findings.filter((f) => mine(f) && within(f.line, entry.fixedLines));
    const unscored = [
      ...before.findings.filter((f) => !hits.includes(f)).map((f) => ({ side: 'before', ...f })),
      ...after.findings.filter((f) => !falseHits.includes(f)).map((f) => ({ side: 'after', ...f })),
    ].map((f) => ({ ...f, sameFamily: f.rule === entry.family }));
    cases.push({
      id: entry.id,
      repo: entry.repo,
      path: entry.path,
      family: entry.family,
      language: entry.language,
      split: entry.split,
      leakLines: entry.leakLines,
      fixedLines: entry.fixedLines,
      positive: hits.length ? 'TP' : 'FN',
      negative: falseHits.length ? 'FP' : 'TN',
      notAnalyzed: before.unsupported ? 'unsupported file type' : (before.parseError ?? after.parseError ?? null),
      hits,
      falseHits,
      unscored,
    });
  }
  const ms = performance.now() - t0;

  const ratio = (num, den) => (den ? num / den : null);
  function tally(list) {
    const tp = list.filter((c) => c.positive === 'TP').length;
    const fp = list.filter((c) => c.negative === 'FP').length;
    return {
      cases: list.length,
      tp,
      fn: list.length - tp,
      fp,
      tn: list.length - fp,
      precision: ratio(tp, tp + fp),
      recall: ratio(tp, list.length),
    };
  }
  const families = Object.fromEntries(FAMILIES.map((f) => [f, tally(cases.filter((c) => c.family === f))]));
  const overall = tally(cases);
  const unscoredCount = cases.reduce((n, c) => n + c.unscored.length, 0);
  return {
    split: which,
    tier,
    mode: withWorkspace ? 'workspace' : 'per-file',
    analyzedCases: cases.length,
    skippedCases: skipped,
    linesAnalyzed: lines,
    milliseconds: Math.round(ms),
    families,
    overall,
    unscoredFindings: unscoredCount,
    unscoredPerKloc: lines ? unscoredCount / (lines / 1000) : 0,
    notAnalyzed: cases.filter((c) => c.notAnalyzed).length,
    ...(withCases ? { cases } : {}),
  };
}

if (args.includes('--write-baseline')) {
  // The frozen reference before any rule change: the test half as numbers only, the tune half with its cases.
  const date = new Date().toISOString().slice(0, 10);
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: HERE }).toString().trim();
  const strip = (c) => ({
    id: c.id,
    family: c.family,
    positive: c.positive,
    negative: c.negative,
    notAnalyzed: c.notAnalyzed,
    unscored: c.unscored.map((f) => `${f.side} ${f.rule}:${f.line}`),
  });
  const tune = scoreSplit('tune', true);
  const baseline = {
    date,
    analyzerCommit: commit,
    node: process.version,
    test: scoreSplit('test', false),
    tune: { ...tune, cases: tune.cases.map(strip) },
  };
  const file = join(HERE, `baseline-${date}.json`);
  writeFileSync(file, JSON.stringify(baseline, null, 2) + '\n');
  console.log(`wrote ${file}`);
  process.exit(0);
}

const report = scoreSplit(split, details);
const workspaceReport = workspaceMode ? scoreSplit(split, details, true) : undefined;
if (workspaceReport) {
  const { indexMs, lines: wl } = workspaceCost;
  workspaceReport.workspaceCost = {
    ...workspaceCost,
    indexMs: Math.round(indexMs),
    materializeMs: Math.round(workspaceCost.materializeMs),
    indexMsPerKloc: wl ? indexMs / (wl / 1000) : null,
  };
}
if (out)
  writeFileSync(
    out,
    JSON.stringify(workspaceReport ? { perFile: report, workspace: workspaceReport } : report, null, 2) + '\n',
  );
if (asJson) {
  console.log(JSON.stringify(workspaceReport ? { perFile: report, workspace: workspaceReport } : report, null, 2));
} else {
  printReport(report);
  if (workspaceReport) {
    printComparison(report, workspaceReport);
    printReport(workspaceReport, report);
  }
}

function printComparison(a, b) {
  const pad = (s, n) => String(s).padEnd(n);
  const num = (x) => (x === null ? '–' : x.toFixed(3));
  const cost = b.workspaceCost;
  console.log(
    `\nper-file vs workspace (split ${split}, tier ${tier}); workspace pass: ${cost.trees} trees, ${cost.files.toLocaleString('en-US')} files, ` +
      `${cost.lines.toLocaleString('en-US')} lines indexed in ${cost.indexMs} ms (${num(cost.indexMsPerKloc)} ms per 1,000 lines), ` +
      `${cost.skipped} files skipped; trees read in ${cost.materializeMs} ms` +
      (cost.noTree.length ? `; no git copy: ${cost.noTree.join(', ')}` : ''),
  );
  console.log(
    `${pad('family', 22)}${pad('per-file TP/FP', 16)}${pad('P', 7)}${pad('R', 7)}${pad('workspace TP/FP', 17)}${pad('P', 7)}R`,
  );
  for (const name of [...FAMILIES, 'all']) {
    const x = name === 'all' ? a.overall : a.families[name];
    const y = name === 'all' ? b.overall : b.families[name];
    console.log(
      `${pad(name, 22)}${pad(`${x.tp}/${x.fp}`, 16)}${pad(num(x.precision), 7)}${pad(num(x.recall), 7)}${pad(`${y.tp}/${y.fp}`, 17)}${pad(num(y.precision), 7)}${num(y.recall)}`,
    );
  }
}

/** One mode's table and, unless the split is frozen, its cases (only those that differ from `other` when given). */
function printReport(report, other) {
  const { cases, families, overall, skippedCases: skipped, linesAnalyzed: lines, milliseconds: ms } = report;
  const unscoredCount = report.unscoredFindings;
  const pad = (s, n) => String(s).padEnd(n);
  const num = (x) => (x === null ? '–' : x.toFixed(3));
  console.log(
    `${other ? '\n' : ''}real-world set, split ${split}, tier ${tier}, ${report.mode}: ${report.analyzedCases} cases, ${lines.toLocaleString('en-US')} lines (${ms} ms)`,
  );
  if (skipped.length) console.log(`  not cached (run eval/realworld/materialize.mjs): ${skipped.join(', ')}`);
  console.log(
    `${pad('family', 22)}${pad('cases', 7)}${pad('TP', 5)}${pad('FN', 5)}${pad('FP', 5)}${pad('TN', 5)}${pad('precision', 11)}recall`,
  );
  for (const [name, s] of [...Object.entries(families), ['all', overall]]) {
    console.log(
      `${pad(name, 22)}${pad(s.cases, 7)}${pad(s.tp, 5)}${pad(s.fn, 5)}${pad(s.fp, 5)}${pad(s.tn, 5)}${pad(num(s.precision), 11)}${num(s.recall)}`,
    );
  }
  console.log(
    `not analyzable today (unsupported file type or parse error): ${report.notAnalyzed} cases; unscored findings: ${unscoredCount} (${report.unscoredPerKloc.toFixed(2)} per 1,000 lines)`,
  );
  if (!details) {
    console.log('test half: numbers only (frozen). --details lists cases; never tune rules on them.');
    return;
  }
  // With `other` (the per-file report), only what the workspace pass changed.
  const before = other ? new Map(other.cases.map((c) => [c.id, c])) : undefined;
  const key = (f) => `${f.side} ${f.rule} ${f.line} ${f.message}`;
  const changed = (c) => {
    const o = before?.get(c.id);
    return !o || o.positive !== c.positive || o.negative !== c.negative;
  };
  if (other) console.log('cases the workspace pass changed, and its new unscored findings:');
  for (const c of cases.filter((c) => c.positive === 'FN' && changed(c))) {
    const why = c.notAnalyzed ? ` [${c.notAnalyzed}]` : '';
    console.log(`  FN ${pad(c.family, 21)} ${c.id}  ${c.path}:${c.leakLines.map((r) => r.join('-')).join(',')}${why}`);
  }
  for (const c of cases.filter((c) => c.positive === 'TP' && other && changed(c))) {
    console.log(
      `  TP ${pad(c.family, 21)} ${c.id}  ${c.path}:${c.hits.map((f) => f.line).join(',')}  ${c.hits[0].message}`,
    );
  }
  for (const c of cases.filter((c) => c.negative === 'FP' && changed(c))) {
    console.log(`  FP ${pad(c.family, 21)} ${c.id}  ${c.path}:${c.falseHits.map((f) => f.line).join(',')}`);
  }
  if (unscoredCount && !other) console.log('unscored findings (judge by hand):');
  for (const c of cases) {
    const seen = new Set((before?.get(c.id)?.unscored ?? []).map(key));
    for (const f of c.unscored) {
      if (seen.has(key(f))) continue;
      const tag = f.sameFamily ? ' (case family, outside the ranges)' : '';
      const conf = f.confidence === 'medium' ? ' [medium]' : '';
      console.log(`  ${c.id} ${pad(f.side, 7)}${pad(f.rule, 21)}${pad(f.line, 6)}${f.message}${tag}${conf}`);
    }
  }
}
