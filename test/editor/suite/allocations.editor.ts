// "Record allocations" end to end in a real VS Code: a pwa-node debug session of a real program, recording
// through js-debug's CDP proxy with the status bar item, stop from that item, the Allocations view, a CodeLens
// on the allocating function, a static finding about a collection held on `this` confirmed through its
// allocation site, and a sampling profile opening in the heap profile editor with its top line.
import * as assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { RetainerLensApi } from '../../../src/extension';
import { browser, sleep, waitFor } from './bridge';
import { snapshotsDir, startFixtureSession, stopAll, workspaceRoot, type FixtureSession } from './captureHelpers';

const app = () => join(workspaceRoot(), 'allocations', 'app.js');
const storeJs = () => vscode.Uri.file(join(workspaceRoot(), 'allocations', 'store.js'));
/** 0-based line of `open(id) {` in store.js, and of `this.sessions = new Map()`. */
const OPEN_LINE = 7;
const SESSIONS_LINE = 4;

async function api(): Promise<RetainerLensApi> {
  return (await vscode.extensions.getExtension('retainer-lens.retainer-lens')!.activate()) as RetainerLensApi;
}

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
}

const ruleOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

async function openSessions(fixture: FixtureSession, n: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${fixture.port}/open?n=${n}`);
  if (!response.ok) throw new Error(`the fixture answered ${response.status}`);
  await response.text();
}

suite('record allocations (real debug session)', () => {
  suiteTeardown(async () => {
    await stopAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('record: from the status bar to the Allocations view, a CodeLens on the allocating function and a confirmed finding', async function () {
    this.timeout(240_000);
    const { insights } = await api();
    const fixture = await startFixtureSession('record allocations', {}, app());
    const recording = vscode.commands.executeCommand<boolean>('retainerLens.recordAllocations', {
      sessionId: fixture.target.id,
      mode: 'allocations',
    });
    assert.equal(await recording, true, 'the recording started');
    const status = await waitFor(
      async () => (await browser<string[]>('statusBarItems')).find((t) => /Recording \d+:\d\d/.test(t)),
      'the recording status bar item',
    );
    assert.match(status, /Stop/);
    await openSessions(fixture, 300);
    await sleep(1500); // the elapsed time ticks on the status bar
    await browser('screenshot', { name: 'record-status-bar' });

    // Stop from the status bar item itself: the snapshot is saved and opens in the Allocations view.
    const joined = new Promise<void>((resolve) => {
      const sub = insights.onDidChange((insight) => {
        if (insight?.report.allocations) {
          sub.dispose();
          resolve();
        }
      });
    });
    await browser('clickStatusBarItem', { contains: 'Recording' });
    // Other webviews (explorers and the Memory view of earlier tests) may be open: find this one by its file.
    const recorded = await waitFor(
      async () => (await vscode.workspace.findFiles('.heapsnapshots/*-allocations-*.heapsnapshot'))[0],
      'the recorded snapshot file',
      120_000,
    );
    const title = basename(recorded.fsPath);
    const site = await browser<string>('webviewWaitFor', {
      selector: 'section.rl-view[aria-label="Allocations"] .rl-row',
      hasText: 'allocated in open',
      title,
      timeoutMs: 120_000,
    }).catch(async (error: unknown) => {
      await browser('screenshot', { name: 'record-allocations-view-missing' });
      throw error;
    });
    assert.match(site, new RegExp(`^allocated in open store\\.js:${OPEN_LINE + 1}`));
    const saved = vscode.workspace
      .findFiles('.heapsnapshots/*-allocations-*.heapsnapshot')
      .then((files) => files.map((f) => f.fsPath));
    assert.ok(
      (await saved).some((f) => f.startsWith(snapshotsDir())),
      'saved in the capture folder',
    );
    assert.ok(
      !(await browser<string[]>('statusBarItems')).some((t) => /Recording \d/.test(t)),
      'the item goes when stopped',
    );
    await browser('webviewScreenshot', { name: 'record-allocations-view', title });

    // The join (in the explorer's worker) puts a CodeLens on `open` and confirms the this.sessions finding.
    await joined;
    const doc = await vscode.workspace.openTextDocument(storeJs());
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const lens = await waitFor(
      async () => (await lensesOf(doc.uri)).find((l) => /^allocates here/.test(l.command?.title ?? '')),
      'the allocation CodeLens on store.js',
      30_000,
    );
    assert.equal(lens.range.start.line, OPEN_LINE);
    // 300 sessions, each an entry and its array: every one keeps its stack (the recording turned compaction off
    // in the target, which js-debug's Debugger domain otherwise makes V8 lose; test/allocations/compaction).
    assert.match(
      lens.command!.title,
      /^allocates here, still alive: 600 objects, [\d.]+ kB retained · \S+\.heapsnapshot \d\d:\d\d:\d\d$/,
    );
    const confirmed = await waitFor(
      () =>
        vscode.languages
          .getDiagnostics(doc.uri)
          .find((d) => ruleOf(d) === 'unbounded-collection' && /confirmed by snapshot/.test(d.message)),
      'the confirmed this.sessions finding',
      30_000,
    );
    assert.equal(confirmed.range.start.line, SESSIONS_LINE);
    assert.match(
      confirmed.message,
      /confirmed by snapshot \S+\.heapsnapshot \d\d:\d\d:\d\d: 300 entries allocated in `open` \(allocations\/store\.js:8\), [\d.]+ kB retained/,
    );
    await sleep(500);
    await browser('screenshot', { name: 'record-codelens-confirmed' });
    await fixture.stop();
  });

  test('record: a sampling profile opens in the heap profile editor with its top line', async function () {
    this.timeout(180_000);
    const fixture = await startFixtureSession('record sampling', {}, app());
    assert.equal(
      await vscode.commands.executeCommand<boolean>('retainerLens.recordAllocations', {
        sessionId: fixture.target.id,
        mode: 'sampling',
        // Small enough that 300 sessions (about 200 kB) give many samples; few enough that no JIT inlines `open`
        // into its caller (V8's samples then name the caller).
        samplingInterval: 1024,
      }),
      true,
    );
    await openSessions(fixture, 300);
    const file = await vscode.commands.executeCommand<string | undefined>('retainerLens.stopRecording');
    assert.ok(file !== undefined && file.endsWith('.heapprofile'), String(file));
    const title = basename(file);
    const top = await browser<string>('webviewWaitFor', {
      selector: '.rl-profile-top',
      hasText: 'allocated in',
      title,
      timeoutMs: 60_000,
    });
    assert.match(top, /^Top line\s*allocated in open store\.js:8 /);
    await browser('webviewScreenshot', { name: 'record-heap-profile', title });
    await browser('webviewClick', { selector: '[role="tab"]', hasText: 'Flame chart', title });
    await browser('webviewWaitFor', { selector: '.rl-flame-bar', hasText: 'open', title });
    await browser('webviewScreenshot', { name: 'record-heap-profile-flame', title });
    await fixture.stop();
  });
});
