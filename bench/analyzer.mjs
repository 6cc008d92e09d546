#!/usr/bin/env node
// npm run bench:analyzer — speed of the static retention analyzer on a large real code base (webpack's
// lib/), against ESLint running eslint-plugin-react-web-api's leak rules (the nearest existing checks) on
// the same files, plus the editor's latency: median and p95 to analyze one ~2,000-line file.
// The corpus and the comparison plugin are installed into .bench-cache/ (git-ignored) on first run.
// Run with tsx loaded (the npm script does): node --import tsx bench/analyzer.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const cache = join(root, '.bench-cache');
const corpusDir = join(cache, 'node_modules', 'webpack', 'lib');
const PACKAGES = ['webpack@5.101.0', 'eslint-plugin-react-web-api@5', '@typescript-eslint/parser@8'];

if (!existsSync(corpusDir) || !existsSync(join(cache, 'node_modules', 'eslint-plugin-react-web-api'))) {
  mkdirSync(cache, { recursive: true });
  console.log(`installing ${PACKAGES.join(', ')} into .bench-cache/ …`);
  execFileSync(
    'npm',
    ['install', '--prefix', cache, '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', ...PACKAGES],
    { stdio: 'inherit' },
  );
}

function collect(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (name.endsWith('.js')) out.push(full);
  }
  return out;
}

const files = collect(corpusDir);
const texts = files.map((f) => readFileSync(f, 'utf8'));
const lines = texts.reduce((n, t) => n + t.split('\n').length, 0);
console.log(`corpus: webpack/lib — ${files.length} files, ${lines.toLocaleString('en-US')} lines`);

const { analyze } = await import('../src/analyzer/index.ts');

// Warm up the parser once, then time one full pass (reading included, like the CLI).
analyze(texts[0], files[0]);
let t0 = performance.now();
let findings = 0;
for (const f of files) findings += analyze(readFileSync(f, 'utf8'), f).findings.length;
const oursMs = performance.now() - t0;
const oursRate = files.length / (oursMs / 1000);
console.log(
  `retainer-lens: ${(oursMs / 1000).toFixed(2)} s, ${oursRate.toFixed(1)} files/s, ${findings} findings (${(findings / (lines / 1000)).toFixed(2)} per 1,000 lines)`,
);

// ESLint with the leak rules of eslint-plugin-react-web-api, typescript-eslint's parser, same files.
const req = createRequire(join(cache, 'package.json'));
const { ESLint } = await import('eslint');
// ESM-only package: import its entry file directly.
const webApi = await import(
  pathToFileURL(join(cache, 'node_modules', 'eslint-plugin-react-web-api', 'dist', 'index.js')).href
);
const tsParser = req('@typescript-eslint/parser');
const plugin = webApi.default ?? webApi;
const leakRules = Object.keys(plugin.rules).filter((r) => r.startsWith('no-leaked-'));
const eslint = new ESLint({
  cwd: cache,
  overrideConfigFile: true,
  overrideConfig: [
    { ignores: ['!**/node_modules/'] },
    {
      files: ['**/*.js'],
      languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
      plugins: { 'react-web-api': plugin },
      rules: Object.fromEntries(leakRules.map((r) => [`react-web-api/${r}`, 'warn'])),
    },
  ],
});
await eslint.lintText(texts[0], { filePath: files[0] });
t0 = performance.now();
// lintText per file: lintFiles would skip everything under node_modules/ (ESLint's default ignores).
const results = [];
for (const f of files) results.push(...(await eslint.lintText(readFileSync(f, 'utf8'), { filePath: f })));
const eslintMs = performance.now() - t0;
const eslintRate = files.length / (eslintMs / 1000);
const eslintFindings = results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId).length, 0);
const fatal = results.reduce((n, r) => n + r.messages.filter((m) => m.fatal).length, 0);
const skipped = results.filter((r) => r.messages.some((m) => /ignored/i.test(m.message))).length;
if (skipped)
  throw new Error(
    `ESLint ignored ${skipped} of the files (${JSON.stringify(results.find((r) => r.messages.length)?.messages[0])}): the comparison would be meaningless`,
  );
