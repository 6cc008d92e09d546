// A loopback HTTP endpoint through which editor tests (running in the extension host) ask the launcher to
// act on the real workbench in Chromium, the way a person would. POST / with JSON { action, ...args };
// the answer is JSON { ok: true, result } or { ok: false, error }.
import { createServer } from 'node:http';
import { join } from 'node:path';

const quickInput = '.quick-input-widget';
// In extension-test mode the workbench keeps notifications out of toasts: they go to the notification
// center, so that is where we read and click them.
const notificationItem = '.notifications-center .notification-list-item';

export async function startBrowserBridge({ outputDir, log }) {
  let page;
  async function runCommandFromPalette(title) {
    // Escape closes whatever quick input is open, but its widget fades out: F1 pressed meanwhile can land on the
    // closing widget, whose input then turns inert under the fill. Wait for it to go, and open again if it did.
    const input = page.locator(`${quickInput} input`);
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Escape');
      if (await page.locator(quickInput).isVisible())
        await page.locator(quickInput).waitFor({ state: 'hidden', timeout: 5_000 });
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      try {
        await input.fill(`>${title}`, { timeout: 10_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        log(`[browser] the palette closed under "${title}" (${error.message.split('\n')[0]}); opening it again`);
      }
    }
    const row = page.locator(`${quickInput} .monaco-list-row`, { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
  }
  async function showNotificationCenter() {
    if (await page.locator('.notifications-center.visible').count()) return;
    await runCommandFromPalette('Notifications: Show Notifications');
    await page.locator('.notifications-center.visible').waitFor({ state: 'visible', timeout: 10_000 });
  }

  // Webviews live in nested iframes (an outer host frame, then the page's own document): find the frame whose
  // document holds `#app` (our webview apps), optionally the one whose <title> is `title`.
  // Whether a frame is on screen: every iframe element between it and the page has a box (the webviews of
  // editors in the background stay in the DOM, hidden).
  async function isShown(frame) {
    for (let f = frame; f && f !== page.mainFrame(); f = f.parentFrame()) {
      const element = await f.frameElement().catch(() => null);
      if (!element || !(await element.isVisible().catch(() => false))) return false;
    }
    return true;
  }
  // Our webviews' frames (those with the app's #app element) with their document titles, on-screen ones first.
  async function webviewFrames() {
    const shown = [];
    const hidden = [];
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      const title = await frame
        .evaluate(() => (document.querySelector('#app') ? document.title : null))
        .catch(() => null);
      if (title === null) continue;
      ((await isShown(frame)) ? shown : hidden).push({ frame, title });
    }
    return [...shown, ...hidden];
  }
  // The webview titled `title`. Without a title several may be open (explorers side by side, ones left in the
  // background by earlier tests, the Memory view): then the first, on-screen ones first, where `has(frame)`
  // (a locator) matches something; when none does before half the time is up, the first on screen.
  async function webviewFrame({ title, timeoutMs = 20_000, has } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frames = await webviewFrames();
      if (title !== undefined) {
        const found = frames.find((f) => f.title === title);
        if (found) return found.frame;
      } else if (has) {
        for (const { frame } of frames)
          if (
            (await has(frame)
              .count()
              .catch(() => 0)) > 0
          )
            return frame;
        if (frames.length && Date.now() > deadline - timeoutMs / 2) return frames[0].frame;
      } else if (frames.length) return frames[0].frame;
      if (Date.now() > deadline)
        throw new Error(`no webview${title === undefined ? '' : ` titled '${title}'`} in the workbench`);
      await page.waitForTimeout(100);
    }
  }
  // `hasText` matches as a substring, `pattern` as a regular expression (JSON carries no RegExp); `inner`
  // then picks an element inside the match (e.g. a row's twistie).
  function webviewLocator(frame, { selector, hasText, pattern, nth = 0, inner }) {
    const filter = pattern !== undefined ? new RegExp(pattern) : hasText;
    const all = frame.locator(selector, filter === undefined ? {} : { hasText: filter });
    const one = nth < 0 ? all.last() : all.nth(nth);
    return inner === undefined ? one : one.locator(inner).first();
  }

  const actions = {
    async runCommandFromPalette({ title }) {
      await runCommandFromPalette(title);
      return { ran: title };
    },
    async notifications() {
      await showNotificationCenter();
      const items = page.locator(notificationItem);
      const count = await items.count();
      const result = [];
      for (let i = 0; i < count; i++) {
        const item = items.nth(i);
        const message =
          (await item
            .locator('.notification-list-item-message')
            .textContent()
            .catch(() => '')) ?? '';
        const buttons = await item
          .locator('.monaco-button')
          .allTextContents()
          .catch(() => []);
        result.push({ message: message.trim(), buttons: buttons.map((b) => b.trim()).filter(Boolean) });
      }
      return result;
    },
    async waitForNotification({ contains, timeoutMs = 20_000 }) {
      await showNotificationCenter();
      const item = page.locator(`${notificationItem} .notification-list-item-message`, { hasText: contains }).first();
      await item.waitFor({ state: 'visible', timeout: timeoutMs });
      return (await item.textContent())?.trim();
    },
    async clickNotificationButton({ message, label }) {
      await showNotificationCenter();
      const item = page.locator(notificationItem, { hasText: message }).first();
      await item.locator('.monaco-button', { hasText: label }).first().click();
      return { clicked: label };
    },
    async quickOpen({ name, timeoutMs = 15_000 }) {
      // Go to File as a person would (the palette without its `>`): the workbench opens the file, and no
      // extension holds its document, so closing the editor closes it.
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      const input = page.locator(`${quickInput} input`);
      await input.waitFor({ state: 'visible', timeout: timeoutMs });
      await input.fill(name);
      await page.locator(`${quickInput} .monaco-list-row`, { hasText: name }).first().waitFor({ timeout: timeoutMs });
      await page.keyboard.press('Enter');
      return { opened: name };
    },
    async quickPickItems({ timeoutMs = 15_000 }) {
      const rows = page.locator(`${quickInput} .monaco-list-row`);
      await rows.first().waitFor({ state: 'visible', timeout: timeoutMs });
      return (
        await rows.evaluateAll((els) =>
          // In the order shown: the list reuses row elements, so their order in the DOM may differ.
          els
            .map((el) => ({
              index: Number(el.getAttribute('data-index') ?? 0),
              text: el.getAttribute('aria-label') ?? el.textContent ?? '',
            }))
            .sort((a, b) => a.index - b.index)
            .map((r) => r.text),
        )
      ).map((s) => s.trim());
    },
    async quickInputAccept({ text }) {
      const input = page.locator(`${quickInput} input`);
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      if (text !== undefined) await input.fill(text);
      await page.keyboard.press('Enter');
      return { accepted: text ?? null };
    },
    async quickInputFill({ text }) {
      const input = page.locator(`${quickInput} input`);
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill(text);
      return { filled: text };
    },
    async quickInputMessage() {
      // The validation or prompt line under a quick input box (e.g. an input box's validateInput answer).
      const message = page.locator(`${quickInput} .quick-input-message`);
      await page.waitForTimeout(300);
      return ((await message.textContent().catch(() => '')) ?? '').trim();
    },
    async statusBarItems() {
      const items = page.locator('.part.statusbar .statusbar-item');
      return (await items.evaluateAll((els) => els.map((el) => el.textContent ?? '')))
        .map((s) => s.trim())
        .filter(Boolean);
    },
    async clickStatusBarItem({ contains, timeoutMs = 15_000 }) {
      const item = page.locator('.part.statusbar .statusbar-item', { hasText: contains }).first();
      await item.waitFor({ state: 'visible', timeout: timeoutMs });
      await item.locator('a, .statusbar-item-label').first().click();
      return { clicked: contains };
    },
    async clearNotifications() {
      await runCommandFromPalette('Notifications: Clear All Notifications');
      return { cleared: true };
    },
    async pressKey({ key }) {
      await page.keyboard.press(key);
      return { pressed: key };
    },
    async quickInputTitle() {
      // The title line of the open quick input (e.g. the workbench's file dialog), '' when it has none.
      const widget = page.locator(`${quickInput}:visible`);
      if (!(await widget.count())) return '';
      return (
        (await widget
          .locator('.quick-input-title')
          .textContent()
          .catch(() => '')) ?? ''
      ).trim();
    },
    async webviewTitles() {
      // The titles of the webview documents alive now (a hidden webview without retainContextWhenHidden is gone).
      const titles = [];
      for (const frame of page.frames()) {
        if (frame === page.mainFrame() || frame.isDetached()) continue;
        const title = await frame
          .evaluate(() => (document.querySelector('#app') ? document.title : null))
          .catch(() => null);
        if (title !== null) titles.push(title);
      }
      return titles;
    },
    async webviewText({ selector, title, timeoutMs = 20_000 }) {
      // Each match's text; rows made of `.rl-cell`s read as their cells joined by one space.
      const frame = await webviewFrame({ title, timeoutMs });
      return frame.locator(selector).evaluateAll((els) =>
        els.map((el) => {
          const cells = [...el.querySelectorAll('.rl-cell')];
          return (cells.length ? cells.map((c) => c.textContent ?? '').join(' ') : (el.textContent ?? ''))
            .replace(/\s+/g, ' ')
            .trim();
        }),
      );
    },
    async webviewWaitFor({ selector, hasText, pattern, nth, state = 'visible', title, timeoutMs = 20_000 }) {
      const started = Date.now();
      const present = state === 'visible' || state === 'attached';
      const locate = (f) => webviewLocator(f, { selector, hasText, pattern, nth });
      const frame = await webviewFrame({ title, timeoutMs, has: present ? locate : undefined });
      const target = locate(frame);
      await target.waitFor({ state, timeout: Math.max(1, timeoutMs - (Date.now() - started)) });
      return state === 'visible' || state === 'attached'
        ? ((await target.textContent()) ?? '').replace(/\s+/g, ' ').trim()
        : '';
    },
    async webviewClick({ selector, hasText, pattern, nth, inner, title, timeoutMs = 20_000 }) {
      const started = Date.now();
      const locate = (f) => webviewLocator(f, { selector, hasText, pattern, nth, inner });
      const frame = await webviewFrame({ title, timeoutMs, has: locate });
      await locate(frame).click({ timeout: Math.max(1, timeoutMs - (Date.now() - started)) });
      return { clicked: selector };
    },
    async webviewFill({ selector, text, title, timeoutMs = 20_000 }) {
      const frame = await webviewFrame({ title, timeoutMs, has: (f) => f.locator(selector) });
      await frame.locator(selector).first().fill(text, { timeout: timeoutMs });
      return { filled: text };
    },
    async webviewSelect({ selector, label, title, timeoutMs = 20_000 }) {
      // Picks the option whose text is `label` in a <select> of the webview (e.g. the Summary's named filter).
      const frame = await webviewFrame({ title, timeoutMs, has: (f) => f.locator(selector) });
      await frame.locator(selector).first().selectOption({ label }, { timeout: timeoutMs });
      return { selected: label };
    },
    async webviewPress({ key, selector, title, timeoutMs = 20_000 }) {
      // With a selector the key goes to that element; without, to whatever has focus in the webview.
      if (selector === undefined) await page.keyboard.press(key);
      else
        await (
          await webviewFrame({ title, timeoutMs, has: (f) => f.locator(selector) })
        )
          .locator(selector)
          .first()
          .press(key, { timeout: timeoutMs });
      return { pressed: key };
    },
    async webviewScreenshot({ name, title, timeoutMs = 20_000 }) {
      // The whole workbench (the explorer in its editor, with the theme around it), once the webview exists.
      await webviewFrame({ title, timeoutMs });
      const path = join(outputDir, `${String(name).replace(/[^\w.-]+/g, '-')}.png`);
      await page.screenshot({ path });
      return { path };
    },
    /** What the quick input's box holds (e.g. the folder a file dialog starts in). */
    async quickInputValue() {
      const input = page.locator(`${quickInput} input`);
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      return input.inputValue();
    },
    /** The visible text of the workbench's elements matching `selector` (e.g. a walkthrough's steps). */
    async workbenchTexts({ selector, timeoutMs = 20_000 }) {
      const all = page.locator(selector);
      await all.first().waitFor({ state: 'visible', timeout: timeoutMs });
      return (await all.allInnerTexts()).map((t) => t.trim());
    },
    async screenshot({ name }) {
      const safe = String(name).replace(/[^\w.-]+/g, '-');
      const path = join(outputDir, `${safe}.png`);
      await page.screenshot({ path });
      return { path };
    },
  };

  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', async () => {
      let answer;
      try {
        const { action, ...args } = JSON.parse(body || '{}');
        if (!page) throw new Error('the workbench page is not open yet');
        if (!Object.hasOwn(actions, action)) throw new Error(`unknown bridge action '${action}'`);
        answer = { ok: true, result: await actions[action](args) };
      } catch (error) {
        answer = { ok: false, error: error?.message ?? String(error) };
        log('bridge action failed:', answer.error);
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    attach(p) {
      page = p;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
