// Untrusted snapshot strings in real Chromium: class names, property names and strings holding HTML, a
// `</script>`, `javascript:` URLs, bidi overrides and a 10 MB string (fixtures/hostileStrings.js). Nothing may
// execute, the layout must hold, long text must be cut, and bidi controls must show as visible escapes.
// Also: the page's CSP itself refuses injected inline script, and 100,000 instances scroll virtualized.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { explorerFixture, screenshot, type Explorer } from './harness';
import { filterClasses, openFirstInstance, summaryRows, texts, waitForSummary } from './pageHelpers';

const fixture = explorerFixture(['hostile', 'many', 'chain']);

async function explorer(file: string, theme: 'light' | 'dark' = 'light'): Promise<Explorer> {
  const e = await fixture.open(file, { theme });
  await waitForSummary(e.page);
  return e;
}

async function assertNothingRan(e: Explorer): Promise<void> {
  assert.equal(await e.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
  assert.deepEqual(e.problems, { pageErrors: [], dialogs: [], consoleErrors: [], requests: [] });
  // No element that could run or load anything was created from snapshot text.
  assert.equal(await e.page.locator('#app img, #app script, #app iframe, #app a[href], #app [onerror]').count(), 0);
}

/** The page never grows sideways, whatever a row holds. */
async function assertLayoutHolds(page: Page): Promise<void> {
  const { scrollWidth, innerWidth, rowHeights } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    rowHeights: [...document.querySelectorAll('.rl-row:not([hidden])')]
      .filter((r) => r.getClientRects().length > 0)
      .map((r) => Math.round(r.getBoundingClientRect().height)),
  }));
  assert.ok(scrollWidth <= innerWidth, `page is ${scrollWidth}px wide in a ${innerWidth}px window`);
  assert.ok(
    rowHeights.length > 0 && rowHeights.every((h) => h === 22),
    `row heights ${JSON.stringify([...new Set(rowHeights)])}`,
  );
}

test('hostile class names and strings render as inert, truncated, bidi-neutral text', async () => {
  const e = await explorer(fixture.snapshots.hostile);
  const { page } = e;
  await filterClasses(page, 'onerror', '{');
  const names = await texts(summaryRows(page));
  assert.ok(
    names.some((t) => t.startsWith('{"<img src=x onerror=\\"window.__pwned=1;alert(1)\\">"}')),
    JSON.stringify(names),
  );
  await summaryRows(page).first().locator('.rl-twistie').click();
  await summaryRows(page).nth(1).click();
  await page
    .locator('.rl-details [aria-label="Retainers of the selected object"] .rl-row:not([hidden])')
    .first()
    .waitFor();
  await assertNothingRan(e);

  await filterClasses(page, '</script>', '{</script>');
  await filterClasses(page, 'javascript:', '{javascript:');
  await summaryRows(page).first().locator('.rl-twistie').click();
  await summaryRows(page).nth(1).click();
  await page.getByRole('tab', { name: 'Containment' }).click();
  const contained = page.locator('section.rl-view[aria-label="Containment"] .rl-row:not([hidden])');
  await contained.filter({ hasText: 'javascript:window.__pwned=3' }).first().waitFor();
  await page.getByRole('tab', { name: 'Summary' }).click();

  // Bidi overrides and isolates are shown as visible code points, never applied.
  await filterClasses(page, 'access', '{access');
  const bidi = (await texts(summaryRows(page)))[0];
  assert.ok(bidi.startsWith('{access<U+202E><U+2066> // admin only <U+2069><U+2066>}'), bidi);
  const raw = await summaryRows(page).first().locator('.rl-class').textContent();
  assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(raw ?? ''), 'no bidi control reaches the DOM');

  // The 10 MB string: cut to a short cell, the full-length text never reaches the page.
  await filterClasses(page, '(string)', '(string)');
  await summaryRows(page).first().locator('.rl-twistie').click();
  const huge = summaryRows(page).filter({ hasText: 'HUGE<img' }).first();
  await huge.waitFor();
  const cell = await huge.locator('.rl-string').textContent();
  assert.ok(cell && cell.length <= 110 && cell.endsWith('…'), `cell is ${cell?.length} chars`);
  assert.match((await texts(huge))[0], /10\.5 MB/);
  await huge.click();
  await page.locator('.rl-details .rl-subtitle', { hasText: 'HUGE<img' }).waitFor();
  const longest = await page.evaluate(() => {
    let max = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) max = Math.max(max, walker.currentNode.textContent?.length ?? 0);
    for (const el of document.querySelectorAll('[title]')) max = Math.max(max, el.getAttribute('title')!.length);
    return max;
  });
  assert.ok(longest <= 1100, `longest text in the page is ${longest} chars`);
  await assertLayoutHolds(page);
  await screenshot(page, 'hostile-light');
  await assertNothingRan(e);
});

