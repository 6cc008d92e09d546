#!/usr/bin/env node
// npm run bench:analyzerEval — precision and recall per rule on the real-world evaluation set
// (test/analyzer/eval/<rule>/{positive,negative}/, `// expect: <rule>` markers), with every false positive
// and false negative listed. Run with tsx loaded (the npm script does): node --import tsx bench/analyzerEval.mjs
const { scoreEvalSet } = await import('../test/analyzer/evalSet.ts');

const verbose = !process.argv.includes('--quiet');
const t0 = performance.now();
const result = scoreEvalSet();
const ms = performance.now() - t0;
console.log(`evaluation set: ${result.files} files (${ms.toFixed(0)} ms)`);
for (const e of result.parseErrors) console.log(`  parse error: ${e}`);
const pad = (s, n) => String(s).padEnd(n);
console.log(
  `${pad('rule', 22)}${pad('expected', 10)}${pad('TP', 5)}${pad('FP', 5)}${pad('FN', 5)}${pad('precision', 11)}recall`,
);
let tp = 0,
  fp = 0,
  fn = 0;
for (const s of result.rules) {
  tp += s.tp;
  fp += s.fp;
  fn += s.fn;
  console.log(
    `${pad(s.rule, 22)}${pad(s.positives, 10)}${pad(s.tp, 5)}${pad(s.fp, 5)}${pad(s.fn, 5)}${pad(s.precision.toFixed(3), 11)}${s.recall.toFixed(3)}`,
  );
}
console.log(
  `${pad('all', 22)}${pad(tp + fn, 10)}${pad(tp, 5)}${pad(fp, 5)}${pad(fn, 5)}${pad((tp / (tp + fp || 1)).toFixed(3), 11)}${(tp / (tp + fn || 1)).toFixed(3)}`,
);
if (verbose) {
  for (const s of result.rules) {
    for (const f of s.falsePositives) console.log(`  FP ${s.rule}  ${f}`);
    for (const f of s.falseNegatives) console.log(`  FN ${s.rule}  ${f}`);
  }
}
