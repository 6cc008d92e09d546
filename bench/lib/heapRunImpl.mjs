// Runs one implementation on one snapshot in this (fresh) process and prints { ms, maxRssMB } as JSON:
// load + distances + dominators + retained sizes, whatever each implementation needs to get there.
// Usage: node heapRunImpl.mjs <ours|devtools|v8-heap-parser|floor> <file> [engine bundle]
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [impl, file, engineBundle] = process.argv.slice(2);
const require = createRequire(import.meta.url);

async function floor() {
  // The least any loader must do: read the file in chunks and decode every integer.
  let sum = 0,
    num = 0,
    have = false;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c >= 48 && c <= 57) {
        num = num * 10 + (c - 48);
        have = true;
      } else if (have) {
        sum += num;
        num = 0;
        have = false;
      }
    }
  }
  return sum;
}

/** The Summary's first page as the explorer's webview asks for it (src/webview/views/summaryView.ts, treeModel.ts). */
const FIRST_PAGE = { sortBy: 'retainedSize', ascending: false, offset: 0, limit: 100 };
/** The open reply's way to the webview and its first request's way back (through the extension host), at least. */
const ROUND_TRIP_MS = 5;

// Ours also reports when the explorer has its first rows and how long each stage took.
const extra = {};
async function ours() {
  const { openSnapshotFile, classSummary } = require(engineBundle);
  const stages = {};
  let last = performance.now(),
    current = 'read';
  const started = last;
  const epochStart = performance.timeOrigin + started;
  // Both threads' steps on one clock, ms from the start: [step, end].
  const timeline = [];
  const s = await openSnapshotFile(file, {
    onProgress: (p) => {
      if (p.stage === current) return;
      const now = performance.now();
      stages[current] = Math.round(now - last);
      timeline.push([current, Math.round(now - started)]);
      [last, current] = [now, p.stage];
    },
  });
  // What the explorer's worker does before its first rows (src/service/engine.ts): the open request's reply
  // (snapshotInfo: counts and the total), then the Summary's first page, asked for by the webview once the reply
  // has gone through the extension host (a request arriving a few ms later, as a timer here). Meanwhile the engine's
  // thread goes on with the analysis: the request waits for whatever it does then.
  if (typeof s.totalSize !== 'number') throw new Error('no total');
  await new Promise((resolve) => setTimeout(resolve, ROUND_TRIP_MS));
  const first = classSummary(s, FIRST_PAGE);
  if (first.items.length === 0) throw new Error('an empty first page');
  extra.firstRowsMs = performance.now() - started;
  timeline.push(['first page', Math.round(extra.firstRowsMs)]);
  await s.ready;
  extra.stages = stages;
  extra.timeline = timeline;
  if (s.helperTimeline)
    extra.helperTimeline = s.helperTimeline.map(([step, at]) => [step, Math.round(at - epochStart)]);
  extra.nodes = s.nodeCount;
  extra.edges = s.edgeCount;
  // What stays after loading, per node and per edge (the strings table and locations apart).
  const g = s.graph;
  const bytes = (arrays) => arrays.reduce((sum, a) => sum + (a ? a.byteLength : 0), 0);
  const detachedness = g.detachednessBytes ?? g.nodeDetachedness.byteLength;
  extra.bytesPerNode =
    bytes([
      g.nodeType,
      g.nodeNameCode ?? g.nodeName,
      g.nodeNames?.base,
      g.nodeNames?.escapeEdges,
      g.nodeNames?.escapeNames,
      g.nodeNames?.escapeIndex,
      g.nodeIds,
      g.selfSizes ?? g.nodeSelfSize, // a column with its own byteLength, or an older build's array
      { byteLength: detachedness },
      g.detachedName,
      g.firstEdge,
      g.retainers.blockStart,
      g.retainers.length,
      s.distances,
      s.dominator,
      s.retainedSize,
      s.classes.classOf,
    ]) / s.nodeCount;
  // Edge names' bases and escapes (edgeInfo.ts), in builds that have them.
  const names = g.edgeNames
    ? [g.edgeNames.base, g.edgeNames.escapeEdges, g.edgeNames.escapeNames, g.edgeNames.escapeIndex]
    : [];
  extra.bytesPerEdge = bytes([g.edgeInfo, g.edgeTo, g.retainers.bytes, g.ownerBlock, ...names]) / s.edgeCount;
  return s.retainedSize[s.graph.rootOrdinal];
}

async function devtools() {
  const { parse } = await import('heap-snapshot-toolkit');
  const s = await parse(createReadStream(file));
  return s.retainedSizes[0];
}

async function v8HeapParser() {
  const { decode_bytes } = require('@vscode/v8-heap-parser');
  const graph = decode_bytes(readFileSync(file));
  // Class groups need retained sizes, which forces the dominator computation.
  const groups = graph.get_class_groups(0, 5, false);
  return Number(groups[0].retained_size);
}

const run = { ours, devtools, 'v8-heap-parser': v8HeapParser, floor }[impl];
const start = performance.now();
try {
  const check = await run();
  const ms = performance.now() - start;
  // CPU time of all threads: less sensitive than wall time to other work on a shared machine.
  const { userCPUTime, systemCPUTime } = process.resourceUsage();
  const cpuMs = (userCPUTime + systemCPUTime) / 1000;
  process.stdout.write(
    JSON.stringify({ ms, cpuMs, maxRssMB: process.resourceUsage().maxRSS / 1024, check, ...extra }) + '\n',
  );
} catch (error) {
  process.stdout.write(
    JSON.stringify({
      error: String(error?.message ?? error)
        .split('\n')[0]
        .slice(0, 120),
      maxRssMB: process.resourceUsage().maxRSS / 1024,
    }) + '\n',
  );
}