test('the page CSP blocks inline script and event handlers even if markup got in', async () => {
  const e = await explorer(fixture.snapshots.hostile, 'dark');
  const { page } = e;
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp ?? '', /default-src 'none'/);
  assert.match(csp ?? '', /script-src 'nonce-[A-Za-z0-9]+'(;|$)/);
  assert.doesNotMatch(csp ?? '', /unsafe-inline|unsafe-eval/);
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__pwned = "inline"';
    document.body.appendChild(s);
    const div = document.createElement('div');
    div.innerHTML = '<img src="data:," onerror="window.__pwned=\'handler\'">';
    document.body.appendChild(div);
  });
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
  // The violations are reported as console errors; nothing else went wrong.
  assert.ok(
    e.problems.consoleErrors.length > 0 && e.problems.consoleErrors.every((m) => /Content Security Policy/.test(m)),
    JSON.stringify(e.problems.consoleErrors),
  );
  e.problems.consoleErrors.length = 0;
  await filterClasses(page, 'onerror', '{');
  await screenshot(page, 'hostile-dark');
  assert.deepEqual(e.problems, { pageErrors: [], dialogs: [], consoleErrors: [], requests: [] });
});

test('100,000 instances scroll virtualized: few DOM rows, pages fetched on demand', async () => {
  const e = await explorer(fixture.snapshots.many);
  const { page } = e;
  await filterClasses(page, 'ManyRow', 'ManyRow');
  assert.match((await texts(summaryRows(page)))[0], /^ManyRow 100,000 /);
  await summaryRows(page).first().locator('.rl-twistie').click();
  await summaryRows(page).nth(1).filter({ hasText: 'ManyRow @' }).waitFor();
  const list = page.locator('section.rl-view[aria-label="Summary"] .rl-list');
  // Scroll through the list in big and small steps, one step per frame, timing the frames.
  const frames = await list.evaluate(async (el) => {
    const times: number[] = [];
    let last = performance.now();
    for (let i = 0; i < 120; i++) {
      el.scrollTop = (el.scrollHeight * i) / 120;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    return times.sort((a, b) => a - b);
  });
  const median = frames[Math.floor(frames.length / 2)];
  assert.ok(median < 50, `median frame ${median.toFixed(1)} ms`);
  const domRows = await page.locator('section.rl-view[aria-label="Summary"] .rl-row').count();
  assert.ok(domRows < 80, `${domRows} row elements for 100,001 rows`);
  // The keyboard reaches the very last instance, and its page is fetched.
  await list.focus();
  await page.keyboard.press('End');
  const lastRow = page.locator('section.rl-view[aria-label="Summary"] .rl-row.selected');
  await page.waitForFunction(() =>
    /ManyRow @\d+/.test(document.querySelector('section.rl-view .rl-row.selected')?.textContent ?? ''),
  );
  assert.equal(await lastRow.getAttribute('data-index'), '100000');
  await assertLayoutHolds(page);
  await screenshot(page, 'many-rows-light');
  assert.deepEqual(e.problems, { pageErrors: [], dialogs: [], consoleErrors: [], requests: [] });
});

test('a path longer than the explorer shows keeps both ends and says how many steps it left out', async () => {
  const e = await explorer(fixture.snapshots.chain);
  const { page } = e;
  await filterClasses(page, 'ChainEnd', 'ChainEnd');
  await openFirstInstance(page);
  await page.getByRole('tab', { name: 'Path to root' }).click();
  const pathText = page.locator('.rl-path-text').first();
  await pathText.waitFor();
  const text = (await pathText.textContent()) ?? '';
  // global → chainHead → 3,000 links → ChainEnd: the worker sends 1,000 steps, its two ends.
  assert.match(text, /chainHead \(property\) → ChainLink → next \(property\) → ChainLink/);
  assert.match(text, /→ ChainEnd$/);
  const left = /… ([\d,]+) steps left out …/.exec(text);
  assert.ok(left && Number(left[1].replace(/,/g, '')) > 2000, text.slice(0, 300));
  const section = page.locator('.rl-path-section').first();
  assert.equal(await section.locator('.rl-path-step').count(), 1001, 'the 1,000 steps sent and the gap');
  await section.locator('.rl-path-step.rl-muted', { hasText: `… ${left![1]} steps left out …` }).waitFor();
  await screenshot(page, 'path-to-root-cut');
  await assertNothingRan(e);
});