console.log(
  `eslint + react-web-api (${leakRules.join(', ')}): ${(eslintMs / 1000).toFixed(2)} s, ${eslintRate.toFixed(1)} files/s, ${eslintFindings} findings, ${fatal} parse errors`,
);
console.log(`ratio: retainer-lens is ${(oursRate / eslintRate).toFixed(2)}× ESLint's files/s`);

// The editor's latency: one file of about 2,000 lines — the webpack/lib file nearest that size, and an
// application-style server file (repeated handlers with a Map cache, an interval cleared on close and a
// listener each: many findings), generated here.
function handlerFile() {
  let out =
    "const express = require('express');\nconst { EventEmitter } = require('events');\nconst app = express();\nconst bus = new EventEmitter();\n\n";
  for (let i = 0; out.split('\n').length < 2000; i++) {
    out +=
      `const cache${i} = new Map();\napp.get('/api/r${i}/:id', async (req, res) => {\n  const id = req.params.id;\n` +
      `  if (cache${i}.has(id)) return res.json(cache${i}.get(id));\n  const data = { id, n: ${i}, at: Date.now() };\n  cache${i}.set(id, data);\n` +
      `  const timer = setInterval(() => res.write('.'), 1000);\n  req.on('close', () => clearInterval(timer));\n` +
      `  bus.on('update${i}', (u) => res.write(JSON.stringify(u)));\n  for (const k of Object.keys(data)) {\n    if (k.length > 3) console.log(k, data[k]);\n  }\n` +
      `  res.json(data);\n});\n\n`;
  }
  return out + 'module.exports = app;\n';
}
const nearest = files
  .map((f, i) => ({ f, t: texts[i], n: texts[i].split('\n').length }))
  .sort((a, b) => Math.abs(a.n - 2000) - Math.abs(b.n - 2000))[0];
const handlers = handlerFile();
const samples = [
  { name: nearest.f.slice(corpusDir.length + 1), f: nearest.f, t: nearest.t, n: nearest.n },
  { name: 'generated handlers.js', f: join(root, 'handlers.js'), t: handlers, n: handlers.split('\n').length },
];
const stats = (xs) => {
  xs.sort((a, b) => a - b);
  return { median: xs[Math.floor(xs.length / 2)], p95: xs[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)] };
};
// The parser alone on the same file in the same run, for scale: on a busy machine both move together.
const { parse } = await import('@typescript-eslint/typescript-estree');
for (const sample of samples) {
  for (let i = 0; i < 5; i++) analyze(sample.t, sample.f);
  const times = [];
  const parseTimes = [];
  let count = 0;
  // Interleaved, so load changes hit both series alike.
  for (let i = 0; i < 40; i++) {
    let s = performance.now();
    count = analyze(sample.t, sample.f).findings.length;
    times.push(performance.now() - s);
    s = performance.now();
    parse(sample.t, { loc: true, range: true, comment: true, jsx: true });
    parseTimes.push(performance.now() - s);
  }
  const ours = stats(times);
  const parseOnly = stats(parseTimes);
  console.log(
    `one file: ${sample.name} (${sample.n} lines, ${count} findings): median ${ours.median.toFixed(1)} ms, p95 ${ours.p95.toFixed(1)} ms ` +
      `(goal < 50 ms median); typescript-estree parse alone: median ${parseOnly.median.toFixed(1)} ms; ratio ${(ours.median / parseOnly.median).toFixed(2)}×`,
  );
}
const load = (await import('node:os')).loadavg()[0];
console.log(`machine load (1 min): ${load.toFixed(1)} on ${(await import('node:os')).cpus().length} cores`);
