import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
require('tsx/cjs/api').register();
const { analyze } = require('../src/analyzer/index.ts');
const { parse } = require('@typescript-eslint/typescript-estree');
analyze('function a(){}', 'w.js');
for (const n of (process.env.NS ?? "500,2000,4000").split(",").map(Number)) {
  const parts = [];
  for (let i = 0; i < n; i++) {
    parts.push(`function C${i}(opts) {\n  var self = this;\n  this.items${i} = [];\n  this.map = new Map();\n  this.on('data', function (d) { self.items${i}.push(d); });\n}\nC${i}.prototype.add = function (x) { this.map.set(x.id, x); };\nC${i}.prototype.destroy = function () { this.items${i} = null; };`);
  }
  const text = parts.join('\n');
  let t = performance.now(); parse(text, { loc: true, range: true }); const p = performance.now() - t;
  t = performance.now(); const r = analyze(text, 'b.js'); const a = performance.now() - t;
  console.log(n, 'lines', text.split('\n').length, 'parse', p.toFixed(0), 'analyze', a.toFixed(0), 'ratio', (a / p).toFixed(2), 'findings', r.findings.length);
}
