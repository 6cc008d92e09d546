// Fast keyboard use and slow answers in real Chromium over the real worker: the grid says it is computing instead
// of sitting empty, and the details never show another object than the highlighted row (the latest selection
// wins; stale answers are dropped). Replies are held (OpenOptions.beforeReceive) as a big snapshot or a loaded
// worker makes the page wait.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { retainers } from '../../src/heap/edges';
import { loadSnapshotFile } from '../../src/heap/loader';
import type { HeapSnapshot } from '../../src/heap/snapshot';
import { explorerFixture, releaseAnalysis, screenshot, type Explorer, type OpenOptions } from './harness';
import { Gate, idOf, selectedSummaryRow, subject } from './navigationSupport';
import { filterClasses, retainersGrid, summaryRows, waitForSummary } from './pageHelpers';

const fixture = explorerFixture(['leaky', 'many']);

async function explorer(file: string, options: OpenOptions = {}): Promise<Explorer> {
  const e = await fixture.open(file, options);
  await waitForSummary(e.page);
  return e;
}

function assertQuiet(e: Explorer): void {
  assert.deepEqual(e.problems, { pageErrors: [], dialogs: [], consoleErrors: [], requests: [] });
}

let many: HeapSnapshot;
before(async () => {
  many = await loadSnapshotFile(fixture.snapshots.many);
});

test('the Summary says it is computing while its first page is on the way (never silently empty)', async () => {
  const gate = new Gate('summary');
  gate.active = true;
  const e = await fixture.open(fixture.snapshots.target, { beforeReceive: gate.hook });
  const { page } = e;
  await gate.waitFor(1);
  // The loading overlay is gone (the snapshot is loaded); the grid says what it waits for.
  const busy = page.locator('section.rl-view[aria-label="Summary"] .rl-empty.rl-busy');
  await busy.waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('.rl-overlay').isHidden(), true);
  assert.equal((await busy.innerText()).trim(), 'Computing the summary by class…');
  assert.equal(await page.locator('section.rl-view[aria-label="Summary"] .rl-grid').getAttribute('aria-busy'), 'true');
  await screenshot(page, 'summary-computing');
  gate.active = false;
  gate.release();
  await waitForSummary(page);
  assert.equal(await busy.count(), 0);
  assertQuiet(e);
});

test('→ then ↓ before the instances arrive: the details follow the highlighted row; stale retainers are dropped', async () => {
  const members = new Gate('members');
  const held = new Gate('retainers');
  const e = await explorer(fixture.snapshots.many, {
    beforeReceive: (m) => members.hook(m) ?? held.hook(m),
  });
  const { page } = e;
  // A previous object in the details: an instance of another class.
  await filterClasses(page, 'Array', 'Array');
  await summaryRows(page).first().locator('.rl-twistie').click();
  await summaryRows(page).nth(1).filter({ hasText: / @\d+/ }).waitFor();
  await summaryRows(page).nth(1).click();
  const previous = idOf(await subject(page));
  // The ManyRow class, never expanded: → expands it while its 100,000 instances are sorted (held), and ↓ lands
  // on the "Loading…" row at once.
  await filterClasses(page, 'ManyRow', 'ManyRow');
  await summaryRows(page).first().click();
  members.active = true;
  await page.keyboard.press('ArrowRight');
  await members.waitFor(1);
  await page.keyboard.press('ArrowDown');
  members.active = false;
  members.release();
  await page.waitForFunction(() =>
    /^ManyRow @/.test(
      document.querySelector('section.rl-view[aria-label="Summary"] .rl-row.selected')?.textContent ?? '',
    ),
  );
  const highlighted = idOf(await selectedSummaryRow(page));
  assert.notEqual(highlighted, previous);
  await page.waitForFunction(
    (id) => (document.querySelector('.rl-details .rl-toolbar .rl-subtitle')?.textContent ?? '').includes(`@${id}`),
    highlighted,
    { timeout: 15_000 },
  );

  // ↓ five times while every retainers answer is held, then the answers come newest first: the last selection wins.
  held.active = true;
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
  await held.waitFor(1);
  const last = idOf(await selectedSummaryRow(page));
  held.active = false;
  held.release('newest first');
  assert.equal(idOf(await subject(page)), last);
  const expected = retainers(many, { id: Number(last) }).items[0];
  await retainersGrid(page).first().waitFor();
  await page.waitForFunction(
    (name) =>
      (
        document.querySelector(
          'section.rl-details [aria-label="Retainers of the selected object"] .rl-row:not([hidden])',
        )?.textContent ?? ''
      ).startsWith(name),
    `[${expected.edgeName}]`,
    { timeout: 15_000 },
  );
  assert.equal(idOf(await subject(page)), last);
  assert.equal(idOf(await selectedSummaryRow(page)), last);
  assertQuiet(e);
});

