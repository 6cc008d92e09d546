// A `.heaptimeline` is what DevTools' "Allocation instrumentation on timeline" saves: the chunks V8 sends after
// HeapProfiler.stopTrackingHeapObjects, verbatim (a snapshot with trace_function_infos, trace_tree and the
// timeline's `samples`). Recorded here from a page in real Chromium over its CDP session, then opened by the
// engine like a snapshot: the page's allocating function and its kept objects are found.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { allAllocationSites, allocationOverview } from '../../src/heap/allocationQueries';
import { loadSnapshotFile } from '../../src/heap/loader';
import { tempDirForProcess } from '../support/tempDir';

const PAGE = `<script>
window.kept = [];
function makeRecord(i) { return { id: i, label: 'record ' + i, payload: new Array(32).fill(i) }; }
window.plant = function plant() { for (let i = 0; i < 500; i++) { const r = makeRecord(i); if (i % 5 === 0) kept.push(r); } };
</script>`;

test(
  'a .heaptimeline recorded from Chromium opens like a snapshot, with its allocation sites',
  { timeout: 180_000 },
  async (t) => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const file = join(tempDirForProcess('retainer-lens-timeline-'), 'page.heaptimeline');
    try {
      const page = await browser.newPage();
      await page.setContent(PAGE);
      const cdp = await page.context().newCDPSession(page);
      const chunks: string[] = [];
      cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.startTrackingHeapObjects', { trackAllocations: true });
      await page.evaluate(() => (window as unknown as { plant(): void }).plant());
      await cdp.send('HeapProfiler.stopTrackingHeapObjects', { reportProgress: false });
      writeFileSync(file, chunks.join(''));
    } finally {
      await browser.close();
    }
    assert.match(readFileSync(file, 'utf8').slice(-2_000_000), /"samples":\[\d/, 'a timeline, with its samples');
    const snapshot = await loadSnapshotFile(file);
    assert.equal(allocationOverview(snapshot).traced, true);
    const site = allAllocationSites(snapshot).find((s) => s.frame.name === 'makeRecord');
    assert.ok(site, 'the page function that allocated the kept records is a site');
    t.diagnostic(`makeRecord: ${site.count} live objects, classes ${JSON.stringify(site.classes)}`);
    // 100 kept records, each the object, its label string and its array; the 400 others were freed.
    assert.equal(site.count, 300);
    assert.deepEqual(
      site.classes.map((c) => c.count),
      [100, 100, 100],
    );
    assert.equal(site.frame.line, 2, 'makeRecord starts on the page line 3 (0-based 2)');
  },
);
