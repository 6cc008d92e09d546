// `retainer-lens check <scenario>`: the leak gate for CI. The scenario runs N times in a child process under its
// own inspector (src/gate/checkChild.ts); the leaks come back as findings and are printed as text, JSON or
// SARIF, compared with a committed baseline of accepted leaks. Exit 1 on a leak the baseline does not list.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { terminalText } from '../common/text';
import {
  baselineOf,
  BaselineError,
  compareWithBaseline,
  findingLocation,
  readBaseline,
  type BaselineComparison,
} from '../gate/baseline';
import type { ChildAnswer } from '../gate/checkChild';
import { findingLines } from '../gate/findingText';
import { leakSarif } from '../gate/leakSarif';
import { resolveOptions, type LeakCheckResult } from '../gate/measure';
import { formatOption, intOption, parseArgs } from './args';
import { CliError, type CliCommand, type CliIo } from './cliTypes';

const usage = `usage: retainer-lens check <scenario> [options]

Runs a leak scenario in a child process under the inspector and fails when it leaks. The scenario is a
module (ESM or CommonJS) exporting async functions: setup() once, then action() and back() repeated, and
optionally teardown(). Snapshots are taken after warm-up (baseline), after N repetitions (target) and
after N more (final); objects from the first N still alive at the end, at least --threshold per
repetition, are leaks.

options:
  --iterations N            repetitions between snapshots (default 10)
  --warmup N                repetitions before the baseline (default 3)
  --threshold X             objects per repetition from which a group is a leak (default 1)
  --format text|json|sarif  output format (default text); sarif is SARIF 2.1.0 for code scanning
  --output FILE             write the report to FILE instead of stdout
  --baseline FILE           accepted leaks (JSON): only leaks it does not list fail the check
  --write-baseline FILE     write the leaks found as a baseline (and pass)
  --timeout SECONDS         stop the scenario after this long (default 600)

exit code: 1 on a leak not in the baseline, 0 otherwise; 2 on a usage error or a failing scenario.`;

/** The child's script: the bundle next to this one, or the source through tsx when run from the repository. */
function childArgs(): string[] {
  const bundled = join(__dirname, 'checkRunner.js');
  if (existsSync(bundled)) return [bundled];
  return ['--import', 'tsx', join(__dirname, '../gate/checkChild.ts')];
}

