#!/usr/bin/env node
// npm run bench realworld [-- --split tune|test|all …]: scores the analyzer on the real-world evaluation set
// (eval/realworld/). Same as `npm run bench:realworld`; re-runs eval/realworld/score.mjs with tsx loaded.
import { spawnSync } from 'node:child_process';

const score = new URL('../eval/realworld/score.mjs', import.meta.url).pathname;
const { status } = spawnSync(process.execPath, ['--import', 'tsx', score, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(status ?? 1);
