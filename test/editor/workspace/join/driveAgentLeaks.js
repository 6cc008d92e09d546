// Runs the example app's handlers in-process and writes three heap snapshots of the one process (so node ids
// agree) into the folder given as the first argument: baseline (only clean work), target (after the leaky
// handlers ran 30 times) and final (5 more). The agent-tool tests triage them.
const v8 = require('node:v8');
const path = require('node:path');
const src = path.join(__dirname, 'leaky-server', 'src');
const { buildReport } = require(path.join(src, 'cache.js'));
const { subscribeClient } = require(path.join(src, 'events.js'));
const { handleClean } = require(path.join(src, 'clean.js'));
const out = process.argv[2];

for (let i = 0; i < 10; i++) handleClean(String(i));
v8.writeHeapSnapshot(path.join(out, 'baseline.heapsnapshot'));
for (let i = 0; i < 30; i++) {
  buildReport(String(1000 + i));
  subscribeClient(40000 + i);
  handleClean(String(i));
}
v8.writeHeapSnapshot(path.join(out, 'target.heapsnapshot'));
for (let i = 0; i < 5; i++) {
  buildReport(String(5000 + i));
  subscribeClient(41000 + i);
}
v8.writeHeapSnapshot(path.join(out, 'final.heapsnapshot'));
process.exit(0);
