/** One `retainer-lens <name>` subcommand. Each lives in its own file and is listed in main.ts. */
export interface CliCommand {
  name: string;
  /** One line for `retainer-lens --help`. */
  summary: string;
  /** Full usage text for `retainer-lens <name> --help`. */
  usage: string;
  /** Returns the process exit code. Throw CliError for a clear one-line failure. */
  run(args: string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Where relative paths resolve from. */
  cwd: string;
}

/** A failure the user caused or can fix: printed as one line, never with a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
