#!/usr/bin/env node
// npm run bench:realPackages (or npm run bench realPackages) — the analyzer on real, widely used packages
// written by strangers: lines scanned, findings per 1,000 lines per rule, parse errors, time. Every finding
// goes to out/realPackages-findings.json with a fixed sample of 30 for a human to judge (true / false alarm).
// The packages are installed from the npm registry into .bench-cache/real-packages/ (git-ignored) on first
// run, at pinned versions. Skipped: type declarations (.d.ts/.d.mts/.d.cts) and minified files (".min." in the
// name, or more than 250 characters per line on average — bundles such as terser's 1 MB dist/bundle.min.js).
// Large hand-written or concatenated sources (typescript.js, three.core.js, react-dom's builds) are scanned.
// --workspace runs the workspace pass over each package's files first (src/analyzer/workspace) and analyzes
// every file with its facts: the findings the pass adds or removes are listed, and its cost is printed apart.
// --tier all adds the less certain (medium) findings, counted apart per rule, as `retainer-lens scan
// --confidence medium` shows them.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

if (!process.execArgv.some((a) => a.includes('tsx'))) {
  // `npm run bench realPackages` starts plain node; the analyzer is TypeScript, so run again with tsx.
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(status ?? 1);
}

const PACKAGES = {
  typescript: '5.9.3',
  eslint: '10.15.0',
  webpack: '5.113.0',
  'react-dom': '19.3.1',
  rxjs: '7.8.2',
  vue: '3.5.45',
  '@angular/core': '22.2.6',
  express: '5.3.0',
  ws: '8.23.0',
  three: '0.187.0',
  preact: '11.2.0',
  lit: '3.3.3',
  'zone.js': '0.16.3',
  terser: '5.51.4',
  postcss: '8.5.33',
  'enhanced-resolve': '5.27.0',
};
const MAX_CHARS_PER_LINE = 250;
const tierIndex = process.argv.indexOf('--tier');
const tier = tierIndex > 0 ? process.argv[tierIndex + 1] : 'default';
if (tier !== 'default' && tier !== 'all') {
  console.error(`realPackages: --tier must be default or all (got ${tier})`);
  process.exit(2);
}
const tierAll = tier === 'all';
const minimumConfidence = tierAll ? 'medium' : 'high';
const SAMPLE = 30;

const root = new URL('..', import.meta.url).pathname;
const prefix = join(root, '.bench-cache', 'real-packages');
const modules = join(prefix, 'node_modules');
const outFile = join(
  root,
  'out',
  `realPackages-findings${process.argv.includes('--workspace') ? '-workspace' : ''}${tierAll ? '-tier-all' : ''}.json`,
);

const installedVersion = (name) => {
  const manifest = join(modules, name, 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
};
const wanted = Object.entries(PACKAGES).map(([name, version]) => `${name}@${version}`);
if (Object.entries(PACKAGES).some(([name, version]) => installedVersion(name) !== version)) {
  mkdirSync(prefix, { recursive: true });
  console.log(`installing ${wanted.length} packages into .bench-cache/real-packages/ …`);
  execFileSync(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', ...wanted],
    { stdio: 'inherit' },
  );
}

const { analyze, buildWorkspaceIndex, RULE_IDS } = await import('../src/analyzer/index.ts');
const workspaceMode = process.argv.includes('--workspace');
const workspace = { ms: 0, lines: 0, files: 0, withFacts: 0, added: [], removed: [] };

function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules') continue; // only the package's own code, not its bundled dependencies
    const full = join(dir, name);
    const stat = statSync(full);
    if (stat.isDirectory()) collect(full, out);
    else if (/\.(m|c)?js$|\.ts$/.test(name) && !/\.d\.(m|c)?ts$/.test(name)) out.push(full);
  }
  return out;
}

