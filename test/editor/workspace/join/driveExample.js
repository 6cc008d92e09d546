// Runs the example app's handlers in-process (no HTTP needed) so its leaks are real, then writes a heap
// snapshot to the path given as the first argument and exits. The editor tests join that snapshot with the code.
const v8 = require('node:v8');
const path = require('node:path');
const src = path.join(__dirname, 'leaky-server', 'src');
const { buildReport } = require(path.join(src, 'cache.js'));
const { subscribeClient } = require(path.join(src, 'events.js'));
const { handleClean } = require(path.join(src, 'clean.js'));
const { handleUpload } = require(path.join(src, 'uploads.js'));

for (let i = 0; i < 300; i++) buildReport(String(i));
for (let i = 0; i < 300; i++) subscribeClient(40000 + i);
for (let i = 0; i < 300; i++) handleClean(String(i));
// Three uploads: each 1 MB `payload` stays alive only through the 10-minute timer's shared context.
for (let i = 0; i < 3; i++) handleUpload();
v8.writeHeapSnapshot(process.argv[2]);
process.exit(0);
