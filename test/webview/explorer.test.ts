// The retainer explorer in real Chromium over the real engine, on snapshots of fixtures/leakyApp.js written
// by a real Node process: summary → retainers → GC root, the path to root, keyboard, state across hide/show,
// closures and Go to source, compare, with screenshots in light and dark themes (leaks: leaks.test.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { FoundSource } from '../../src/service/protocol';
import { explorerFixture, screenshot, type Explorer, type OpenOptions } from './harness';
import {
  filterClasses,
  openFirstInstance,
  retainersGrid,
  summaryRows,
  texts,
  viewRows,
  waitForSummary,
} from './pageHelpers';

const fixture = explorerFixture(['leaky']);

async function explorer(file: string, options: OpenOptions = {}): Promise<Explorer> {
  const e = await fixture.open(file, options);
  await waitForSummary(e.page);
  return e;
}

function assertQuiet(e: Explorer): void {
  assert.deepEqual(e.problems, { pageErrors: [], dialogs: [], consoleErrors: [], requests: [] });
}

/** Waits until the retainers tree shows the whole chain to a root and returns its rows' text. */
async function retainerChain(page: Page): Promise<string[]> {
  await retainersGrid(page).filter({ hasText: 'GC root' }).first().waitFor({ timeout: 15_000 });
  return texts(retainersGrid(page));
}

for (const theme of ['light', 'dark'] as const) {
  test(`summary → retainers → GC root names the holding variable (${theme})`, async () => {
    const e = await explorer(fixture.snapshots.target, { theme });
    const { page } = e;
    await filterClasses(page, 'LeakyRecord', 'LeakyRecord');
    const classRow = (await texts(summaryRows(page)))[0];
    assert.match(classRow, /^LeakyRecord\s*1,000\s*6\s*40\.0 kB/);
    await openFirstInstance(page);
    await page.locator('.rl-details .rl-subtitle', { hasText: 'LeakyRecord @' }).waitFor();

    const chain = await retainerChain(page);
    // Read top-down, the auto-expanded chain climbs from the object's holder to a root, shortest first.
    const at = (pattern: RegExp): number => chain.findIndex((t) => pattern.test(t));
    const order = [
      /^\d+ \(internal\) in \(array\)/,
      /^table \(internal\) in Map/,
      /^leakyCache \(variable\) in system \/ Context/,
      /^context \(internal\) in keepAlive\(\) leakyApp\.js:\d+:\d+ @/,
      /^keepAlive \(property\) in global @\d+GC root/,
    ];
    const positions = order.map(at);
    assert.ok(
      positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1])),
      `chain in order: ${JSON.stringify(chain.slice(0, 8))}`,
    );
    // Sizes read as text with the exact bytes on hover.
    const retainedTitle = await retainersGrid(page)
      .first()
      .locator('.rl-cell')
      .last()
      .locator('span')
      .getAttribute('title');
    assert.match(retainedTitle ?? '', /^[\d,]+ bytes$/);
    await screenshot(page, `summary-retainers-${theme}`);

    await page.getByRole('button', { name: 'Show shortest path to root' }).click();
    const pathText = page.locator('.rl-path-text').first();
    await pathText.waitFor();
    const text = await pathText.textContent();
    assert.match(
      text ?? '',
      /^global → keepAlive \(property\) → Function → context \(internal\) → system \/ Context → leakyCache \(variable\) → Map → table \(internal\) → \(array\) → \[?\d+\]? \(internal\) → LeakyRecord$/,
    );
    await screenshot(page, `path-to-root-${theme}`);
    assertQuiet(e);
  });
}

