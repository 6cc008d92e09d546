// Shared by the navigation tests (real Chromium, real worker): holding replies and reading the details pane.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { summaryRows, filterClasses, retainersGrid } from './pageHelpers';

/** Holds the page's requests of one method until released, newest first or oldest first. */
export class Gate {
  active = false;
  private held: (() => void)[] = [];
  constructor(private readonly method: string) {}
  readonly hook = (message: unknown): Promise<void> | undefined => {
    if (!this.active || (message as { method?: unknown }).method !== this.method) return undefined;
    return new Promise<void>((release) => this.held.push(release));
  };
  get count(): number {
    return this.held.length;
  }
  release(order: 'oldest first' | 'newest first' = 'oldest first'): void {
    const held = this.held.splice(0);
    if (order === 'newest first') held.reverse();
    for (const release of held) release();
  }
  async waitFor(count: number): Promise<void> {
    for (let i = 0; i < 300 && this.count < count; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(this.count >= count, `${count} ${this.method} request(s) held, saw ${this.count}`);
  }
}

export const subject = (page: Page): Promise<string> =>
  page
    .locator('.rl-details .rl-toolbar .rl-subtitle')
    .innerText()
    .then((t) => t.trim());
export const selectedSummaryRow = (page: Page): Promise<string> =>
  page
    .locator('section.rl-view[aria-label="Summary"] .rl-row.selected')
    .innerText()
    .then((t) => t.replace(/\s+/g, ' ').trim());
export const idOf = (text: string): string => /@(\d+)/.exec(text)?.[1] ?? `(no id in ${JSON.stringify(text)})`;

/** Expands the Buffer class (1 MB upload payloads first) and selects the largest Buffer. */
export async function selectLargestBuffer(page: Page): Promise<void> {
  await filterClasses(page, 'Buffer');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('section.rl-view[aria-label="Summary"] .rl-row:not([hidden])')].every((row) =>
      (row.textContent ?? '').includes('Buffer'),
    ),
  );
  const classRow = summaryRows(page).filter({ hasText: /^Buffer\s*\d/ });
  await classRow.locator('.rl-twistie').click();
  const largest = summaryRows(page)
    .filter({ hasText: /^Buffer @/ })
    .first();
  await largest.waitFor();
  await largest.click();
  await page.locator('.rl-details .rl-subtitle', { hasText: 'Buffer @' }).waitFor();
}

export const closureRow = (page: Page) =>
  retainersGrid(page)
    .filter({ hasText: /^context \(internal\) in Function/ })
    .first();
