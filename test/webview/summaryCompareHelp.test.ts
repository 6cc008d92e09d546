// The Summary's "% of total" column, Compare's class filter and baseline picker, and the help panel, in real
// Chromium over the real worker on snapshots of fixtures/leakyApp.js.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explorerFixture, screenshot, type Explorer, type OpenOptions } from './harness';
import { filterClasses, summaryRows, texts, viewRows, waitForSummary } from './pageHelpers';

const fixture = explorerFixture(['leaky']);

async function explorer(file: string, options: OpenOptions = {}): Promise<Explorer> {
  const e = await fixture.open(file, options);
  await waitForSummary(e.page);
  return e;
}

function assertQuiet(e: Explorer): void {
  assert.deepEqual(e.problems, { pageErrors: [], dialogs: [], consoleErrors: [], requests: [] });
}

test('the Summary has a "% of total" column', async () => {
  const e = await explorer(fixture.snapshots.target);
  const { page } = e;
  const header = page.locator('section.rl-view[aria-label="Summary"] [role=columnheader]');
  assert.deepEqual(
    (await header.allInnerTexts()).map((t) => t.trim()),
    ['Constructor', 'Count', 'Distance', 'Shallow Size', 'Retained Size', '% of total'],
  );
  await filterClasses(page, 'LeakyRecord', 'LeakyRecord');
  const row = (await texts(summaryRows(page)))[0];
  assert.match(row, /^LeakyRecord 1,000 6 40\.0 kB [\d.]+ [kM]B \d+(\.\d)?%$/);
  assertQuiet(e);
});

test('Compare filters classes by name; the picker asks for the older snapshot', async () => {
  const e = await explorer(fixture.snapshots.target, {
    hooks: { pickCompare: () => Promise.resolve(fixture.snapshots.baseline) },
  });
  const { page } = e;
  await page.getByRole('tab', { name: 'Compare' }).click();
  const pick = page.getByRole('button', { name: 'Choose the older snapshot (baseline)…' });
  await pick.click();
  const rows = viewRows(page, 'Compare');
  await rows.first().waitFor({ timeout: 30_000 });
  const filter = page.locator('section.rl-view[aria-label="Compare"] input[type=search]');
  await filter.fill('LeakyRec');
  await page.waitForFunction(() => {
    const shown = [...document.querySelectorAll('section.rl-view[aria-label="Compare"] .rl-row:not([hidden])')];
    return shown.length > 0 && shown.every((r) => (r.textContent ?? '').startsWith('LeakyRecord'));
  });
  assert.match((await texts(rows))[0], /^LeakyRecord 800 0 \+800 /);
  await filter.fill('no such class');
  await page.locator('section.rl-view[aria-label="Compare"] .rl-empty', { hasText: 'No class matching' }).waitFor();
  assertQuiet(e);
});

test('the help panel explains Distance, (internal), {context} and "dead"', async () => {
  const e = await explorer(fixture.snapshots.target);
  const { page } = e;
  await page.getByRole('button', { name: 'Help: what the explorer shows' }).click();
  const help = page.getByRole('dialog', { name: 'What the explorer shows' });
  await help.waitFor();
  const terms = (await help.locator('dt').allInnerTexts()).map((t) => t.trim());
  for (const term of ['Distance', '(internal)', '{context}, {table}', 'dead', 'system / Context'])
    assert.ok(terms.includes(term), `${term} in ${terms.join(', ')}`);
  await screenshot(page, 'help-panel');
  await page.keyboard.press('Escape');
  assert.equal(await help.isHidden(), true);
  assertQuiet(e);
});
