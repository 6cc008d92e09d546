// Bundles the heap engine (src/heap/loader.ts, plus the Summary's query, which the benchmark asks for the first
// rows as the explorer does) and, next to it, its helper threads' script, as in dist/. `root` may be another
// checkout (e.g. main's, to compare builds).
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Returns the engine bundle's path (in `outdir`). */
export async function buildEngine(root, outdir) {
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };
  await Promise.all([
    build({
      ...common,
      stdin: {
        contents: "export * from './src/heap/loader';\nexport { classSummary } from './src/heap/summary';\n",
        resolveDir: root,
        loader: 'ts',
        sourcefile: 'engine.ts',
      },
      outfile: join(outdir, 'engine.cjs'),
    }),
    build({
      ...common,
      entryPoints: [join(root, 'src/heap/helperThread.ts')],
      outfile: join(outdir, 'heapHelper.cjs'),
    }),
  ]);
  renameSync(join(outdir, 'heapHelper.cjs'), join(outdir, 'heapHelper.js'));
  return join(outdir, 'engine.cjs');
}
