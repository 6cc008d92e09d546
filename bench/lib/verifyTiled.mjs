// Checks a tiled snapshot (tileSnapshot.mjs) against Chrome DevTools' pipeline where that pipeline can still
// run: DevTools (heap-snapshot-toolkit) loads the original, our engine the tiled file, and every node of every
// copy must have the original's retained size, dominator (shifted into its copy, or the root) and distance.
// Usage: node verifyTiled.mjs <engine bundle> <original> <tiled>
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';

const [engineBundle, original, tiled] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { parse } = await import('heap-snapshot-toolkit');

let started = performance.now();
const chrome = await parse(createReadStream(original));
const n = chrome.nodeCount;
const retained = Float64Array.from(chrome.retainedSizes.subarray(0, n));
const dominators = Uint32Array.from(chrome.dominatorsTree.subarray(0, n));
const distances = Int32Array.from(chrome.nodeDistances.subarray(0, n));
const devtoolsMs = performance.now() - started;

started = performance.now();
const { loadSnapshotFile } = require(engineBundle);
const ours = await loadSnapshotFile(tiled);
const oursMs = performance.now() - started;
const copies = ours.nodeCount / n;
let mismatches = 0;
let first = '';
for (let k = 0; k < copies; k++) {
  for (let i = 1; i < n; i++) {
    const o = k * n + i;
    const dom = dominators[i] === 0 ? 0 : dominators[i] + k * n;
    if (ours.retainedSize[o] !== retained[i] || ours.dominator[o] !== dom || ours.distances.get(o) !== distances[i]) {
      if (!mismatches++)
        first = `copy ${k} node ${i}: retained ${ours.retainedSize[o]} vs ${retained[i]}, dominator ${ours.dominator[o]} vs ${dom}, distance ${ours.distances.get(o)} vs ${distances[i]}`;
    }
  }
}
const rootOk = ours.retainedSize[0] === retained[0] * copies;
console.log(
  JSON.stringify({
    copies,
    nodes: ours.nodeCount,
    edges: ours.edgeCount,
    compared: copies * (n - 1),
    mismatches,
    first,
    rootOk,
    rootRetained: ours.retainedSize[0],
    devtoolsOnOriginalMs: Math.round(devtoolsMs),
    oursOnTiledMs: Math.round(oursMs),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
process.exit(mismatches === 0 && rootOk ? 0 : 1);
