#!/usr/bin/env node
// Builds every bundle with esbuild: the extension (node, cjs, `vscode` external), the heap worker, the
// webview apps (the explorer, the Memory view), the CLI and the ESLint plugin; copies the codicon font from @vscode/codicons. `--production` minifies and drops source maps;
// `--editor-tests` also bundles the mocha suite that runs inside VS Code. `--only test,heapHelper` builds only
// those bundles and `--outdir DIR` writes them elsewhere (tests that install the package into a temp project).
import * as esbuild from 'esbuild';
import { existsSync, chmodSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const production = process.argv.includes('--production');
const editorTests = process.argv.includes('--editor-tests');
const valueOf = (flag) => {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const only = valueOf('--only')?.split(',');
const outdir = valueOf('--outdir') ? resolve(valueOf('--outdir')) : undefined;

const node = { platform: 'node', format: 'cjs', target: 'node20', bundle: true, external: ['vscode'] };
const entries = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { ...node, entryPoints: ['src/service/worker.ts'], outfile: 'dist/heapWorker.js', optional: true },
  // The heap worker's own helper threads: parallel decoding and the dominator half of the analysis.
  { ...node, entryPoints: ['src/heap/helperThread.ts'], outfile: 'dist/heapHelper.js', optional: true },
  { ...node, entryPoints: ['src/analyzer/worker.ts'], outfile: 'dist/analyzerWorker.js', optional: true },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // `retainer-lens/test` (the leak gate for test runners) and the child process of `retainer-lens check`.
  { ...node, entryPoints: ['src/gate/index.ts'], outfile: 'dist/test.js', optional: true },
  { ...node, entryPoints: ['src/gate/checkChild.ts'], outfile: 'dist/checkRunner.js', optional: true },
  // `retainer-lens/eslint-plugin`: ESLint and TypeScript come from the user's project. The footer makes both
  // `require()` and `import x from` return the plugin object itself.
  {
    ...node,
    entryPoints: ['src/eslint-plugin/index.ts'],
    outfile: 'dist/eslint-plugin.js',
    optional: true,
    external: ['vscode', 'eslint', 'typescript'],
    footer: { js: 'module.exports = Object.assign(module.exports.default, { default: module.exports.default });' },
  },
  {
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    bundle: true,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    optional: true,
  },
  // Leak Watch's Memory view.
  {
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    bundle: true,
    entryPoints: ['src/webview/watch/main.ts'],
    outfile: 'dist/watchView.js',
    optional: true,
  },
];
if (editorTests) {
  entries.push({
    ...node,
    entryPoints: ['test/editor/suite/index.ts'],
    outfile: 'out/editor-tests/index.js',
    external: ['vscode', 'mocha'],
  });
}

// A release build starts from an empty dist/ so nothing stale ships; dev builds overwrite in place (an editor
// test run may be reading dist/ at that moment).
if (production && !outdir) rmSync(`${root}dist`, { recursive: true, force: true });
const started = Date.now();
const name = (outfile) => basename(outfile, '.js');
await Promise.all(
  entries
    .filter((e) => !e.optional || existsSync(`${root}${e.entryPoints[0]}`))
    .filter((e) => !only || only.includes(name(e.outfile)))
    .map(({ optional: _optional, outfile, ...options }) =>
      esbuild.build({
        ...options,
        outfile: outdir && outfile.startsWith('dist/') ? `${outdir}/${basename(outfile)}` : outfile,
        absWorkingDir: root,
        minify: production,
        sourcemap: production ? false : 'linked',
        logLevel: 'warning',
        legalComments: 'none',
      }),
    ),
);
if (only) {
  if (existsSync(`${root}types/test.d.ts`) && only.includes('test'))
    copyFileSync(`${root}types/test.d.ts`, `${outdir ?? `${root}dist`}/test.d.ts`);
  console.log(`[build] ${only.join(', ')} written to ${outdir ?? 'dist/'} in ${Date.now() - started} ms`);
  process.exit(0);
}
chmodSync(`${root}dist/cli.js`, 0o755);
// The explorer's icons: the codicon font and stylesheet as @vscode/codicons publishes them (font CC-BY-4.0).
const codicons = `${root}node_modules/@vscode/codicons/`;
mkdirSync(`${root}dist`, { recursive: true });
for (const [from, to] of [
  ['dist/codicon.css', 'codicon.css'],
  ['dist/codicon.ttf', 'codicon.ttf'],
  ['LICENSE', 'codicon-LICENSE.txt'],
])
  copyFileSync(codicons + from, `${root}dist/${to}`);
// The types of `retainer-lens/test`, written by hand and checked against the source by test/gate/publicTypes.ts.
if (existsSync(`${root}types/test.d.ts`)) copyFileSync(`${root}types/test.d.ts`, `${root}dist/test.d.ts`);
console.log(`[build] ${production ? 'production ' : ''}bundles written to dist/ in ${Date.now() - started} ms`);
