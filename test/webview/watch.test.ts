// The Memory view (Leak Watch) in real Chromium, fed by the real HeapWatch watching a real program under
// `node --inspect`: the page is served with the host's HTML and CSP, its buttons go to the HeapWatch (as the
// editor's controller relays them) and the HeapWatch's samples, markers and status come back as messages.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { LogRecord } from '../../src/common/log';
import { HeapWatch, type CapturedFiles } from '../../src/watch/heapWatch';
import type { HostToView, ViewToHost, WatchStatus } from '../../src/watch/watchProtocol';
import { explorerHtml, makeNonce } from '../../src/vscode/explorer/webviewHtml';
import { tempDirForProcess } from '../support/tempDir';
import { startWatchedProgram, type WatchedProgram } from '../watch/watchedProgram';
import { launchBrowser, OUTPUT, ROOT, screenshot, stubScript } from './harness';
import { THEMES, type ThemeKind } from './themes';

const BUNDLE = join(OUTPUT, 'bundle', 'watchView.js');
let browser: Browser | undefined;
let server: Server | undefined;
let origin = '';
const nonce = makeNonce();

before(async () => {
  await esbuild.build({
    entryPoints: [join(ROOT, 'src/webview/watch/main.ts')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    logLevel: 'warning',
  });
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const files: Record<string, [string, string]> = {
      '/dist/watchView.js': [BUNDLE, 'text/javascript'],
      '/media/watch.css': [join(ROOT, 'media/watch.css'), 'text/css'],
      '/dist/codicon.css': [join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.css'), 'text/css'],
    };
    if (path === '/favicon.ico') res.writeHead(204).end();
    else if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        explorerHtml({
          cspSource: origin,
          nonce,
          scriptUri: `${origin}/dist/watchView.js`,
          styleUri: `${origin}/media/watch.css`,
          codiconsUri: `${origin}/dist/codicon.css`,
          title: 'Leak Watch',
        }),
      );
    } else if (files[path]) {
      res.writeHead(200, { 'content-type': files[path][1] });
      res.end(readFileSync(files[path][0]));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

interface ViewPage {
  page: Page;
  sent: ViewToHost[];
  problems: string[];
  post(message: HostToView): Promise<void>;
}

/** Opens the view; `onMessage` is the host's side (the editor's LeakWatchController does the same relaying). */
async function openView(theme: ThemeKind, onMessage: (m: ViewToHost, view: ViewPage) => void): Promise<ViewPage> {
  const context = await browser!.newContext({ viewport: { width: 520, height: 360 } });
  const page = await context.newPage();
  const view: ViewPage = {
    page,
    sent: [],
    problems: [],
    post: async (message) => {
      await page.evaluate((m) => window.dispatchEvent(new MessageEvent('message', { data: m })), message);
    },
  };
  page.on('pageerror', (e) => view.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && view.problems.push(`console: ${m.text()}`));
  page.on('request', (r) => !r.url().startsWith(origin) && view.problems.push(`request: ${r.url()}`));
  await page.exposeBinding('__rlPost', (_source, message: ViewToHost) => {
    view.sent.push(message);
    onMessage(message, view);
  });
  await page.exposeBinding('__rlSetState', () => undefined);
  await page.addInitScript(stubScript(null, THEMES[theme].variables, THEMES[theme].bodyClass));
  await page.goto(`${origin}/`);
  return view;
}

const count = (page: Page, selector: string) => page.locator(selector).count();

async function waitForCount(page: Page, selector: string, n: number): Promise<void> {
  await page.waitForFunction(
    ({ s, n }) => document.querySelectorAll(s).length >= n,
    { s: selector, n },
    {
      timeout: 60_000,
    },
  );
}

test('the Memory view draws a real program’s heap, marks checkpoints, says when it grows and captures on one click', async () => {
  const program: WatchedProgram = await startWatchedProgram();
  const dir = tempDirForProcess('retainer-lens-watch-view-');
  const log = new LogRecord();
  let view: ViewPage | undefined;
  let captured: CapturedFiles | undefined;
  // Every open page gets every message, as the controller posts to its view (closed pages drop them).
  const views: ViewPage[] = [];
  const relay = (m: HostToView) => {
    for (const v of views) void v.post(m).catch(() => undefined);
  };
  const watch = new HeapWatch({
    connection: program.connection,
    viaJsDebugProxy: false,
    intervalMs: 150,
    growth: { window: 4, minBytes: 1_000_000 },
    autoCapture: 'ask',
    snapshotFile: async (step) => join(dir, `${step}.heapsnapshot`),
    listener: {
      sample: (sample) => relay({ type: 'sample', sample }),
      marker: (marker) => relay({ type: 'marker', marker }),
      status: (status) => relay({ type: 'status', status }),
      captured: (files) => (captured = files),
    },
    log,
    session: 'watchedProgram.js',
  });
  const host = (m: ViewToHost, v: ViewPage) => {
    if (m.type === 'ready') {
      views.push(v);
      void v.post({ type: 'reset', ...watch.history, status: watch.status });
    } else if (m.type === 'checkpoint') void watch.checkpoint();
    else if (m.type === 'capture') watch.captureAtNextCheckpoints();
    else if (m.type === 'pause') watch.pause();
    else if (m.type === 'resume') watch.resume();
  };
  try {
    watch.start();
    view = await openView('light', host);
    const { page } = view;
    assert.deepEqual(view.sent[0], { type: 'ready' });
    // The chart: a used-heap line of several samples, the reserved heap dashed.
    await page.waitForFunction(
      () => (document.querySelector('.rl-used')?.getAttribute('d') ?? '').split('L').length >= 4,
    );
    assert.equal(await count(page, '.rl-total'), 1);
    assert.match((await page.textContent('.rl-watch-state')) ?? '', /^Watching: watchedProgram\.js · 0 checkpoints$/);
    // Capture is offered from the start (the user may know better than the growth test).
    assert.equal(await page.isEnabled('button:has-text("Capture")'), true);

    // Each repetition of the leaky action, then the view's "Mark checkpoint" button.
    for (let i = 1; i <= 5; i++) {
      await program.request('leak', 2000);
      await page.click('button:has-text("Mark checkpoint")');
      await waitForCount(page, '.rl-marker.rl-checkpoint', i);
    }
    await page.waitForFunction(() => document.querySelector('.rl-watch-growth')?.classList.contains('rl-growing'));
    assert.match((await page.textContent('.rl-watch-growth')) ?? '', /^grew 4 of the last 4 checkpoints, \+[\d.]+ MB$/);
    assert.match((await page.textContent('.rl-watch-plan')) ?? '', /growth detected: Capture takes baseline/);
    assert.deepEqual(await page.locator('.rl-checkpoint .rl-marker-label').allTextContents(), [
      '#1',
      '#2',
      '#3',
      '#4',
      '#5',
    ]);
    // Checkpoints marked a second apart sit a few pixels apart: the labels shown never print over each other,
    // and the newest keeps its label.
    const shownLabels = await page.$$eval('.rl-checkpoint .rl-marker-label', (labels) =>
      labels
        .filter((l) => getComputedStyle(l).visibility !== 'hidden')
        .map(
          (l) =>
            ({ text: l.textContent, ...l.getBoundingClientRect().toJSON() }) as {
              text: string;
              x: number;
              width: number;
            },
        ),
    );
    assert.equal(shownLabels[shownLabels.length - 1]?.text, '#5', JSON.stringify(shownLabels));
    for (let i = 1; i < shownLabels.length; i++)
      assert.ok(shownLabels[i - 1].x + shownLabels[i - 1].width <= shownLabels[i].x, JSON.stringify(shownLabels));
    // The tooltip: exact values of the sample under the mouse, and the checkpoint's text next to it (the
    // newest sample may come before or after checkpoint 5's, so either of the last two checkpoints may be it; a
    // garbage collection seen at that sample is named first).
    const box = (await page.locator('svg.rl-chart').boundingBox())!;
    await page.mouse.move(box.x + box.width - 6, box.y + box.height / 2);
    await page.locator('.rl-tooltip:not([hidden])').waitFor();
    const tip = (await page.textContent('.rl-tooltip')) ?? '';
    assert.match(
      tip,
      /^\d\d:\d\d:\d\dused [\d.]+ [kM]B \([\d,]+ bytes\)reserved [\d.]+ [kM]B \([\d,]+ bytes\)(garbage collected: [^)]*\))?(checkpoint [45]: [\d.]+ MB after a forced GC|$)/,
      tip,
    );
    await page.mouse.move(0, 0);
    // And from the keyboard.
    await page.focus('svg.rl-chart');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.isVisible('.rl-tooltip'), true);
    await screenshot(page, 'watch-growth-light');

    // One click: baseline, target and final at the next three checkpoints.
    await page.click('button:has-text("Capture")');
    await page.waitForFunction(() =>
      /capturing the baseline/.test(document.querySelector('.rl-watch-plan')?.textContent ?? ''),
    );
    for (let i = 6; i <= 8; i++) {
      await program.request('leak', 2000);
      await page.click('button:has-text("Mark checkpoint")');
      await waitForCount(page, '.rl-marker.rl-capture', i - 5);
    }
    assert.deepEqual(await page.locator('.rl-capture .rl-marker-label').allTextContents(), [
      'baseline',
      'target',
      'final',
    ]);
    await page.waitForFunction(() =>
      /baseline, target and final captured/.test(document.querySelector('.rl-watch-plan')?.textContent ?? ''),
    );
    assert.ok(captured, 'no files captured');

    // Pause and resume.
    await page.click('button:has-text("Pause")');
    await page.waitForFunction(() => document.querySelector('.rl-watch-state')?.textContent?.startsWith('Paused'));
    assert.equal(watch.status.state, 'paused');
    await page.click('button:has-text("Resume")');
    await page.waitForFunction(() => document.querySelector('.rl-watch-state')?.textContent?.startsWith('Watching'));
    await screenshot(page, 'watch-captured-light');

    // Dark and high contrast: a new page draws the same history from `reset`, in the theme's colours.
    for (const theme of ['dark', 'high-contrast'] as const) {
      const themed = await openView(theme, host);
      await waitForCount(themed.page, '.rl-marker.rl-capture', 3);
      const style = await themed.page.evaluate(() => {
        const used = getComputedStyle(document.querySelector('.rl-used')!);
        return { stroke: used.stroke, width: used.strokeWidth };
      });
      assert.equal(style.stroke, hexToRgb(THEMES[theme].variables['--vscode-charts-blue']));
      assert.equal(style.width, theme === 'high-contrast' ? '2.5px' : '1.5px');
      await screenshot(themed.page, `watch-captured-${theme}`);
      assert.deepEqual(themed.problems, []);
      await themed.page.context().close();
    }

    // The session ends: the view says so and its buttons are off.
    watch.stop('the debug session ended');
    await page.waitForFunction(
      () => document.querySelector('.rl-watch-state')?.textContent === 'The debug session ended.',
    );
    for (const label of ['Resume', 'Pause', 'Mark checkpoint', 'Capture']) {
      const button = page.locator(`button:has-text("${label}")`);
      if (await button.count()) assert.equal(await button.isDisabled(), true, label);
    }
    assert.deepEqual(view.problems, []);
  } finally {
    watch.stop();
    await view?.page.context().close();
    await program.stop();
  }
  assert.deepEqual(
    log.entries.filter((e) => e.level === 'error'),
    [],
  );
});

