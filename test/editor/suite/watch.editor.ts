// Leak Watch end to end in the real editor: a pwa-node debug session of a program with a planted leak,
// watched through js-debug's CDP proxy; the test marks a checkpoint each time the leaky action has run. The
// Memory view draws the heap, growth is detected, baseline, target and final are captured on their own and
// the explorer's Leaks view opens naming the leak. The clean twin under the same steps captures nothing.
import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { browser } from './bridge';
import { startFixtureSession, stopAll, workspaceRoot } from './captureHelpers';

interface CheckpointAnswer {
  index: number;
  used: number;
  growth: string;
  steady: boolean;
  captured?: string;
  files?: { baseline: string; target: string; final: string };
}

const VIEW = 'Leak Watch';
const LEAK_ROWS = 'section.rl-view[aria-label="Leaks"] .rl-row:not([hidden])';
const watchedProgram = () => join(workspaceRoot(), 'watch', 'watchedProgram.js');

async function request(port: number, route: 'leak' | 'work', n: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/${route}?n=${n}`);
  if (!response.ok) throw new Error(`the program answered ${response.status}`);
  await response.text();
}

/** Starts a session of the watched program and Leak Watch on it; waits until the view draws samples. */
async function watchSession(name: string) {
  const fixture = await startFixtureSession(name, {}, watchedProgram());
  const started = await vscode.commands.executeCommand<{ session: string } | undefined>('retainerLens.startLeakWatch', {
    sessionId: fixture.target.id,
  });
  assert.ok(started, 'Leak Watch did not start');
  await browser('webviewWaitFor', {
    selector: '.rl-watch-state',
    pattern: '^Watching',
    title: VIEW,
    timeoutMs: 60_000,
  });
  // The used-heap line (samples arrive about once a second).
  await browser('webviewWaitFor', { selector: 'path.rl-used', state: 'attached', title: VIEW, timeoutMs: 30_000 });
  return fixture;
}

const removeFiles = (files: (string | undefined)[]) => {
  for (const f of files) if (f && existsSync(f)) rmSync(f);
};

suite('Leak Watch (real debug session)', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('retainerLens.stopLeakWatch');
    await stopAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  test('watch: checkpoints after each leaky request: growth detected, three snapshots on their own, Leaks view names the leak', async function () {
    this.timeout(600_000);
    const fixture = await watchSession('leak watch');
    const answers: CheckpointAnswer[] = [];
    let files: CheckpointAnswer['files'];
    try {
      for (let i = 0; i < 14 && !files; i++) {
        await request(fixture.port, 'leak', 2000);
        const answer = await vscode.commands.executeCommand<CheckpointAnswer>('retainerLens.markCheckpoint', {
          label: `after request ${i + 1}`,
        });
        assert.ok(answer, 'Mark checkpoint answered nothing');
        answers.push(answer);
        files = answer.files;
        if (answer.steady && answers.filter((a) => a.steady).length === 1)
          // The moment growth is detected: the view says so (the verdict) before any capture.
          await browser('webviewWaitFor', {
            selector: '.rl-watch-growth.rl-growing',
            pattern: '^grew 7 of the last 7',
            title: VIEW,
          });
      }
      // Seven steps of growth need eight checkpoints; then baseline, target and final at the next three.
      assert.deepEqual(
        answers.map((a) => a.captured ?? '-'),
        ['-', '-', '-', '-', '-', '-', '-', '-', 'baseline', 'target', 'final'],
        answers.map((a) => a.growth).join('\n'),
      );
      assert.match(answers[7].growth, /^grew 7 of the last 7 checkpoints, \+[\d.]+ MB$/);
      assert.ok(files, 'no files');
      for (const f of [files.baseline, files.target, files.final]) assert.ok(existsSync(f), f);
      assert.match(basename(files.baseline), /^watchedProgram-baseline-.*\.heapsnapshot$/);

      // The Memory view: eleven checkpoints and three snapshots on the chart, and what happened.
      const plan = await browser<string>('webviewWaitFor', {
        selector: '.rl-watch-plan',
        pattern: 'baseline, target and final captured',
        title: VIEW,
      });
      assert.match(plan, /Leaks view/);
      const labels = (await browser<string[]>('webviewText', { selector: '.rl-marker-label', title: VIEW })).join(' ');
      for (const label of ['#1', '#11', 'baseline', 'target', 'final']) assert.ok(labels.includes(label), labels);
      await browser('webviewScreenshot', { name: 'leak-watch-chart', title: VIEW });

      // The Leaks view opened on its own on the final snapshot: the planted Map of WatchedSession objects.
      const group = await browser<string>('webviewWaitFor', {
        selector: LEAK_ROWS,
        pattern: 'WatchedSession',
        title: basename(files.final),
        // Reading three snapshots in the explorer's worker: generous, the machine may be loaded.
        timeoutMs: 240_000,
      });
      assert.match(group, /openSessions/, group);
      assert.match(group, /2,000|2000/, group);
      await browser('screenshot', { name: 'leak-watch-leaks-view' });

      // The session ends: Leak Watch stops with it (and says so).
      await fixture.stop();
      await browser('webviewWaitFor', { selector: '.rl-watch-state', pattern: 'debug session ended', title: VIEW });
      assert.equal(
        await vscode.commands.executeCommand('retainerLens.markCheckpoint'),
        undefined,
        'a checkpoint after the end',
      );
    } finally {
      removeFiles([files?.baseline, files?.target, files?.final]);
    }
  });

  test('watch: the clean twin under the same steps never grows and captures nothing', async function () {
    this.timeout(300_000);
    const fixture = await watchSession('leak watch clean');
    const answers: CheckpointAnswer[] = [];
    for (let i = 0; i < 11; i++) {
      await request(fixture.port, 'work', 2000);
      const answer = await vscode.commands.executeCommand<CheckpointAnswer>('retainerLens.markCheckpoint');
      assert.ok(answer);
      answers.push(answer);
    }
    const texts = answers.map((a) => a.growth).join('\n');
    assert.ok(
      answers.every((a) => !a.steady && !a.captured && !a.files),
      texts,
    );
    assert.match(answers.at(-1)!.growth, /^grew \d of the last 7 checkpoints, .*: no steady growth$/, texts);
    await browser('screenshot', { name: 'leak-watch-clean' });
    const titles = await browser<string[]>('webviewTitles');
    const growth = await browser<string>('webviewWaitFor', {
      selector: '.rl-watch-growth',
      pattern: 'no steady growth',
      title: VIEW,
    }).catch((error: unknown) => `${String(error)}; webviews: ${titles.join(', ')}`);
    assert.match(growth, /^grew \d of the last 7 checkpoints/, growth);
  });
});
