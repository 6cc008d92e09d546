// Runs the heap engine's leak triage over three snapshot files in a separate Node process (the bundled CLI,
// `retainer-lens leaks --format json`): parsing three heaps is heavy and must never run on the extension
// host's thread, and a separate process also gives their memory back the moment it is done.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GrowingCollection } from '../../heap/growth';
import type { LeakReport } from '../../heap/leaks';
import type { Page } from '../../heap/queries';

export interface TriageResult {
  leaks: LeakReport;
  growth: Page<GrowingCollection>;
}

export interface TriageOptions {
  /** The extension's install folder (holds dist/cli.js). */
  extensionPath: string;
  top?: number;
  signal?: AbortSignal;
}

export class TriageError extends Error {
  constructor(
    message: string,
    readonly cancelled = false,
  ) {
    super(message);
    this.name = 'TriageError';
  }
}

export function runLeakTriage(files: [string, string, string], options: TriageOptions): Promise<TriageResult> {
  const cli = join(options.extensionPath, 'dist', 'cli.js');
  if (!existsSync(cli))
    return Promise.reject(new TriageError(`the heap engine is missing (${cli}); rebuild the extension`));
  const args = [cli, 'leaks', ...files, '--format', 'json', '--top', String(options.top ?? 20)];
  return new Promise((resolve, reject) => {
    // In VS Code desktop process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it plain Node.
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (part: string) => {
      stdout += part;
    });
    child.stderr.setEncoding('utf8').on('data', (part: string) => {
      stderr = (stderr + part).slice(-4000);
    });
    const onAbort = () => child.kill('SIGKILL');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (error) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(new TriageError(`could not start the heap engine: ${error.message}`));
    });
    child.once('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) return reject(new TriageError('leak triage cancelled', true));
      if (code !== 0) return reject(new TriageError(stderr.trim() || `the heap engine exited with code ${code}`));
      try {
        resolve(JSON.parse(stdout) as TriageResult);
      } catch {
        reject(new TriageError('the heap engine answered something that is not its JSON report'));
      }
    });
  });
}