test('keyboard: filter, arrows, Enter into retainers, Escape back, tabs by arrow keys', async () => {
  const e = await explorer(fixture.snapshots.target);
  const { page } = e;
  const active = (): Promise<string> =>
    page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return a?.closest('section')?.getAttribute('aria-label') ?? a?.tagName ?? '';
    });
  await page.focus('input[type=search]');
  await page.keyboard.type('LeakyRecord');
  await filterClasses(page, 'LeakyRecord', 'LeakyRecord');
  await page.keyboard.press('ArrowDown');
  assert.equal(await active(), 'Summary');
  assert.equal(await summaryRows(page).first().getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(
    () => document.querySelector('section.rl-view .rl-row:not([hidden])')?.getAttribute('aria-expanded') === 'true',
  );
  await summaryRows(page).nth(1).filter({ hasText: 'LeakyRecord @' }).waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await summaryRows(page).nth(2).getAttribute('aria-selected'), 'true');
  await page.locator('.rl-details .rl-subtitle', { hasText: 'LeakyRecord @' }).waitFor();
  await page.keyboard.press('Enter');
  assert.equal(await active(), 'Selected object');
  await retainerChain(page);
  await page.keyboard.press('ArrowDown');
  assert.equal(await retainersGrid(page).first().getAttribute('aria-selected'), 'true');
  await page.keyboard.press('Escape');
  assert.equal(await active(), 'Summary');
  await page.keyboard.press('ArrowLeft'); // to the class row
  await page.keyboard.press('ArrowLeft'); // collapse it
  assert.equal(await summaryRows(page).first().getAttribute('aria-expanded'), 'false');
  assert.equal(await summaryRows(page).count(), 1);
  // View tabs: arrows move between them, like VS Code's panel tabs.
  await page.getByRole('tab', { name: 'Summary' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('tab', { name: 'Containment' }).getAttribute('aria-selected'), 'true');
  await viewRows(page, 'Containment').first().waitFor();
  assertQuiet(e);
});

test('state survives hiding and showing the tab (no retainContextWhenHidden)', async () => {
  const e = await explorer(fixture.snapshots.target);
  const { page } = e;
  await filterClasses(page, 'LeakyRecord', 'LeakyRecord');
  await openFirstInstance(page);
  const subject = (await page.locator('.rl-details .rl-subtitle').textContent()) ?? '';
  assert.match(subject, /LeakyRecord @\d+/);
  await page.getByRole('tab', { name: 'Path to root' }).click();
  await page.locator('.rl-path-text').first().waitFor();
  await page.waitForTimeout(200); // setState is coalesced
  await e.reopen();
  await waitForSummary(e.page);
  assert.equal(await e.page.inputValue('input[type=search]'), 'LeakyRecord');
  await e.page.locator('.rl-details .rl-subtitle', { hasText: subject.trim() }).waitFor();
  await summaryRows(e.page).filter({ hasText: subject.trim() }).first().waitFor();
  assert.equal(await summaryRows(e.page).first().getAttribute('aria-expanded'), 'true');
  assert.equal(await e.page.getByRole('tab', { name: 'Path to root' }).getAttribute('aria-selected'), 'true');
  await e.page.locator('.rl-path-text').first().waitFor();
  assertQuiet(e);
});

