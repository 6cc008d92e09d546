// "Capture heap snapshot" end to end in a real VS Code: real js-debug sessions of a real Node program, the
// CDP proxy, the progress notification, the files on disk, and the paths without a session.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startFakeInspector } from '../../hostile/fakeInspector';
import { browser, waitFor, type NotificationView } from './bridge';
import {
  countClass,
  listFiles,
  snapshotsDir,
  startFixtureSession,
  startInspected,
  stopAll,
  tempDir,
  waitForPartial,
} from './captureHelpers';
import { closeExplorers, explorerTabs, summaryRows } from './explorerHelpers';

const CAPTURE = 'retainerLens.captureHeapSnapshot';
/** Enough objects that V8 needs a few seconds to build and write the snapshot: time to interrupt it. */
const BIG_HEAP = '1500000';

const capture = (args: Record<string, unknown> = {}) =>
  Promise.resolve(vscode.commands.executeCommand<string | undefined>(CAPTURE, args));

/** Polls the quick pick until it shows our items (the palette's rows may still be there for a moment). */
async function quickPickWith(text: string): Promise<string[]> {
  return waitFor(async () => {
    const items = await browser<string[]>('quickPickItems');
    return items.some((i) => i.includes(text)) ? items : undefined;
  }, `a quick pick with '${text}'`);
}

/** Waits for a notification matching `pattern`; on timeout the message lists what was there. */
async function notificationLike(pattern: RegExp): Promise<string> {
  let seen: string[] = [];
  try {
    return await waitFor(async () => {
      seen = (await browser<NotificationView[]>('notifications')).map((n) => n.message);
      return seen.find((m) => pattern.test(m));
    }, `a notification like ${pattern}`);
  } catch {
    throw new Error(`no notification like ${pattern}; there were: ${JSON.stringify(seen)}`);
  }
}

async function notificationsMatching(pattern: RegExp): Promise<NotificationView[]> {
  return (await browser<NotificationView[]>('notifications')).filter((n) => pattern.test(n.message));
}

