// Entry point that VS Code's extension host calls with --extensionTestsPath: runs every *.editor.ts suite
// bundled below with mocha and resolves only when all passed (the runner turns a rejection into exit 1).
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { browser } from './bridge';
import { reportPassFail } from './report';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000, reporter: 'spec' });
  if (process.env.MOCHA_GREP) mocha.grep(process.env.MOCHA_GREP);
  // Suites register themselves on import; esbuild bundles them into this file.
  mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
  mocha.suite.afterEach(async function () {
    // A failed test leaves a picture of the workbench as it was (test-output/editor/failed-*.png).
    const test = this.currentTest;
    if (test?.state === 'failed')
      await browser('screenshot', { name: `failed-${test.title.slice(0, 80)}` }).catch((error: unknown) =>
        console.error(`no screenshot of the failure: ${(error as Error).message}`),
      );
    // A quick input left open (a picker a test did not answer) would lie over the next test's clicks.
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });
  await import('./activation.editor');
  await import('./palette.editor');
  await import('./capture.editor');
  await import('./captureLeaks.editor');
  await import('./watch.editor');
  await import('./diagnostics.editor');
  await import('./components.editor');
  await import('./join.editor');
  await import('./agentTools.editor');
  await import('./explorer.editor');
  await import('./allocations.editor');
  await import('./hostile.editor');
  await import('./gettingStarted.editor');
  await import('./leaksToCode.editor');
  await import('./browserTarget.editor');
  if (process.env.RETAINER_LENS_BENCH) await import('./latency.bench');
  if (process.env.RETAINER_LENS_BENCH) await import('./explorer.bench');
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) =>
      failures > 0 ? reject(new Error(`${failures} editor test(s) failed`)) : resolve(),
    );
    reportPassFail(runner);
  });
}