test('the Memory view without a session, and with hostile text: idle buttons off, every string shown as text', async () => {
  const view = await openView('light', () => undefined);
  const { page } = view;
  await page.waitForFunction(() => document.body.dataset.state === 'idle');
  assert.match((await page.textContent('.rl-watch-state')) ?? '', /No JavaScript debug session/);
  for (const label of ['Pause', 'Mark checkpoint', 'Capture'])
    assert.equal(await page.isDisabled(`button:has-text("${label}")`), true, label);
  const evil = '<img src=x onerror="window.__pwned=1">';
  const status: WatchStatus = {
    state: 'watching',
    session: evil,
    growing: true,
    growth: evil,
    plan: evil,
    problem: evil,
    canCapture: true,
    checkpoints: 1,
  };
  const t = Date.now();
  await view.post({
    type: 'reset',
    samples: [
      { t: t - 2000, used: 5e6, total: 8e6 },
      { t: t - 1000, used: 6e6, total: 8e6 },
      { t, used: 4e6, total: 8e6 },
    ],
    markers: [{ t, kind: 'gc', used: 4e6, label: evil, detail: evil }],
    status,
  });
  await page.waitForSelector('.rl-marker.rl-gc');
  assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
  assert.equal(await count(page, 'img'), 0);
  assert.equal(await page.textContent('.rl-watch-problem'), evil);
  assert.match((await page.textContent('.rl-watch-state')) ?? '', /<img src=x/);
  assert.equal(await page.textContent('.rl-marker.rl-gc title'), evil);
  assert.deepEqual(view.problems, []);
  await page.context().close();
});

function hexToRgb(hex: string): string {
  const n = parseInt(hex.slice(1, 7), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
