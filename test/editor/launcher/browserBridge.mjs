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
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator(`${quickInput} input`);
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`>${title}`);
    const row = page.locator(`${quickInput} .monaco-list-row`, { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
  }
  async function showNotificationCenter() {
    if (await page.locator('.notifications-center.visible').count()) return;
    await runCommandFromPalette('Notifications: Show Notifications');
    await page.locator('.notifications-center.visible').waitFor({ state: 'visible', timeout: 10_000 });
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
        const message = (await item.locator('.notification-list-item-message').textContent().catch(() => '')) ?? '';
        const buttons = await item.locator('.monaco-button').allTextContents().catch(() => []);
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
    async quickPickItems({ timeoutMs = 15_000 }) {
      const rows = page.locator(`${quickInput} .monaco-list-row`);
      await rows.first().waitFor({ state: 'visible', timeout: timeoutMs });
      return (await rows.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? el.textContent ?? ''))).map((s) => s.trim());
    },
    async quickInputAccept({ text }) {
      const input = page.locator(`${quickInput} input`);
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      if (text !== undefined) await input.fill(text);
      await page.keyboard.press('Enter');
      return { accepted: text ?? null };
    },
    async clearNotifications() {
      await runCommandFromPalette('Notifications: Clear All Notifications');
      return { cleared: true };
    },
    async pressKey({ key }) {
      await page.keyboard.press(key);
      return { pressed: key };
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
