// The Summary's named filters (DevTools' "Detached elements", "Objects retained by detached DOM nodes",
// "Duplicated strings", …) in real Chromium over the real worker, on a snapshot of a real Chromium page
// (test/heap/fixtures/pages/leaky.html, captured over CDP with the capture client): the detached rows are
// listed and their retainers lead to the array that keeps them; duplicated strings show what they waste.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { openChromiumPage } from '../support/chromiumPage';
import { explorerFixture, screenshot } from './harness';
import { openFirstInstance, retainersGrid, summaryRows, texts, waitForSummary, waitUntil } from './pageHelpers';

const fixture = explorerFixture([]);
let pageSnapshot = '';

before(async () => {
  const page = await openChromiumPage(join(__dirname, '..', 'heap', 'fixtures', 'pages'), 'leaky.html');
  pageSnapshot = join(fixture.snapshots.dir, 'page.heapsnapshot');
  try {
    await page.evaluate('for (let i = 0; i < 7; i++) { leak(); clean(); }');
    await page.capture(pageSnapshot);
  } finally {
    await page.close();
  }
});

test('summary filter: detached elements of a Chromium page, with the retainers that keep them', async () => {
  const e = await fixture.open(pageSnapshot, { theme: 'light' });
  const { page } = e;
  await waitForSummary(page);
  const select = page.getByRole('combobox', { name: 'Show objects' });
  await select.selectOption({ label: 'Detached elements' });
  // Rows are replaced when the filter's page arrives: wait for a non-empty list of detached classes only.
  await page.waitForFunction(() => {
    const shown = [...document.querySelectorAll('section.rl-view[aria-label="Summary"] .rl-row:not([hidden])')];
    return shown.length > 0 && shown.every((r) => (r.textContent ?? '').startsWith('Detached <'));
  });
  const classes = await texts(summaryRows(page));
  assert.deepEqual(classes.map((t) => t.replace(/^(Detached <\w+>)\s*(\d+).*/, '$1 $2')).sort(), [
    'Detached <li> 7',
    'Detached <span> 7',
  ]);
  // The <li> rows: a detached row's retainers climb to the `removedRows` array that keeps it.
  const liIndex = classes.findIndex((t) => t.startsWith('Detached <li>'));
  if (liIndex > 0) await summaryRows(page).nth(liIndex).click();
  await page.fill('section.rl-view[aria-label="Summary"] input[type=search]', 'Detached <li>');
  await page.waitForFunction(
    () => document.querySelectorAll('section.rl-view[aria-label="Summary"] .rl-row:not([hidden])').length === 1,
  );
  await openFirstInstance(page);
  await page.locator('.rl-details .rl-subtitle', { hasText: 'Detached <li class="result">' }).waitFor();
  await retainersGrid(page)
    .filter({ hasText: /^\[\d+\] \(element\) in Array/ })
    .first()
    .waitFor({ timeout: 15_000 });
  await retainersGrid(page)
    .filter({ hasText: /removedRows \(variable\)/ })
    .first()
    .waitFor({ timeout: 15_000 });
  await screenshot(page, 'summary-detached-elements-light');

  // Duplicated strings: the same worker query DevTools has, and what each text's copies waste.
  await page.fill('section.rl-view[aria-label="Summary"] input[type=search]', '');
  await select.selectOption({ label: 'Duplicated strings' });
  const strings = page.locator('.rl-strings .rl-string-row');
  await strings.first().waitFor();
  assert.match((await strings.first().textContent()) ?? '', /^".*" ×[\d,]+ · [\d.]+ k?B wasted$/);
  const rows = await texts(summaryRows(page));
  assert.ok(
    rows.every((t) => /string/.test(t)),
    JSON.stringify(rows),
  );
  // The choice is kept with the tab's state (saved a moment after the change).
  await waitUntil(
    () => (e.state() as { namedFilter?: string }).namedFilter === 'duplicatedStrings',
    'the named filter in the saved state',
  );
  await screenshot(page, 'summary-duplicated-strings-light');
  assert.deepEqual(e.problems, { pageErrors: [], dialogs: [], consoleErrors: [], requests: [] });
});
