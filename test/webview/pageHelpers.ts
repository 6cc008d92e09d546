// Small Playwright helpers over the explorer's DOM (rows are virtualized: only rendered rows are queried).
import type { Locator, Page } from 'playwright-core';

export const summaryRows = (page: Page): Locator =>
  page.locator('section.rl-view[aria-label="Summary"] .rl-row:not([hidden])');
export const viewRows = (page: Page, label: string): Locator =>
  page.locator(`section.rl-view[aria-label="${label}"] .rl-row:not([hidden])`);

/** Rows of the Retainers grid in the details pane. */
export function retainersGrid(page: Page): Locator {
  return page.locator('section.rl-details [aria-label="Retainers of the selected object"] .rl-row:not([hidden])');
}

export async function waitForSummary(page: Page): Promise<void> {
  await summaryRows(page).first().waitFor({ timeout: 30_000 });
  // The Summary answers before distances and retained sizes are in (a progressive open): wait for them.
  await page.locator('.rl-analyzing').waitFor({ state: 'detached', timeout: 60_000 });
}

/** Types into the class filter and waits until the first row is the class itself. */
export async function filterClasses(page: Page, text: string, expectFirst?: string): Promise<void> {
  await page.fill('section.rl-view[aria-label="Summary"] input[type=search]', text);
  await page.waitForFunction(
    ({ want }) => {
      const row = document.querySelector('section.rl-view[aria-label="Summary"] .rl-row:not([hidden])');
      return !!row && (want === undefined ? true : (row.textContent ?? '').startsWith(want));
    },
    { want: expectFirst },
    { timeout: 10_000 },
  );
}

/** Expands a summary class row and selects its first instance. */
export async function openFirstInstance(page: Page): Promise<void> {
  await summaryRows(page).first().locator('.rl-twistie').click();
  await summaryRows(page).nth(1).waitFor();
  await page.waitForFunction(
    () =>
      !(
        document.querySelectorAll('section.rl-view[aria-label="Summary"] .rl-row:not([hidden])')[1]?.textContent ??
        'Loading'
      ).includes('Loading'),
  );
  await summaryRows(page).nth(1).click();
}

/** Each row's cells' text, one space between cells. */
export async function texts(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('.rl-cell')];
      return (cells.length ? cells.map((c) => c.textContent ?? '').join(' ') : (row.textContent ?? ''))
        .replace(/\s+/g, ' ')
        .trim();
    }),
  );
}

/** Polls a condition on the test's side (what the harness saw the page send or save), up to 30 s. */
export async function waitUntil(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
