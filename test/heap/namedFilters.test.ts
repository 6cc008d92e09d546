// DevTools' named filters as engine queries, each on a real snapshot that has the thing it looks for: a
// Node program (fixtures/namedFiltersProgram.js) for event handlers, the console and duplicated strings, and
// a real Chromium page (fixtures/pages/leaky.html, captured over CDP with the capture client) for detached
// DOM. Each filter must return exactly the planted objects among the program's own.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { loadSnapshotFile } from '../../src/heap/loader';
import { duplicatedStrings, namedFilterMask, type NamedFilter } from '../../src/heap/namedFilters';
import type { HeapSnapshot } from '../../src/heap/snapshot';
import { classMemberOrdinals, classSummary } from '../../src/heap/summary';
import { openChromiumPage } from '../support/chromiumPage';
import { chromeOracle } from './helpers';
import { tempDirForProcess } from '../support/tempDir';

const fixtures = join(__dirname, 'fixtures');

/** Count per class of the objects a filter passes, for the classes asked about. */
function counts(snapshot: HeapSnapshot, filter: NamedFilter, classes: string[]): Record<string, number> {
  const rows = classSummary(snapshot, { namedFilter: filter, limit: 100_000 }).items;
  const out: Record<string, number> = {};
  for (const r of rows) if (classes.includes(r.name)) out[r.name] = r.count;
  return out;
}

/** The filter passes the same nodes as DevTools' own (heap-snapshot-toolkit) on the same file. */
async function sameAsDevTools(snapshot: HeapSnapshot, file: string, filter: NamedFilter): Promise<void> {
  const mask = namedFilterMask(snapshot, filter);
  const ours: number[] = [];
  for (let n = 0; n < mask.length; n++) if (mask[n]) ours.push(n);
  const chrome = (await chromeOracle(createReadStream(file))).namedFilter(filter);
  assert.ok(ours.length > 0, `${filter} passes something`);
  assert.deepEqual(ours, chrome);
}