const perRule = Object.fromEntries(RULE_IDS.map((r) => [r, 0]));
const mediumPerRule = Object.fromEntries(RULE_IDS.map((r) => [r, 0]));
const perPackage = [];
const findings = [];
const parseErrors = [];
const ruleErrors = [];
const skipped = { minified: 0 };
let lines = 0;
let files = 0;
let ms = 0;
for (const name of Object.keys(PACKAGES)) {
  const pkg = { name, version: PACKAGES[name], files: 0, lines: 0, findings: 0 };
  const sources = [];
  for (const full of collect(join(modules, name), [])) {
    const text = readFileSync(full, 'utf8');
    const fileLines = text.split('\n').length;
    if (full.includes('.min.') || text.length / fileLines > MAX_CHARS_PER_LINE) {
      skipped.minified++;
      continue;
    }
    sources.push({ full, text, fileLines });
  }
  const index = workspaceMode
    ? buildWorkspaceIndex(
        sources.map((s) => ({ path: s.full, text: s.text })),
        { root: join(modules, name) },
      )
    : undefined;
  if (index) {
    workspace.ms += index.milliseconds;
    workspace.lines += index.lines;
    workspace.files += index.files;
  }
  for (const { full, text, fileLines } of sources) {
    const file = relative(modules, full);
    const facts = index?.facts.get(full);
    const t0 = performance.now();
    const result = analyze(text, file, { workspace: facts, minimumConfidence });
    ms += performance.now() - t0;
    if (facts) {
      // What the pass changed in this file: the same file analyzed alone.
      workspace.withFacts++;
      const id = (f) => `${f.rule}:${f.range.start.line + 1}`;
      const alone = analyze(text, file, { minimumConfidence }).findings;
      const was = new Set(alone.map(id));
      const now = new Set(result.findings.map(id));
      for (const f of result.findings)
        if (!was.has(id(f)))
          workspace.added.push({ file, line: f.range.start.line + 1, rule: f.rule, message: f.message });
      for (const f of alone)
        if (!now.has(id(f))) workspace.removed.push({ file, line: f.range.start.line + 1, rule: f.rule });
    }
    for (const e of result.ruleErrors ?? []) ruleErrors.push(`${file}: ${e.rule}: ${e.message}`);
    if (result.parseError) parseErrors.push(`${file}:${result.parseError.line + 1}: ${result.parseError.message}`);
    const source = text.split('\n');
    for (const f of result.findings) {
      perRule[f.rule]++;
      if (f.confidence === 'medium') mediumPerRule[f.rule]++;
      const line = f.range.start.line + 1;
      findings.push({
        file,
        line,
        rule: f.rule,
        confidence: f.confidence ?? 'high',
        message: f.message,
        code: (source[line - 1] ?? '').trim().slice(0, 160),
      });
    }
    pkg.files++;
    pkg.lines += fileLines;
    pkg.findings += result.findings.length;
  }
  files += pkg.files;
  lines += pkg.lines;
  perPackage.push(pkg);
}

// A fixed sample: the 30 findings whose (file, line, rule) hash lowest, so reruns judge the same ones.
const key = (f) => createHash('sha256').update(`${f.file}:${f.line}:${f.rule}`).digest('hex');
const sample = [...findings].sort((a, b) => (key(a) < key(b) ? -1 : 1)).slice(0, SAMPLE);
const kloc = lines / 1000;

const pad = (s, n) => String(s).padEnd(n);
console.log(
  `real packages: ${Object.keys(PACKAGES).length} packages, ${files.toLocaleString('en-US')} files, ${lines.toLocaleString('en-US')} lines (skipped ${skipped.minified} minified files)`,
);
console.log(
  `analysis time: ${(ms / 1000).toFixed(1)} s (${((lines / ms) * 1000).toFixed(0)} lines/s), parse errors: ${parseErrors.length}, rule errors: ${ruleErrors.length}`,
);
const mediumTotal = Object.values(mediumPerRule).reduce((a, b) => a + b, 0);
console.log(`tier ${tier}${tierAll ? ' (findings include the medium ones, also counted apart)' : ''}`);
console.log(`${pad('rule', 22)}${pad('findings', 10)}${pad('per 1,000 lines', 17)}${tierAll ? 'of them medium' : ''}`);
for (const rule of RULE_IDS)
  console.log(
    `${pad(rule, 22)}${pad(perRule[rule], 10)}${pad((perRule[rule] / kloc).toFixed(3), 17)}${tierAll ? mediumPerRule[rule] : ''}`,
  );
console.log(
  `${pad('all', 22)}${pad(findings.length, 10)}${pad((findings.length / kloc).toFixed(3), 17)}${tierAll ? mediumTotal : ''}`,
);
console.log(`${pad('package', 26)}${pad('lines', 10)}${pad('findings', 10)}per 1,000 lines`);
for (const p of perPackage) {
  console.log(
    `${pad(`${p.name}@${p.version}`, 26)}${pad(p.lines, 10)}${pad(p.findings, 10)}${(p.findings / (p.lines / 1000 || 1)).toFixed(3)}`,
  );
}
for (const e of parseErrors) console.log(`  parse error: ${e}`);
for (const e of ruleErrors) console.log(`  rule error: ${e}`);
if (workspaceMode) {
  console.log(
    `workspace pass: ${workspace.files.toLocaleString('en-US')} files, ${workspace.lines.toLocaleString('en-US')} lines indexed in ${(workspace.ms / 1000).toFixed(1)} s ` +
      `(${(workspace.ms / (workspace.lines / 1000)).toFixed(2)} ms per 1,000 lines; the analysis: ${(ms / (lines / 1000)).toFixed(2)}); ` +
      `${workspace.withFacts} files got facts; findings added ${workspace.added.length}, removed ${workspace.removed.length}`,
  );
  for (const f of workspace.added) console.log(`  + ${f.file}:${f.line} ${f.rule}: ${f.message}`);
  for (const f of workspace.removed) console.log(`  - ${f.file}:${f.line} ${f.rule}`);
}
mkdirSync(join(root, 'out'), { recursive: true });
writeFileSync(
  outFile,
  JSON.stringify(
    {
      packages: PACKAGES,
      files,
      lines,
      skipped,
      milliseconds: Math.round(ms),
      tier,
      perRule,
      mediumPerRule,
      perPackage,
      parseErrors,
      ruleErrors,
      ...(workspaceMode ? { workspace } : {}),
      sample,
      findings,
    },
    null,
    2,
  ) + '\n',
);
console.log(`all findings and a fixed sample of ${sample.length} to judge: ${relative(root, outFile)}`);
