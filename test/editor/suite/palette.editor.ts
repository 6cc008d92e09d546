import * as assert from 'node:assert/strict';
import { browser, waitFor } from './bridge';

suite('command palette (in the browser)', () => {
  test('"Capture heap snapshot" runs from F1 by its title; with no debug session it offers attach or start', async () => {
    await browser('runCommandFromPalette', { title: 'Retainer Lens: Capture heap snapshot' });
    // The palette's own rows may linger for a moment before the command's quick pick replaces them.
    const items = await waitFor(async () => {
      const rows = await browser<string[]>('quickPickItems');
      return rows.some((i) => i.includes('Attach to an inspector address')) ? rows : undefined;
    }, 'the capture quick pick');
    assert.ok(
      items.some((i) => i.includes('Attach to an inspector address')),
      JSON.stringify(items),
    );
    assert.ok(
      items.some((i) => i.includes('Start debugging')),
      JSON.stringify(items),
    );
    await browser('screenshot', { name: 'palette-capture-heap-snapshot' });
    await browser('pressKey', { key: 'Escape' });
  });
});
