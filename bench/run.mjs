#!/usr/bin/env node
// `npm run bench <name> [-- options]`: runs bench/<name>.mjs (heap, analyzer, editor, …). With no name, lists them.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const here = new URL('.', import.meta.url).pathname;
const available = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .map((f) => f.slice(0, -4));
const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench <${available.join('|')}> [-- options]`);
  process.exit(name ? 2 : 0);
}
const { status } = spawnSync(process.execPath, [`${here}${name}.mjs`, ...rest], { stdio: 'inherit' });
process.exit(status ?? 1);
