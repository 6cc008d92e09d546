// The Leaks view in real Chromium over the real worker, on baseline/target/final snapshots of the example
// app's handlers (fixtures/exampleLeaks.js): groups named by their holders with their code line, joined with
// the static findings
// (a finding badge that opens the finding, "Go to code" that opens the line), every object of a group paged
// in, the selected group's path spelled out with a legend, growing collections by holder; Export report.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Range } from '../../src/analyzer/types';
import { explorerFixture, screenshot, type Explorer } from './harness';
import { texts, viewRows, waitForSummary, waitUntil } from './pageHelpers';

const fixture = explorerFixture(['leaks']);
const example = join(__dirname, '..', '..', 'examples', 'leaky-server');
const src = (file: string): string => join(example, 'src', file);

function assertQuiet(e: Explorer): void {
  assert.deepEqual(e.problems, { pageErrors: [], dialogs: [], consoleErrors: [], requests: [] });
}

test('leaks: groups by holder with code lines and finding badges, all objects paged in, path and legend', async () => {
  const { baseline, target, final } = fixture.snapshots.leaks;
  const saved: { markdown: string; name: string }[] = [];
  const opened: { file: string; range: Range }[] = [];
  const e = await fixture.open(final, {
    theme: 'dark',
    height: 820,
    hooks: {
      pickLeaks: async () => ({ baseline, target, final }),
      saveReport: (markdown, name) => {
        saved.push({ markdown, name });
        return true;
      },
      openFinding: (place) => {
        opened.push(place);
        return true;
      },
    },
  });
  const { page } = e;
  await waitForSummary(page);
  // The editor joins the snapshot it shows with the workspace; here the example app is the workspace.
  const report = await e.session.join(e.session.snapshots.main!.handle, { workspaceRoots: [example] });
  assert.ok(
    report.confirmed.some((c) => c.rule === 'unbounded-collection'),
    JSON.stringify(report.confirmed),
  );

  await page.getByRole('tab', { name: 'Leaks' }).click();
  await page.getByRole('button', { name: 'Choose baseline, target and final…' }).click();
  const rows = viewRows(page, 'Leaks');
  await rows.first().waitFor({ timeout: 30_000 });
  const groups = await texts(rows);
  const reports = groups.findIndex((t) =>
    /^120 × Report held by value in Map `reportCache`\s*cache\.js:5:14\s*unbounded-collection\s*120\s/.test(t),
  );
  const listeners = groups.findIndex((t) =>
    /^120 × \(anonymous\)\(\) held by listener \(anonymous\)\(\) for 'broadcast' on `bus`\s*events\.js:16:\d+\s*listener-not-removed\s*120\s/.test(
      t,
    ),
  );
  const timers = groups.findIndex((t) =>
    /^120 × Timeout held by timer calling .*poller\.js:10:\d+\s*interval-not-cleared/.test(t),
  );
  assert.ok(reports >= 0 && listeners >= 0 && timers >= 0, JSON.stringify(groups));
  assert.ok(reports < listeners, 'ranked by retained size');
  // The final snapshot is the one this editor shows: the Leaks view shares it (one copy in the worker).
  assert.equal(e.session.snapshots.final?.handle, e.session.snapshots.main?.handle);

  // The finding badge opens the static finding on `const reportCache = new Map()`; "Go to code" the constructor.
  const reportRow = rows.nth(reports);
  await reportRow.locator('.rl-mark[data-rule="unbounded-collection"]').click();
  await waitUntil(() => opened.length === 1, 'the finding to open');
  assert.equal(opened[0].file, src('cache.js'));
  assert.equal(opened[0].range.start.line, 1);
  await reportRow.locator('.rl-code-link').click();
  await waitUntil(() => opened.length === 2, 'the code to open');
  assert.equal(opened[1].file, src('cache.js'));
  assert.deepEqual(opened[1].range.start, { line: 4, column: 13 });

  // Selecting the group spells out its path under the grid, with the legend of the notation.
  // On its label: the middle of the row is the "Allocated in" link, which opens the code instead.
  await reportRow.locator('.rl-cell').first().click();
  const details = page.locator('.rl-leak-details');
  await details.locator('.rl-leak-path', { hasText: /reportCache → value$/ }).waitFor();
  assert.match(
    (await details.locator('.rl-leak-path').textContent()) ?? '',
    /^path \(GC roots\) → … → cache\.js → buildReport\(\) → reportCache → value$/,
  );
  assert.match((await details.textContent()) ?? '', /unbounded-collection — confirmed: /);
  await page.locator('.rl-legend summary').click();
  assert.match((await page.locator('.rl-legend').textContent()) ?? '', /\(a → b\)\+.*repeated one or more times/);

  // A group expands into the groups retained through its objects, then every one of its objects, paged in
  // as the list scrolls (all 120, not 10 of them).
  await rows.nth(listeners).locator('.rl-twistie').click();
  await rows
    .filter({ hasText: /↳ 120 × ClientSubscription held by variable `subscription`/ })
    .waitFor()
    .catch(async (error: unknown) => {
      throw new Error(`no folded group under the listeners: ${JSON.stringify(await texts(rows))}`, { cause: error });
    });
  await rows.nth(listeners).locator('.rl-twistie').click(); // collapse it again
  await rows.filter({ hasText: /↳ 120 × ClientSubscription/ }).waitFor({ state: 'detached' });
  await reportRow.locator('.rl-twistie').click();
  const members = rows.filter({ hasText: /^Report @\d+/ });
  await members.first().waitFor();
  const list = page.locator('section.rl-view[aria-label="Leaks"] .rl-list');
  const scroll = await list.evaluate((l) => l.scrollHeight);
  assert.ok(scroll >= 120 * 22, `room for all 120 objects: ${scroll}px`);
  await list.evaluate((l) => (l.scrollTop = l.scrollHeight));
  await page.waitForFunction(() => {
    const shown = [...document.querySelectorAll('section.rl-view[aria-label="Leaks"] .rl-row:not([hidden])')];
    return (
      shown.some((r) => /^Report @/.test(r.textContent ?? '')) && shown.some((r) => /Timeout/.test(r.textContent ?? ''))
    );
  });
  const pages = e.sent.filter((m) => (m as { method?: string }).method === 'leakMembers').length;
  assert.ok(pages >= 2, `objects fetched page by page (${pages} requests)`);
  await list.evaluate((l) => (l.scrollTop = 0));
  await members.first().locator('.rl-cell').first().click();
  await page.locator('.rl-details .rl-subtitle', { hasText: 'Report @' }).waitFor();

  // Growing collections name their holder and link to the code too.
  const growing = page.locator('.rl-growth-row', { hasText: 'reportCache' }).first();
  await growing.waitFor();
  assert.match((await growing.textContent()) ?? '', /^Map @\d+ variable `reportCache` captured by buildReport\(\)/);
  await growing.locator('.rl-mark[data-rule="unbounded-collection"]').waitFor();
  await screenshot(page, 'leaks-dark');

  // "Export report": the worker renders the same triage as Markdown; the host saves it where the user picks.
  await page.getByRole('button', { name: 'Export report' }).click();
  await waitUntil(() => saved.length === 1, 'the report');
  assert.equal(saved[0].name, 'leaks-final-leaks.md');
  assert.match(saved[0].markdown, /^# Leak triage: leaks-final\n/);
  assert.match(saved[0].markdown, /### 1\. ` 120 × Report ` — [\d.]+ [kM]?B retained/);
  assert.match(saved[0].markdown, /- held by: `` value in Map `reportCache` ``/);
  assert.match(
    saved[0].markdown,
    /- code: ` src\/cache\.js:5:14 ` — finding ` src\/cache\.js:2 ` unbounded-collection \(confirmed\)/,
  );
  assert.match(saved[0].markdown, /## How to read the paths/);
  assert.match(saved[0].markdown, /- final: \[leaks-final\.heapsnapshot\]\(file:\/\//);
  assertQuiet(e);
});
