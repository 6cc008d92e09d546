// The Allocations view and the details pane's Allocation stack in real Chromium over the real worker, on a
// recording of a real program (allocation stacks through the capture client): sites per allocating function
// with their source, expandable into stacks and objects, bottom-up and top-down; links open the function; a
// snapshot without stacks says how to record one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { MappedFrame } from '../../src/service/protocol';
import { fixturesDir, recordProgram } from '../allocations/recordProgram';
import { explorerFixture, screenshot, type Explorer } from './harness';
import { texts, viewRows, waitForSummary, waitUntil } from './pageHelpers';

const fixture = explorerFixture(['leaky']);
const program = join(fixturesDir, 'plantedProgram.js');
const lineOf = (name: string): number =>
  readFileSync(program, 'utf8')
    .split('\n')
    .findIndex((l) => l.startsWith(`function ${name}(`)) + 1;
let recorded: string;

before(async () => {
  recorded = await recordProgram(program);
});

const rows = (page: Page) => viewRows(page, 'Allocations');

async function openAllocations(e: Explorer): Promise<void> {
  await waitForSummary(e.page);
  await e.page.getByRole('tab', { name: 'Allocations' }).click();
}

/** Waits until a row of the Allocations grid matches, then returns every rendered row's text. */
async function rowsWith(page: Page, pattern: RegExp): Promise<string[]> {
  await rows(page).filter({ hasText: pattern }).first().waitFor({ timeout: 30_000 });
  return texts(rows(page));
}

test('sites name each allocating function and its line; a site opens into its stack and its live objects', async () => {
  const opened: MappedFrame[] = [];
  const e = await fixture.open(recorded, { hooks: { openFrame: (frame) => (opened.push(frame), true) } });
  const { page } = e;
  await openAllocations(e);
  const sites = await rowsWith(page, /allocated in makeRow/);
  for (const name of ['makeRow', 'makeLabel', 'remember', 'openSession', 'makeHandler', 'makeTree']) {
    const row = sites.find((t) => t.startsWith(`allocated in ${name} `));
    assert.ok(row, `${name}: ${JSON.stringify(sites.slice(0, 12))}`);
    assert.match(
      row,
      new RegExp(`^allocated in ${name} plantedProgram\\.js:${lineOf(name)} ${name === 'makeTree' ? '300' : '100'} `),
    );
  }
  assert.match(
    (await page.locator('section.rl-view[aria-label="Allocations"] .rl-subtitle').textContent()) ?? '',
    /a frame is a function, not the allocating statement/,
  );

  // makeRow: one stack (called from plant) and its 100 arrays.
  const makeRow = rows(page).filter({ hasText: /^allocated in makeRow/ });
  await makeRow.locator('.rl-twistie').click();
  const objectsFolder = rows(page).filter({ hasText: /^100 live objects/ });
  await objectsFolder.waitFor();
  await rows(page)
    .filter({ hasText: /^1 stack/ })
    .locator('.rl-twistie')
    .click();
  await rows(page)
    .filter({ hasText: /^called from plant/ })
    .waitFor();
  await objectsFolder.locator('.rl-twistie').click();
  const firstArray = rows(page)
    .filter({ hasText: /^Array @\d+/ })
    .first();
  await firstArray.waitFor();
  await firstArray.click();
  await page.getByRole('tab', { name: 'Allocation stack' }).click();
  const stack = page.locator('.rl-allocation-stack');
  await stack.locator('.rl-allocation-heading', { hasText: 'Allocated in makeRow' }).waitFor();
  const frames = await stack.locator('li').allTextContents();
  assert.match(frames[0], new RegExp(`^allocated in makeRow plantedProgram\\.js:${lineOf('makeRow')}`));
  assert.match(frames[1], new RegExp(`^called from plant plantedProgram\\.js:${lineOf('plant')}`));
  await screenshot(page, 'allocations-sites-stack');

  // The link opens the function (the host gets the frame, with its workspace place once joined).
  await e.session.join(e.session.snapshots.main!.handle, { workspaceRoots: [fixturesDir] });
  // Drawn again with the workspace place (the title then names the script it came from too).
  await stack.locator('.rl-frame[title*="(script"]').first().waitFor({ timeout: 30_000 });
  await stack.getByRole('link', { name: /Open makeRow/ }).click();
  await waitUntil(() => opened.length > 0, 'the open request');
  assert.equal(opened[0].name, 'makeRow');
  assert.deepEqual(opened[0].source, { file: program, line: lineOf('makeRow') - 1, column: 'function makeRow'.length });
  assert.deepEqual(e.problems, { pageErrors: [], dialogs: [], consoleErrors: [], requests: [] });
});

test('bottom-up starts at the allocating function and opens into its callers; top-down starts at the caller', async () => {
  const e = await fixture.open(recorded);
  const { page } = e;
  await openAllocations(e);
  await rowsWith(page, /allocated in makeRow/);
  await page.getByRole('radio', { name: 'Bottom-up' }).click();
  const bottomUp = await rowsWith(page, /^makeTree plantedProgram/);
  assert.ok(!bottomUp.some((t) => t.startsWith('allocated in')), 'tree rows, not site rows');
  const makeTree = rows(page).filter({ hasText: /^makeTree plantedProgram/ });
  await makeTree.locator('.rl-twistie').click();
  await rows(page)
    .filter({ hasText: /^300 live objects/ })
    .waitFor();
  await rows(page)
    .filter({ hasText: /^plant plantedProgram/ })
    .waitFor();

  await page.getByRole('radio', { name: 'Top-down' }).click();
  await rowsWith(page, /^\(anonymous\) plantedProgram|^plant|onStreamRead/);
  await screenshot(page, 'allocations-top-down');
});

test('a snapshot without allocation stacks says how to record one', async () => {
  const e = await fixture.open(fixture.snapshots.target);
  const { page } = e;
  await openAllocations(e);
  const callout = page.locator('section.rl-view[aria-label="Allocations"] .rl-callout');
  await callout.getByText('no allocation stacks').waitFor({ timeout: 30_000 });
  assert.match((await callout.textContent()) ?? '', /Retainer Lens: Record allocations/);
  assert.match((await callout.textContent()) ?? '', /retainer-lens record/);
  await screenshot(page, 'allocations-untraced');
});
