import * as assert from 'node:assert/strict';
import { browser, type NotificationView } from './bridge';

suite('command palette (in the browser)', () => {
  test('"Capture heap snapshot" runs from F1 by its title and answers in a notification', async () => {
    await browser('runCommandFromPalette', { title: 'Retainer Lens: Capture heap snapshot' });
    const message = await browser<string>('waitForNotification', { contains: 'Capture heap snapshot' });
    assert.match(message, /not available yet/);
    const notifications = await browser<NotificationView[]>('notifications');
    assert.ok(notifications.some((n) => n.message.includes('Capture heap snapshot')));
    await browser('screenshot', { name: 'palette-capture-heap-snapshot' });
  });
});
