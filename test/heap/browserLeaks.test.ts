// Leak triage on a real Chromium page (fixtures/pages/leaky.html): three snapshots captured over CDP with
// the capture client, each in its own DevTools session (as three `retainer-lens capture` runs, so Chrome's
// node ids disagree and objects are matched by structure — names with scope ids included). The detached
// rows and the window's listeners must come out as named groups, the live document's growth must not.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { flattenGroups, triageAllLeaks, type LeakGroup } from '../../src/heap/leaks';
import { loadSnapshotFile } from '../../src/heap/loader';
import { baseKeys, carryKeys } from '../../src/heap/match';
import { IdSet } from '../../src/heap/nodeIds';
import { shortLocation } from '../../src/heap/objectNames';
import { openChromiumPage } from '../support/chromiumPage';
import { tempDirForProcess } from '../support/tempDir';

describe('leak triage on a real Chromium page', { timeout: 120_000 }, () => {
  let groups: LeakGroup[];
  let all: LeakGroup[];
  before(async () => {
    const dir = tempDirForProcess('retainer-lens-page-leaks-');
    const page = await openChromiumPage(join(__dirname, 'fixtures', 'pages'), 'leaky.html');
    const files = ['baseline', 'target', 'final'].map((step) => join(dir, `${step}.heapsnapshot`));
    try {
      await page.evaluate('for (let i = 0; i < 3; i++) { leak(); clean(); }');
      await page.capture(files[0]);
      await page.evaluate('for (let i = 0; i < 30; i++) { leak(); clean(); }');
      await page.capture(files[1]);
      await page.evaluate('for (let i = 0; i < 5; i++) { leak(); clean(); }');
      await page.capture(files[2]);
    } finally {
      await page.close();
    }
    const [a, b, c] = await Promise.all(files.map((f) => loadSnapshotFile(f)));
    const keysA = baseKeys(a);
    const keysB = carryKeys(a, keysA, b, 1);
    const keysC = carryKeys(b, keysB.keys, c, 2);
    assert.deepEqual([keysB.byId, keysC.byId], [false, false], 'each capture renumbers Chrome’s objects');
    groups = triageAllLeaks(IdSet.of(a, keysA), IdSet.of(b, keysB.keys), c, undefined, keysC.keys).groups;
    all = flattenGroups(groups).map((f) => f.group);
  });

  const list = (): string => all.map((g) => `${g.count}× ${g.className} — ${g.holder.text}`).join('\n');

  it('names the detached rows by the array that holds them', () => {
    const rows = groups.find((g) => g.className === 'Detached <li>');
    assert.ok(rows, list());
    assert.equal(rows.count, 30);
    assert.equal(rows.holder.text, 'element of array `removedRows`');
    assert.equal(rows.path, '(GC roots) → … → removedRows[] → Detached <li>');
    const stats = rows.folded.find((g) => g.className === 'ClickStats');
    assert.equal(stats?.count, 30, list());
    assert.equal(
      stats.holder.text,
      'variable `stats` captured by onRowClick(), a listener on Detached <li class="result">',
    );
  });

  it('names the window’s leaking listener by function and line', () => {
    const listeners = groups.find((g) => g.className === 'onResize()');
    assert.ok(listeners, list());
    assert.equal(listeners.count, 30);
    assert.equal(listeners.holder.text, 'listener onResize() on Window');
    assert.match(shortLocation(listeners.location!), /^leaky\.js:47:\d+$/);
    assert.equal(listeners.folded.find((g) => g.className === 'LayoutCache')?.count, 30);
  });

  it('reports nothing else: no attached DOM, no browser internals, no removed listener', () => {
    assert.deepEqual(
      all.map((g) => g.className).sort(),
      ['ClickStats', 'Detached <li>', 'LayoutCache', 'onResize()'],
      list(),
    );
  });
});
