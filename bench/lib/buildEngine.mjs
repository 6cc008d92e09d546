// Bundles the heap engine (src/heap/loader.ts) and, next to it, its helper threads' script, as in dist/.
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Returns the engine bundle's path (in `outdir`). */
export async function buildEngine(root, outdir) {
  await build({
    entryPoints: { engine: join(root, 'src/heap/loader.ts'), heapHelper: join(root, 'src/heap/helperThread.ts') },
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir,
    logLevel: 'warning',
  });
  renameSync(join(outdir, 'heapHelper.cjs'), join(outdir, 'heapHelper.js'));
  return join(outdir, 'engine.cjs');
}