test('retained sizes arriving after a progressive open keep the expansion, the selection and the keyboard focus', async () => {
  const e = await fixture.open(fixture.snapshots.target, { holdAnalysis: true });
  const { page } = e;
  const summary = 'section.rl-view[aria-label="Summary"]';
  await summaryRows(page).first().waitFor({ timeout: 30_000 });
  // The analysis is held: the Summary shows counts and shallow sizes, and says the rest is coming.
  await page.locator('.rl-analyzing').waitFor();
  await page.locator(`${summary} .rl-toolbar .rl-subtitle`, { hasText: 'retained sizes: computing…' }).waitFor();
  const classRow = summaryRows(page).filter({ hasText: /^LeakyRecord/ });
  await classRow.click();
  await page.keyboard.press('ArrowRight'); // expands it; its instances wait for the analysis
  await page.locator(`${summary} .rl-row[aria-expanded=true]`, { hasText: /^LeakyRecord/ }).waitFor();
  const scrolledBefore = await page.locator(`${summary} .rl-list`).evaluate((l) => l.scrollTop);

  releaseAnalysis();
  await page.locator('.rl-analyzing').waitFor({ state: 'detached', timeout: 60_000 });
  await page.waitForFunction(
    (s) => !(document.querySelector(`${s} .rl-toolbar .rl-subtitle`)?.textContent ?? '').includes('computing'),
    summary,
  );
  // The retained sizes are in, and the user is where they were: the class selected and expanded, its
  // instances below it, the keys still in the Summary's list.
  await page.waitForFunction(
    (s) => {
      const rows = [...document.querySelectorAll<HTMLElement>(`${s} .rl-row:not([hidden])`)];
      const at = rows.find((r) => r.classList.contains('selected'))?.dataset.index;
      const next = rows.find((r) => at !== undefined && r.dataset.index === String(Number(at) + 1));
      return /^LeakyRecord @/.test(next?.textContent ?? '');
    },
    summary,
    { timeout: 30_000 },
  );
  assert.match(await selectedSummaryRow(page), /^LeakyRecord 1,000 /);
  assert.equal(await page.locator(`${summary} .rl-row.selected`).getAttribute('aria-expanded'), 'true');
  assert.equal(
    await page.evaluate((s) => document.activeElement === document.querySelector(`${s} .rl-list`), summary),
    true,
    'the keyboard focus stays in the Summary',
  );
  assert.equal(await page.locator(`${summary} .rl-list`).evaluate((l) => l.scrollTop), scrolledBefore);
  await screenshot(page, 'summary-after-retained-sizes');
  // ↓ goes on from the selected class to its first instance, which the details show.
  await page.keyboard.press('ArrowDown');
  assert.match(await selectedSummaryRow(page), /^LeakyRecord @\d+/);
  const id = idOf(await selectedSummaryRow(page));
  await page.waitForFunction(
    (want) => (document.querySelector('.rl-details .rl-toolbar .rl-subtitle')?.textContent ?? '').includes(`@${want}`),
    id,
  );
  assertQuiet(e);
});