suite('capture heap snapshot (real debug sessions)', () => {
  teardown(async () => {
    await stopAll();
    await browser('pressKey', { key: 'Escape' }).catch(() => undefined);
  });

  test('capture: with no debug session the command offers to attach or to start debugging', async () => {
    const running = capture();
    const items = await quickPickWith('Attach to an inspector address');
    assert.ok(
      items.some((i) => i.includes('Attach to an inspector address')),
      JSON.stringify(items),
    );
    assert.ok(
      items.some((i) => i.includes('Start debugging')),
      JSON.stringify(items),
    );
    await browser('pressKey', { key: 'Escape' });
    assert.equal(await running, undefined);
  });

  test('capture: attach to an inspector address of a real node --inspect process (loopback checked)', async () => {
    const { port } = await startInspected();
    const running = capture({ open: false });
    await quickPickWith('Attach to an inspector address');
    await browser('quickInputAccept', { text: 'Attach to an inspector' });
    // A remote address is refused in the input box itself.
    await browser('quickInputFill', { text: '10.1.2.3:9229' });
    assert.match(await browser<string>('quickInputMessage'), /not a loopback address/);
    await browser('quickInputAccept', { text: `127.0.0.1:${port}` });
    const file = await running;
    assert.ok(file, 'the command returned no file');
    assert.equal(join(file, '..'), snapshotsDir());
    assert.match(
      file,
      new RegExp(`inspector-127\\.0\\.0\\.1-${port}-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.heapsnapshot$`),
    );
    const { nodes, count } = await countClass(file, 'EditorCaptureMarker');
    assert.ok(nodes > 1000);
    assert.equal(count, 50);
    assert.deepEqual(
      listFiles(snapshotsDir()).filter((f) => f.endsWith('.partial')),
      [],
    );
  });

  test('capture: the one debug session, no arguments: the status bar offers it, the file holds the fixture objects, and it opens in the retainer explorer', async () => {
    const fixture = await startFixtureSession('capture one');
    const status = await waitFor(
      async () => (await browser<string[]>('statusBarItems')).find((t) => t.includes('Capture heap')),
      'the status bar item',
    );
    assert.ok(status);
    const file = await capture({ open: undefined });
    assert.ok(file, 'the command returned no file');
    assert.ok(file.startsWith(snapshotsDir()), file);
    assert.match(file, /leakyProgram-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.heapsnapshot$/);
    const { count } = await countClass(file, 'EditorCaptureMarker');
    assert.equal(count, 50);
    assert.deepEqual(
      listFiles(snapshotsDir()).filter((f) => f.endsWith('.partial')),
      [],
    );
    // It opens in the retainer explorer by itself (retainerLens.capture.openAfterCapture), as the README says.
    const opened = vscode.Uri.file(file);
    await waitFor(
      () => explorerTabs().some((t) => (t.input as vscode.TabInputCustom).uri.toString() === opened.toString()),
      'the captured snapshot open in the retainer explorer',
    );
    await summaryRows(opened);
    await browser('waitForNotification', { contains: 'Heap snapshot saved' });
    const [saved] = await notificationsMatching(/Heap snapshot saved/);
    assert.match(saved.message, /opened in the retainer explorer/);
    assert.deepEqual(saved.buttons, ['Reveal in Explorer']);
    await browser('screenshot', { name: 'capture-opened-in-explorer' });
    await closeExplorers();
    await browser('clearNotifications');

    // With the setting off, a notification offers the ways to open it instead.
    await vscode.workspace
      .getConfiguration('retainerLens')
      .update('capture.openAfterCapture', false, vscode.ConfigurationTarget.Workspace);
    try {
      const second = await capture({ sessionId: fixture.target.id });
      assert.ok(second);
      await browser('waitForNotification', { contains: 'Heap snapshot saved' });
      const [offer] = await notificationsMatching(/Heap snapshot saved/);
      assert.deepEqual(offer.buttons, ['Open in Retainer Explorer', 'Open With…', 'Reveal in Explorer']);
      assert.equal(explorerTabs().length, 0, 'nothing opened by itself');
      await browser('screenshot', { name: 'capture-saved-notification' });
    } finally {
      await vscode.workspace
        .getConfiguration('retainerLens')
        .update('capture.openAfterCapture', undefined, vscode.ConfigurationTarget.Workspace);
      await browser('clearNotifications');
    }
    await fixture.stop();
    await waitFor(
      async () => !(await browser<string[]>('statusBarItems')).some((t) => t.includes('Capture heap')),
      'the status bar item to hide',
    );
  });

  test('capture: by session id, to a chosen output file', async () => {
    const fixture = await startFixtureSession('capture by id');
    const output = join(tempDir(), 'chosen.heapsnapshot');
    const file = await capture({ sessionId: fixture.target.id, output, open: false });
    assert.equal(file, output);
    assert.equal((await countClass(output, 'EditorCaptureMarker')).count, 50);
  });

  test('capture: cancel from the progress notification leaves no file', async () => {
    const fixture = await startFixtureSession('capture cancel', { RETAINER_LENS_BIG_HEAP: BIG_HEAP });
    const dir = tempDir();
    const running = capture({ sessionId: fixture.target.id, output: join(dir, 'cancelled.heapsnapshot'), open: false });
    await waitForPartial(dir);
    await browser('waitForNotification', { contains: 'Retainer Lens: heap snapshot of' });
    await browser('screenshot', { name: 'capture-progress' });
    await browser('clickNotificationButton', { message: 'Retainer Lens: heap snapshot of', label: 'Cancel' });
    assert.equal(await running, undefined);
    assert.deepEqual(listFiles(dir), []);
    assert.match(await notificationLike(/Heap snapshot cancelled/), /Nothing was saved/);
  });

  test('capture: cancel through the command (automation) leaves no file', async () => {
    const fixture = await startFixtureSession('capture token', { RETAINER_LENS_BIG_HEAP: BIG_HEAP });
    const dir = tempDir();
    const source = new vscode.CancellationTokenSource();
    const running = capture({
      sessionId: fixture.target.id,
      output: join(dir, 'cancelled.heapsnapshot'),
      open: false,
      cancellation: source.token,
    });
    await waitForPartial(dir);
    source.cancel();
    assert.equal(await running, undefined);
    assert.deepEqual(listFiles(dir), []);
  });

  test('capture: the debug session ends mid-capture: a clear error and no file', async () => {
    const fixture = await startFixtureSession('capture killed', { RETAINER_LENS_BIG_HEAP: BIG_HEAP });
    const dir = tempDir();
    const running = capture({ sessionId: fixture.target.id, output: join(dir, 'killed.heapsnapshot'), open: false });
    await waitForPartial(dir);
    await fixture.stop();
    assert.equal(await running, undefined);
    assert.deepEqual(listFiles(dir), []);
    const message = await notificationLike(/The capture stopped because/);
    assert.match(message, /capture killed.*ended.*Nothing was saved/);
  });

  test('capture: a target silent mid-snapshot is given up after retainerLens.capture.inactivityTimeoutSeconds, no file', async () => {
    const config = vscode.workspace.getConfiguration('retainerLens');
    await config.update('capture.inactivityTimeoutSeconds', 1, vscode.ConfigurationTarget.Workspace);
    // A peer that starts the snapshot, sends one chunk, and then nothing: the capture would wait forever.
    const inspector = await startFakeInspector({
      snapshot: (_call, peer) => {
        peer.progress(1, 10);
        peer.chunk('{"snapshot":');
      },
    });
    try {
      const dir = tempDir();
      const file = await capture({
        address: `127.0.0.1:${inspector.port}`,
        output: join(dir, 'stalled.heapsnapshot'),
        open: false,
      });
      assert.equal(file, undefined);
      assert.deepEqual(listFiles(dir), []);
      assert.ok(inspector.calls.includes('HeapProfiler.takeHeapSnapshot'), inspector.calls.join(', '));
      const message = await notificationLike(/sent nothing for 1 s while taking the snapshot/);
      assert.match(message, /Nothing was saved/);
    } finally {
      await config.update('capture.inactivityTimeoutSeconds', undefined, vscode.ConfigurationTarget.Workspace);
      await inspector.close();
    }
  });
});
