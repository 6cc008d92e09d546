// Join marks in real Chromium over the real worker, on a snapshot of the bundled example app: after the
// session joins the snapshot with the example's source, objects made where a static finding points carry a
// marker that opens the finding, and the closure view badges `payload`, the dead context variable.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { Range } from '../../src/analyzer/types';
import type { JoinReport } from '../../src/join/joinSnapshot';
import { explorerFixture, ROOT, screenshot, type Explorer, type OpenOptions } from './harness';
import { filterClasses, retainersGrid, summaryRows, texts, waitForSummary, waitUntil } from './pageHelpers';

const example = join(ROOT, 'examples', 'leaky-server');
const uploads = join(example, 'src', 'uploads.js');

const fixture = explorerFixture(['join']);

async function explorer(options: OpenOptions = {}): Promise<Explorer> {
  const e = await fixture.open(fixture.snapshots.join, options);
  await waitForSummary(e.page);
  return e;
}

/** What the VS Code adapter does once the explorer loaded: join in the explorer's worker (the page is told). */
function joinExample(e: Explorer): Promise<JoinReport> {
  const handle = e.session.snapshots.main!.handle;
  return e.session.join(handle, { workspaceRoots: [example] });
}

// Marks arrive after the join and a worker round trip; on a loaded 2-core machine that once took over 15 s.
const MARK_WAIT_MS = 30_000;

const largestBuffer = (page: Page): Locator =>
  summaryRows(page)
    .filter({ hasText: /^Buffer @/ })
    .first();

/** Filters the summary to Buffer (ArrayBuffer sorts first), expands it and returns its largest instance's row. */
async function expandBuffers(page: Page): Promise<Locator> {
  await filterClasses(page, 'Buffer');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('section.rl-view[aria-label="Summary"] .rl-row:not([hidden])')].every((row) =>
      (row.textContent ?? '').includes('Buffer'),
    ),
  );
  const classRow = summaryRows(page).filter({ hasText: /^Buffer\s*\d/ });
  await classRow.locator('.rl-twistie').click();
  await largestBuffer(page).waitFor();
  return largestBuffer(page);
}

function assertQuiet(e: Explorer): void {
  assert.deepEqual(e.problems, { pageErrors: [], dialogs: [], consoleErrors: [], requests: [] });
}

for (const theme of ['light', 'dark'] as const) {
  test(`objects a finding concerns carry its marker, linking to the finding (${theme})`, async () => {
    const opened: { file: string; range: Range }[] = [];
    const e = await explorer({
      theme,
      hooks: {
        openFinding: (target) => {
          opened.push(target);
          return true;
        },
      },
    });
    const { page } = e;
    // Rows on screen before the join get their marks when it lands.
    const first = await expandBuffers(page);
    assert.equal(await first.locator('.rl-mark').count(), 0);
    const report = await joinExample(e);
    assert.ok(
      report.confirmed.some((c) => c.rule === 'closure-large-scope' && c.confirmation.dead?.name === 'payload'),
    );

    // The largest Buffer is an upload's `payload`: the finding is confirmed (so an error, as in Problems) and it is dead.
    const marker = first.locator('.rl-mark[data-rule="closure-large-scope"]');
    await marker.waitFor({ timeout: MARK_WAIT_MS });
    assert.equal(await marker.locator('.codicon-error').count(), 1);
    assert.match(
      (await marker.getAttribute('aria-label')) ?? '',
      /^error: closure-large-scope \(confirmed by this snapshot\) at src\/uploads\.js:7\. Open the finding$/,
    );
    const tip = (await marker.getAttribute('title')) ?? '';
    assert.match(
      tip,
      /^closure-large-scope \(confirmed by this snapshot\) at src\/uploads\.js:7\nThis callback of a 600 s timer is long-lived/,
    );
    assert.match(tip, /dead context variable `payload` \(Buffer, 3\.15 MB\), used only by checksum/);
    assert.equal(await first.locator('.rl-dead-badge').count(), 1);

    // The row's marker opens the finding; the host gets the join's file and range, never a path from the page.
    await marker.click();
    await waitUntil(() => opened.length === 1, 'the finding to open');
    assert.deepEqual(opened[0], {
      file: uploads,
      range: { start: { line: 6, column: 13 }, end: { line: 6, column: 20 } },
    });

    // Selected: the details pane names the finding and the dead variable, each with its link.
    await first.click();
    const bar = page.locator('.rl-marks-bar');
    await bar.waitFor();
    const lines = await bar.locator('.rl-marks-line').allTextContents();
    assert.match(lines[0], /closure-large-scope \(confirmed by this snapshot\) at src\/uploads\.js:7/);
    assert.match(lines[1], /^dead'payload' of handleUpload: kept alive only by this context; used only by checksum/);
    await page.getByRole('button', { name: 'Open src/uploads.js:4' }).click();
    await waitUntil(() => opened.length === 2, 'the declaration to open');
    assert.deepEqual(opened[1], {
      file: uploads,
      range: { start: { line: 3, column: 8 }, end: { line: 3, column: 15 } },
    });
    await page.getByRole('button', { name: 'Open src/uploads.js:7' }).click();
    await waitUntil(() => opened.length === 3, 'the finding to open from the details pane');
    assert.equal(opened[2].range.start.line, 6);

    // Its retainers: the context variable, then the timer callback the finding is about — marked too.
    await retainersGrid(page)
      .filter({ hasText: /^payload \(variable\) in system \/ Context/ })
      .first()
      .waitFor({ timeout: MARK_WAIT_MS });
    const timer = retainersGrid(page)
      .filter({ hasText: /^context \(internal\) in \(anonymous\)\(\) uploads\.js:7:/ })
      .first();
    await timer.locator('.rl-mark[data-rule="closure-large-scope"]').waitFor({ timeout: MARK_WAIT_MS });
    await screenshot(page, `marks-summary-${theme}`);
    assertQuiet(e);
  });
}

