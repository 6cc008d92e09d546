// Benchmark, not a test: time from an edit to updated diagnostics for a 2,000-line file, in the real editor.
// Included only when RETAINER_LENS_BENCH=1 (npm run bench:editor). Prints median and p95 and writes JSON.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RetainerLensApi } from '../../../src/extension';
import { percentile, twoThousandLines } from './latencyText';

const ROUNDS = 40;

suite('bench: edit → diagnostics latency (2,000 lines)', () => {
  test('median and p95', async function () {
    this.timeout(600_000);
    const api = (await vscode.extensions.getExtension('retainer-lens.retainer-lens')!.activate()) as RetainerLensApi;
    const results: Record<string, { median: number; p95: number; samples: number }> = {};
    for (const debounceMs of [0, 300]) {
      await vscode.workspace
        .getConfiguration('retainerLens')
        .update('analyzer.debounceMs', debounceMs, vscode.ConfigurationTarget.Workspace);
      const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content: twoThousandLines() });
      const editor = await vscode.window.showTextDocument(doc);
      await api.diagnostics.controller.analyzeNow(doc);
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const published = new Promise<void>((resolve) => {
          const sub = api.diagnostics.controller.onDidPublish((uri) => {
            if (uri.toString() === doc.uri.toString()) {
              sub.dispose();
              resolve();
            }
          });
        });
        const started = performance.now();
        await editor.edit((b) => b.insert(new vscode.Position(1000, 0), `// edit ${round}\n`));
        await published;
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      results[`debounce ${debounceMs} ms`] = {
        median: percentile(times, 50),
        p95: percentile(times, 95),
        samples: times.length,
      };
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.workspace
      .getConfiguration('retainerLens')
      .update('analyzer.debounceMs', undefined, vscode.ConfigurationTarget.Workspace);
    for (const [name, r] of Object.entries(results)) {
      console.log(
        `edit → diagnostics, 2,000-line file, ${name}: median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (${r.samples} edits)`,
      );
    }
    writeFileSync(
      join(process.env.RETAINER_LENS_TEST_OUTPUT ?? '.', 'bench-edit-latency.json'),
      JSON.stringify(results, null, 2),
    );
  });
});