test("closure variables with sizes, and Go to source lands on the closure's line", async () => {
  const opened: FoundSource[] = [];
  const e = await explorer(fixture.snapshots.target, {
    hooks: {
      goToSource: (found) => {
        opened.push(found);
        return true;
      },
    },
  });
  const { page } = e;
  await filterClasses(page, 'Function', 'Function');
  await summaryRows(page).first().locator('.rl-twistie').click();
  const onTick = summaryRows(page)
    .filter({ hasText: /^onTick\(\) leakyApp\.js:\d+:\d+ @/ })
    .first();
  await onTick.waitFor();
  await onTick.click();
  await page.getByRole('tab', { name: 'Closure variables' }).click();
  const variables = page.locator('[aria-label="Variables the closure keeps alive"] .rl-row:not([hidden])');
  await variables.filter({ hasText: 'frameBuffer' }).waitFor();
  const rows = await texts(variables);
  const buffer = rows.find((t) => t.startsWith('frameBuffer (own scope) ='));
  assert.ok(buffer, JSON.stringify(rows));
  assert.match(buffer!, /4\.\d\d MB$/);
  assert.ok(
    rows.some((t) => t.startsWith('unusedSibling (own scope) = unusedSibling() leakyApp.js:')),
    JSON.stringify(rows),
  );
  await screenshot(page, 'closure-variables-light');

  const goTo = page.getByRole('button', { name: 'Go to source' });
  await page.waitForFunction(
    () => !(document.querySelector('button[title^="Open the function"]') as HTMLButtonElement | null)?.disabled,
  );
  await goTo.click();
  for (let i = 0; i < 50 && opened.length === 0; i++) await page.waitForTimeout(100);
  assert.equal(opened.length, 1);
  const lines = readFileSync(join(__dirname, 'fixtures', 'leakyApp.js'), 'utf8').split('\n');
  assert.match(opened[0].location.url ?? '', /leakyApp\.js$/);
  assert.equal(lines[opened[0].location.line].trim(), 'return function onTick() {');
  assert.equal(opened[0].via, 'closure');

  // An ordinary object goes to its constructor, found in one request (the worker walks __proto__, map,
  // constructor and back_pointer itself): the page never walks edges for it.
  await page.getByRole('tab', { name: 'Retainers' }).click();
  await filterClasses(page, 'LeakyRecord', 'LeakyRecord');
  const before = e.sent.length;
  await openFirstInstance(page);
  await page.waitForFunction(() => !!document.querySelector('button[title^="Open the constructor"]'));
  const methods = e.sent.slice(before).map((m) => (m as { method?: string }).method);
  assert.equal(methods.filter((m) => m === 'source').length, 1, JSON.stringify(methods));
  assert.equal(methods.filter((m) => m === 'edges' || m === 'location').length, 0, JSON.stringify(methods));
  await goTo.click();
  for (let i = 0; i < 50 && opened.length === 1; i++) await page.waitForTimeout(100);
  assert.equal(opened.length, 2);
  assert.equal(opened[1].via, 'constructor');
  assert.equal(opened[1].functionName, 'LeakyRecord');
  assert.match(lines[opened[1].location.line], /class LeakyRecord|constructor\(i\)/);
  assertQuiet(e);
});

test('compare with a second snapshot: new, deleted and delta per class, then the new objects', async () => {
  const e = await explorer(fixture.snapshots.target, {
    hooks: { pickCompare: async () => fixture.snapshots.baseline },
  });
  const { page } = e;
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByRole('button', { name: 'Choose the older snapshot (baseline)…' }).click();
  const rows = viewRows(page, 'Compare');
  const leaky = rows.filter({ hasText: /^LeakyRecord/ }).first();
  await leaky.waitFor({ timeout: 20_000 });
  // 800 records were added between baseline and target, none deleted.
  assert.match((await texts(leaky))[0], /^LeakyRecord\s*800\s*0\s*\+800\s*32\.0 kB\s*0 B\s*\+32\.0 kB$/);
  assert.match((await texts(rows.filter({ hasText: /^RequestContext/ })))[0], /^RequestContext\s*150\s*0\s*\+150/);
  await leaky.locator('.rl-twistie').click();
  const instance = rows.filter({ hasText: /^LeakyRecord @/ }).first();
  await instance.waitFor();
  await instance.click();
  await retainerChain(page);
  await screenshot(page, 'compare-light');
  assertQuiet(e);
});

test('statistics, dominators and containment render', async () => {
  const e = await explorer(fixture.snapshots.target, { theme: 'dark' });
  const { page } = e;
  await page.getByRole('tab', { name: 'Statistics' }).click();
  await page.locator('.rl-legend', { hasText: 'Typed arrays' }).waitFor();
  const legend = (await page.locator('.rl-legend').textContent()) ?? '';
  assert.match(legend, /Typed arrays4\.\d\d MB/);
  await screenshot(page, 'statistics-dark');
  await page.getByRole('tab', { name: 'Dominators' }).click();
  const dominators = viewRows(page, 'Dominators');
  await dominators.first().waitFor();
  assert.match((await texts(dominators))[0], /GC root|global|\(GC roots\)/);
  await page.getByRole('tab', { name: 'Containment' }).click();
  await viewRows(page, 'Containment').first().waitFor();
  assertQuiet(e);
});
