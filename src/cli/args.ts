import { CliError } from './cliTypes';

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
}

/**
 * Parses `--name value`, `--name=value` and bare `--flag` options. `flags` lists the options that take no
 * value; every other option needs one. Unknown options are an error so typos do not pass silently.
 */
export function parseArgs(args: string[], valued: readonly string[], flags: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const inline = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (flags.includes(name)) {
      if (inline !== undefined) throw new CliError(`option --${name} takes no value`);
      options.set(name, true);
    } else if (valued.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new CliError(`option --${name} needs a value`);
      options.set(name, value);
    } else {
      throw new CliError(`unknown option --${name}`);
    }
  }
  return { positionals, options };
}

export function intOption(parsed: ParsedArgs, name: string, fallback: number, min = 0): number {
  const raw = parsed.options.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw === true || !Number.isInteger(value) || value < min)
    throw new CliError(`--${name} must be an integer ≥ ${min}`);
  return value;
}

export function formatOption(parsed: ParsedArgs, allowed: readonly string[] = ['text', 'json']): string {
  const raw = parsed.options.get('format') ?? 'text';
  if (raw === true || !allowed.includes(raw)) throw new CliError(`--format must be one of ${allowed.join(', ')}`);
  return raw;
}