/** Names of the closures a filter passes, among those asked about, with their counts. */
function closures(snapshot: HeapSnapshot, filter: NamedFilter, names: string[]): Record<string, number> {
  const g = snapshot.graph;
  const mask = namedFilterMask(snapshot, filter);
  const out: Record<string, number> = {};
  for (let n = 0; n < g.nodeCount; n++) {
    if (!mask[n] || g.nodeType[n] !== g.layout.nodeType.closure) continue;
    const name = g.nodeNameString(n);
    if (names.includes(name)) out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

describe('named filters on a real Node snapshot', () => {
  let snapshot: HeapSnapshot;
  let file: string;
  const program = ['HeldByHandler', 'HeldTwice', 'Unrelated', 'LoggedOnly', 'LoggedAndKept'];
  before(async () => {
    file = join(tempDirForProcess('retainer-lens-filters-'), 'node.heapsnapshot');
    execFileSync(process.execPath, [join(fixtures, 'namedFiltersProgram.js'), file], { stdio: 'ignore' });
    snapshot = await loadSnapshotFile(file);
  });

  it('objects retained by event handlers: the five held only by listeners (array, single, once)', () => {
    assert.deepEqual(counts(snapshot, 'objectsRetainedByEventHandlers', program), { HeldByHandler: 5 });
    assert.deepEqual(closures(snapshot, 'objectsRetainedByEventHandlers', ['onTick', 'onSingle', 'onLater']), {
      onTick: 3,
      onSingle: 1,
      onLater: 1,
    });
  });

  it('objects retained by the DevTools console: the two logged objects nothing else holds', () => {
    assert.deepEqual(counts(snapshot, 'objectsRetainedByConsole', program), { LoggedOnly: 2 });
    return sameAsDevTools(snapshot, file, 'objectsRetainedByConsole');
  });

  it('duplicated strings: each planted text with its copies and the bytes they waste', () => {
    const planted = duplicatedStrings(snapshot).filter((d) => d.value.startsWith('planted duplicate'));
    // The text built with repeat() and its Buffer round trips: 1 + 3 and 1 + 2 string nodes.
    assert.deepEqual(
      planted.map((d) => [d.value.slice(0, 19), d.count]),
      [
        ['planted duplicate A', 4],
        ['planted duplicate B', 3],
      ].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    );
    for (const d of planted) {
      const each = d.totalSize / d.count;
      assert.ok(Number.isInteger(each) && each >= 160, `${d.value.slice(0, 19)}: ${d.totalSize} bytes`);
      assert.equal(d.wastedSize, each * (d.count - 1));
    }
    // The mask marks exactly those string nodes among the planted texts.
    const g = snapshot.graph;
    const mask = namedFilterMask(snapshot, 'duplicatedStrings');
    let marked = 0;
    for (let n = 0; n < g.nodeCount; n++)
      if (mask[n] && g.strings.getTruncated(g.nameOf(n), 40).text.startsWith('planted duplicate')) marked++;
    assert.equal(marked, 7);
    assert.ok(classSummary(snapshot, { namedFilter: 'duplicatedStrings' }).items.every((r) => /string/.test(r.name)));
  });

  it('finds no detached DOM in a Node program', () => {
    assert.deepEqual(classSummary(snapshot, { namedFilter: 'detachedElements' }).items, []);
  });
});

describe('named filters on a real Chromium page', { timeout: 120_000 }, () => {
  let snapshot: HeapSnapshot;
  let file: string;
  const program = ['RowState', 'ClickStats', 'LayoutCache'];
  before(async () => {
    const page = await openChromiumPage(join(fixtures, 'pages'), 'leaky.html');
    file = join(tempDirForProcess('retainer-lens-filters-'), 'page.heapsnapshot');
    try {
      await page.evaluate('for (let i = 0; i < 6; i++) { leak(); clean(); }');
      await page.capture(file);
    } finally {
      await page.close();
    }
    snapshot = await loadSnapshotFile(file);
  });

  it('the page’s snapshot (native DOM nodes, detachedness) has every retained size and distance DevTools has', async () => {
    const chrome = await chromeOracle(createReadStream(file));
    assert.equal(snapshot.nodeCount, chrome.nodeCount);
    let mismatches = 0;
    for (let n = 0; n < snapshot.nodeCount; n++)
      if (
        snapshot.retainedSize[n] !== chrome.retainedSizes[n] ||
        snapshot.distances.get(n) !== chrome.distances[n] ||
        snapshot.graph.selfSizeOf(n) !== chrome.selfSize(n) ||
        snapshot.className(n) !== chrome.className(n)
      )
        mismatches++;
    assert.equal(mismatches, 0);
    assert.equal(snapshot.totalSize, chrome.totalSize);
  });

  it('detached elements: the six removed rows and their labels, nothing attached', () => {
    const rows = classSummary(snapshot, { namedFilter: 'detachedElements', limit: 1000 }).items;
    assert.deepEqual(
      rows.map((r) => [r.name, r.count]),
      [
        ['Detached <li>', 6],
        ['Detached <span>', 6],
      ].sort(),
    );
    const members = classMemberOrdinals(snapshot, { className: 'Detached <li>', namedFilter: 'detachedElements' });
    assert.equal(members.length, 6);
    for (const n of members) assert.match(snapshot.graph.displayName(n), /^Detached <li class="result">$/);
  });

  it('objects retained by detached DOM nodes: the rows’ expando state and what their listeners hold', () => {
    assert.deepEqual(counts(snapshot, 'objectsRetainedByDetachedDomNodes', program), { RowState: 6, ClickStats: 6 });
    assert.deepEqual(closures(snapshot, 'objectsRetainedByDetachedDomNodes', ['onRowClick', 'onResize']), {
      onRowClick: 6,
    });
    return sameAsDevTools(snapshot, file, 'objectsRetainedByDetachedDomNodes');
  });

  it('objects retained by event handlers: what the window’s and the rows’ listeners alone keep', () => {
    assert.deepEqual(counts(snapshot, 'objectsRetainedByEventHandlers', program), {
      LayoutCache: 6,
      ClickStats: 6,
    });
    assert.deepEqual(closures(snapshot, 'objectsRetainedByEventHandlers', ['onRowClick', 'onResize']), {
      onRowClick: 6,
      onResize: 6,
    });
  });
});
