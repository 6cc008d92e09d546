// Baseline, target and final heap snapshots of the example app's handlers, run in-process so the leaks are
// real and the snapshots name the workspace's files (so the editor joins them with their findings). Writes
// leaks-baseline/-target/-final.heapsnapshot into the folder given as the first argument and exits.
'use strict';
const v8 = require('node:v8');
const path = require('node:path');
const src = path.join(__dirname, 'leaky-server', 'src');
const { buildReport } = require(path.join(src, 'cache.js'));
const { subscribeClient } = require(path.join(src, 'events.js'));
const { startPolling } = require(path.join(src, 'poller.js'));

const round = (n, offset) => {
  for (let i = 0; i < n; i++) {
    buildReport(String(offset + i));
    subscribeClient(40000 + offset + i);
    startPolling();
  }
};
const out = (step) => path.join(process.argv[2], `leaks-${step}.heapsnapshot`);
round(5, 0);
v8.writeHeapSnapshot(out('baseline'));
round(120, 1000);
v8.writeHeapSnapshot(out('target'));
round(10, 5000);
v8.writeHeapSnapshot(out('final'));
process.exit(0);