test('the closure view badges the dead context variable, ranked by size, with who uses it', async () => {
  const e = await explorer();
  const { page } = e;
  const report = await joinExample(e);
  const timerLine = report.files.find((f) => f.file === uploads)!.lines.find((l) => l.line === 6)!;
  e.session.reveal(
    timerLine.sites.flatMap((s) => s.sampleIds),
    'src/uploads.js:7',
    timerLine.count,
  );
  await page
    .locator('.rl-details .rl-subtitle', { hasText: /\(anonymous\)\(\) uploads\.js:7:/ })
    .waitFor({ timeout: MARK_WAIT_MS });
  // The revealed closure is the timer callback: marked with its finding in the details pane.
  await page.locator('.rl-marks-line[data-rule="closure-large-scope"]').waitFor({ timeout: MARK_WAIT_MS });
  await page.getByRole('tab', { name: 'Closure variables' }).click();
  const variables = page.locator('[aria-label="Variables the closure keeps alive"] .rl-row:not([hidden])');
  await variables
    .filter({ hasText: /^payload/ })
    .locator('.rl-dead-badge')
    .waitFor({ timeout: MARK_WAIT_MS });
  const rows = await texts(variables);
  assert.ok(
    rows.some((t) => /^payload \((own|outer) scope( \d)?\) = Buffer @\d+dead/.test(t)),
    JSON.stringify(rows),
  );
  // startedAt is used by the timer itself: not dead.
  const startedAt = variables.filter({ hasText: /^startedAt/ });
  assert.equal(await startedAt.count(), 1);
  assert.equal(await startedAt.locator('.rl-dead-badge').count(), 0);
  const ranked = await page.locator('.rl-dead-list li').allTextContents();
  assert.equal(ranked.length, 1, JSON.stringify(ranked));
  assert.match(ranked[0], /^deadpayload 1\.\d\d MB — kept alive only by this context; used only by checksum$/);
  assert.match(
    (await page.locator('.rl-dead-list .rl-dead-badge').getAttribute('title')) ?? '',
    /^'payload' is a dead context variable of handleUpload \(src\/uploads\.js:4\): kept alive only by this context; used only by checksum\.\nHeld by setTimeout\(\) callback, which never use it\.\n3 contexts keep 3\.\d\d MB of Buffer this way\.$/,
  );
  await screenshot(page, 'marks-closure-dead-light');
  assertQuiet(e);
});

test('marks survive hide/show; the page cannot open a finding in a snapshot the session did not join', async () => {
  const opened: unknown[] = [];
  const e = await explorer({
    theme: 'dark',
    hooks: {
      openFinding: (target) => {
        opened.push(target);
        return true;
      },
    },
  });
  const { page } = e;
  await joinExample(e);
  await (await expandBuffers(page)).locator('.rl-mark').waitFor({ timeout: MARK_WAIT_MS });
  // The page saves its state through a coalescing timer and VS Code's setState (here a binding back to this
  // process): hide it only once the saved state holds the expansion, as a user's hide comes long after.
  await waitUntil(
    () => /"expanded":\[[^\]]*"Buffer"/.test(JSON.stringify(e.state()) ?? ''),
    'the saved state to hold the expansion',
  );
  await e.reopen();
  await waitForSummary(e.page);
  // The filter and expansion come back with the page, and the host sends the join again on `ready`.
  const first = largestBuffer(e.page);
  // This wait has timed out inside a whole `npm test` (never alone): say what the page showed when it does.
  await first
    .locator('.rl-mark')
    .waitFor({ timeout: MARK_WAIT_MS })
    .catch(async (error: Error) => {
      const rows = await texts(summaryRows(e.page));
      throw new Error(
        `${error.message}\nrows: ${rows.slice(0, 12).join(' | ')}\nproblems: ${JSON.stringify(e.problems)}`,
      );
    });
  const id = Number(/@(\d+)/.exec((await texts(first))[0])![1]);
  e.session.receive({ host: 'openFinding', snapshot: 'main#999', nodeId: id, target: 'finding' });
  e.session.receive({
    host: 'openFinding',
    snapshot: e.session.snapshots.main!.handle,
    nodeId: id,
    target: '../etc/passwd',
  });
  e.session.receive({
    host: 'openFinding',
    snapshot: e.session.snapshots.main!.handle,
    nodeId: 'x',
    target: 'finding',
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.deepEqual(opened, []);
  assertQuiet(e);
});

test('a marks request that fails is asked again: the rows still get their marks', async () => {
  // The first two `marks` requests go to a snapshot the session does not have, so the host answers with an
  // error, as it does right after the page comes back before it is attached again; the third is left alone.
  let spoiled = 0;
  const e = await explorer({
    beforeReceive: (message) => {
      const m = message as { method?: string; params?: { snapshot?: string } };
      if (m.method === 'marks' && m.params && spoiled < 2) {
        spoiled++;
        m.params.snapshot = 'main#999';
      }
    },
  });
  await joinExample(e);
  await (await expandBuffers(e.page)).locator('.rl-mark').waitFor({ timeout: MARK_WAIT_MS });
  assert.equal(spoiled, 2);
  assertQuiet(e);
});
