// The "real" benchmark snapshot: a Node process running the TypeScript compiler's type checker over real
// packages from node_modules (the MSAL sources ship as TypeScript; ESLint's JavaScript is checked with
// checkJs), keeping the program alive, then `v8.writeHeapSnapshot()`. Usage: node realWorkload.mjs <out>
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;
const ts = require('typescript');

// Writing a snapshot computes every script's line ends for closure locations, which for typescript.js takes
// minutes, unless a stack trace from inside it has computed them already (../shared/README.md).
try {
  ts.createSourceFile(undefined, undefined, undefined);
} catch (error) {
  void error.stack;
}

function sources(dir, test) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sources(path, test));
    else if (test(entry)) out.push(path);
  }
  return out;
}

const nm = join(root, 'node_modules');
const files = [
  ...sources(join(nm, '@azure/msal-browser/src'), (f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
  ...sources(join(nm, '@azure/msal-node/src'), (f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
  ...sources(join(nm, 'eslint/lib'), (f) => f.endsWith('.js')),
];
const program = ts.createProgram(files, {
  allowJs: true,
  checkJs: true,
  noEmit: true,
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: false,
  types: ['node'],
  typeRoots: [join(nm, '@types')],
});
const diagnostics = ts.getPreEmitDiagnostics(program);
globalThis.program = program;
globalThis.diagnostics = diagnostics;
process.stderr.write(`${files.length} files checked, ${diagnostics.length} diagnostics\n`);
writeHeapSnapshot(process.argv[2]);
