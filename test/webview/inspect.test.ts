// "Inspect this object" in real Chromium over the real worker, on a snapshot of the bundled example app: from a
// leaked Buffer to the timer closure that pins it and its dead variable (after the join), Back, double-click and
// Ctrl+Enter, "Reveal in Summary", and Path to root showing paths that only enter differently once.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { explorerFixture, ROOT, screenshot, type Explorer, type OpenOptions } from './harness';
import { closureRow, idOf, selectLargestBuffer, subject } from './navigationSupport';
import { retainersGrid, summaryRows, texts, waitForSummary } from './pageHelpers';

const fixture = explorerFixture(['join']);
const example = join(ROOT, 'examples', 'leaky-server');

async function explorer(file: string, options: OpenOptions = {}): Promise<Explorer> {
  const e = await fixture.open(file, options);
  await waitForSummary(e.page);
  return e;
}

function assertQuiet(e: Explorer): void {
  assert.deepEqual(e.problems, { pageErrors: [], dialogs: [], consoleErrors: [], requests: [] });
}

test('from a leaked Buffer, "Inspect this object" reaches the timer closure and its dead variable; Back returns', async () => {
  const e = await explorer(fixture.snapshots.join);
  const { page } = e;
  await e.session.join(e.session.snapshots.main!.handle, { workspaceRoots: [example] });
  await selectLargestBuffer(page);
  const buffer = await subject(page);
  // The retainers open on the shortest chain: payload (variable) in the upload's context, held by the timer's closure.
  await retainersGrid(page)
    .filter({ hasText: /^payload \(variable\) in system \/ Context/ })
    .first()
    .waitFor({ timeout: 15_000 });
  await closureRow(page).waitFor({ timeout: 15_000 });

  // The context menu on the closure's row.
  await closureRow(page).click({ button: 'right' });
  const menu = page.locator('.rl-menu[role=menu]');
  await menu.waitFor();
  assert.deepEqual(
    (await menu.locator('.rl-menu-label').allInnerTexts()).map((t) => t.trim()),
    ['Inspect this object', 'Reveal in Summary'],
  );
  await screenshot(page, 'inspect-context-menu');
  await menu.getByRole('menuitem', { name: /Inspect this object/ }).click();

  // The details now show the closure, on its variables: `payload` is badged dead.
  await page.locator('.rl-details .rl-subtitle', { hasText: /^\S*\(\) / }).waitFor(); // a closure: `name()` and where
  assert.equal(await page.locator('.rl-details [role=tab][aria-selected=true]').innerText(), 'CLOSURE VARIABLES');
  const payload = page
    .locator('.rl-details [aria-label="Variables the closure keeps alive"] .rl-row:not([hidden])')
    .filter({ hasText: /^payload \(own scope\) = Buffer @/ });
  await payload.waitFor({ timeout: 15_000 });
  await payload.locator('.rl-dead-badge').waitFor({ timeout: 30_000 });
  await page.locator('.rl-dead-list li', { hasText: 'payload' }).waitFor();
  await screenshot(page, 'inspect-closure-dead-variable');

  // Back (Alt+←) returns to the Buffer, on its retainers.
  const back = page.locator('.rl-details button.rl-back');
  assert.match((await back.getAttribute('title')) ?? '', /^Back to Buffer @\d+/);
  await back.click();
  assert.equal(await subject(page), buffer);
  assert.equal(await back.isHidden(), true);
  assertQuiet(e);
});

test('double-click and Ctrl+Enter inspect a retainer; "Reveal in Summary" selects it among its class', async () => {
  const e = await explorer(fixture.snapshots.join);
  const { page } = e;
  await selectLargestBuffer(page);
  await closureRow(page).waitFor({ timeout: 15_000 });
  const closure = await closureRow(page).innerText();
  const closureId = idOf(closure);

  await closureRow(page).dblclick();
  await page.waitForFunction(
    (id) => (document.querySelector('.rl-details .rl-toolbar .rl-subtitle')?.textContent ?? '').includes(`@${id}`),
    closureId,
  );
  await page.locator('.rl-details button.rl-back').click();
  await page.locator('.rl-details .rl-subtitle', { hasText: 'Buffer @' }).waitFor();

  // Ctrl+Enter on the focused retainer row.
  await page.locator('.rl-details [role=tab]', { hasText: /^Retainers$/i }).click();
  await closureRow(page).click();
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(
    (id) => (document.querySelector('.rl-details .rl-toolbar .rl-subtitle')?.textContent ?? '').includes(`@${id}`),
    closureId,
  );
  await page.locator('.rl-details button.rl-back').click();
  await page.locator('.rl-details .rl-subtitle', { hasText: 'Buffer @' }).waitFor();
  await page.locator('.rl-details [role=tab]', { hasText: /^Retainers$/i }).click();

  // Reveal in Summary: the filter (Buffer) hides Function, so it goes; the closure's row is selected.
  await closureRow(page).click({ button: 'right' });
  await page
    .locator('.rl-menu')
    .getByRole('menuitem', { name: /Reveal in Summary/ })
    .click();
  await page.waitForFunction(
    (id) =>
      (document.querySelector('section.rl-view[aria-label="Summary"] .rl-row.selected')?.textContent ?? '').includes(
        `@${id}`,
      ),
    closureId,
    { timeout: 15_000 },
  );
  assert.equal(await page.inputValue('section.rl-view[aria-label="Summary"] input[type=search]'), '');
  const rows = await texts(summaryRows(page));
  const selectedAt = rows.findIndex((t) => t.includes(`@${closureId}`));
  const classAt = rows
    .slice(0, selectedAt)
    .map((t) => /^Function\s*[\d,]+/.test(t))
    .lastIndexOf(true);
  assert.ok(classAt >= 0 && selectedAt > classAt, `the closure's row under the Function class: ${rows.join(' | ')}`);
  assert.equal(idOf(await subject(page)), closureId);
  await screenshot(page, 'reveal-in-summary');
  assertQuiet(e);
});

test('Path to root shows paths that only enter differently (global.setTimeout, global.clearTimeout, …) once', async () => {
  const e = await explorer(fixture.snapshots.join);
  const { page } = e;
  await selectLargestBuffer(page);
  await page.getByRole('button', { name: 'Show shortest path to root' }).click();
  await page.locator('.rl-path-text').first().waitFor();
  const paths = await page.locator('.rl-path-text').allInnerTexts();
  // Without grouping the engine's first paths are one per timer function of Node's timers module, all the same
  // past it. With it each way on from timerListMap is shown once: one, or two when the Buffer's timer sits in the
  // middle of the three in its list (as far along _idleNext as along _idlePrev).
  const timerPaths = paths.filter((t) => /→ timerListMap \(variable\) →/.test(t));
  const onward = timerPaths.map((t) => t.slice(t.indexOf('→ timerListMap')));
  assert.ok(timerPaths.length >= 1, paths.join('\n'));
  assert.equal(new Set(onward).size, onward.length, `each way on shown once:\n${paths.join('\n')}`);
  const also = await page.locator('.rl-path-also').first().innerText();
  assert.match(also, /^Equivalent paths enter through \w+(, \w+)*( and \d+ more)? instead of \w+; past the entry/);
  await screenshot(page, 'path-to-root-deduplicated');
  // A step can be inspected too.
  await page
    .locator('.rl-path-step', { hasText: /^.*_onTimeout/ })
    .first()
    .dblclick();
  await page.locator('.rl-details .rl-subtitle', { hasText: /^\S*\(\) / }).waitFor(); // a closure: `name()` and where
  assertQuiet(e);
});