async function runChild(
  scenario: string,
  options: object,
  timeoutSeconds: number,
  io: CliIo,
): Promise<LeakCheckResult> {
  const dir = mkdtempSync(join(tmpdir(), 'retainer-lens-check-'));
  const resultFile = join(dir, 'result.json');
  try {
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', ...childArgs(), scenario, resultFile, JSON.stringify(options)],
      { cwd: io.cwd, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // The scenario's own output goes to stderr, so stdout carries only the report.
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream.setEncoding('utf8').on('data', (text: string) => {
        const lines = (pending + text).split('\n');
        pending = lines.pop()!;
        for (const line of lines) io.err(`scenario: ${terminalText(line)}`);
      });
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done, fail) => {
      child.once('error', fail);
      child.once('exit', (code, signal) => done({ code, signal }));
    }).finally(() => clearTimeout(timer));
    if (!existsSync(resultFile)) {
      const why =
        exit.signal === 'SIGKILL'
          ? `did not finish within ${timeoutSeconds} s`
          : `exited (${exit.signal ?? exit.code}) before it finished`;
      throw new CliError(`the scenario ${why}`);
    }
    const answer = JSON.parse(readFileSync(resultFile, 'utf8')) as ChildAnswer;
    if (!answer.ok) throw new CliError(`the scenario failed: ${answer.error}`);
    return answer.result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function jsonReport(result: LeakCheckResult, comparison: BaselineComparison | undefined, cwd: string): object {
  return {
    iterations: result.iterations,
    warmup: result.warmup,
    threshold: result.threshold,
    suspects: result.suspects,
    matchedBy: result.matchedBy,
    leaks: result.leaks.map((f, i) => ({
      status: comparison?.status[i] ?? 'new',
      location: findingLocation(f, cwd),
      ...f,
    })),
    below: result.below.map((f) => ({ location: findingLocation(f, cwd), ...f })),
    ...(comparison ? { unmatchedBaseline: comparison.unmatched } : {}),
  };
}

function textReport(result: LeakCheckResult, comparison: BaselineComparison | undefined, cwd: string): string {
  const lines: string[] = [];
  const fresh = result.leaks.filter((_, i) => (comparison?.status[i] ?? 'new') === 'new').length;
  const accepted = result.leaks.length - fresh;
  if (!result.leaks.length)
    lines.push(
      `no leak over ${result.iterations} iterations (${result.suspects} objects from the first iterations still alive, none growing with them)`,
    );
  else
    lines.push(
      `${result.leaks.length} leak${result.leaks.length === 1 ? '' : 's'} over ${result.iterations} iterations` +
        (comparison ? `: ${fresh} new, ${accepted} accepted by the baseline` : ''),
    );
  result.leaks.forEach((f, i) => {
    const [first, ...rest] = findingLines(f, cwd).map((l) => terminalText(l));
    const mark = comparison ? (comparison.status[i] === 'new' ? 'NEW  ' : 'known ') : '';
    lines.push('', `${i + 1}. ${mark}${first}`, ...rest.map((l) => `  ${l}`));
  });
  for (const entry of comparison?.unmatched ?? [])
    lines.push(
      '',
      terminalText(
        `baseline entry not seen: ${entry.className} at ${entry.location || '?'} (fixed? remove it from the baseline)`,
      ),
    );
  return lines.join('\n');
}

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'run a leak scenario N times and fail on a leak (text, JSON or SARIF; baseline of accepted leaks)',
  usage,
  async run(args, io) {
    const parsed = parseArgs(args, [
      'iterations',
      'warmup',
      'threshold',
      'format',
      'output',
      'baseline',
      'write-baseline',
      'timeout',
    ]);
    const format = formatOption(parsed, ['text', 'json', 'sarif']);
    if (parsed.positionals.length !== 1) throw new CliError('expected one scenario file');
    const scenario = resolve(io.cwd, parsed.positionals[0]);
    if (!existsSync(scenario)) throw new CliError(`no such scenario file: ${parsed.positionals[0]}`);
    const thresholdRaw = parsed.options.get('threshold');
    let options;
    try {
      options = resolveOptions({
        iterations: intOption(parsed, 'iterations', 10, 2),
        warmup: intOption(parsed, 'warmup', 3, 0),
        threshold: thresholdRaw === undefined ? undefined : Number(thresholdRaw),
      });
    } catch (error) {
      throw new CliError((error as Error).message.replace(/^(\w+)/, '--$1'));
    }
    const timeout = intOption(parsed, 'timeout', 600, 1);
    const baselineFile = parsed.options.get('baseline');
    let baseline;
    if (typeof baselineFile === 'string') {
      try {
        baseline = readBaseline(resolve(io.cwd, baselineFile));
      } catch (error) {
        if (error instanceof BaselineError) throw new CliError(error.message);
        throw error;
      }
    }
    const result = await runChild(scenario, { ...options, cwd: io.cwd }, timeout, io);
    const comparison = baseline ? compareWithBaseline(result.leaks, baseline, io.cwd) : undefined;
    const report =
      format === 'json'
        ? JSON.stringify(jsonReport(result, comparison, io.cwd), null, 2)
        : format === 'sarif'
          ? JSON.stringify(leakSarif(result, comparison?.status ?? result.leaks.map(() => 'new'), io.cwd), null, 2)
          : textReport(result, comparison, io.cwd);
    const output = parsed.options.get('output');
    if (typeof output === 'string') {
      writeFileSync(resolve(io.cwd, output), report + '\n');
      io.err(`report written to ${output}`);
    } else io.out(report);
    const writeBaseline = parsed.options.get('write-baseline');
    if (typeof writeBaseline === 'string') {
      writeFileSync(resolve(io.cwd, writeBaseline), JSON.stringify(baselineOf(result.leaks, io.cwd), null, 2) + '\n');
      io.err(
        `baseline of ${result.leaks.length} leak${result.leaks.length === 1 ? '' : 's'} written to ${writeBaseline}`,
      );
      return 0;
    }
    const fresh = comparison ? comparison.status.filter((s) => s === 'new').length : result.leaks.length;
    return fresh > 0 ? 1 : 0;
  },
};
