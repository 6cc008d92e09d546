#!/usr/bin/env node
// Builds every bundle with esbuild: the extension (node, cjs, `vscode` external), the heap worker, the
// webview app (browser), the CLI and the ESLint plugin; copies the codicon font from @vscode/codicons. `--production` minifies and drops source maps;
// `--editor-tests` also bundles the mocha suite that runs inside VS Code.
import * as esbuild from 'esbuild';
import { existsSync, chmodSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const production = process.argv.includes('--production');
const editorTests = process.argv.includes('--editor-tests');

const node = { platform: 'node', format: 'cjs', target: 'node20', bundle: true, external: ['vscode'] };
const entries = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { ...node, entryPoints: ['src/service/worker.ts'], outfile: 'dist/heapWorker.js', optional: true },
  // The heap worker's own helper threads: parallel decoding and the dominator half of the analysis.
  { ...node, entryPoints: ['src/heap/helperThread.ts'], outfile: 'dist/heapHelper.js', optional: true },
  { ...node, entryPoints: ['src/analyzer/worker.ts'], outfile: 'dist/analyzerWorker.js', optional: true },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
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
if (production) rmSync(`${root}dist`, { recursive: true, force: true });
const started = Date.now();
await Promise.all(
  entries
    .filter((e) => !e.optional || existsSync(`${root}${e.entryPoints[0]}`))
    .map(({ optional: _optional, ...options }) =>
      esbuild.build({
        ...options,
        absWorkingDir: root,
        minify: production,
        sourcemap: production ? false : 'linked',
        logLevel: 'warning',
        legalComments: 'none',
      }),
    ),
);
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
console.log(`[build] ${production ? 'production ' : ''}bundles written to dist/ in ${Date.now() - started} ms`);
