// `retainer-lens scan [paths…]`: run the static retention analyzer over files and folders, for CI.
import { jsonText, safe } from '../common/text';
import { streamLogger } from '../common/log';
import { logNotes, logRuleErrors } from '../analyzer/ruleErrors';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { analyze, buildWorkspaceIndex, isRuleId, RULES } from '../analyzer/index';
import { toJsonRows, toSarif, toText, type FileFindings } from '../analyzer/report';
import type { AnalyzerOptions, Severity } from '../analyzer/types';
import { formatOption, intOption, parseArgs } from './args';
import { CliError, type CliCommand } from './cliTypes';
import { collectFiles } from '../analyzer/scanFiles';

const usage = `usage: retainer-lens scan [paths…] [options]

Finds code that will keep memory reachable: long-lived closures over large values, listeners and
intervals never released, caches that only grow, accidental globals, Maps keyed by objects.
Scans files and folders (default: the current folder), skipping node_modules and .gitignore'd files.

options:
  --format text|json|sarif   output format (default text); json rows have 1-based lines
  --rule <id>=<severity>     error, warning, info or off; repeatable, comma-separated
  --large-value-bytes <n>    size from which a value counts as large (default ${65536})
  --confidence high|medium   high (default) prints the certain findings; medium adds the less certain
                             ones as info (they never fail the run)
  --max-file-bytes <n>       skip files larger than this (default 5000000)
  --no-workspace             analyze each file alone, without the workspace pass (which reads every
                             module first: instances made at load, functions called per input
                             from other files, exported collections no other module empties)

rules:
${RULES.map((r) => `  ${r.id.padEnd(22)} ${r.description}`).join('\n')}

exit code: 1 when any finding has severity error, 0 otherwise; 2 on a usage error.`;

const SEVERITIES = ['error', 'warning', 'info', 'off'];

function ruleOptions(values: string[]): AnalyzerOptions['rules'] {
  const rules: NonNullable<AnalyzerOptions['rules']> = {};
  for (const value of values.flatMap((v) => v.split(',')).filter(Boolean)) {
    const [id, severity] = value.split('=');
    if (!isRuleId(id)) throw new CliError(`unknown rule '${id}' (known: ${RULES.map((r) => r.id).join(', ')})`);
    if (!SEVERITIES.includes(severity)) throw new CliError(`--rule ${id}= needs one of ${SEVERITIES.join(', ')}`);
    rules[id] = severity as Severity | 'off';
  }
  return rules;
}

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'find code that will keep memory reachable (static analysis; text, JSON or SARIF)',
  usage,
  async run(args, io) {
    // --rule may repeat; parseArgs keeps the last, so gather them first.
    const ruleValues: string[] = [];
    const rest: string[] = [];
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '--rule') {
        if (args[i + 1] === undefined) throw new CliError('option --rule needs a value');
        ruleValues.push(args[++i]);
      } else if (args[i].startsWith('--rule=')) ruleValues.push(args[i].slice(7));
      else rest.push(args[i]);
    }
    const workspacePass = !rest.includes('--no-workspace');
    const parsed = parseArgs(
      rest.filter((a) => a !== '--no-workspace'),
      ['format', 'large-value-bytes', 'max-file-bytes', 'confidence'],
    );
    const format = formatOption(parsed, ['text', 'json', 'sarif']);
    const confidence = parsed.options.get('confidence') ?? 'high';
    if (confidence !== 'high' && confidence !== 'medium')
      throw new CliError(`--confidence needs high or medium, not '${confidence}'`);
    const options: AnalyzerOptions = {
      rules: ruleOptions(ruleValues),
      largeValueBytes: intOption(parsed, 'large-value-bytes', 65536, 1),
      minimumConfidence: confidence,
    };
    const maxBytes = intOption(parsed, 'max-file-bytes', 5_000_000, 1);
    const roots = (parsed.positionals.length ? parsed.positionals : ['.']).map((p) => resolve(io.cwd, p));
    for (const r of roots)
      if (!existsSync(r)) throw new CliError(`no such file or folder: ${relative(io.cwd, r) || r}`);
    // Rule failures and unreadable folders go to stderr as `retainer-lens scan: …` lines, findings to stdout.
    const log = streamLogger((line) => io.err(safe`retainer-lens scan: ${line}`));
    const files = collectFiles(roots, log);
    const results: FileFindings[] = [];
    let errors = 0;
    const sources: { file: string; shown: string; text: string }[] = [];
    for (const file of files) {
      const shown = relative(io.cwd, file).split(sep).join('/') || file;
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        io.err(safe`${shown}: cannot read (${(error as Error).message})`);
        continue;
      }
      if (text.length > maxBytes) {
        io.err(safe`${shown}: skipped (${text.length} bytes > --max-file-bytes)`);
        continue;
      }
      sources.push({ file, shown, text });
    }
    // Facts one file does not hold, from every module scanned (src/analyzer/workspace).
    const index = workspacePass
      ? buildWorkspaceIndex(
          sources.map((s) => ({ path: s.file, text: s.text })),
          { root: roots.length === 1 && statSync(roots[0]).isDirectory() ? roots[0] : undefined, log },
        )
      : undefined;
    for (const { file, shown, text } of sources) {
      const workspace = index?.facts.get(file);
      const result = analyze(text, file, workspace ? { ...options, workspace } : options);
      if (result.parseError) {
        io.err(
          safe`${shown}:${result.parseError.line + 1}:${result.parseError.column + 1}: could not parse: ${result.parseError.message}`,
        );
      }
      errors += result.findings.filter((f) => f.severity === 'error').length;
      logRuleErrors(log, shown, result);
      logNotes(log, shown, result);
      results.push({ file: shown, findings: result.findings, parseError: result.parseError });
    }
    if (format === 'json') io.out(jsonText(toJsonRows(results)));
    else if (format === 'sarif') io.out(jsonText(toSarif(results)));
    else io.out(`${toText(results)}\n${files.length} file${files.length === 1 ? '' : 's'} scanned`);
    return errors > 0 ? 1 : 0;
  },
};
